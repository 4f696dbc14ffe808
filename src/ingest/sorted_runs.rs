//! Staging a period's rows of a kind stored sorted (`Kind::sorted_by`): activities and
//! approvals, sorted by activity id so that compute merge-joins them instead of hashing every
//! id text. Exports usually list records in id order: while they do, rows are written as they
//! come, and the staged file is the sorted partition at no extra cost. From the first row out of
//! order on, rows are held and sorted in runs of `--sort-rows`, and the merge interleaves the
//! runs (the in-order rows before it being the first) into one sorted partition.

use std::path::PathBuf;

use polars::prelude::*;

use crate::ingest::staging::PeriodFile;
use crate::warehouse::parquet;

/// Rows sorted in memory at once, by default (`--sort-rows`). A row of activities takes about
/// 150 bytes in memory, so a run about 1.9 GB; only the key and each row group's gather are
/// added to it while it is sorted.
pub const SORT_ROWS: usize = 12 << 20;

pub struct SortedRuns {
    column: &'static str,
    /// The run files' path without their number and extension.
    stem: PathBuf,
    run_rows: usize,
    /// The file written as rows come while they are in order, and its last key.
    in_order: Option<(PeriodFile, Option<String>)>,
    /// Rows held for the next sorted run, once one came out of order.
    pending: Vec<DataFrame>,
    pending_rows: usize,
    /// The runs written so far, with their rows.
    runs: Vec<(PathBuf, u64)>,
}

impl SortedRuns {
    pub fn new(column: &'static str, stem: PathBuf, run_rows: usize) -> SortedRuns {
        SortedRuns {
            column,
            stem,
            run_rows: run_rows.max(1),
            in_order: None,
            pending: Vec::new(),
            pending_rows: 0,
            runs: Vec::new(),
        }
    }

    fn next_path(&self) -> PathBuf {
        let mut stem = self.stem.clone().into_os_string();
        stem.push(format!("-{:03}.parquet", self.runs.len()));
        PathBuf::from(stem)
    }

    pub fn push(&mut self, rows: DataFrame) -> PolarsResult<()> {
        if self.runs.is_empty() && self.pending.is_empty() {
            let keys = rows.column(self.column)?.str()?;
            let last = self.in_order.as_ref().and_then(|(_, last)| last.as_deref());
            if continues_in_order(keys, last) {
                let new_last = keys.len().checked_sub(1).and_then(|i| keys.get(i));
                let new_last = new_last.map(str::to_string);
                if self.in_order.is_none() {
                    let file =
                        PeriodFile::create(self.next_path(), rows.schema(), Some(self.column))?;
                    self.in_order = Some((file, None));
                }
                let (file, last) = self.in_order.as_mut().expect("just made");
                if new_last.is_some() {
                    *last = new_last;
                }
                return file.push(rows);
            }
            // Out of order: the rows so far, if any, are the first run.
            if let Some((file, _)) = self.in_order.take() {
                self.runs.push(file.finish()?);
            }
        }
        self.pending_rows += rows.height();
        self.pending.push(rows);
        if self.pending_rows >= self.run_rows {
            self.write_run()?;
        }
        Ok(())
    }

    /// Closes the last run: the runs' files and rows, in order.
    pub fn finish(mut self) -> PolarsResult<Vec<(PathBuf, u64)>> {
        if let Some((file, _)) = self.in_order.take() {
            self.runs.push(file.finish()?);
        }
        self.write_run()?;
        Ok(self.runs)
    }

    /// Sorts the pending rows and writes them as the next run, in the warehouse's row groups.
    fn write_run(&mut self) -> PolarsResult<()> {
        if self.pending_rows == 0 {
            return Ok(());
        }
        // The chunks as they came, not copied into one.
        let rows = crate::frames::stack(std::mem::take(&mut self.pending))?;
        self.pending_rows = 0;
        // Only the key is sorted; each row group is then gathered in that order and written,
        // so the run is never held twice. Stable: rows with the same key keep their order in
        // the file, so a rerun writes the same bytes (the merge keeps the newest of them).
        let order = rows
            .column(self.column)?
            .as_materialized_series()
            .arg_sort(SortOptions {
                maintain_order: true,
                multithreaded: true,
                ..Default::default()
            });
        let mut file = PeriodFile::create(self.next_path(), rows.schema(), Some(self.column))?;
        for offset in (0..order.len()).step_by(parquet::ROW_GROUP_ROWS) {
            file.push(rows.take(&order.slice(offset as i64, parquet::ROW_GROUP_ROWS))?)?;
        }
        self.runs.push(file.finish()?);
        Ok(())
    }
}

/// Whether `keys` are in order and none is below `last`. A null key counts as out of order
/// (ingest rejects rows without one).
fn continues_in_order(keys: &StringChunked, last: Option<&str>) -> bool {
    let mut previous = last;
    for key in keys.iter() {
        match (key, previous) {
            (None, _) => return false,
            (Some(key), Some(before)) if key < before => return false,
            (Some(key), _) => previous = Some(key),
        }
    }
    true
}
