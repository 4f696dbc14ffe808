//! One file read, validated and staged (a Parquet file per period in the transaction's scratch),
//! with its rejects and summary; nothing reaches the warehouse until the run commits.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use super::carried::{CarriedMap, Carry};
use super::open::{open_as_kind, validator_for};
use super::reject_log::RejectLog;
use super::seen_keys::SharedKeys;
use super::source::Batch;
use super::staging::{self, Chunk, StagingWriter};
use super::summary::FileSummary;
use super::validate::{self, Parsed, Reject};
use super::{FileError, IngestOptions, columnar, detect, file_hash, unit_tree};
use crate::schema::{Kind, PartitionBy};
use crate::warehouse::merge::StagedPart;
use crate::warehouse::txn::Txn;

/// Rows buffered before a chunk is written to staging; bounds memory on large files.
const CHUNK_ROWS: usize = 250_000;

/// One file read and validated: its staged rows (a file per period), rejects and counts.
pub(crate) struct StagedFile {
    pub(crate) summary: FileSummary,
    pub(crate) kind: &'static Kind,
    pub(crate) ingest: i64,
    pub(crate) parts: Vec<StagedPart>,
    pub(crate) rejects: RejectLog,
    pub(crate) as_of: Option<String>,
}

impl StagedFile {
    /// Nothing staged yet of `path` as `kind`, ingest number `ingest`; its rejects spill to the
    /// run's scratch when many.
    fn new(
        txn: &Txn,
        path: &Path,
        kind: &'static Kind,
        format: &str,
        ingest: i64,
        as_of: Option<String>,
    ) -> Result<StagedFile, FileError> {
        let scratch = txn
            .scratch(&format!("rejects-{ingest}"))
            .map_err(|e| FileError::io(path, e))?;
        Ok(StagedFile {
            summary: FileSummary::new(path, kind.name, format, ""),
            kind,
            ingest,
            parts: Vec::new(),
            rejects: RejectLog::new(scratch, kind.name, path),
            as_of,
        })
    }
}

pub(crate) enum StageOutcome {
    Skipped(Box<FileSummary>),
    Failed(FileError),
}

impl From<FileError> for StageOutcome {
    fn from(e: FileError) -> Self {
        StageOutcome::Failed(e)
    }
}

