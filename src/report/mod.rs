//! Stage 3: computed tables → HTML pages with PNG charts. A leadership dashboard (`index.html`), a
//! page per unit (rendered in parallel), and a finance page (`allowance.html`) whose totals are
//! the allowance table's to the rupiah. Pages are self-contained (CSS inline, charts as data URIs
//! as well as files, the chart font bundled) and make no network request.

pub mod changes;
pub mod charts;
pub mod coaching;
pub mod curve;
pub mod dashboard;
pub mod error;
pub mod finance;
pub mod format;
pub mod labels;
pub mod pages;
pub mod tables;
pub mod templates;
pub mod unit_page;
pub mod whatif_page;

use std::path::PathBuf;
use std::time::Instant;

pub use error::ReportError;
use format::Lang;

pub struct ReportOptions {
    /// The compute output folder (holds PERIOD/tables/).
    pub out: PathBuf,
    pub period: String,
    pub lang: Lang,
    pub templates: Option<PathBuf>,
}

pub struct ReportSummary {
    pub dir: PathBuf,
    pub pages: usize,
    pub charts: usize,
    pub seconds: f64,
}

pub fn report(opts: &ReportOptions) -> Result<ReportSummary, ReportError> {
    let started = Instant::now();
    let period_dir = opts.out.join(&opts.period);
    let tables = tables::PeriodTables::read(&period_dir)?;
    let env = templates::environment(opts.templates.clone())?;
    // Written beside the report it replaces and switched in at the end: a failed or killed run
    // leaves the previous report whole.
    let target = period_dir.join("report");
    let replacement =
        crate::replace_dir::Replacement::begin(&target).map_err(ReportError::io(&target))?;
    let dir = replacement.path().to_path_buf();
    std::fs::create_dir_all(dir.join("charts")).map_err(ReportError::io(&target))?;
    let trend = pages::trend_points(&tables.trend)?;
    let (pages, charts) = pages::render_all(&env, &tables, &trend, opts, &dir)?;
    replacement.commit().map_err(ReportError::io(&target))?;
    Ok(ReportSummary {
        dir: target.clone(),
        pages,
        charts,
        seconds: started.elapsed().as_secs_f64(),
    })
}
