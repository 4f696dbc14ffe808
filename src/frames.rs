//! DataFrame helpers shared by the stages.

use polars::prelude::*;

/// Frames one after another, in the order given (empty for none). Columns keep their chunks:
/// a Parquet writer gathers them into row groups anyway.
pub fn stack(frames: impl IntoIterator<Item = DataFrame>) -> PolarsResult<DataFrame> {
    let mut frames = frames.into_iter();
    let mut all = frames.next().unwrap_or_else(DataFrame::empty);
    for frame in frames {
        all.vstack_mut_owned(frame)?;
    }
    Ok(all)
}

/// An integer column's values as `i64`s (cast from any integer type), nulls kept.
pub fn integers(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i64>>> {
    Ok(df
        .column(name)?
        .cast(&DataType::Int64)?
        .i64()?
        .iter()
        .collect())
}

/// A text column's values, nulls kept.
pub fn texts(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}

/// A text column's values, a null as the empty text.
pub fn texts_or_empty(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|v| v.unwrap_or_default().to_string())
        .collect())
}

/// A boolean column's values, a null as false.
pub fn booleans(df: &DataFrame, name: &str) -> PolarsResult<Vec<bool>> {
    Ok(df
        .column(name)?
        .bool()?
        .iter()
        .map(|v| v.unwrap_or(false))
        .collect())
}
