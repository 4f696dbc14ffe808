//! Stage 2: warehouse → per-period tables. For each period (several in parallel with rayon) the
//! inputs are read and prepared (`inputs`), the metric queries run in order over them
//! (`queries`), the exact allowance is computed between them (`allowance`), and every table is
//! written with a manifest (`output`, `workbook`).

pub mod allowance;
pub mod approvers;
pub mod attainment;
pub mod buckets;
pub mod build_side;
pub mod changes;
pub mod description_key;
pub mod distribution;
pub mod inputs;
pub mod listed_twice;
pub mod output;
pub mod params;
pub mod payable;
pub mod per_activity;
pub mod per_employee;
pub mod previous;
pub mod queries;
pub mod readiness;
pub mod sorted;
pub mod sources;
pub mod trend;
pub mod units;
pub mod workbook;

use std::path::{Path, PathBuf};
use std::time::Instant;

use polars::prelude::*;
use polars::sql::SQLContext;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::rules::Rules;
use crate::warehouse::{Warehouse, WarehouseError};
use queries::{QUERIES, QuerySet};
use sources::Sources;

#[derive(Debug, thiserror::Error)]
pub enum ComputeError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Missing(String),
    #[error(transparent)]
    Warehouse(#[from] WarehouseError),
    #[error("query `{name}` failed: {message} (queries/{name}.sql)")]
    Query { name: String, message: String },
    #[error("computing failed: {0}")]
    Engine(String),
    #[error("computing failed")]
    Polars(#[from] PolarsError),
    #[error("writing the outputs failed; the previous outputs are kept")]
    Io(#[from] std::io::Error),
}

pub struct ComputeOptions {
    pub warehouse: PathBuf,
    pub out: PathBuf,
    pub periods: Vec<String>,
    pub rules: Rules,
    /// sha256 of the rules text in force (the file, or the embedded defaults).
    pub rules_sha256: String,
    pub queries: QuerySet,
    /// Also write the prepared input tables (Parquet) and the rendered queries here, so another
    /// SQL engine can run the same metric definitions (the benchmark's DuckDB peer does).
    pub export_sql: Option<PathBuf>,
    /// Activities per bucket of the `entries` step (see `buckets`).
    pub bucket_rows: u64,
}

pub struct PeriodSummary {
    pub period: String,
    pub dir: PathBuf,
    pub employees: usize,
    pub gross: i64,
    pub seconds: f64,
    /// The allowance under each of the `alternatives` rules given to `compute_period`, from this
    /// run's employee-month figures (NIPs as text, as written).
    pub alternatives: Vec<DataFrame>,
}

/// The SQL templates' values as minijinja reads them.
fn sql_values(
    params: &params::PeriodParams,
    snapshot: &str,
    input_files: usize,
) -> serde_json::Value {
    serde_json::to_value(params.sql(snapshot, input_files)).expect("serialises")
}

pub fn rules_sha256(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

pub fn compute(opts: &ComputeOptions) -> Result<Vec<PeriodSummary>, ComputeError> {
    if opts.periods.is_empty() {
        return Err(ComputeError::Usage(
            "name a period: --period 2026-10 or --periods 2026-08..2026-10".into(),
        ));
    }
    let wh = open_checked(opts)?;
    // One period after another, oldest first: each period's `trend` reads the months before it
    // from `--out`, so they must be there, whatever the threads' timing (polars uses every core
    // within a period anyway).
    let mut periods = opts.periods.clone();
    periods.sort();
    periods
        .iter()
        .map(|p| compute_period(&wh, opts, p, &opts.out, Changes::Explain, &[]))
        .collect()
}

/// The warehouse, once the queries render with these rules (a template that does not is a usage
/// error before any data is read) and the rules' time zone is the ingest's.
pub(crate) fn open_checked(opts: &ComputeOptions) -> Result<Warehouse, ComputeError> {
    let wh = Warehouse::open_for_read(&opts.warehouse)?;
    check_rules(&wh, opts)?;
    Ok(wh)
}

/// What `open_checked` checks, for a second rules file over an open warehouse.
pub(crate) fn check_rules(wh: &Warehouse, opts: &ComputeOptions) -> Result<(), ComputeError> {
    let example = params::PeriodParams::new(
        &opts.rules,
        "2026-01",
        params::Holidays {
            dates: Default::default(),
            source: "shipped",
            files: Vec::new(),
        },
    )?;
    opts.queries.check(&sql_values(&example, "2026-01", 0))?;
    same_timezone_as_ingest(wh, &opts.rules)
}

/// Timestamps written without an offset were read in the ingest's time zone; computing with
/// another would move entries across days, close and backdating limits without a word.
fn same_timezone_as_ingest(wh: &Warehouse, rules: &Rules) -> Result<(), ComputeError> {
    let offset = rules.utc_offset_min().map_err(ComputeError::Usage)?;
    let ours = crate::warehouse::manifest::offset_text(offset);
    let manifest = wh.manifest()?;
    if let Some(file) = manifest
        .files
        .iter()
        .find(|f| f.timezone.as_ref().is_some_and(|tz| *tz != ours))
    {
        return Err(ComputeError::Usage(format!(
            "{} was ingested with timezone {}, but the rules say {ours}: its local times would \
             be read in another zone. Compute with timezone = \"{}\" in the rules, or ingest the \
             exports again with these rules into a new warehouse",
            file.path,
            file.timezone.as_deref().unwrap_or_default(),
            file.timezone.as_deref().unwrap_or_default(),
        )));
    }
    Ok(())
}

/// Where a query's result goes: small results are collected, the per-activity ones (a row per
/// activity or approval) are streamed to scratch Parquet files and scanned from there by the
/// queries after them.
enum Destination<'a> {
    Memory,
    File(&'a Path),
}

/// Queries run on the in-memory engine: those that add up floats, because the streaming engine
/// adds partial sums in an order that varies from run to run, which changes last digits, and
/// outputs must be byte-identical; and `approvers`, whose windows and percentiles do not stream
/// anyway, and which polars 0.55's streaming engine fails on when a bucket has no decisions
/// ("dtype is unknown"). The others stream. An overriding query (`--queries`) runs on the engine
/// of the query it replaces.
fn in_memory(name: &str) -> bool {
    matches!(name, "unit_month" | "approvers")
}

fn query_error(name: &str) -> impl Fn(PolarsError) -> ComputeError + '_ {
    move |e| ComputeError::Query {
        name: name.to_string(),
        message: e.to_string(),
    }
}

/// The queries after `approvers`, in order; none is bucketed.
const LAST: [&str; 8] = [
    "integrity",
    "dataset",
    "latency_histogram",
    "daily_submissions",
    "compliance",
    "compliance_units",
    "distribution",
    "distribution_bounds",
];

/// What the query runs of one period's steps share.
pub(crate) struct Step<'a> {
    pub opts: &'a ComputeOptions,
    pub inputs: &'a inputs::PeriodInputs,
    pub period: &'a params::PeriodParams,
    /// The SQL templates' values (`params::SqlValues`).
    pub params: &'a serde_json::Value,
    pub export: Option<&'a Path>,
    /// Scratch folder of the period, removed at the end.
    pub work: &'a Path,
}

impl Step<'_> {
    /// Runs query `name`, collects its result and registers it under its name.
    pub fn query(&self, ctx: &mut SQLContext, name: &str) -> Result<DataFrame, ComputeError> {
        self.run(ctx, name, Destination::Memory)
    }

    /// Runs query `name` into the scratch file `path` and registers a scan of it.
    pub fn query_to_file(
        &self,
        ctx: &mut SQLContext,
        name: &str,
        path: &Path,
    ) -> Result<(), ComputeError> {
        self.run(ctx, name, Destination::File(path)).map(drop)
    }

    /// Runs query `name` into scratch files under `dir`, a folder per range of `bounds` that
    /// `column` falls in (see `buckets::by_range`); registers a scan of them all and returns
    /// each range's files.
    pub fn query_to_ranges(
        &self,
        ctx: &mut SQLContext,
        name: &str,
        column: &str,
        bounds: &[i64],
        dir: &Path,
    ) -> Result<Vec<Vec<PathBuf>>, ComputeError> {
        let started = Instant::now();
        let plan = self.plan(ctx, name)?;
        let empty = plan.clone().limit(0);
        let by_range = buckets::by_range(column, bounds.to_vec());
        let files =
            buckets::split(plan, by_range, bounds.len() as u32, dir).map_err(query_error(name))?;
        let all: Vec<PathBuf> = files.iter().flatten().cloned().collect();
        ctx.register(name, buckets::scan(&all, &empty)?);
        crate::trace::phase(&format!("query {name} into ranges"), started);
        Ok(files)
    }

    /// Renders query `name`, writes it to the export folder if any, and plans it over `ctx`.
    fn plan(&self, ctx: &mut SQLContext, name: &str) -> Result<LazyFrame, ComputeError> {
        let sql = self.opts.queries.render(name, self.params)?;
        if let Some(dir) = self.export {
            let position = QUERIES.iter().position(|(n, _)| *n == name).unwrap_or(0);
            std::fs::write(
                dir.join("queries")
                    .join(format!("{position:02}-{name}.sql")),
                &sql,
            )?;
        }
        let plan = ctx.execute(&sql).map_err(query_error(name))?;
        Ok(build_side::apply(name, plan))
    }

    fn run(
        &self,
        ctx: &mut SQLContext,
        name: &str,
        into: Destination,
    ) -> Result<DataFrame, ComputeError> {
        let started = Instant::now();
        let plan = self.plan(ctx, name)?;
        let err = query_error(name);
        let df = match into {
            Destination::Memory => {
                let engine = if in_memory(name) {
                    Engine::InMemory
                } else {
                    Engine::Streaming
                };
                let df = plan
                    .collect_with_engine(engine)
                    .map_err(err)?
                    .unwrap_single();
                ctx.register(name, df.clone().lazy());
                df
            }
            Destination::File(path) => {
                crate::warehouse::parquet::sink_scratch(plan, path).map_err(err)?;
                ctx.register(name, crate::warehouse::parquet::scan(path)?);
                DataFrame::empty()
            }
        };
        crate::trace::phase(&format!("query {name} ({} rows)", df.height()), started);
        Ok(df)
    }
}

