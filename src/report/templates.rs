//! The page templates: embedded defaults from `report-templates/`, each replaceable by a file of
//! the same name in `--templates DIR`. HTML is auto-escaped, so text from exports shows as text.

use super::error::ReportError;
use std::path::PathBuf;

const EMBEDDED: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../report-templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../../report-templates/index.html"),
    ),
    (
        "unit.html",
        include_str!("../../report-templates/unit.html"),
    ),
    (
        "allowance.html",
        include_str!("../../report-templates/allowance.html"),
    ),
    (
        "unit_table.html",
        include_str!("../../report-templates/unit_table.html"),
    ),
    (
        "charts.html",
        include_str!("../../report-templates/charts.html"),
    ),
    (
        "changes.html",
        include_str!("../../report-templates/changes.html"),
    ),
    (
        "whatif.html",
        include_str!("../../report-templates/whatif.html"),
    ),
    (
        "style.css",
        include_str!("../../report-templates/style.css"),
    ),
];

pub fn environment(dir: Option<PathBuf>) -> Result<minijinja::Environment<'static>, ReportError> {
    if let Some(d) = &dir
        && !d.is_dir()
    {
        return Err(ReportError::Input(format!(
            "--templates {}: not a folder",
            d.display()
        )));
    }
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_loader(move |name| {
        if let Some(d) = &dir {
            let path = d.join(name);
            if path.is_file() {
                return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("{}: {e}", path.display()),
                    )
                });
            }
        }
        Ok(EMBEDDED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.to_string()))
    });
    Ok(env)
}

/// The stylesheet, inlined into every page so a page is one self-contained file.
pub fn css(env: &minijinja::Environment) -> Result<String, ReportError> {
    env.get_template("style.css")
        .and_then(|t| t.render(()))
        .map_err(|e| ReportError::Template {
            name: "style.css".into(),
            detail: format!("{e:#}"),
        })
}
