//! Turns parsed arguments into a run of one stage and an exit status.

use crate::cli::{
    Cli, Command, ComputeArgs, ExportTarget, IngestArgs, ReportArgs, RulesArgs, RunArgs,
    SampleArgs, WhatifArgs,
};
use crate::compute::{self, ComputeOptions, queries::QuerySet};
use crate::exit::ExitStatus;
use crate::ingest::{self, IngestError, IngestOptions};
use crate::printer::Printer;
use crate::report::{self, ReportOptions, format::Lang};
use crate::rules::{DEFAULT_RULES, Rules};

/// What stops a command: the library's typed errors, each with its causes, and the edge's own
/// usage messages. Printed whole, as one line of causes (`crate::error::chain`).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Rules(#[from] crate::rules::RulesError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Compute(#[from] crate::compute::ComputeError),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    #[error(transparent)]
    Whatif(#[from] crate::whatif::WhatifError),
    #[error("writing {}", path.display())]
    Write {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl From<String> for AppError {
    fn from(message: String) -> Self {
        AppError::Usage(message)
    }
}

pub fn run(cli: Cli) -> ExitStatus {
    crate::progress::init(cli.quiet);
    let printer = Printer {
        quiet: cli.quiet,
        json: cli.json,
    };
    let result = match cli.command {
        Command::Ingest(args) => run_ingest(args, &printer),
        Command::Sample(args) => run_sample(args, &printer),
        Command::Compute(args) => run_compute(args, &printer),
        Command::Report(args) => run_report(args, &printer),
        Command::Run(args) => run_all(args, &printer),
        Command::Rules(args) => run_rules(args),
        Command::Whatif(args) => run_whatif(args, &printer),
        Command::Export(ExportTarget::Siasn(args)) => run_export_siasn(args, &printer),
    };
    match result {
        Ok(status) => status,
        Err(e) => {
            printer.error(&crate::error::chain(&e));
            ExitStatus::UsageOrInput
        }
    }
}

fn run_ingest(args: IngestArgs, printer: &Printer) -> Result<ExitStatus, AppError> {
    let rules = Rules::load(args.rules.as_deref())?;
    if let Some(as_of) = &args.as_of {
        crate::values::parse_period(&crate::values::Cell::Text(as_of.clone()))
            .map_err(|e| format!("--as-of: {e}"))?;
    }
    let opts = IngestOptions {
        warehouse: args.warehouse,
        kind: args.kind,
        as_of: args.as_of,
        sheet: args.sheet,
        utc_offset_min: rules.utc_offset_min().expect("checked when loaded"),
        sort_rows: args.sort_rows as usize,
        unknown_parent: rules.unknown_parent,
        // Read by every validator of the run; one per process.
        extensions: Box::leak(Box::new(rules.extensions()?)),
    };
    if args.dry_run {
        return dry_run(&args.paths, &opts, printer);
    }
    let started = std::time::Instant::now();
    let report = ingest::ingest(&args.paths, &opts)?;
    printer.ingest_report(&report);
    printer.summary(
        "ingest",
        serde_json::json!({
            "seconds": started.elapsed().as_secs_f64(),
            "files": report.files.len(),
            "errors": report.errors.len(),
            "rows_read": report.files.iter().map(|f| f.rows_read).sum::<u64>(),
            "accepted": report.files.iter().map(|f| f.accepted).sum::<u64>(),
            "replaced": report.files.iter().map(|f| f.replaced).sum::<u64>(),
            "rejected": report.rejected(),
            "committed": report.committed,
            "by_file": report.files.iter().map(|f| serde_json::json!({
                "path": f.path.display().to_string(),
                "kind": f.kind,
                "format": f.format,
                "rows_read": f.rows_read,
                "accepted": f.accepted,
                "replaced": f.replaced,
                "rejected": f.rejected,
                "already_ingested": f.already_ingested,
                "notes": f.notes,
                "ignored_columns": f.ignored_columns,
            })).collect::<Vec<_>>(),
        }),
    );
    Ok(if !report.errors.is_empty() {
        ExitStatus::UsageOrInput
    } else if args.strict && report.rejected() > 0 {
        ExitStatus::DataProblems
    } else {
        ExitStatus::Success
    })
}

fn run_sample(args: SampleArgs, printer: &Printer) -> Result<ExitStatus, AppError> {
    let options = crate::sample::SampleOptions::from_args(&args)?;
    let written = crate::sample::generate(&options).map_err(|source| AppError::Write {
        path: args.out.clone(),
        source,
    })?;
    printer.line(&format!(
        "wrote {} files to {}",
        written.len(),
        args.out.display()
    ));
    Ok(ExitStatus::Success)
}

/// `--period` (repeatable) and `--periods A..B`, merged, sorted and unique.
pub fn periods_of(single: &[String], range: Option<&str>) -> Result<Vec<String>, String> {
    let mut periods = Vec::new();
    for p in single {
        periods.extend(crate::calendar::period_range(p).map_err(|e| format!("--period: {e}"))?);
    }
    if let Some(r) = range {
        periods.extend(crate::calendar::period_range(r).map_err(|e| format!("--periods: {e}"))?);
    }
    periods.sort();
    periods.dedup();
    Ok(periods)
}

/// The rules in force and the sha256 of their text (a file's, or the embedded defaults').
pub fn load_rules(path: Option<&std::path::Path>) -> Result<(Rules, String), AppError> {
    let rules = Rules::load(path)?;
    let text = match path {
        Some(p) => std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?,
        None => DEFAULT_RULES.to_string(),
    };
    Ok((rules, compute::rules_sha256(&text)))
}

/// The options of a compute from the command line's folders, periods, rules and queries files,
/// export folder and bucket size.
fn compute_options(
    (warehouse, out): (std::path::PathBuf, std::path::PathBuf),
    periods: Vec<String>,
    rules: Option<&std::path::Path>,
    queries: Option<&std::path::Path>,
    (export_sql, bucket_rows): (Option<std::path::PathBuf>, u64),
) -> Result<ComputeOptions, AppError> {
    let (rules, rules_sha256) = load_rules(rules)?;
    Ok(ComputeOptions {
        warehouse,
        out,
        periods,
        rules,
        rules_sha256,
        queries: QuerySet::load(queries)?,
        export_sql,
        bucket_rows,
    })
}

fn run_compute(args: ComputeArgs, printer: &Printer) -> Result<ExitStatus, AppError> {
    let opts = compute_options(
        (args.warehouse, args.out),
        periods_of(&args.period, args.periods.as_deref())?,
        args.rules.as_deref(),
        args.queries.as_deref(),
        (args.export_sql, args.bucket_rows),
    )?;
    compute_and_print(&opts, printer)?;
    Ok(ExitStatus::Success)
}

fn compute_and_print(opts: &ComputeOptions, printer: &Printer) -> Result<(), AppError> {
    let started = std::time::Instant::now();
    let summaries = compute::compute(opts)?;
    printer.summary(
        "compute",
        serde_json::json!({
            "seconds": started.elapsed().as_secs_f64(),
            "periods": summaries.iter().map(|s| serde_json::json!({"period": s.period, "employees": s.employees, "gross": s.gross, "seconds": s.seconds, "dir": s.dir})).collect::<Vec<_>>(),
        }),
    );
    for s in summaries {
        printer.line(&format!(
            "{}: {} employees, TPP gross Rp {} — tables in {} ({:.1} s)",
            s.period,
            s.employees,
            s.gross,
            s.dir.display(),
            s.seconds
        ));
    }
    Ok(())
}

fn report_periods(
    out: &std::path::Path,
    periods: &[String],
    lang: Lang,
    templates: Option<std::path::PathBuf>,
    printer: &Printer,
) -> Result<(), AppError> {
    if periods.is_empty() {
        return Err(AppError::Usage(
            "name a period: --period 2026-10 or --periods 2026-08..2026-10".into(),
        ));
    }
    for period in periods {
        let summary = report::report(&ReportOptions {
            out: out.to_path_buf(),
            period: period.clone(),
            lang,
            templates: templates.clone(),
        })?;
        printer.summary(
            "report",
            serde_json::json!({
                "period": period,
                "seconds": summary.seconds,
                "pages": summary.pages,
                "charts": summary.charts,
                "index": summary.dir.join("index.html"),
            }),
        );
        printer.line(&format!(
            "{period}: report with {} pages and {} charts in {:.1} s — open {}",
            summary.pages,
            summary.charts,
            summary.seconds,
            summary.dir.join("index.html").display()
        ));
    }
    Ok(())
}

fn run_report(args: ReportArgs, printer: &Printer) -> Result<ExitStatus, AppError> {
    let lang = Lang::parse(&args.lang)?;
    let periods = periods_of(&args.period, args.periods.as_deref())?;
    report_periods(&args.out, &periods, lang, args.templates, printer)?;
    Ok(ExitStatus::Success)
}

fn run_all(args: RunArgs, printer: &Printer) -> Result<ExitStatus, AppError> {
    let lang = Lang::parse(&args.lang)?;
    let periods = periods_of(&args.period, args.periods.as_deref())?;
    if periods.is_empty() {
        return Err(AppError::Usage(
            "name a period: --period 2026-10 or --periods 2026-08..2026-10".into(),
        ));
    }
    let (rules, rules_sha256) = load_rules(args.rules.as_deref())?;
    let queries = QuerySet::load(args.queries.as_deref())?;
    let ingest_status = run_ingest(
        IngestArgs {
            paths: args.inputs,
            warehouse: args.warehouse.clone(),
            kind: None,
            as_of: args.as_of,
            sheet: None,
            strict: args.strict,
            dry_run: false,
            rules: args.rules.clone(),
            sort_rows: crate::ingest::sorted_runs::SORT_ROWS as u64,
        },
        printer,
    )?;
    if ingest_status == ExitStatus::UsageOrInput {
        return Ok(ingest_status);
    }
    let opts = ComputeOptions {
        warehouse: args.warehouse,
        out: args.out.clone(),
        periods: periods.clone(),
        rules,
        rules_sha256,
        queries,
        export_sql: None,
        bucket_rows: crate::compute::buckets::ROWS_PER_BUCKET,
    };
    compute_and_print(&opts, printer)?;
    report_periods(&args.out, &periods, lang, args.templates, printer)?;
    Ok(ingest_status)
}

/// `ingest --dry-run`: each file as it would be read, on stdout (text, or one JSON summary);
/// a file that cannot be read is an error naming it; nothing is written.
fn dry_run(
    paths: &[std::path::PathBuf],
    opts: &IngestOptions,
    printer: &Printer,
) -> Result<ExitStatus, AppError> {
    let files = ingest::expand_paths(paths)?;
    let mut shown = Vec::new();
    let mut failed = false;
    for path in &files {
        match ingest::dry_run::dry_run(path, opts) {
            Ok(d) => {
                if !printer.json {
                    print!("{}", ingest::dry_run::text(&d));
                }
                shown.push(d);
            }
            Err(e) => {
                printer.error(&e.to_string());
                failed = true;
            }
        }
    }
    printer.summary(
        "dry_run",
        serde_json::json!({ "files": serde_json::to_value(&shown).expect("serialises") }),
    );
    Ok(if failed {
        ExitStatus::UsageOrInput
    } else {
        ExitStatus::Success
    })
}

fn run_whatif(args: WhatifArgs, printer: &Printer) -> Result<ExitStatus, AppError> {
    let lang = Lang::parse(&args.lang)?;
    let (proposal, proposal_sha256) = load_rules(Some(&args.against))?;
    let opts = crate::whatif::WhatifOptions {
        compute: compute_options(
            (args.warehouse, args.out),
            periods_of(&args.period, args.periods.as_deref())?,
            args.rules.as_deref(),
            args.queries.as_deref(),
            (None, args.bucket_rows),
        )?,
        proposal,
        proposal_sha256,
        lang,
        templates: args.templates,
    };
    let s = crate::whatif::whatif(&opts)?;
    printer.summary(
        "whatif",
        serde_json::json!({
            "seconds": s.seconds, "periods": s.label, "employees": s.employees,
            "gross_a": s.gross_a, "gross_b": s.gross_b, "delta_gross": s.gross_b - s.gross_a,
            "delta_year_cost": s.delta_year_cost, "shared_steps": s.shared, "dir": s.dir,
        }),
    );
    printer.line(&format!(
        "{}: {} employees, TPP gross Rp {} under A, Rp {} under B (Δ Rp {}; a year's cost Δ Rp {}) — {} ({:.1} s)",
        s.label,
        s.employees,
        s.gross_a,
        s.gross_b,
        s.gross_b - s.gross_a,
        s.delta_year_cost,
        s.dir.display(),
        s.seconds
    ));
    Ok(ExitStatus::Success)
}

fn run_export_siasn(
    args: crate::cli::SiasnArgs,
    printer: &Printer,
) -> Result<ExitStatus, AppError> {
    crate::values::parse_period(&crate::values::Cell::Text(args.period.clone()))
        .map_err(|e| format!("--period: {e}"))?;
    let s = crate::export::siasn(&crate::export::ExportOptions {
        warehouse: args.warehouse,
        out: args.out,
        period: args.period.clone(),
    })?;
    printer.summary(
        "export_siasn",
        serde_json::json!({"period": args.period, "exported": s.exported, "not_exported": s.not_exported, "dir": s.dir}),
    );
    printer.line(&format!(
        "{}: {} evaluations for SIASN, {} employees not exported (see siasn_not_exported.csv) — {}",
        args.period,
        s.exported,
        s.not_exported,
        s.dir.display()
    ));
    Ok(ExitStatus::Success)
}

fn run_rules(args: RulesArgs) -> Result<ExitStatus, AppError> {
    if let Some(path) = args.check {
        let rules = Rules::load(Some(&path))?;
        println!("{rules:#?}");
    } else {
        print!("{DEFAULT_RULES}");
        print!("{}", crate::extensions::built_in_as_comments());
    }
    Ok(ExitStatus::Success)
}
