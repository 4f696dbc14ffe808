//! `kinerja whatif` (SPEC 11): the same month(s) under the rules in force (A) and a proposal (B),
//! from the same warehouse, for the budget. Each month is computed once under A into scratch;
//! when B differs from A only in what the exact allowance step reads
//! (`Rules::differs_only_in_allowance`: weights, multipliers, bases, tax, BPJS), B's allowance is
//! computed from A's employee-month figures in the same run, else B's month is computed in full.
//! The tables, workbook and page go to `OUT/<P or A..B>/whatif/`, replaced whole.

pub mod checks;
pub mod tables;
pub mod workbook;

use std::path::{Path, PathBuf};
use std::time::Instant;

use polars::prelude::*;

use crate::compute::{self, Changes, ComputeError, ComputeOptions};
use crate::report::ReportError;
use crate::report::format::Lang;
use crate::rules::Rules;

#[derive(Debug, thiserror::Error)]
pub enum WhatifError {
    #[error(transparent)]
    Compute(#[from] ComputeError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error("the what-if tables failed")]
    Polars(#[from] PolarsError),
    #[error("writing {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> WhatifError + '_ {
    move |source| WhatifError::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub struct WhatifOptions {
    /// Rules A (in force), the warehouse, the output folder and the periods.
    pub compute: ComputeOptions,
    pub proposal: Rules,
    pub proposal_sha256: String,
    pub lang: Lang,
    pub templates: Option<PathBuf>,
}

pub struct WhatifSummary {
    pub dir: PathBuf,
    pub label: String,
    pub employees: i64,
    pub gross_a: i64,
    pub gross_b: i64,
    pub delta_year_cost: i64,
    pub shared: bool,
    pub seconds: f64,
}

/// The scratch folder of the computed months, removed however the run ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn read(path: &Path) -> Result<DataFrame, ComputeError> {
    Ok(crate::warehouse::parquet::scan(path)?.collect()?)
}

/// What the page and the manifest show of the computed months.
pub struct Computed {
    pub label: String,
    pub periods: Vec<String>,
    pub months: Vec<tables::Month>,
    pub unit_month: DataFrame,
    pub source_files: Vec<String>,
    pub shared: bool,
}

fn compute_months(opts: &WhatifOptions, periods: &[String]) -> Result<Computed, WhatifError> {
    let a = &opts.compute;
    let wh = compute::open_checked(a)?;
    let b = ComputeOptions {
        warehouse: a.warehouse.clone(),
        out: a.out.clone(),
        periods: a.periods.clone(),
        rules: opts.proposal.clone(),
        rules_sha256: opts.proposal_sha256.clone(),
        queries: a.queries.clone(),
        export_sql: None,
        bucket_rows: a.bucket_rows,
    };
    compute::check_rules(&wh, &b)?;
    let label = match periods {
        [one] => one.clone(),
        _ => format!("{}..{}", periods[0], periods[periods.len() - 1]),
    };
    let shared = a.rules.differs_only_in_allowance(&opts.proposal);
    let scratch = Scratch(a.out.join(format!(".whatif-{label}")));
    if scratch.0.exists() {
        std::fs::remove_dir_all(&scratch.0).map_err(io(&scratch.0))?;
    }
    let (dir_a, dir_b) = (scratch.0.join("a"), scratch.0.join("b"));
    let alternatives = if shared {
        vec![opts.proposal.clone()]
    } else {
        Vec::new()
    };
    let mut months = Vec::new();
    for period in periods {
        let computed =
            compute::compute_period(&wh, a, period, &dir_a, Changes::Skip, &alternatives)?;
        let tables_a = dir_a.join(period).join("tables");
        let allowance_b = match computed.alternatives.into_iter().next() {
            Some(df) => df,
            None => {
                compute::compute_period(&wh, &b, period, &dir_b, Changes::Skip, &[])?;
                read(&dir_b.join(period).join("tables").join("allowance.parquet"))?
            }
        };
        months.push(tables::Month {
            period: period.clone(),
            a: read(&tables_a.join("allowance.parquet"))?,
            b: allowance_b,
        });
    }
    let last = dir_a.join(&periods[periods.len() - 1]);
    let unit_month = read(&last.join("tables").join("unit_month.parquet"))?;
    let manifest: serde_json::Value = std::fs::read_to_string(last.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let source_files = compute::output::manifest_source_files(&manifest);
    Ok(Computed {
        label,
        periods: periods.to_vec(),
        months,
        unit_month,
        source_files,
        shared,
    })
}

/// The what-if's tables, by name, in the order they are written.
pub struct Tables {
    pub frames: Vec<(&'static str, DataFrame)>,
    pub employees: Vec<tables::Employee>,
    pub units: Vec<tables::UnitInfo>,
    pub unit_totals: Vec<(tables::Totals, tables::Totals)>,
    pub all: tables::Totals,
    pub findings: Vec<checks::Finding>,
}

pub fn build(computed: &Computed, a: &Rules, b: &Rules) -> Result<Tables, PolarsError> {
    let employees = tables::employees(&computed.months, a, b)?;
    let units = tables::units(&computed.unit_month)?;
    let unit_totals = tables::by_unit(&units, &employees);
    let mut all = tables::Totals::default();
    for e in &employees {
        all.add(e);
    }
    let order = checks::grade_order(&units, &employees);
    let base = checks::grade_base(&units, &employees);
    let summary = tables::summary_frame(&tables::Summary {
        label: &computed.label,
        months: computed.months.len(),
        all: &all,
        a,
        b,
        shared: computed.shared,
        grade_order_violations: order.len(),
        grade_base_conflicts: base.len(),
    })?;
    let findings: Vec<checks::Finding> = order.into_iter().chain(base).collect();
    let frames = vec![
        ("whatif_summary", summary),
        ("whatif_unit", tables::unit_frame(&units, &unit_totals)?),
        ("whatif_employee", tables::employee_frame(&employees)?),
        ("whatif_checks", checks::frame(&findings)?),
    ];
    Ok(Tables {
        frames,
        employees,
        units,
        unit_totals,
        all,
        findings,
    })
}

pub fn whatif(opts: &WhatifOptions) -> Result<WhatifSummary, WhatifError> {
    let started = Instant::now();
    let mut periods = opts.compute.periods.clone();
    periods.sort();
    periods.dedup();
    if periods.is_empty() {
        return Err(ComputeError::Usage(
            "name a period: --period 2026-10 or --periods 2026-08..2026-10".into(),
        )
        .into());
    }
    let computed = compute_months(opts, &periods)?;
    let mut built = build(&computed, &opts.compute.rules, &opts.proposal)?;
    let target = opts.compute.out.join(&computed.label).join("whatif");
    let replacement = crate::replace_dir::Replacement::begin(&target).map_err(io(&target))?;
    let dir = replacement.path().to_path_buf();
    for (name, df) in built.frames.iter_mut() {
        compute::output::write_table(&dir, name, df)?;
    }
    workbook::write(&dir.join("whatif.xlsx"), &built, &computed, opts)
        .map_err(|e| ComputeError::Engine(format!("whatif.xlsx: {e}")))?;
    crate::report::whatif_page::render(&built, &computed, opts, &dir)?;
    let manifest = serde_json::json!({
        "engine": env!("CARGO_PKG_VERSION"),
        "periods": computed.periods,
        "rules_a_sha256": opts.compute.rules_sha256,
        "rules_b_sha256": opts.proposal_sha256,
        "queries_sha256": opts.compute.queries.hash,
        "shared_steps": computed.shared,
        "source_files": computed.source_files,
    });
    let path = dir.join("manifest.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&manifest).expect("serialises") + "\n",
    )
    .map_err(io(&path))?;
    replacement.commit().map_err(io(&target))?;
    let all = &built.all;
    let summary = &built.frames[0].1;
    let delta_year_cost = summary
        .column("delta_year_cost")?
        .i64()?
        .get(0)
        .unwrap_or(0);
    Ok(WhatifSummary {
        dir: target,
        label: computed.label.clone(),
        employees: all.employees,
        gross_a: all.a.gross,
        gross_b: all.b.gross,
        delta_year_cost,
        shared: computed.shared,
        seconds: started.elapsed().as_secs_f64(),
    })
}
