//! Staging one file's accepted rows: one Parquet file per period (for a kind stored sorted, one
//! per sorted run, see `sorted_runs`), already in the warehouse's own format, written on a
//! background thread while the next batches are validated. When a period is new to the warehouse
//! and no key repeats in the run, the staged file *is* the partition and the merge only moves it:
//! the rows are encoded once, not written to scratch and then again.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fs::File;
use std::path::PathBuf;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use polars::prelude::*;

use crate::ingest::frame;
use crate::ingest::seen_keys::SharedKeys;
use crate::ingest::sorted_runs::SortedRuns;
use crate::ingest::validate::Parsed;
use crate::schema::Kind;
use crate::warehouse::merge::StagedPart;
use crate::warehouse::parquet;

/// Accepted rows waiting to be staged: typed rows from the row-by-row path, frames (with a
/// `period` column) from the columnar one, and every row's key hash.
#[derive(Default)]
pub struct Chunk {
    pub parsed: Vec<Parsed>,
    pub frames: Vec<DataFrame>,
    pub key_hashes: Vec<u64>,
}

impl Chunk {
    pub fn add_frame(&mut self, frame: DataFrame, key_hashes: Vec<u64>) {
        self.frames.push(frame);
        self.key_hashes.extend(key_hashes);
    }

    pub fn rows(&self) -> usize {
        self.parsed.len() + self.key_hashes.len()
    }
}

/// What the writer thread needs to know about the file it stages.
pub struct Target {
    pub kind: &'static Kind,
    pub ingest: i64,
    pub source_name: String,
    pub scratch: PathBuf,
    pub(crate) keys: SharedKeys,
    /// Rows of a kind stored sorted that are sorted in memory at once.
    pub sort_rows: usize,
}

/// The background thread that stages chunks in the order they are sent.
pub struct StagingWriter {
    tx: Option<SyncSender<Chunk>>,
    handle: Option<JoinHandle<PolarsResult<Vec<StagedPart>>>>,
}

impl StagingWriter {
    pub fn start(target: Target) -> StagingWriter {
        // One chunk waits while another is written: validating runs ahead by at most that much.
        let (tx, rx) = sync_channel::<Chunk>(1);
        let handle = std::thread::spawn(move || {
            let mut files = PeriodFiles::default();
            for chunk in rx {
                files.add(&target, chunk)?;
            }
            files.finish(&target)
        });
        StagingWriter {
            tx: Some(tx),
            handle: Some(handle),
        }
    }

    /// Hands a chunk to the writer; an error is the writer's, once it has stopped.
    pub fn send(&mut self, chunk: Chunk) -> PolarsResult<()> {
        if chunk.rows() == 0 {
            return Ok(());
        }
        let sent = self.tx.as_ref().map(|tx| tx.send(chunk).is_ok());
        if sent == Some(true) {
            return Ok(());
        }
        // The thread ended early: it failed, and joining it gives the reason.
        match self.finish() {
            Err(e) => Err(e),
            Ok(_) => Err(PolarsError::ComputeError(
                "the staging writer stopped early".into(),
            )),
        }
    }

    /// Waits for every chunk to be written and the files closed: the staged parts, by period.
    pub fn finish(&mut self) -> PolarsResult<Vec<StagedPart>> {
        drop(self.tx.take());
        match self.handle.take() {
            Some(handle) => handle.join().expect("the staging writer does not panic"),
            None => Err(PolarsError::ComputeError(
                "the staging writer has already stopped".into(),
            )),
        }
    }
}

/// A file that fails to read stops staging: the thread finishes before the run removes scratch.
impl Drop for StagingWriter {
    fn drop(&mut self) {
        if self.handle.is_some() {
            let _ = self.finish();
        }
    }
}

/// The open file of each period seen so far, with rows not yet making a full row group.
#[derive(Default)]
struct PeriodFiles {
    open: BTreeMap<String, Staged>,
}

/// How a period's rows are staged: in the order they come, or, for a kind stored sorted
/// (`Kind::sorted_by`), in sorted runs.
enum Staged {
    InOrder(PeriodFile),
    Sorted(SortedRuns),
}

/// A staged file written as its rows come, a row group at a time.
pub(super) struct PeriodFile {
    path: PathBuf,
    writer: polars::io::parquet::write::BatchedWriter<File>,
    pending: Vec<DataFrame>,
    pending_rows: usize,
    rows: u64,
}

