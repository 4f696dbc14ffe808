//! Stage 1: exported files → the Parquet warehouse. Each file is read in its format, matched to a
//! record kind, validated row by row (rejects kept with their reasons), staged as a file per
//! period, and then merged into the kind's partitions by natural key, all in one transaction:
//! either every file of the run lands, or none does.

pub mod columnar;
pub mod csv_batch;
pub mod detect;
pub mod dry_run;
pub mod error;
pub mod file_hash;
pub mod frame;
pub mod rejects;
pub mod sorted_runs;
pub mod source;
pub mod staging;
pub mod unit_tree;
pub mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::schema::{self, Kind, PartitionBy};
use crate::values::ParseContext;
use crate::warehouse::manifest::IngestedFile;
use crate::warehouse::merge::StagedPart;
use crate::warehouse::txn::Txn;
use crate::warehouse::{Warehouse, WarehouseError, merge, parquet};
pub use error::FileError;
use source::Batch;
use staging::{Chunk, StagingWriter};
use validate::{Parsed, Reject, Validator};

/// Rows buffered before a chunk is written to staging; bounds memory on large files.
const CHUNK_ROWS: usize = 250_000;

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

/// What happened to one file.
#[derive(Debug, Clone)]
pub struct FileSummary {
    pub path: PathBuf,
    pub kind: String,
    pub format: String,
    pub sha256: String,
    pub rows_read: u64,
    pub accepted: u64,
    pub replaced: u64,
    pub rejected: u64,
    /// Most frequent reject reasons: (count, first line, column, reason).
    pub top_reasons: Vec<(u64, u64, String, String)>,
    pub ignored_columns: Vec<String>,
    /// Things done to accepted rows that the reader should know of (units kept as roots).
    pub notes: Vec<String>,
    /// The units kept as roots (`unknown_parent = "root"`), for the manifest.
    pub made_roots: Vec<crate::warehouse::manifest::MadeRoot>,
    /// Set when the same bytes were ingested before as the same kind: nothing was done.
    pub already_ingested: Option<String>,
    pub periods: Vec<String>,
}

#[derive(Debug, Default)]
pub struct IngestReport {
    pub files: Vec<FileSummary>,
    /// Files that could not be read as their kind; when any, nothing was committed.
    pub errors: Vec<FileError>,
    pub committed: bool,
}

impl IngestReport {
    pub fn rejected(&self) -> u64 {
        self.files.iter().map(|f| f.rejected).sum()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Warehouse(#[from] WarehouseError),
    #[error("writing the warehouse failed, nothing was changed: {0}")]
    Write(String),
    #[error("{0}")]
    Usage(String),
}

impl From<polars::error::PolarsError> for IngestError {
    fn from(e: polars::error::PolarsError) -> Self {
        IngestError::Write(e.to_string())
    }
}
impl From<std::io::Error> for IngestError {
    fn from(e: std::io::Error) -> Self {
        IngestError::Write(e.to_string())
    }
}

const EXTENSIONS: &[&str] = &[
    "csv", "tsv", "txt", "json", "ndjson", "jsonl", "xlsx", "xlsm",
];

/// Files named on the command line; a folder stands for the export files in it, sorted by name.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .filter(|p| {
                    !p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
                })
                .filter(|p| {
                    let ext = p
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    EXTENSIONS.contains(&ext.as_str())
                })
                .collect();
            inside.sort();
            files.extend(inside);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(IngestError::Usage(format!(
                "{} does not exist",
                path.display()
            )));
        }
    }
    Ok(files)
}

