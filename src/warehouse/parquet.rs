//! Reading and writing the warehouse's Parquet files, with one set of options everywhere.

use std::fs::File;
use std::path::Path;

use polars::prelude::*;

fn options() -> ParquetWriteOptions {
    ParquetWriteOptions {
        compression: ParquetCompression::Zstd(None),
        statistics: StatisticsOptions::full(),
        row_group_size: Some(ROW_GROUP_ROWS),
        ..Default::default()
    }
}

/// Fixed row groups, so a file's layout depends on its rows only, not on how they were produced.
pub const ROW_GROUP_ROWS: usize = 512 * 1024;

/// Streams the result of `lf` into a zstd Parquet file and syncs it to disk (it is about to be
/// committed); the rows are never all in memory at once.
pub fn sink(lf: LazyFrame, path: &Path) -> PolarsResult<()> {
    sink_sorted(lf, path, None)
}

/// The file metadata entry naming the column a partition's rows are sorted by (ascending), which
/// ingest writes on the partitions of kinds with `Kind::sorted_by`. Compute relies on the order
/// (it merge-joins such partitions) only when every file it reads says so: partitions written
/// before the entry existed are joined by hashing, as before.
pub const SORTED_BY: &str = "kinerja.sorted_by";

fn sorted_by_metadata(column: Option<&str>) -> Option<KeyValueMetadata> {
    column.map(|c| KeyValueMetadata::from_static(vec![(SORTED_BY.to_string(), c.to_string())]))
}

/// The column `path`'s rows are sorted by, if its metadata says so.
pub fn sorted_by(path: &Path) -> PolarsResult<Option<String>> {
    let mut reader = ParquetReader::new(File::open(path)?);
    let metadata = reader.get_metadata()?;
    Ok(metadata
        .key_value_metadata()
        .iter()
        .flatten()
        .find(|entry| entry.key == SORTED_BY)
        .and_then(|entry| entry.value.clone()))
}

/// Streams `lf` into a file as `sink` does, noting that its rows are sorted by `column` if one
/// is named (the caller guarantees the order).
pub fn sink_sorted(lf: LazyFrame, path: &Path, column: Option<&str>) -> PolarsResult<()> {
    sink_with(
        lf,
        path,
        ParquetWriteOptions {
            key_value_metadata: sorted_by_metadata(column),
            ..options()
        },
    )?;
    File::open(path)?.sync_all()?;
    Ok(())
}

/// Options of scratch files, read back whole and deleted: uncompressed and without statistics
/// (nothing skips row groups of them), written fast.
fn scratch_options() -> ParquetWriteOptions {
    ParquetWriteOptions {
        compression: ParquetCompression::Uncompressed,
        statistics: StatisticsOptions::empty(),
        ..options()
    }
}

/// Options of the files a partitioned sink splits into buckets: it holds a row group per bucket
/// in memory, so row groups are small (at 512 K rows, 43 buckets of activities took 5 GB).
pub fn bucket_options() -> ParquetWriteOptions {
    ParquetWriteOptions {
        row_group_size: Some(BUCKET_ROW_GROUP_ROWS),
        ..scratch_options()
    }
}

const BUCKET_ROW_GROUP_ROWS: usize = 32 * 1024;

/// Streams the result of `lf` into an uncompressed scratch file.
pub fn sink_scratch(lf: LazyFrame, path: &Path) -> PolarsResult<()> {
    sink_with(lf, path, scratch_options())
}

fn sink_with(lf: LazyFrame, path: &Path, options: ParquetWriteOptions) -> PolarsResult<()> {
    lf.sink(
        SinkDestination::File {
            target: SinkTarget::Path(PlRefPath::new(path.to_string_lossy().as_ref())),
        },
        FileWriteFormat::Parquet(std::sync::Arc::new(options)),
        UnifiedSinkArgs::default(),
    )?
    .collect_with_engine(Engine::Streaming)?;
    Ok(())
}

/// Rows in a Parquet file, from its footer.
pub fn row_count(path: &Path) -> PolarsResult<u64> {
    let df = scan(path)?.select([len()]).collect()?;
    Ok(df.column("len")?.u32()?.get(0).unwrap_or(0) as u64)
}

/// Writes `df` as zstd Parquet and syncs it to disk (it is about to be committed).
pub fn write(df: &mut DataFrame, path: &Path) -> PolarsResult<()> {
    let mut file = File::create(path)?;
    ParquetWriter::new(&mut file)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::full())
        .finish(df)?;
    file.sync_all()?;
    Ok(())
}

/// A writer of a partition file with the warehouse's options, fed row group by row group (each
/// frame given to `write_batch` becomes one row group per chunk); `finish` writes the footer.
pub fn partition_writer(
    path: &Path,
    schema: &Schema,
    sorted_by: Option<&str>,
) -> PolarsResult<polars::io::parquet::write::BatchedWriter<File>> {
    ParquetWriter::new(File::create(path)?)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::full())
        .with_key_value_metadata(sorted_by_metadata(sorted_by))
        .batched(schema)
}

pub fn scan(path: &Path) -> PolarsResult<LazyFrame> {
    LazyFrame::scan_parquet(
        PlRefPath::new(path.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )
}

/// The rows of several files, one after another in the order given.
pub fn scan_many(paths: &[std::path::PathBuf]) -> PolarsResult<LazyFrame> {
    concat_ordered(paths.iter().map(|p| scan(p)).collect::<PolarsResult<_>>()?)
}

/// The rows of `frames`, one after another in the order given.
/// The rows of several frames, each sorted by `column`, interleaved into one sorted stream
/// (merged pairwise, so a row passes through about log2 of the frames' count merges); on equal
/// keys the earlier frame's rows come first. `frames` must not be empty.
pub fn merge_sorted(mut frames: Vec<LazyFrame>, column: &str) -> PolarsResult<LazyFrame> {
    while frames.len() > 1 {
        let mut pairs = frames.into_iter();
        let mut merged = Vec::new();
        while let Some(first) = pairs.next() {
            merged.push(match pairs.next() {
                Some(second) => first.merge_sorted(second, [column], true)?,
                None => first,
            });
        }
        frames = merged;
    }
    frames
        .pop()
        .ok_or_else(|| polars_err!(ComputeError: "nothing to merge"))
}

pub fn concat_ordered(frames: Vec<LazyFrame>) -> PolarsResult<LazyFrame> {
    concat(
        frames,
        UnionArgs {
            maintain_order: true,
            parallel: true,
            ..Default::default()
        },
    )
}