impl PeriodFiles {
    fn add(&mut self, target: &Target, chunk: Chunk) -> PolarsResult<()> {
        let Chunk {
            parsed,
            mut frames,
            mut key_hashes,
        } = chunk;
        key_hashes.extend(parsed.iter().map(|p| p.key_hash));
        target
            .keys
            .lock()
            .expect("one writer at a time")
            .add(target.kind.name, &key_hashes);
        if !parsed.is_empty() {
            frames.push(frame::to_frame(
                target.kind,
                &parsed,
                &target.source_name,
                target.ingest as u64,
            )?);
        }
        for frame in frames {
            for (period, rows) in by_period(frame)? {
                let staged = match self.open.entry(period) {
                    Entry::Occupied(open) => open.into_mut(),
                    Entry::Vacant(new) => {
                        let stem = format!("{:06}-{}", target.ingest, new.key());
                        new.insert(match target.kind.sorted_by {
                            Some(column) => Staged::Sorted(SortedRuns::new(
                                column,
                                target.scratch.join(stem),
                                target.sort_rows,
                            )),
                            None => Staged::InOrder(PeriodFile::create(
                                target.scratch.join(format!("{stem}.parquet")),
                                rows.schema(),
                                None,
                            )?),
                        })
                    }
                };
                match staged {
                    Staged::InOrder(file) => file.push(rows)?,
                    Staged::Sorted(runs) => runs.push(rows)?,
                }
            }
        }
        Ok(())
    }

    fn finish(self, target: &Target) -> PolarsResult<Vec<StagedPart>> {
        let mut parts = Vec::new();
        for (period, staged) in self.open {
            let files = match staged {
                Staged::InOrder(file) => vec![file.finish()?],
                Staged::Sorted(runs) => runs.finish()?,
            };
            parts.extend(files.into_iter().map(|(path, rows)| StagedPart {
                ingest: target.ingest,
                period: period.clone(),
                path,
                rows,
            }));
        }
        Ok(parts)
    }
}

impl PeriodFile {
    /// A new file at `path`, marked sorted by `sorted_by` if named (the caller keeps it so).
    pub(super) fn create(
        path: PathBuf,
        schema: &Schema,
        sorted_by: Option<&str>,
    ) -> PolarsResult<PeriodFile> {
        let writer = parquet::partition_writer(&path, schema, sorted_by)?;
        Ok(PeriodFile {
            path,
            writer,
            pending: Vec::new(),
            pending_rows: 0,
            rows: 0,
        })
    }

    pub(super) fn push(&mut self, rows: DataFrame) -> PolarsResult<()> {
        self.pending_rows += rows.height();
        self.rows += rows.height() as u64;
        self.pending.push(rows);
        self.write_row_groups(false)
    }

    /// Writes the last rows and closes the file: its path and rows.
    pub(super) fn finish(mut self) -> PolarsResult<(PathBuf, u64)> {
        self.write_row_groups(true)?;
        self.writer.finish()?;
        File::open(&self.path)?.sync_all()?;
        Ok((self.path, self.rows))
    }

    /// Writes the pending rows as row groups of the warehouse's fixed size (the last one shorter,
    /// at the end), so a file's layout depends on its rows only, not on how they arrived.
    fn write_row_groups(&mut self, last: bool) -> PolarsResult<()> {
        let size = parquet::ROW_GROUP_ROWS;
        while self.pending_rows >= size || (last && self.pending_rows > 0) {
            let all = crate::frames::stack(std::mem::take(&mut self.pending))?;
            let take = self.pending_rows.min(size);
            let mut group = all.slice(0, take);
            group.rechunk_mut_par();
            self.writer.write_batch(&group)?;
            self.pending_rows -= take;
            if self.pending_rows > 0 {
                self.pending.push(all.slice(take as i64, self.pending_rows));
            }
        }
        Ok(())
    }
}

/// The frame's rows split by their `period` column (in order of first appearance, rows in order),
/// without that column. An export usually holds one period, which needs no split.
fn by_period(frame: DataFrame) -> PolarsResult<Vec<(String, DataFrame)>> {
    let periods = frame.column("period")?.str()?.clone();
    let first = periods.get(0).map(str::to_string);
    let Some(first) = first else {
        return Ok(Vec::new());
    };
    if periods.iter().all(|p| p == Some(first.as_str())) {
        return Ok(vec![(first, frame.drop("period")?)]);
    }
    frame
        .partition_by_stable(["period"], true)?
        .into_iter()
        .map(|part| {
            let period = part
                .column("period")?
                .str()?
                .get(0)
                .unwrap_or("")
                .to_string();
            Ok((period, part.drop("period")?))
        })
        .collect()
}
