//! Reading and writing the warehouse's Parquet files, with one set of options everywhere.

use std::fs::File;
use std::path::Path;

use polars::prelude::*;

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

/// Writes a scratch file that is read once and deleted: no compression, written fast.
pub fn write_scratch(df: &mut DataFrame, path: &Path) -> PolarsResult<()> {
    let mut file = File::create(path)?;
    ParquetWriter::new(&mut file)
        .with_compression(ParquetCompression::Uncompressed)
        .finish(df)?;
    Ok(())
}

pub fn scan(path: &Path) -> PolarsResult<LazyFrame> {
    LazyFrame::scan_parquet(
        PlRefPath::new(path.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )
}
