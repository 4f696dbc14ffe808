//! Telling polars which frames are sorted, so it joins them by merging and groups them run by
//! run instead of hashing every key: the activities and approvals partitions (stored sorted by
//! activity id, see `Kind::sorted_by`), and `linked`, whose rows come out of that merge join in
//! activity order, which is checked before it is relied on.

use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;
use polars_plan::plans::{HintIR, Sorted};

use crate::warehouse::parquet;

/// Marks `lf` as sorted by `column`, ascending, which the caller guarantees: polars trusts the
/// mark, and a wrong one gives wrong joins. Once a query no longer reads the column, polars
/// drops the mark; a row number added after it stays sorted either way.
pub fn hint(lf: LazyFrame, column: &str) -> PolarsResult<LazyFrame> {
    lf.hint(HintIR::Sorted(Arc::from([Sorted {
        column: column.into(),
        descending: Some(false),
        nulls_last: Some(false),
    }])))
}

/// Whether the values of `column` in the file at `path` are in ascending order without nulls,
/// read and checked (8 M integers take about 0.02 s). A file's own `kinerja.sorted_by` mark is
/// never trusted alone: a file written or edited by another tool could carry it wrongly, and a
/// wrong mark gives wrong joins, so wrong pay.
pub fn is_ascending(path: &Path, column: &str) -> PolarsResult<bool> {
    let values = parquet::scan(path)?.select([col(column)]).collect()?;
    let values = values.column(column)?.as_materialized_series();
    // An empty column is never marked: nothing is gained, and polars 0.55's merge join panics
    // when one side is empty ("Unknown(Int(1))": activities without any approvals).
    Ok(!values.is_empty()
        && values.null_count() == 0
        && values.is_sorted(SortOptions {
            descending: false,
            nulls_last: false,
            ..Default::default()
        })?)
}

/// A scan of the file at `path`, marked sorted by `column` when [`is_ascending`] says so.
pub fn scan_checked(path: &Path, column: &str) -> PolarsResult<LazyFrame> {
    let scan = parquet::scan(path)?;
    if is_ascending(path, column)? {
        hint(scan, column)
    } else {
        Ok(scan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_marked(lf: &LazyFrame) -> bool {
        lf.describe_plan()
            .unwrap()
            .to_lowercase()
            .contains("sorted")
    }

    fn scan_of(values: &[Option<u32>]) -> (tempfile::TempDir, LazyFrame) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let mut df = df!("n" => values, "x" => vec![1i32; values.len()]).unwrap();
        parquet::write(&mut df, &path).unwrap();
        let lf = scan_checked(&path, "n").unwrap();
        (dir, lf)
    }

    #[test]
    fn only_ascending_values_without_nulls_are_marked_sorted() {
        assert!(is_marked(&scan_of(&[Some(1), Some(2), Some(2), Some(9)]).1));
        assert!(!is_marked(&scan_of(&[Some(1), Some(3), Some(2)]).1));
        assert!(!is_marked(&scan_of(&[Some(3), Some(2), Some(1)]).1));
        assert!(!is_marked(&scan_of(&[None, Some(1), Some(2)]).1));
        assert!(!is_marked(&scan_of(&[]).1));
    }

    #[test]
    fn a_marked_scan_reads_the_same_rows() {
        let (_dir, lf) = scan_of(&[Some(1), Some(2), Some(5)]);
        let df = lf.collect().unwrap();
        assert_eq!(
            df.column("n").unwrap().u32().unwrap().to_vec(),
            vec![Some(1), Some(2), Some(5)]
        );
    }
}
