//! Merging newly ingested rows into a kind's partitions, deduplicated by natural key: the newest
//! ingest of a key wins, wherever the older row lived (a corrected re-export may move an activity
//! to another month). Only partitions that receive rows or lose a key are rewritten.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::schema::{INGEST_COL, Kind, LINE_COL, SOURCE_COL};
use crate::warehouse::txn::Txn;
use crate::warehouse::{Warehouse, parquet};

/// One file's rows of one period, staged in warehouse format by ingest (no `period` column: the
/// partition's path holds it), waiting to be merged.
#[derive(Debug, Clone)]
pub struct StagedPart {
    pub ingest: i64,
    pub period: String,
    pub path: std::path::PathBuf,
    pub rows: u64,
}

/// For each ingested file (its `_ingest` number), how many older rows its rows replaced.
pub type Replaced = BTreeMap<i64, u64>;

/// A new row's place in the run, from its ingest and line (the larger, the newer).
const ORDER_COL: &str = "_order";

/// Lines of one file are numbered below this, so `ingest × LINES_PER_INGEST + line` orders rows.
const LINES_PER_INGEST: i64 = 1 << 40;

/// A row's place in the run (see `ORDER_COL`).
fn run_order() -> Expr {
    (col(INGEST_COL) * lit(LINES_PER_INGEST)) + col(LINE_COL)
}

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
/// An existing partition, in today's stored types (an older one is rewritten in them).
fn scan_partition(wh: &Warehouse, kind: &Kind, period: &str) -> PolarsResult<LazyFrame> {
    let scan = crate::warehouse::stored::as_stored(
        kind,
        parquet::scan(&wh.partition_file(kind, period))?,
    )?;
    Ok(scan.with_column(lit(period).alias("period")))
}

fn scan_part(part: &StagedPart) -> PolarsResult<LazyFrame> {
    Ok(parquet::scan(&part.path)?.with_column(lit(part.period.as_str()).alias("period")))
}

/// The staged parts' rows with their `period` restored, in ingest order.
fn scan_parts(parts: &[StagedPart]) -> PolarsResult<LazyFrame> {
    parquet::concat_ordered(parts.iter().map(scan_part).collect::<PolarsResult<_>>()?)
}

/// Merges the staged `parts` (one file's rows of one period each, in ingest order, from the files
/// numbered `ingests`) into the kind's partitions, staging every rewritten partition in `txn`.
/// `repeats` says whether the new rows may repeat a key among themselves.
/// A period new to the warehouse, staged by one file with no repeated key, is moved into place as
/// it is; any other partition is streamed from the scans to its Parquet file, never held whole in
/// memory.
pub fn merge_kind(
    wh: &Warehouse,
    kind: &Kind,
    parts: &[StagedPart],
    ingests: &[i64],
    repeats: bool,
    txn: &mut Txn,
) -> PolarsResult<Replaced> {
    let keys = key_exprs(kind);
    let new = scan_parts(parts)?;
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
    let mut rows_before: u64 = parts.iter().map(|p| p.rows).sum();
    let mut rows_after = 0u64;

    let new_periods: std::collections::BTreeSet<&str> =
        parts.iter().map(|p| p.period.as_str()).collect();
    let mut periods: Vec<String> = existing
        .iter()
        .cloned()
        .chain(new_periods.iter().map(|p| p.to_string()))
        .collect();
    periods.sort();
    periods.dedup();
    // The newest row of each key wins across the whole run, even when an earlier file put the
    // key in another month: the one of the latest ingest, and within it the latest line. Only
    // (key, order) pairs are hashed to find the winners; the rows themselves stream past.
    let winners = repeats.then(|| {
        new.clone()
            .group_by(keys.clone())
            .agg([run_order().max().alias(ORDER_COL)])
            .select([col(ORDER_COL)])
    });
    let mut moves = Vec::new();
    for period in periods {
        let here: Vec<StagedPart> = parts
            .iter()
            .filter(|p| p.period == period)
            .cloned()
            .collect();
        let rel = Warehouse::partition_rel(kind, &period);
        if let ([only], false, false) = (here.as_slice(), repeats, existing.contains(&period)) {
            // Nothing to merge with or drop: the staged file is the partition. It moves once no
            // other partition's merge reads the run's keys from it.
            moves.push((only.path.clone(), txn.put(&rel)?));
            rows_after += only.rows;
            continue;
        }
        let incoming = incoming_rows(kind, &here, winners.as_ref())?;
        // The column the written partition is sorted by, if any: the semi and anti joins keep
        // their left side's order, so sorted inputs give a sorted merge.
        let mut sorted_by = kind.sorted_by;
        let merged = if existing.contains(&period) {
            let old_file = wh.partition_file(kind, &period);
            if sorted_by.is_some() && parquet::sorted_by(&old_file)?.as_deref() != sorted_by {
                // Written before partitions were sorted: the merge keeps its order, unmarked.
                sorted_by = None;
            }
            let old = scan_partition(wh, kind, &period)?;
            if incoming.is_none() {
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
            rows_before += parquet::row_count(&old_file)?;
            let kept = old
                .join(
                    new_keys.clone(),
                    keys.clone(),
                    keys.clone(),
                    join_args(JoinType::Anti),
                )
                .select(stored_exprs(kind));
            match (incoming, sorted_by) {
                (None, _) => kept,
                (Some(incoming), Some(column)) => {
                    parquet::merge_sorted(vec![kept, incoming], column)?
                }
                (Some(incoming), None) => parquet::concat_ordered(vec![kept, incoming])?,
            }
        } else {
            incoming.expect("a period new to the warehouse has staged rows")
        };
        let target = txn.put(&rel)?;
        // `kept` holds no key of the run, and `incoming` each key once: no further dedup.
        parquet::sink_sorted(merged.select(stored_exprs(kind)), &target, sorted_by)?;
        let written = parquet::row_count(&target)?;
        rows_after += written;
        if written == 0 {
            std::fs::remove_file(&target)?;
            txn.delete(&rel);
        }
    }
    for (staged, target) in moves {
        std::fs::rename(staged, target)?;
    }
    if let Some(ingest) = single {
        replaced.insert(ingest, rows_before - rows_after);
    }
    Ok(replaced)
}

/// The run's rows of one period (its staged parts `here`) that are the newest of their key, in
/// the columns stored; `None` when the run has none of the period.
fn incoming_rows(
    kind: &Kind,
    here: &[StagedPart],
    winners: Option<&LazyFrame>,
) -> PolarsResult<Option<LazyFrame>> {
    if here.is_empty() {
        return Ok(None);
    }
    // A kind stored sorted has its sorted runs merged into one sorted stream; any other kind
    // keeps ingest order.
    let scans = here.iter().map(scan_part).collect::<PolarsResult<_>>()?;
    let mut incoming = match kind.sorted_by {
        Some(column) => parquet::merge_sorted(scans, column)?,
        None => parquet::concat_ordered(scans)?,
    };
    if let Some(winners) = winners {
        incoming = incoming.with_column(run_order().alias(ORDER_COL)).join(
            winners.clone(),
            [col(ORDER_COL)],
            [col(ORDER_COL)],
            join_args(JoinType::Semi),
        );
    }
    Ok(Some(incoming.select(stored_exprs(kind))))
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