pub(crate) fn stage_file(
    path: &Path,
    opts: &IngestOptions,
    manifest: &crate::warehouse::manifest::Manifest,
    earlier: &[StagedFile],
    ingest: i64,
    txn: &Txn,
    keys: &SharedKeys,
) -> Result<Vec<StagedFile>, StageOutcome> {
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
        let mut s = FileSummary::new(path, kind.name, format, sha256);
        s.already_ingested = Some(before);
        Some(StageOutcome::Skipped(Box::new(s)))
    };
    if src.headers.is_empty() {
        // An export without rows (`[]`, an empty NDJSON file): nothing to stage, and no error.
        let sha256 = hash.wait()?;
        if let Some(skipped) = repeat(sha256) {
            return Err(skipped);
        }
        bar.finish_and_clear();
        let mut empty = StagedFile::new(txn, path, kind, format, ingest, opts.as_of.clone())?;
        empty.summary.sha256 = sha256.to_string();
        empty.summary.notes.push("the file holds no rows".into());
        return Ok(vec![empty]);
    }
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
    // The approvals an activities file's verification columns describe, if it has them.
    let carried_map = CarriedMap::new(kind, &map);
    let carried = carried_map.as_ref().map(|cm| {
        (
            cm,
            validator_for(cm.kind, &cm.map, &src.headers, &src.format, opts),
        )
    });
    let source_name = source_name_of(path);
    let mut staged = StagedFile::new(txn, path, kind, format, ingest, opts.as_of.clone())?;
    staged.summary.ignored_columns = map.ignored.iter().map(|i| i.to_string()).collect();
    if src.header_row > 1 {
        staged.summary.notes.push(format!(
            "header on row {}: the {} rows above it (a report's title) were skipped",
            src.header_row,
            src.header_row - 1
        ));
    }
    let start_sink = |kind: &'static Kind, ingest: i64| {
        Sink::start(kind, ingest, &source_name, txn, keys, opts.sort_rows, path)
    };
    let mut own = start_sink(kind, ingest)?;
    let mut carried_sink = match &carried {
        Some((cm, _)) => Some(start_sink(cm.kind, ingest + 1)?),
        None => None,
    };
    // Rows filling only some of the carried record's columns: how many, and the first line.
    let mut partial: (u64, u64) = (0, 0);
    // Each units row as written, beside `chunk.parsed`, for the rejects of the tree rule.
    let mut unit_raws: Vec<String> = Vec::new();
    // The unit tree is checked on the whole file, so units are never flushed early.
    let chunk_rows = if kind.name == "units" {
        usize::MAX
    } else {
        CHUNK_ROWS
    };
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
            // The common shape's fast path; rows that carry records take the row-by-row one.
            Batch::Csv(csv) if kind.name != "units" && carried.is_none() => {
                for piece in
                    columnar::validate(&validator, &csv, path, &source_name, ingest as u64)?
                {
                    staged
                        .rejects
                        .extend(piece.rejects)
                        .map_err(|e| staging_failed(path, e))?;
                    own.periods.extend(piece.periods);
                    own.chunk.add_frame(piece.frame, piece.key_hashes);
                }
            }
            other => {
                let rows = other.into_rows(path)?;
                let results: Vec<(Result<Parsed, Vec<Reject>>, Carry)> = rows
                    .par_iter()
                    .map(|row| {
                        let checked = validator.row(row);
                        let carry = match (&checked, &carried) {
                            (Ok(_), Some((cm, v))) => cm.carry(v, row),
                            _ => Carry::Nothing,
                        };
                        (checked, carry)
                    })
                    .collect();
                for (row, result) in rows.iter().zip(results) {
                    let parsed = match result {
                        (Err(rejects), _) | (Ok(_), Carry::Rejected(rejects)) => {
                            staged
                                .rejects
                                .extend(rejects)
                                .map_err(|e| staging_failed(path, e))?;
                            continue;
                        }
                        (Ok(parsed), Carry::Record(record)) => {
                            if let Some(sink) = &mut carried_sink {
                                sink.chunk.parsed.push(record);
                            }
                            parsed
                        }
                        (Ok(parsed), Carry::Partial) => {
                            if partial.0 == 0 {
                                partial.1 = row.line;
                            }
                            partial.0 += 1;
                            parsed
                        }
                        (Ok(parsed), Carry::Nothing) => parsed,
                    };
                    if kind.name == "units" {
                        unit_raws.push(
                            validator.raw_json(row.cells.len(), |i| {
                                validate::Input::Cell(&row.cells[i])
                            }),
                        );
                    }
                    own.chunk.parsed.push(parsed);
                }
            }
        }
        own.hand_over_when_full(chunk_rows, path)?;
        if let Some(sink) = &mut carried_sink {
            sink.hand_over_when_full(chunk_rows, path)?;
        }
    }
    if kind.name == "units" {
        apply_tree_rule(
            &mut own.chunk.parsed,
            &unit_raws,
            opts.unknown_parent,
            &mut staged,
        )
        .map_err(|e| staging_failed(path, e))?;
    }
    let sha256 = hash.wait()?;
    if !checked && let Some(skipped) = repeat(sha256) {
        return Err(skipped);
    }
    bar.finish_and_clear();
    own.finish(&mut staged, sha256, path)?;
    let mut files = vec![staged];
    if let (Some(mut sink), Some((cm, _))) = (carried_sink, carried) {
        let mut record = StagedFile::new(txn, path, cm.kind, format, ingest + 1, None)?;
        sink.hand_over(path)?;
        own_notes(&mut files[0], &sink, cm, partial);
        sink.finish(&mut record, sha256, path)?;
        if record.summary.accepted > 0 {
            record.summary.notes.push(format!(
                "read from the verification columns of {}'s rows",
                files[0].kind.name
            ));
            files.push(record);
        }
    }
    Ok(files)
}

