//! The metric definitions: SQL files in `queries/`, embedded as defaults and overridable one by
//! one from a folder (`--queries DIR`), rendered with the rules' values by minijinja and run in
//! order by polars SQL, each result registered for the queries after it.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::compute::ComputeError;

/// Queries in the order they run. Two steps between them are exact arithmetic in Rust, which
/// portable SQL has not: `attainment` after `indicators`, `allowance` after `employee_month`.
pub const QUERIES: &[(&str, &str)] = &[
    ("linked", include_str!("../../queries/linked.sql")),
    (
        "activity_approvals",
        include_str!("../../queries/activity_approvals.sql"),
    ),
    ("contested", include_str!("../../queries/contested.sql")),
    ("entries", include_str!("../../queries/entries.sql")),
    ("decisions", include_str!("../../queries/decisions.sql")),
    (
        "entry_latency",
        include_str!("../../queries/entry_latency.sql"),
    ),
    (
        "orphan_approvals",
        include_str!("../../queries/orphan_approvals.sql"),
    ),
    ("indicators", include_str!("../../queries/indicators.sql")),
    (
        "employee_month",
        include_str!("../../queries/employee_month.sql"),
    ),
    ("unit_scopes", include_str!("../../queries/unit_scopes.sql")),
    (
        "unit_latency",
        include_str!("../../queries/unit_latency.sql"),
    ),
    ("unit_month", include_str!("../../queries/unit_month.sql")),
    ("approvers", include_str!("../../queries/approvers.sql")),
    ("integrity", include_str!("../../queries/integrity.sql")),
    ("dataset", include_str!("../../queries/dataset.sql")),
    (
        "latency_histogram",
        include_str!("../../queries/latency_histogram.sql"),
    ),
    (
        "daily_submissions",
        include_str!("../../queries/daily_submissions.sql"),
    ),
    ("compliance", include_str!("../../queries/compliance.sql")),
    (
        "compliance_units",
        include_str!("../../queries/compliance_units.sql"),
    ),
    (
        "distribution_counts",
        include_str!("../../queries/distribution_counts.sql"),
    ),
    (
        "distribution",
        include_str!("../../queries/distribution.sql"),
    ),
    (
        "distribution_bounds",
        include_str!("../../queries/distribution_bounds.sql"),
    ),
];

/// A `.sql` file in the override folder that names no query would be ignored without a word: a
/// misspelt name, or `attainment.sql`, a step now computed exactly in Rust.
fn refuse_unknown_overrides(dir: &Path) -> Result<(), ComputeError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ComputeError::Usage(format!("--queries {}: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(stem) = path
            .extension()
            .filter(|x| *x == "sql")
            .and(path.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
        else {
            continue;
        };
        if !QUERIES.iter().any(|(name, _)| *name == stem) {
            let why = if stem == "attainment" {
                "attainment is computed exactly in Rust (src/compute/attainment.rs), not by SQL"
                    .to_string()
            } else {
                format!(
                    "no query has that name; the queries are {}",
                    QUERIES
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Err(ComputeError::Usage(format!(
                "--queries {}: {}: {why}",
                dir.display(),
                path.display()
            )));
        }
    }
    Ok(())
}

#[derive(Clone)]
pub struct QuerySet {
    pub queries: Vec<(String, String)>,
    /// sha256 over every query's name and text, for the manifest.
    pub hash: String,
}

impl QuerySet {
    /// The embedded queries, each replaced by `DIR/<name>.sql` where that file exists.
    pub fn load(dir: Option<&Path>) -> Result<QuerySet, ComputeError> {
        if let Some(d) = dir
            && !d.is_dir()
        {
            return Err(ComputeError::Usage(format!(
                "--queries {}: not a folder of .sql files",
                d.display()
            )));
        }
        if let Some(d) = dir {
            refuse_unknown_overrides(d)?;
        }
        let mut queries = Vec::new();
        let mut hasher = Sha256::new();
        for (name, text) in QUERIES {
            let text = match dir
                .map(|d| d.join(format!("{name}.sql")))
                .filter(|p| p.exists())
            {
                Some(path) => std::fs::read_to_string(&path).map_err(|e| {
                    ComputeError::Usage(format!("{}: cannot be read: {e}", path.display()))
                })?,
                None => text.to_string(),
            };
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(text.as_bytes());
            hasher.update([0]);
            queries.push((name.to_string(), text));
        }
        Ok(QuerySet {
            queries,
            hash: format!("{:x}", hasher.finalize()),
        })
    }

    /// Checks that every query renders with these parameters, before any data is read.
    pub fn check(&self, params: &serde_json::Value) -> Result<(), ComputeError> {
        for (name, _) in &self.queries {
            self.render(name, params)?;
        }
        Ok(())
    }

    pub fn render(&self, name: &str, params: &serde_json::Value) -> Result<String, ComputeError> {
        let text = &self
            .queries
            .iter()
            .find(|(n, _)| n == name)
            .expect("known query")
            .1;
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.render_str(text, params)
            .map_err(|e| ComputeError::Query {
                name: name.to_string(),
                message: format!("template: {e}"),
            })
    }
}