/// One file read and validated: its staged rows (a file per period), rejects and counts.
struct StagedFile {
    summary: FileSummary,
    kind: &'static Kind,
    ingest: i64,
    parts: Vec<StagedPart>,
    rejects: Vec<Reject>,
    as_of: Option<String>,
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
            Ok(Some(file)) => {
                next_ingest += 1;
                staged.push(file);
            }
            Ok(None) => {}
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
            let mut df = rejects::frame(
                &file.rejects,
                file.kind.name,
                &file.summary.path,
                &file.summary.sha256,
            )?;
            parquet::write(&mut df, &txn.put(&rel)?)?;
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

/// Key hashes seen in this run, per kind: when no kind repeats a key (the usual export), the
/// merge skips deduplicating the new rows. A hash collision only costs that skip.
#[derive(Default)]
pub(crate) struct SeenKeys {
    /// Every accepted row's hash, in a plain list sorted once at the end: a hash set took 1.5 s
    /// of the staging thread for 100k's activities (inserts and rehashing into fresh memory),
    /// sorting takes 0.3 s on both cores.
    hashes: std::collections::HashMap<&'static str, Vec<u64>>,
}

impl SeenKeys {
    fn add(&mut self, kind: &'static str, key_hashes: &[u64]) {
        self.hashes
            .entry(kind)
            .or_default()
            .extend_from_slice(key_hashes);
    }

    /// The kinds in which some key hash occurs twice.
    fn repeated(self) -> std::collections::HashSet<&'static str> {
        self.hashes
            .into_par_iter()
            .filter_map(|(kind, mut hashes)| {
                hashes.par_sort_unstable();
                hashes.windows(2).any(|w| w[0] == w[1]).then_some(kind)
            })
            .collect()
    }
}

pub(crate) type SharedKeys = std::sync::Arc<std::sync::Mutex<SeenKeys>>;

enum StageOutcome {
    Skipped(Box<FileSummary>),
    Failed(FileError),
}

impl From<FileError> for StageOutcome {
    fn from(e: FileError) -> Self {
        StageOutcome::Failed(e)
    }
}

fn summary(path: &Path, kind: &str, format: &str, sha256: &str) -> FileSummary {
    FileSummary {
        path: path.to_path_buf(),
        kind: kind.to_string(),
        format: format.to_string(),
        sha256: sha256.to_string(),
        rows_read: 0,
        accepted: 0,
        replaced: 0,
        rejected: 0,
        top_reasons: Vec::new(),
        ignored_columns: Vec::new(),
        notes: Vec::new(),
        made_roots: Vec::new(),
        already_ingested: None,
        periods: Vec::new(),
    }
}

/// Opens `path` and tells its kind: `--kind`, else the file name, else the header (found below
/// a report's title rows).
pub(crate) fn open_as_kind(
    path: &Path,
    opts: &IngestOptions,
    bar: &indicatif::ProgressBar,
) -> Result<(source::Source, &'static Kind), FileError> {
    let named = match &opts.kind {
        Some(k) => Some(schema::kind(k).ok_or_else(|| {
            FileError::unreadable(
                path,
                &format!("--kind {k}: no such kind ({})", schema::kind_names()),
            )
        })?),
        None => detect::kind_from_file_name(path),
    };
    let is_header =
        |headers: &[String]| detect::names_required_columns(named, headers, opts.extensions);
    let src = source::open(path, opts.sheet.as_deref(), bar, &is_header)?;
    let kind = match named {
        Some(k) => k,
        None => detect::kind_from_headers(path, &src.headers, opts.extensions)?,
    };
    Ok((src, kind))
}

/// The validator of a file's rows, with the file's number format and the run's rules.
pub(crate) fn validator_for<'a>(
    kind: &'static Kind,
    map: &'a detect::ColumnMap,
    headers: &'a [String],
    format: &source::Format,
    opts: &IngestOptions,
) -> Validator<'a> {
    Validator::new(
        kind,
        map,
        headers,
        ParseContext {
            decimal_comma: format.decimal_comma(),
            utc_offset_min: opts.utc_offset_min,
            extensions: Some(opts.extensions),
        },
        opts.as_of.clone(),
    )
}