/// What the summary of a file whose rows carry records says about them.
fn own_notes(file: &mut StagedFile, sink: &Sink, cm: &CarriedMap, partial: (u64, u64)) {
    if sink.accepted > 0 {
        file.summary.notes.push(format!(
            "{} of its rows carry their own verification: {} {} made from them",
            sink.accepted, sink.accepted, cm.kind.name
        ));
    }
    if partial.0 > 0 {
        file.summary
            .notes
            .push(cm.partial_note(partial.0, partial.1));
    }
}

/// One kind's accepted rows on their way to staging: the chunk being filled, the writer thread
/// that stages full chunks, and what was handed over so far.
struct Sink {
    writer: StagingWriter,
    chunk: Chunk,
    periods: BTreeSet<String>,
    accepted: u64,
}

impl Sink {
    fn start(
        kind: &'static Kind,
        ingest: i64,
        source_name: &str,
        txn: &Txn,
        keys: &SharedKeys,
        sort_rows: usize,
        path: &Path,
    ) -> Result<Sink, FileError> {
        let scratch = txn.scratch(kind.name).map_err(|e| FileError::io(path, e))?;
        Ok(Sink {
            writer: StagingWriter::start(staging::Target {
                kind,
                ingest,
                source_name: source_name.to_string(),
                scratch,
                keys: keys.clone(),
                sort_rows,
            }),
            chunk: Chunk::default(),
            periods: BTreeSet::new(),
            accepted: 0,
        })
    }

    /// Hands the chunk to the writer once it holds `rows` rows.
    fn hand_over_when_full(&mut self, rows: usize, path: &Path) -> Result<(), FileError> {
        if self.chunk.rows() >= rows {
            self.hand_over(path)?;
        }
        Ok(())
    }

    /// Hands the chunk to the writer: counts its rows and notes the periods of its row-by-row
    /// rows (the columnar pieces report theirs).
    fn hand_over(&mut self, path: &Path) -> Result<(), FileError> {
        let chunk = std::mem::take(&mut self.chunk);
        self.accepted += chunk.rows() as u64;
        for row in &chunk.parsed {
            if !self.periods.contains(&row.period) {
                self.periods.insert(row.period.clone());
            }
        }
        self.writer.send(chunk).map_err(|e| staging_failed(path, e))
    }

    /// Stages what is left and fills in the file's parts, counts and periods.
    fn finish(mut self, file: &mut StagedFile, sha256: &str, path: &Path) -> Result<(), FileError> {
        self.hand_over(path)?;
        file.parts = self.writer.finish().map_err(|e| staging_failed(path, e))?;
        file.summary.sha256 = sha256.to_string();
        file.summary.accepted = self.accepted;
        file.summary.rejected = file.rejects.rows();
        file.summary.top_reasons = file.rejects.top_reasons(3);
        file.summary.periods = self.periods.into_iter().collect();
        Ok(())
    }
}

/// Removes the units that break the tree (kept as rejects with their raw rows) and clears the
/// parent of those kept as roots, noting them in the summary.
fn apply_tree_rule(
    parsed: &mut Vec<Parsed>,
    raws: &[String],
    unknown_parent: crate::rules::UnknownParent,
    staged: &mut StagedFile,
) -> polars::error::PolarsResult<()> {
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
    let mut found = Vec::new();
    for (i, reason) in outcome.rejected.iter().rev() {
        let row = parsed.remove(*i);
        found.push(Reject {
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
    // In line order, as the log expects them.
    found.reverse();
    staged.rejects.extend(found)
}

fn source_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn staging_failed(path: &Path, e: polars::error::PolarsError) -> FileError {
    FileError::unreadable(path, &format!("staging failed: {e}"))
}
