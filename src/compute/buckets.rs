//! Splitting a large period into buckets by a hash of the activity id, so the `entries` query (a
//! chain of joins and group-bys keyed by activity id) runs on one bucket at a time and its hash
//! tables stay a bucket's size. Every row of an activity and its approvals lands in the same
//! bucket, so the buckets' results together are exactly the whole period's.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use polars::prelude::*;

/// Activities per bucket by default: bounds the memory of the `entries` joins.
pub const ROWS_PER_BUCKET: u64 = 2_000_000;

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

/// Streams `lf` into `dir`, one folder per bucket of its `activity_id`, and returns each
/// bucket's files (an empty list for a bucket without rows).
pub fn split(lf: LazyFrame, buckets: u32, dir: &Path) -> PolarsResult<Vec<Vec<PathBuf>>> {
    let bucket = col("activity_id")
        .map(
            move |c| Ok(bucket_of(c.str()?, buckets).into_column()),
            |_, _| Ok(Field::new(BUCKET_COL.into(), DataType::Int32)),
        )
        .alias(BUCKET_COL);
    lf.with_column(bucket)
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
            FileWriteFormat::Parquet(std::sync::Arc::new(ParquetWriteOptions {
                compression: ParquetCompression::Uncompressed,
                ..Default::default()
            })),
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
    let scans = files
        .iter()
        .map(|f| crate::warehouse::parquet::scan(f))
        .collect::<PolarsResult<Vec<_>>>()?;
    concat(
        scans,
        UnionArgs {
            maintain_order: true,
            ..Default::default()
        },
    )
}
