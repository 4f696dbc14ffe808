//! How each record kind is stored in the warehouse: the polars type of each schema value type,
//! and a kind's stored schema. Ingest writes these types; compute reads them.

use polars::prelude::*;

use crate::schema::{INGEST_COL, Kind, LINE_COL, SOURCE_COL, ValueType};

/// The polars type a schema value type is stored as.
pub fn dtype_of(ty: ValueType) -> DataType {
    match ty {
        ValueType::Text | ValueType::Nip | ValueType::Period | ValueType::Word(_) => {
            DataType::String
        }
        ValueType::Date => DataType::Date,
        ValueType::Timestamp => DataType::Datetime(TimeUnit::Microseconds, None),
        ValueType::TimeOfDay | ValueType::Int { .. } => DataType::Int32,
        ValueType::Decimal { .. } | ValueType::Percent | ValueType::Money => DataType::Int64,
        ValueType::Bool => DataType::Boolean,
    }
}

/// The schema of a kind's stored files, for scanning a kind that has no partition yet.
pub fn stored_schema(kind: &Kind) -> Schema {
    let mut schema = Schema::default();
    for column in kind.stored_columns() {
        schema.insert(column.name.into(), dtype_of(column.ty));
    }
    schema.insert(SOURCE_COL.into(), DataType::String);
    schema.insert(LINE_COL.into(), DataType::Int64);
    schema.insert(INGEST_COL.into(), DataType::Int64);
    schema
}

/// A scan of one partition in today's stored types. Partitions written before decimals were
/// stored as millionths hold them as doubles; ingest accepted at most 6 places and 15
/// significant digits then, so the double × 10⁶, rounded, is the written value exactly.
pub fn as_stored(kind: &Kind, scan: LazyFrame) -> PolarsResult<LazyFrame> {
    let schema = scan.clone().collect_schema()?;
    let legacy: Vec<Expr> = kind
        .stored_columns()
        .filter(|c| matches!(c.ty, ValueType::Decimal { .. } | ValueType::Percent))
        .filter(|c| schema.get(c.name) == Some(&DataType::Float64))
        .map(|c| {
            (col(c.name) * lit(1_000_000.0))
                .round(0, RoundMode::HalfAwayFromZero)
                .cast(DataType::Int64)
                .alias(c.name)
        })
        .collect();
    // Columns a kind gained after the partition was written (an employee's status, SIASN id)
    // read as empty, so merging into an old partition and computing from it work alike.
    let added: Vec<Expr> = kind
        .stored_columns()
        .filter(|c| !schema.contains(c.name))
        .map(|c| lit(NULL).cast(dtype_of(c.ty)).alias(c.name))
        .collect();
    let legacy: Vec<Expr> = legacy.into_iter().chain(added).collect();
    Ok(if legacy.is_empty() {
        scan
    } else {
        scan.with_columns(legacy)
    })
}
