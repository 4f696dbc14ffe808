//! One file's rejects on their way to `_rejects/`: held in memory up to `SPILL_ROWS`, then
//! written to the run's scratch as Parquet, so a file of bad rows costs bounded memory however
//! long it is (issue 19: every reject kept its whole row in memory until its file ended). The
//! counts and the most frequent reasons are kept as the rejects come.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::rejects;
use super::validate::Reject;
use crate::warehouse::parquet;

/// Rejects held before they are spilled: a few tens of MiB of rows as written.
const SPILL_ROWS: usize = 100_000;

pub struct RejectLog {
    pending: Vec<Reject>,
    spilled: Vec<PathBuf>,
    scratch: PathBuf,
    kind: &'static str,
    source: PathBuf,
    /// (column, reason without its values) → (count, first line, first reason).
    groups: HashMap<(String, String), (u64, u64, String)>,
    /// Rejected rows: rejects come in line order (several per row are adjacent), so a row is
    /// counted when its line differs from the last one's.
    rows: u64,
    last_line: Option<u64>,
}

impl RejectLog {
    /// `scratch` holds the spilled parts (the run's scratch, removed with it).
    pub fn new(scratch: PathBuf, kind: &'static str, source: &Path) -> RejectLog {
        RejectLog {
            pending: Vec::new(),
            spilled: Vec::new(),
            scratch,
            kind,
            source: source.to_path_buf(),
            groups: HashMap::new(),
            rows: 0,
            last_line: None,
        }
    }

    pub fn extend(&mut self, found: impl IntoIterator<Item = Reject>) -> PolarsResult<()> {
        for r in found {
            if self.last_line != Some(r.line) {
                self.rows += 1;
                self.last_line = Some(r.line);
            }
            let shape = rejects::strip_values(&r.reason);
            self.groups
                .entry((r.column.clone(), shape))
                .or_insert((0, r.line, r.reason.clone()))
                .0 += 1;
            self.pending.push(r);
        }
        if self.pending.len() >= SPILL_ROWS {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> PolarsResult<()> {
        std::fs::create_dir_all(&self.scratch)?;
        self.pending.sort_by_key(|r| r.line);
        let mut df = rejects::frame(&self.pending, self.kind, &self.source, "")?;
        let path = self
            .scratch
            .join(format!("rejects-{:04}.parquet", self.spilled.len()));
        parquet::write(&mut df, &path)?;
        self.spilled.push(path);
        self.pending.clear();
        Ok(())
    }

    /// Rows rejected (a row with several problems counts once).
    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The most frequent reasons: (count, first line, column, reason), most frequent first.
    pub fn top_reasons(&self, n: usize) -> Vec<(u64, u64, String, String)> {
        let mut top: Vec<(u64, u64, String, String)> = self
            .groups
            .iter()
            .map(|((column, _), (count, line, reason))| {
                (*count, *line, column.clone(), reason.clone())
            })
            .collect();
        top.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        top.truncate(n);
        top
    }

    /// Writes every reject, in line order, to `path`, with the file's hash (known only once the
    /// file is read).
    pub fn write(&mut self, sha256: &str, path: &Path) -> PolarsResult<()> {
        if self.spilled.is_empty() {
            self.pending.sort_by_key(|r| r.line);
            let mut df = rejects::frame(&self.pending, self.kind, &self.source, sha256)?;
            self.pending.clear();
            return parquet::write(&mut df, path);
        }
        self.spill()?;
        let all = parquet::scan_many(&self.spilled)?.with_column(lit(sha256).alias("sha256"));
        parquet::sink(all, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reject(line: u64, column: &str) -> Reject {
        Reject {
            line,
            column: column.into(),
            value: format!("v{line}"),
            reason: format!("`v{line}` is not a date"),
            raw: format!("{{\"tanggal\": \"v{line}\"}}"),
        }
    }

    #[test]
    fn many_rejects_spill_and_come_back_whole_in_line_order() {
        let tmp = tempfile::tempdir().unwrap();
        let mut log = RejectLog::new(tmp.path().join("scratch"), "attendance", Path::new("p.csv"));
        let n = 2 * SPILL_ROWS as u64 + 7;
        // Two problems on every tenth row: still one rejected row each.
        for line in 2..2 + n {
            let mut found = vec![reject(line, "tanggal")];
            if line % 10 == 0 {
                found.push(reject(line, "nip"));
            }
            log.extend(found).unwrap();
        }
        assert_eq!(log.rows(), n);
        assert_eq!(log.spilled.len(), 2, "held at most SPILL_ROWS at a time");
        let top = log.top_reasons(2);
        assert_eq!((top[0].0, top[0].1, top[0].2.as_str()), (n, 2, "tanggal"));
        let out = tmp.path().join("rejects.parquet");
        log.write("abc", &out).unwrap();
        let df = ParquetReader::new(std::fs::File::open(&out).unwrap())
            .finish()
            .unwrap();
        let problems = n + (2..2 + n).filter(|l| l % 10 == 0).count() as u64;
        assert_eq!(df.height() as u64, problems);
        let lines: Vec<i64> = df
            .column("line")
            .unwrap()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert!(lines.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(
            df.column("sha256").unwrap().str().unwrap().get(0),
            Some("abc")
        );
    }
}
