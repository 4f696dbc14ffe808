//! Merging newly ingested rows into a kind's partitions, deduplicated by natural key: the newest
//! ingest of a key wins, wherever the older row lived (a corrected re-export may move an activity
//! to another month). Only partitions that receive rows or lose a key are rewritten.

use std::collections::BTreeMap;
use std::path::PathBuf;

use polars::prelude::*;

use crate::schema::{INGEST_COL, Kind, LINE_COL, SOURCE_COL};
use crate::warehouse::txn::Txn;
use crate::warehouse::{Warehouse, parquet};

/// For each ingested file (its `_ingest` number), how many older rows its rows replaced.
pub type Replaced = BTreeMap<i64, u64>;

/// Row number of a new row within the run, in ingest order (the larger, the newer).
const ROW_COL: &str = "_row";

fn key_exprs(kind: &Kind) -> Vec<Expr> {
    kind.full_key().into_iter().map(col).collect()
}

fn stored_exprs(kind: &Kind) -> Vec<Expr> {
    kind.stored_columns()
        .map(|c| col(c.name))
        .chain([col(SOURCE_COL), col(LINE_COL), col(INGEST_COL)])
        .collect()
}

fn join_args(how: JoinType) -> JoinArgs {
    JoinArgs {
        nulls_equal: true,
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(how)
    }
}

/// Existing partition with its `period` restored from the path.
fn scan_partition(wh: &Warehouse, kind: &Kind, period: &str) -> PolarsResult<LazyFrame> {
    Ok(parquet::scan(&wh.partition_file(kind, period))?.with_column(lit(period).alias("period")))
}

/// Merges the staged `new_files` (rows with a `period` column, in ingest order, from the files
/// numbered `ingests`) into the kind's partitions, staging every rewritten partition in `txn`.
/// `repeats` says whether the new rows may repeat a key among themselves.
/// Each partition is streamed from the scans to its Parquet file, never held whole in memory.
pub fn merge_kind(
    wh: &Warehouse,
    kind: &Kind,
    new_files: &[PathBuf],
    ingests: &[i64],
    repeats: bool,
    txn: &mut Txn,
) -> PolarsResult<Replaced> {
    let keys = key_exprs(kind);
    let new = parquet::scan_many(new_files)?;
    let new_keys = new
        .clone()
        .select(keys.clone())
        .unique(None, UniqueKeepStrategy::Any);
    let existing = wh.periods(kind);

    // With one file, every row the merge drops is one its rows replaced, so the count falls out
    // of the row counts; several files of a kind in one run need the per-file window.
    let single = match ingests {
        [only] => Some(*only),
        _ => None,
    };
    let mut replaced = match single {
        Some(_) => Replaced::new(),
        None => {
            let started = std::time::Instant::now();
            let counted = count_replaced(wh, kind, &existing, &new)?;
            crate::trace::phase(
                &format!("merge {}: count replaced rows", kind.name),
                started,
            );
            counted
        }
    };
    let mut rows_before = new_files
        .iter()
        .map(|f| parquet::row_count(f))
        .sum::<PolarsResult<u64>>()?;
    let mut rows_after = 0u64;

    let new_periods_df = new
        .clone()
        .select([col("period")])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()?;
    let mut new_periods: Vec<String> = new_periods_df
        .column("period")?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    new_periods.sort();

    let mut periods: Vec<String> = existing.iter().chain(&new_periods).cloned().collect();
    periods.sort();
    periods.dedup();
    // The newest row of each key wins across the whole run, even when an earlier file put the
    // key in another month. Only (key, row number) pairs are hashed to find the winners; the
    // rows themselves stream past.
    let newest = if repeats {
        let indexed = new.clone().with_row_index(ROW_COL, None);
        let winners = indexed
            .clone()
            .group_by(keys.clone())
            .agg([col(ROW_COL).max()])
            .select([col(ROW_COL)]);
        indexed
            .join(
                winners,
                [col(ROW_COL)],
                [col(ROW_COL)],
                join_args(JoinType::Semi),
            )
            .drop(Selector::ByName {
                names: [PlSmallStr::from_static(ROW_COL)].into(),
                strict: true,
            })
    } else {
        new.clone()
    };
    for period in periods {
        let incoming = newest
            .clone()
            .filter(col("period").eq(lit(period.as_str())));
        let receives = new_periods.contains(&period);
        let merged = if existing.contains(&period) {
            let old = scan_partition(wh, kind, &period)?;
            if !receives {
                let touched = old
                    .clone()
                    .join(
                        new_keys.clone(),
                        keys.clone(),
                        keys.clone(),
                        join_args(JoinType::Semi),
                    )
                    .select([len()])
                    .collect()?;
                if touched.column("len")?.u32()?.get(0).unwrap_or(0) == 0 {
                    continue;
                }
            }
            rows_before += parquet::row_count(&wh.partition_file(kind, &period))?;
            let kept = old.join(
                new_keys.clone(),
                keys.clone(),
                keys.clone(),
                join_args(JoinType::Anti),
            );
            parquet::concat_ordered(vec![kept, incoming])?
        } else {
            incoming
        };
        let rel = Warehouse::partition_rel(kind, &period);
        let target = txn.put(&rel)?;
        // `kept` holds no key of the run, and `incoming` each key once: no further dedup.
        parquet::sink(merged.select(stored_exprs(kind)), &target)?;
        let written = parquet::row_count(&target)?;
        rows_after += written;
        if written == 0 {
            std::fs::remove_file(&target)?;
            txn.delete(&rel);
        }
    }
    if let Some(ingest) = single {
        replaced.insert(ingest, rows_before - rows_after);
    }
    Ok(replaced)
}

/// Rows of new files whose key was already present (in the warehouse, an earlier file, or
/// earlier in the same file), per file.
fn count_replaced(
    wh: &Warehouse,
    kind: &Kind,
    existing: &[String],
    new: &LazyFrame,
) -> PolarsResult<Replaced> {
    let keys = key_exprs(kind);
    let with_ingest = |lf: LazyFrame| {
        lf.select(
            keys.iter()
                .cloned()
                .chain([col(INGEST_COL)])
                .collect::<Vec<_>>(),
        )
    };
    let mut frames = Vec::new();
    for period in existing {
        frames.push(with_ingest(
            scan_partition(wh, kind, period)?
                .with_column(lit(0).cast(DataType::Int64).alias(INGEST_COL)),
        ));
    }
    frames.push(with_ingest(new.clone()));
    let counts = parquet::concat_ordered(frames)?
        .with_column(col(INGEST_COL).cum_count(false).over(keys)?.alias("_seen"))
        .filter(col("_seen").gt(lit(1)).and(col(INGEST_COL).gt(lit(0i64))))
        .group_by([col(INGEST_COL)])
        .agg([len().alias("n")])
        .collect()?;
    let ingests = counts.column(INGEST_COL)?.i64()?;
    let ns = counts.column("n")?.cast(&DataType::UInt64)?;
    let ns = ns.u64()?;
    Ok(ingests
        .iter()
        .zip(ns.iter())
        .filter_map(|(i, n)| Some((i?, n?)))
        .collect())
}