fn stage_file(
    path: &Path,
    opts: &IngestOptions,
    manifest: &crate::warehouse::manifest::Manifest,
    earlier: &[StagedFile],
    ingest: i64,
    txn: &Txn,
    keys: &SharedKeys,
) -> Result<Option<StagedFile>, StageOutcome> {
    let mut hash = file_hash::FileHash::start(path);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = crate::progress::bytes(size, format!("ingest {}", source_name_of(path)));
    let (mut src, kind) = open_as_kind(path, opts, &bar)?;
    let format = src.format.name();
    // The same bytes ingested before as the same kind: nothing to do, said once the hash is known.
    let repeat = |sha256: &str| -> Option<StageOutcome> {
        let before = match manifest.find(sha256, kind.name) {
            Some(prev) => format!(
                "ingest {} on {} ({})",
                prev.ingest, prev.ingested_at, prev.path
            ),
            None => {
                let prev = earlier
                    .iter()
                    .find(|f| f.summary.sha256 == sha256 && f.kind.name == kind.name)?;
                format!("this run, as {}", prev.summary.path.display())
            }
        };
        let mut s = summary(path, kind.name, format, sha256);
        s.already_ingested = Some(before);
        Some(StageOutcome::Skipped(Box::new(s)))
    };
    let mut checked = false;
    let map = detect::map_columns(kind, path, &src.headers, opts.extensions)?;
    let has_period_column = kind
        .column("period")
        .zip(kind.columns.iter().position(|c| c.name == "period"))
        .is_some_and(|(_, i)| map.index[i].is_some());
    if kind.partition == PartitionBy::Snapshot && !has_period_column && opts.as_of.is_none() {
        return Err(FileError::unreadable(
            path,
            &format!(
                "{} are roster snapshots, but this file has no period column; ingest it with \
                 --as-of YYYY-MM (the month the roster is valid from)",
                kind.name
            ),
        )
        .into());
    }
    let batches = std::mem::replace(&mut src.batches, Box::new(std::iter::empty()));
    let validator = validator_for(kind, &map, &src.headers, &src.format, opts);
    let source_name = source_name_of(path);
    let scratch = txn.scratch(kind.name).map_err(|e| FileError::io(path, e))?;
    let mut staged = StagedFile {
        summary: summary(path, kind.name, format, ""),
        kind,
        ingest,
        parts: Vec::new(),
        rejects: Vec::new(),
        as_of: opts.as_of.clone(),
    };
    staged.summary.ignored_columns = map.ignored.clone();
    if src.header_row > 1 {
        staged.summary.notes.push(format!(
            "header on row {}: the {} rows above it (a report's title) were skipped",
            src.header_row,
            src.header_row - 1
        ));
    }
    let mut chunk = Chunk::default();
    // Each units row as written, beside `chunk.parsed`, for the rejects of the tree rule.
    let mut unit_raws: Vec<String> = Vec::new();
    let mut periods = std::collections::BTreeSet::new();
    // The unit tree is checked on the whole file, so units are never flushed early.
    let chunk_rows = if kind.name == "units" {
        usize::MAX
    } else {
        CHUNK_ROWS
    };
    let mut writer = StagingWriter::start(staging::Target {
        kind,
        ingest,
        source_name: source_name.clone(),
        scratch,
        keys: keys.clone(),
        sort_rows: opts.sort_rows,
    });
    // A reader thread splits the file into batches of rows; decoding and validating them (dates,
    // NIPs, vocabularies) runs on every core, keeping the file's row order.
    for batch in batches {
        if !checked && let Some(sha256) = hash.ready()? {
            checked = true;
            if let Some(skipped) = repeat(sha256) {
                return Err(skipped);
            }
        }
        let batch = batch?;
        staged.summary.rows_read += batch.len() as u64;
        match batch {
            Batch::Csv(csv) if kind.name != "units" => {
                for piece in
                    columnar::validate(&validator, &csv, path, &source_name, ingest as u64)?
                {
                    staged.rejects.extend(piece.rejects);
                    periods.extend(piece.periods);
                    chunk.add_frame(piece.frame, piece.key_hashes);
                }
            }
            other => {
                let rows = other.into_rows(path)?;
                let results: Vec<Result<Parsed, Vec<Reject>>> =
                    rows.par_iter().map(|row| validator.row(row)).collect();
                for (row, result) in rows.iter().zip(results) {
                    match result {
                        Ok(parsed) => {
                            if kind.name == "units" {
                                unit_raws.push(validator.raw_json(row.cells.len(), |i| {
                                    validate::Input::Cell(&row.cells[i])
                                }));
                            }
                            chunk.parsed.push(parsed)
                        }
                        Err(mut rejects) => staged.rejects.append(&mut rejects),
                    }
                }
            }
        }
        if chunk.rows() >= chunk_rows {
            hand_over(
                &mut writer,
                std::mem::take(&mut chunk),
                &mut staged,
                &mut periods,
                path,
            )?;
        }
    }
    if kind.name == "units" {
        apply_tree_rule(
            &mut chunk.parsed,
            &unit_raws,
            opts.unknown_parent,
            &mut staged,
        );
    }
    hand_over(&mut writer, chunk, &mut staged, &mut periods, path)?;
    staged.parts = writer.finish().map_err(|e| staging_failed(path, e))?;
    let sha256 = hash.wait()?;
    if !checked && let Some(skipped) = repeat(sha256) {
        return Err(skipped);
    }
    staged.summary.sha256 = sha256.to_string();
    bar.finish_and_clear();
    staged.rejects.sort_by_key(|r| r.line);
    let rejected_lines: std::collections::BTreeSet<u64> =
        staged.rejects.iter().map(|r| r.line).collect();
    staged.summary.rejected = rejected_lines.len() as u64;
    staged.summary.top_reasons = rejects::top_reasons(&staged.rejects, 3);
    staged.summary.periods = periods.into_iter().collect();
    Ok(Some(staged))
}

