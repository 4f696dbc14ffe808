//! Command-line types only (clap). Dispatch lives in `app`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "kinerja",
    version,
    about = "Civil-servant performance and allowance (TPP) reporting engine"
)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print a JSON summary of each stage on stdout (rows, seconds, files), for schedulers.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate exported files and load them into the Parquet warehouse.
    Ingest(IngestArgs),
    /// Write a deterministic, realistic export set of every record kind.
    Sample(SampleArgs),
    /// Compute the period tables (employee, allowance, unit, approver, integrity) from the warehouse.
    Compute(ComputeArgs),
    /// Render the HTML dashboard, unit pages and finance page from computed tables.
    Report(ReportArgs),
    /// Ingest, compute and report in one go.
    Run(RunArgs),
    /// Print the rules (`--default`: the embedded defaults, with comments).
    Rules(RulesArgs),
    /// Compute the same months under the rules in force and a proposal (`--against`), for the
    /// budget: OUT/PERIOD/whatif/ (a range: OUT/FROM..TO/whatif/).
    Whatif(WhatifArgs),
    /// Write the warehouse's records in another system's format (`siasn`).
    #[command(subcommand)]
    Export(ExportTarget),
}

#[derive(Debug, Subcommand)]
pub enum ExportTarget {
    /// Each employee's evaluation for the period as SIASN's monthly upload (OUT/PERIOD/export/),
    /// and the employees left out with the reason.
    Siasn(SiasnArgs),
}

#[derive(Debug, Args)]
pub struct SiasnArgs {
    #[arg(long, value_name = "YYYY-MM")]
    pub period: String,
    #[arg(long, default_value = "warehouse")]
    pub warehouse: PathBuf,
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct WhatifArgs {
    #[arg(long = "period", value_name = "YYYY-MM")]
    pub period: Vec<String>,
    #[arg(long, value_name = "FROM..TO")]
    pub periods: Option<String>,
    /// The rules in force, A (default: the embedded rules).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// The proposal, B.
    #[arg(long, value_name = "B.toml")]
    pub against: PathBuf,
    #[arg(long)]
    pub queries: Option<PathBuf>,
    #[arg(long, default_value = "warehouse")]
    pub warehouse: PathBuf,
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Language of the page: id (Bahasa Indonesia) or en.
    #[arg(long, default_value = "id")]
    pub lang: String,
    #[arg(long)]
    pub templates: Option<PathBuf>,
    #[arg(long, value_name = "N", default_value_t = crate::compute::buckets::ROWS_PER_BUCKET)]
    pub bucket_rows: u64,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The period to report, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    pub period: Vec<String>,
    #[arg(long, value_name = "FROM..TO")]
    pub periods: Option<String>,
    /// Language of the pages: id (Bahasa Indonesia) or en.
    #[arg(long, default_value = "id")]
    pub lang: String,
    /// Folder of templates overriding the embedded ones by name.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// The compute output folder; pages go to OUT/PERIOD/report/.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Export files or folders to ingest first.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[arg(long = "period", value_name = "YYYY-MM")]
    pub period: Vec<String>,
    #[arg(long, value_name = "FROM..TO")]
    pub periods: Option<String>,
    #[arg(long, default_value = "warehouse")]
    pub warehouse: PathBuf,
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    #[arg(long)]
    pub rules: Option<PathBuf>,
    #[arg(long)]
    pub queries: Option<PathBuf>,
    #[arg(long)]
    pub templates: Option<PathBuf>,
    #[arg(long, default_value = "id")]
    pub lang: String,
    /// Roster snapshot period for roster files without a period column.
    #[arg(long, value_name = "YYYY-MM")]
    pub as_of: Option<String>,
    /// Exit 1 when any row is rejected (the reports are still written).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ComputeArgs {
    /// A period to compute, YYYY-MM (repeatable).
    #[arg(long = "period", value_name = "YYYY-MM")]
    pub period: Vec<String>,
    /// A range of periods, 2026-08..2026-10.
    #[arg(long, value_name = "FROM..TO")]
    pub periods: Option<String>,
    /// Rules file (default: the embedded rules; see `kinerja rules --default`).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Folder of .sql files overriding the embedded metric queries by name.
    #[arg(long)]
    pub queries: Option<PathBuf>,
    #[arg(long, default_value = "warehouse")]
    pub warehouse: PathBuf,
    /// Output folder; tables go to OUT/PERIOD/tables/.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Also write the prepared input tables and rendered queries to DIR/PERIOD/ (for running the
    /// same SQL on another engine).
    #[arg(long, value_name = "DIR")]
    pub export_sql: Option<PathBuf>,
    /// Activities per bucket: a period with more computes its large steps bucket by bucket (per
    /// activity, per employee, per approver, unit latency), with the same results. Lower it to
    /// use less memory.
    #[arg(long, value_name = "N", default_value_t = crate::compute::buckets::ROWS_PER_BUCKET)]
    pub bucket_rows: u64,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Export files (CSV, JSON, NDJSON, XLSX) or folders of them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The warehouse folder.
    #[arg(long, default_value = "warehouse")]
    pub warehouse: PathBuf,
    /// Record kind of every file (else from the file name, else from the header).
    #[arg(long)]
    pub kind: Option<String>,
    /// Period a roster snapshot (units, employees) is valid from, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    pub as_of: Option<String>,
    /// Sheet of an XLSX file (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Exit 1 when any row is rejected.
    #[arg(long)]
    pub strict: bool,
    /// Show how each file would be read (kind, header row, header → column, the first rows as
    /// they would be stored, their rejects) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Rules file (for `timezone`).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Rows of activities or approvals sorted in memory at once, when an export is not in
    /// activity-id order: a file with more is sorted in runs that are merged into its
    /// partitions. Lower it to use less memory (at least 1,000: every run is a file).
    #[arg(
        long,
        value_name = "N",
        default_value_t = crate::ingest::sorted_runs::SORT_ROWS as u64,
        value_parser = clap::value_parser!(u64).range(1_000..)
    )]
    pub sort_rows: u64,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Number of employees.
    #[arg(long, default_value_t = 300)]
    pub employees: u64,
    /// Months, `2026-08..2026-10` or one `2026-10`.
    #[arg(long, default_value = "2026-08..2026-10")]
    pub months: String,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Format of the files: csv (Indonesian headers, `;`), xlsx, json, or mixed (as real exports).
    #[arg(long, default_value = "csv")]
    pub format: String,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the embedded defaults with their comments.
    #[arg(long)]
    pub default: bool,
    /// Check a rules file and print it resolved.
    #[arg(long, conflicts_with = "default")]
    pub check: Option<PathBuf>,
}
