//! Stage 1: exported files → the Parquet warehouse. Each file is read in its format, matched to a
//! record kind, validated row by row (rejects kept with their reasons), staged as a file per
//! period, and then merged into the kind's partitions by natural key, all in one transaction:
//! either every file of the run lands, or none does.

pub mod carried;
pub mod columnar;
pub mod csv_batch;
pub mod detect;
pub mod dry_run;
pub mod error;
pub mod file_hash;
pub mod frame;
pub mod json;
pub mod line_limit;
pub mod listed_twice;
pub mod open;
pub mod paths;
pub mod reject_log;
pub mod rejects;
pub mod seen_keys;
pub mod sorted_runs;
pub mod source;
pub mod stage;
pub mod staging;
pub mod summary;
pub mod unit_tree;
pub mod validate;
pub mod xlsx;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::schema::{self, Kind};
use crate::warehouse::manifest::IngestedFile;
use crate::warehouse::merge::StagedPart;
use crate::warehouse::txn::Txn;
use crate::warehouse::{Warehouse, WarehouseError, merge};
pub use error::FileError;
pub use paths::expand_paths;
use seen_keys::SeenKeys;
use stage::{StageOutcome, StagedFile, stage_file};
pub use summary::{FileSummary, IngestReport};

#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub warehouse: PathBuf,
    pub kind: Option<String>,
    pub as_of: Option<String>,
    pub sheet: Option<String>,
    /// Local time's offset from UTC in minutes (rules `timezone`).
    pub utc_offset_min: i32,
    /// Rows of a kind stored sorted that are sorted in memory at once (see `sorted_runs`).
    pub sort_rows: usize,
    /// What a unit whose parent is outside its snapshot becomes (rules `unknown_parent`).
    pub unknown_parent: crate::rules::UnknownParent,
    /// Header names and spellings the rules file adds (`[columns]`, `[values]`).
    pub extensions: &'static crate::extensions::Extensions,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Warehouse(#[from] WarehouseError),
    #[error("writing the warehouse failed, nothing was changed")]
    Write(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("{0}")]
    Usage(String),
    /// A thread panicked (its report is printed): nothing was committed.
    #[error("stopped after an internal error; nothing was changed")]
    Internal,
    /// Decided, but not all in place: not "nothing was changed".
    #[error("{0}")]
    Unfinished(crate::warehouse::txn::CommitError),
}

impl From<crate::warehouse::txn::CommitError> for IngestError {
    fn from(e: crate::warehouse::txn::CommitError) -> Self {
        match e {
            crate::warehouse::txn::CommitError::NotCommitted(io) => IngestError::from(io),
            unfinished => IngestError::Unfinished(unfinished),
        }
    }
}

impl From<polars::error::PolarsError> for IngestError {
    fn from(e: polars::error::PolarsError) -> Self {
        IngestError::Write(Box::new(e))
    }
}
impl From<std::io::Error> for IngestError {
    fn from(e: std::io::Error) -> Self {
        IngestError::Write(Box::new(e))
    }
}