/// Whether a period's run explains its change since last month (SPEC section 10). The month
/// before computed only for that purpose does not explain its own.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Changes {
    Explain,
    Skip,
}

/// Computes `period` into `out/<period>`; also the allowance under each of `alternatives`,
/// which must differ from `opts.rules` only in the allowance step
/// (`Rules::differs_only_in_allowance`).
pub(crate) fn compute_period(
    wh: &Warehouse,
    opts: &ComputeOptions,
    period: &str,
    out: &Path,
    changes: Changes,
    alternatives: &[Rules],
) -> Result<PeriodSummary, ComputeError> {
    let started = Instant::now();
    // Inputs, the per-activity step, the per-employee queries, the allowance, the unit queries,
    // approvers, the last queries, writing.
    let steps = 1 + 1 + per_employee::QUERIES.len() + 1 + 1 + 1 + LAST.len() + 1;
    let bar = crate::progress::items(steps as u64, format!("compute {period}: inputs"));
    let period_params =
        params::PeriodParams::new(&opts.rules, period, inputs::holidays(wh, period)?)?;
    let inputs = inputs::load(wh, &period_params)?;
    crate::trace::phase(&format!("{period}: load inputs"), started);
    bar.inc(1);
    let params = sql_values(&period_params, &inputs.snapshot, inputs.files.len());
    let export = match &opts.export_sql {
        Some(dir) => {
            let dir = dir.join(period);
            std::fs::create_dir_all(dir.join("inputs"))?;
            std::fs::create_dir_all(dir.join("queries"))?;
            Some(dir)
        }
        None => None,
    };
    let mut ctx = SQLContext::new();
    for (name, df) in &inputs.tables {
        ctx.register(name, df.clone().lazy());
        if let Some(dir) = &export {
            crate::warehouse::parquet::write(
                &mut df.clone(),
                &dir.join("inputs").join(format!("{name}.parquet")),
            )?;
        }
    }
    for (name, lf) in &inputs.scans {
        ctx.register(name, lf.clone());
        if let Some(dir) = &export {
            crate::warehouse::parquet::sink(
                lf.clone(),
                &dir.join("inputs").join(format!("{name}.parquet")),
            )?;
        }
    }
    // The period's folder is written beside the one it replaces and switched in at the end.
    let replacement = crate::replace_dir::Replacement::begin(&out.join(period))?;
    let work = replacement.path().join(".work");
    std::fs::create_dir_all(&work)?;
    let step = Step {
        opts,
        inputs: &inputs,
        period: &period_params,
        params: &params,
        export: export.as_deref(),
        work: &work,
    };
    let count = buckets::bucket_count(inputs.activity_rows, opts.bucket_rows);
    // One bucket's memory is bounded by the bucket size: keep what is freed for reuse (see
    // `allocator`).
    let _keep = (count == 1).then(crate::allocator::KeepFreedMemory::start);
    bar.set_message(format!("compute {period}: entries"));
    // The NIP ranges of the per-employee queries and of `approvers`.
    let nip_bounds = buckets::nip_bounds(inputs.table("roster"), count)?;
    let per_activity = per_activity::run(&mut ctx, &step, count, &nip_bounds)?;
    bar.inc(1);
    bar.set_message(format!("compute {period}: per employee"));
    let entries = per_activity.entries.clone();
    let mut outputs: Vec<(String, DataFrame)> = per_employee::run(
        &mut ctx,
        &step,
        entries,
        &nip_bounds,
        &per_activity.entries_by_nip,
    )?
    .into_iter()
    .filter(|(name, _)| name != "attainment")
    .collect();
    bar.inc(per_employee::QUERIES.len() as u64);
    let employee_month = &outputs
        .iter()
        .find(|(n, _)| n == "employee_month")
        .expect("just computed")
        .1;
    let started_allowance = Instant::now();
    let (allowance, attention) = allowance::compute(
        employee_month,
        inputs.table("roster"),
        inputs.table("sanctions"),
        &period_params.rules,
        (period_params.first, period_params.last),
    )?;
    let mut attention = attention;
    attention.extend(listed_twice::attention(
        inputs.table("roster"),
        inputs.table("units"),
    )?);
    let alternatives = alternatives
        .iter()
        .map(|rules| {
            debug_assert!(opts.rules.differs_only_in_allowance(rules));
            let (mut df, _) = allowance::compute(
                employee_month,
                inputs.table("roster"),
                inputs.table("sanctions"),
                rules,
                (period_params.first, period_params.last),
            )?;
            output::nips_as_text(&mut df)?;
            Ok(df)
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    crate::trace::phase("allowance", started_allowance);
    bar.inc(1);
    ctx.register("allowance", allowance.clone().lazy());
    if let Some(dir) = &export {
        crate::warehouse::parquet::write(
            &mut allowance.clone(),
            &dir.join("inputs").join("allowance.parquet"),
        )?;
    }
    // The allowance as written: NIPs as text, for the workbook and the tables alike.
    let mut allowance = allowance;
    output::nips_as_text(&mut allowance)?;
    outputs.push(("allowance".into(), allowance.clone()));
    outputs.push(("attention".into(), allowance::attention_frame(&attention)?));
    let readiness = readiness::table(
        employee_month_of(&outputs),
        &allowance,
        inputs.table("units"),
        &period_params.rules,
    )?;
    outputs.push(("readiness".into(), readiness.clone()));
    // The workbook and the warehouse files' hashes need only the allowance and the inputs: they
    // are made on a thread of their own while the queries after the allowance run. (At 100k the
    // workbook takes 1.2 s; as the other half of a `rayon::join` beside the tables, it had even
    // held them up: their thread stole it back while waiting for polars' pool.) It is written
    // to the scratch folder and moved beside the tables only once every query has succeeded, so
    // a failed run leaves no workbook to pay from.
    let book = work.join("allowance.xlsx");
    let (ran, paperwork) = std::thread::scope(|s| {
        let paperwork = s.spawn(|| -> Result<Sources, ComputeError> {
            let started = Instant::now();
            let sources = Sources::read(wh, &inputs)?;
            workbook::write(
                &book,
                &allowance,
                inputs.table("units"),
                &readiness,
                &workbook::Header {
                    period,
                    rules_sha256: &opts.rules_sha256,
                    inputs: &sources.source_files.join(", "),
                    bpjs_employee_pct: opts.rules.allowance.bpjs_employee_pct.to_string(),
                },
            )
            .map_err(|e| ComputeError::Engine(format!("allowance.xlsx: {e}")))?;
            crate::trace::phase("hashes, workbook (beside the queries)", started);
            Ok(sources)
        });
        let ran = later_queries(
            &mut ctx,
            &step,
            &per_activity,
            &nip_bounds,
            &bar,
            &mut outputs,
        );
        (ran, paperwork.join())
    });
    ran?;
    let sources = paperwork
        .unwrap_or_else(|_| Err(ComputeError::Engine("the workbook writer panicked".into())))?;

    // The year at a glance: this run's figures beside the earlier months computed in `--out`.
    let trend = trend::table(wh, out, period, &outputs)?;
    outputs.push(("trend".into(), trend));
    if changes == Changes::Explain {
        let started_changes = Instant::now();
        let explained = previous::explain(wh, opts, period, &outputs, inputs.table("units"))?;
        outputs.push(("changes".into(), explained.changes));
        outputs.push(("employee_changes".into(), explained.employee_changes));
        previous::add_alerts(&mut outputs, &explained.alerts)?;
        crate::trace::phase("changes since last month", started_changes);
    }
    bar.set_message(format!("compute {period}: writing tables"));
    let started_writing = Instant::now();
    let dir = replacement.path().join("tables");
    std::fs::create_dir_all(&dir)?;
    std::fs::rename(&book, dir.join("allowance.xlsx"))?;
    for (_, df) in outputs.iter_mut() {
        output::nips_as_text(df)?;
    }
    outputs
        .par_iter_mut()
        .try_for_each(|(name, df)| output::write_table(&dir, name, df))?;
    crate::trace::phase("write tables", started_writing);
    let manifest = sources.manifest(opts, &inputs, &outputs);
    let gross = allowance.column("gross")?.i64()?.sum().unwrap_or(0);
    bar.finish_and_clear();
    drop(ctx);
    std::fs::remove_dir_all(&work)?;
    let seconds = started.elapsed().as_secs_f64();
    std::fs::write(
        replacement.path().join("timings.json"),
        serde_json::to_string_pretty(&serde_json::json!({"period": period, "seconds": seconds}))
            .expect("serialises")
            + "\n",
    )?;
    // The manifest last: a folder with one is complete.
    std::fs::write(
        replacement.path().join("manifest.json"),
        serde_json::to_string_pretty(&manifest).expect("serialises") + "\n",
    )?;
    let dir = replacement.target().join("tables");
    replacement.commit()?;
    Ok(PeriodSummary {
        period: period.to_string(),
        dir,
        employees: employee_month_height(&outputs),
        gross,
        seconds,
        alternatives,
    })
}

/// The queries after the allowance: the unit queries, `approvers` and `LAST`, their results
/// added to `outputs`.
fn later_queries(
    ctx: &mut SQLContext,
    step: &Step,
    per_activity: &per_activity::PerActivity,
    nip_bounds: &[i64],
    bar: &indicatif::ProgressBar,
    outputs: &mut Vec<(String, DataFrame)>,
) -> Result<(), ComputeError> {
    let period = &step.inputs.period;
    bar.set_message(format!("compute {period}: units"));
    let latency_rows = step
        .opts
        .bucket_rows
        .saturating_mul(units::JOINED_ROWS_PER_BUCKET_ROW);
    let unit_month = units::run(ctx, step, &per_activity.entry_latency, latency_rows)?;
    outputs.push(("unit_month".into(), unit_month));
    bar.inc(1);
    bar.set_message(format!("compute {period}: approvers"));
    let approvers = approvers::run(ctx, step, &per_activity.decisions, nip_bounds)?;
    outputs.push(("approvers".into(), approvers));
    bar.inc(1);
    // Only feeds `distribution` and `distribution_bounds`.
    step.query(ctx, "distribution_counts")?;
    for name in LAST {
        bar.set_message(format!("compute {period}: {name}"));
        let df = step.query(ctx, name)?;
        bar.inc(1);
        outputs.push((name.to_string(), df));
    }
    Ok(())
}

fn employee_month_of(outputs: &[(String, DataFrame)]) -> &DataFrame {
    &outputs
        .iter()
        .find(|(n, _)| n == "employee_month")
        .expect("computed first")
        .1
}

fn employee_month_height(outputs: &[(String, DataFrame)]) -> usize {
    outputs
        .iter()
        .find(|(n, _)| n == "employee_month")
        .map(|(_, d)| d.height())
        .unwrap_or(0)
}