/// Removes the units that break the tree (kept as rejects with their raw rows) and clears the
/// parent of those kept as roots, noting them in the summary.
fn apply_tree_rule(
    parsed: &mut Vec<Parsed>,
    raws: &[String],
    unknown_parent: crate::rules::UnknownParent,
    staged: &mut StagedFile,
) {
    let outcome = unit_tree::check_tree(parsed, unknown_parent);
    for (i, parent) in &outcome.made_roots {
        let row = &mut parsed[*i];
        row.values[1] = validate::Value::Null;
        let id = match &row.values[0] {
            validate::Value::Str(s) => s.to_string(),
            _ => String::new(),
        };
        staged.summary.notes.push(format!(
            "line {}: unit `{id}` kept as a root: its parent `{parent}` is not in the snapshot \
             (unknown_parent = \"root\")",
            row.line
        ));
        staged
            .summary
            .made_roots
            .push(crate::warehouse::manifest::MadeRoot {
                period: row.period.clone(),
                unit_id: id,
                parent_id: parent.clone(),
            });
    }
    for (i, reason) in outcome.rejected.iter().rev() {
        let row = parsed.remove(*i);
        staged.rejects.push(Reject {
            line: row.line,
            column: "parent_id".into(),
            value: match &row.values[1] {
                validate::Value::Str(s) => s.to_string(),
                _ => String::new(),
            },
            reason: reason.clone(),
            raw: raws.get(*i).cloned().unwrap_or_default(),
        });
    }
}

fn source_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Counts a chunk's rows and notes the periods of its row-by-row rows (the columnar pieces report
/// theirs), then hands it to the staging writer.
fn hand_over(
    writer: &mut StagingWriter,
    chunk: Chunk,
    staged: &mut StagedFile,
    periods: &mut std::collections::BTreeSet<String>,
    path: &Path,
) -> Result<(), FileError> {
    staged.summary.accepted += chunk.rows() as u64;
    for row in &chunk.parsed {
        if !periods.contains(&row.period) {
            periods.insert(row.period.clone());
        }
    }
    writer.send(chunk).map_err(|e| staging_failed(path, e))
}

fn staging_failed(path: &Path, e: polars::error::PolarsError) -> FileError {
    FileError::unreadable(path, &format!("staging failed: {e}"))
}