pub fn ingest(paths: &[PathBuf], opts: &IngestOptions) -> Result<IngestReport, IngestError> {
    let _keep = crate::allocator::KeepFreedMemory::start();
    if let Some(k) = &opts.kind
        && schema::kind(k).is_none()
    {
        return Err(IngestError::Usage(format!(
            "unknown kind `{k}`; use one of: {}",
            schema::kind_names()
        )));
    }
    let files = expand_paths(paths)?;
    if files.is_empty() {
        return Err(IngestError::Usage(
            "no export files given (csv, json, ndjson, xlsx)".into(),
        ));
    }
    let wh = Warehouse::open_for_write(&opts.warehouse)?;
    let mut manifest = wh.manifest()?;
    let mut txn = Txn::begin(&wh.root)?;
    let mut report = IngestReport::default();
    let mut staged: Vec<StagedFile> = Vec::new();
    let mut next_ingest = manifest.ingests as i64 + 1;
    let keys = std::sync::Arc::new(std::sync::Mutex::new(SeenKeys::default()));

    for path in &files {
        let started = std::time::Instant::now();
        let outcome = stage_file(path, opts, &manifest, &staged, next_ingest, &txn, &keys);
        crate::trace::phase(&format!("read and validate {}", path.display()), started);
        match outcome {
            Ok(files) => {
                next_ingest += files.len() as i64;
                staged.extend(files);
            }
            Err(StageOutcome::Skipped(summary)) => report.files.push(*summary),
            Err(StageOutcome::Failed(e)) => report.errors.push(e),
        }
    }
    report
        .files
        .extend(staged.iter().map(|s| s.summary.clone()));
    if !report.errors.is_empty() || staged.is_empty() {
        return Ok(report);
    }

    // Only which kinds repeat a key is needed from here on; the hashes go before merging.
    let started = std::time::Instant::now();
    let repeated = std::mem::take(&mut *keys.lock().expect("no writer panicked")).repeated();
    drop(keys);
    crate::trace::phase("find repeated keys", started);

    // Merge kind by kind; files of one kind in ingest order so the newest wins.
    let mut by_kind: BTreeMap<&str, (&'static Kind, Vec<StagedPart>, Vec<i64>)> = BTreeMap::new();
    for file in &staged {
        let entry = by_kind
            .entry(file.kind.name)
            .or_insert((file.kind, Vec::new(), Vec::new()));
        entry.1.extend(file.parts.iter().cloned());
        entry.2.push(file.ingest);
    }
    let mut replaced = merge::Replaced::new();
    let bar = crate::progress::items(by_kind.len() as u64, "ingest: merging".into());
    for (kind, parts, ingests) in by_kind.values() {
        bar.set_message(format!("ingest: merging {}", kind.name));
        bar.inc(1);
        if !parts.is_empty() {
            let started = std::time::Instant::now();
            let repeats = repeated.contains(kind.name);
            let marked = listed_twice::mark(&wh, kind, parts)?;
            if marked > 0 {
                crate::trace::phase(
                    &format!("{marked} employees listed by another roster file in another unit"),
                    started,
                );
            }
            replaced.extend(merge::merge_kind(
                &wh, kind, parts, ingests, repeats, &mut txn,
            )?);
            crate::trace::phase(&format!("merge {}", kind.name), started);
        }
    }

    bar.finish_and_clear();
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    for file in &mut staged {
        file.summary.replaced = replaced.get(&file.ingest).copied().unwrap_or(0);
        if !file.rejects.is_empty() {
            let rel = rejects::rel_path(file.ingest);
            file.rejects.write(&file.summary.sha256, &txn.put(&rel)?)?;
        }
        manifest.files.push(IngestedFile {
            ingest: file.ingest as u64,
            path: file.summary.path.display().to_string(),
            sha256: file.summary.sha256.clone(),
            kind: file.kind.name.to_string(),
            format: file.summary.format.clone(),
            as_of: file.as_of.clone(),
            rows_read: file.summary.rows_read,
            accepted: file.summary.accepted,
            replaced: file.summary.replaced,
            rejected: file.summary.rejected,
            periods: file.summary.periods.clone(),
            ingested_at: now.clone(),
            timezone: Some(crate::warehouse::manifest::offset_text(opts.utc_offset_min)),
            made_roots: file.summary.made_roots.clone(),
        });
    }
    manifest.ingests = (next_ingest - 1) as u64;
    std::fs::write(
        txn.put(crate::warehouse::manifest::MANIFEST_FILE)?,
        manifest.to_json(),
    )?;
    crate::failpoint::hit("ingest.staged")?;
    let started = std::time::Instant::now();
    if crate::exit::panicked() {
        return Err(IngestError::Internal);
    }
    txn.commit()?;
    crate::trace::phase("commit", started);
    report.committed = true;
    report.files = report
        .files
        .into_iter()
        .filter(|f| f.already_ingested.is_some())
        .chain(staged.into_iter().map(|s| s.summary))
        .collect();
    Ok(report)
}
