//! Splitting a large period into buckets so a query's hash tables stay a bucket's size. The
//! `entries` query (joins keyed by activity id) runs on buckets of a hash of the activity id:
//! an activity and its approvals land in the same bucket. The per-employee queries run on
//! buckets of NIP ranges: an employee's rows land in one bucket, and because the ranges ascend,
//! the buckets' outputs (each sorted by NIP) line up in NIP order. Either way the buckets'
//! results together are exactly the whole period's.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use polars::prelude::*;

/// Activities per bucket by default: bounds the memory of the `entries` joins. A bucket of about
/// 10 M activities peaked at 3.6 GB (100k employees in one pass) to 4.4 GB (1M employees in 9
/// buckets, whose peak of 5.9 GiB is unit latency's). Larger buckets are faster: splitting costs a
/// pass over the period's activities and approvals (4.6 s at 100k), and each bucket's queries
/// have fixed costs; at 2 M a bucket, 100k took 29–31 s and 1M 444 s, at 10 M 23.6 s and 386 s.
pub const ROWS_PER_BUCKET: u64 = 10_000_000;

const BUCKET_COL: &str = "_bucket";

pub fn bucket_count(activity_rows: u64, rows_per_bucket: u64) -> u32 {
    activity_rows
        .div_ceil(rows_per_bucket.max(1))
        .clamp(1, 4096) as u32
}

/// A fixed hash (SipHash with zero keys), so the split does not change between runs.
fn bucket_of(ids: &StringChunked, buckets: u32) -> Int32Chunked {
    ids.iter()
        .map(|id| {
            id.map(|text| {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                text.hash(&mut hasher);
                (hasher.finish() % buckets as u64) as i32
            })
        })
        .collect::<Int32Chunked>()
        .with_name(BUCKET_COL.into())
}

/// The bucket of each row by a hash of its `activity_id`.
pub fn by_activity(buckets: u32) -> Expr {
    col("activity_id").map(
        move |c| Ok(bucket_of(c.str()?, buckets).into_column()),
        |_, _| Ok(Field::new(BUCKET_COL.into(), DataType::Int32)),
    )
}

/// A range bound: NIP numbers (`nip_bounds`), unit ids (`weighted_bounds`).
pub trait RangeBound {
    fn literal(&self) -> Expr;
}

impl RangeBound for i64 {
    fn literal(&self) -> Expr {
        lit(*self)
    }
}

impl RangeBound for String {
    fn literal(&self) -> Expr {
        lit(self.as_str())
    }
}

/// Lower bounds of `buckets` NIP ranges holding about as many of the roster's NIPs each; the
/// first bound is below every NIP.
pub fn nip_bounds(roster: &DataFrame, buckets: u32) -> PolarsResult<Vec<i64>> {
    let mut nips: Vec<i64> = roster.column("nip")?.i64()?.iter().flatten().collect();
    nips.sort_unstable();
    nips.dedup();
    let n = nips.len().max(1);
    let buckets = (buckets as usize).clamp(1, n);
    let mut bounds = vec![i64::MIN];
    bounds.extend((1..buckets).map(|i| nips[i * n / buckets]));
    bounds.dedup();
    Ok(bounds)
}

/// Lower bounds of ranges of `keys` (sorted, each with the rows it brings) holding at most
/// `budget` rows each where a key alone does not exceed it; the first bound is "".
pub fn weighted_bounds<'a>(
    keys: impl IntoIterator<Item = (&'a str, u64)>,
    budget: u64,
) -> Vec<String> {
    let mut bounds = vec![String::new()];
    let mut filled = 0u64;
    for (key, rows) in keys {
        if filled > 0 && filled + rows > budget {
            bounds.push(key.to_string());
            filled = 0;
        }
        filled += rows;
    }
    bounds
}

/// The bucket of each row by the NIP range (`nip_bounds`) its `column` falls in; a null falls
/// in the first.
pub fn by_range(column: &str, bounds: Vec<i64>) -> Expr {
    col(column).map(
        move |c| {
            let ranks: Int32Chunked = c
                .i64()?
                .iter()
                .map(|key| {
                    let key = key.unwrap_or(i64::MIN);
                    Some(bounds.partition_point(|b| *b <= key).max(1) as i32 - 1)
                })
                .collect();
            Ok(ranks.with_name(BUCKET_COL.into()).into_column())
        },
        |_, _| Ok(Field::new(BUCKET_COL.into(), DataType::Int32)),
    )
}

/// Whether `column` falls in range `bucket` of `bounds`, as `by_range` places it.
pub fn in_range<B: RangeBound>(column: &str, bounds: &[B], bucket: usize) -> Expr {
    let lower = col(column).gt_eq(bounds[bucket].literal());
    let within = match bounds.get(bucket + 1) {
        Some(upper) => lower.and(col(column).lt(upper.literal())),
        None => lower,
    };
    if bucket == 0 {
        within.or(col(column).is_null())
    } else {
        within
    }
}

/// Stacks the buckets' results in bucket order.
pub fn stack(parts: Vec<DataFrame>) -> PolarsResult<DataFrame> {
    let mut all = crate::frames::stack(parts)?;
    all.rechunk_mut();
    Ok(all)
}

/// Streams `lf` into `dir`, one folder per value of `bucket` (`by_activity`, `by_range`),
/// and returns each bucket's files (an empty list for a bucket without rows).
pub fn split(
    lf: LazyFrame,
    bucket: Expr,
    buckets: u32,
    dir: &Path,
) -> PolarsResult<Vec<Vec<PathBuf>>> {
    lf.with_column(bucket.alias(BUCKET_COL))
        .sink(
            SinkDestination::Partitioned {
                base_path: PlRefPath::new(dir.to_string_lossy().as_ref()),
                file_path_provider: None,
                partition_strategy: PartitionStrategy::Keyed {
                    keys: vec![col(BUCKET_COL)],
                    include_keys: false,
                    keys_pre_grouped: false,
                },
                max_rows_per_file: IdxSize::MAX,
                approximate_bytes_per_file: u64::MAX,
            },
            FileWriteFormat::Parquet(std::sync::Arc::new(
                crate::warehouse::parquet::bucket_options(),
            )),
            UnifiedSinkArgs {
                mkdir: true,
                ..Default::default()
            },
        )?
        .collect_with_engine(Engine::Streaming)?;
    (0..buckets)
        .map(|b| {
            let folder = dir.join(format!("{BUCKET_COL}={b}"));
            let mut files: Vec<PathBuf> = match std::fs::read_dir(&folder) {
                Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
                Err(_) => Vec::new(),
            };
            files.sort();
            Ok(files)
        })
        .collect()
}

/// The rows of one bucket; `like` (the unsplit plan) gives the schema when the bucket is empty.
pub fn scan(files: &[PathBuf], like: &LazyFrame) -> PolarsResult<LazyFrame> {
    if files.is_empty() {
        return Ok(like.clone().limit(0));
    }
    crate::warehouse::parquet::scan_many(files)
}
