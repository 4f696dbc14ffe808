//! Typed rows → a polars DataFrame in the warehouse's column types, plus where each row came from
//! (`_source`, `_line`, `_ingest`) and the `period` it is partitioned by.

use polars::prelude::*;

use crate::ingest::validate::{Parsed, Value};
use crate::schema::{INGEST_COL, Kind, LINE_COL, SOURCE_COL, ValueType};
use crate::warehouse::stored::dtype_of;

fn column_series<'v, 's: 'v>(
    name: &str,
    ty: ValueType,
    values: impl Iterator<Item = &'v Value<'s>>,
) -> PolarsResult<Column> {
    let name = PlSmallStr::from_str(name);
    let series = match dtype_of(ty) {
        DataType::String => Series::new(
            name,
            values
                .map(|v| match v {
                    Value::Str(s) => Some(s.as_ref()),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
        DataType::Boolean => Series::new(
            name,
            values
                .map(|v| match v {
                    Value::Bool(b) => Some(*b),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
        dtype => {
            let ints: Vec<Option<i64>> = values
                .map(|v| match v {
                    Value::Int(i) | Value::Timestamp(i) => Some(*i),
                    Value::Date(d) => Some(*d as i64),
                    _ => None,
                })
                .collect();
            let s = Series::new(name, ints);
            match dtype {
                DataType::Date => s.cast(&DataType::Int32)?.cast(&DataType::Date)?,
                other => s.cast(&other)?,
            }
        }
    };
    Ok(series.into())
}

/// Validated rows as a DataFrame: stored columns, bookkeeping, then `period`.
pub fn to_frame(
    kind: &Kind,
    rows: &[Parsed],
    source: &str,
    ingest: u64,
) -> PolarsResult<DataFrame> {
    let mut columns = Vec::new();
    for (index, column) in kind.columns.iter().enumerate() {
        if column.name != "period" {
            columns.push(column_series(
                column.name,
                column.ty,
                rows.iter().map(|r| &r.values[index]),
            )?);
        }
    }
    let lines = rows.iter().map(|r| r.line as i64).collect();
    let periods = rows.iter().map(|r| r.period.as_str()).collect();
    finish(columns, lines, periods, source, ingest)
}

/// Validated values column by column (`values[i]` for schema column `i`) as a DataFrame.
pub fn columns_to_frame(
    kind: &Kind,
    values: &[Vec<Value>],
    lines: Vec<i64>,
    periods: Vec<&str>,
    source: &str,
    ingest: u64,
) -> PolarsResult<DataFrame> {
    let mut columns = Vec::new();
    for (column, values) in kind.columns.iter().zip(values) {
        if column.name != "period" {
            columns.push(column_series(column.name, column.ty, values.iter())?);
        }
    }
    finish(columns, lines, periods, source, ingest)
}

fn finish(
    mut columns: Vec<Column>,
    lines: Vec<i64>,
    periods: Vec<&str>,
    source: &str,
    ingest: u64,
) -> PolarsResult<DataFrame> {
    let n = lines.len();
    columns.push(Column::new_scalar(
        SOURCE_COL.into(),
        Scalar::from(PlSmallStr::from_str(source)),
        n,
    ));
    columns.push(Column::new(LINE_COL.into(), lines));
    columns.push(Column::new_scalar(
        INGEST_COL.into(),
        Scalar::from(ingest as i64),
        n,
    ));
    columns.push(Column::new("period".into(), periods));
    DataFrame::new(n, columns)
}
