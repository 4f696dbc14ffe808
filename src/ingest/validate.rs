//! Turning one row of cells into typed values by the schema table, or into rejects that say which
//! column, which value and why. Rules that span columns (a duration from start and end, a sanction's
//! period range) live here too; rules that span rows (the unit tree) live in `unit_tree`.

use chrono::{Datelike, Duration, NaiveDate};

use crate::ingest::detect::ColumnMap;
use crate::ingest::source::Row;
use crate::schema::{Kind, PartitionBy, ValueType};
use crate::values::{self, Cell, ParseContext};
use crate::vocab;

/// A typed value, as it will be stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Str(String),
    /// Days since 1970-01-01.
    Date(i32),
    /// Microseconds since 1970-01-01 UTC.
    Timestamp(i64),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// A row that passed: its values in the order of `kind.columns` and the partition it lands in.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub line: u64,
    pub period: String,
    pub values: Vec<Value>,
    /// A hash of the natural key, to notice cheaply whether a run repeats any key.
    pub key_hash: u64,
}

/// Where each part of a kind's natural key (`kind.full_key()`) is among its values; `None`
/// stands for the row's partition (`period`).
pub fn key_columns(kind: &Kind) -> Vec<Option<usize>> {
    kind.full_key()
        .into_iter()
        .map(|name| {
            (name != "period").then(|| {
                kind.columns
                    .iter()
                    .position(|c| c.name == name)
                    .expect("key columns are in the schema")
            })
        })
        .collect()
}

/// A hash of a row's natural key.
fn key_hash(key_columns: &[Option<usize>], values: &[Value], period: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for column in key_columns {
        let Some(i) = *column else {
            period.hash(&mut hasher);
            continue;
        };
        match &values[i] {
            Value::Null => 0u8.hash(&mut hasher),
            Value::Str(s) => s.hash(&mut hasher),
            Value::Date(d) => d.hash(&mut hasher),
            Value::Timestamp(t) | Value::Int(t) => t.hash(&mut hasher),
            Value::Float(f) => f.to_bits().hash(&mut hasher),
            Value::Bool(b) => b.hash(&mut hasher),
        }
    }
    hasher.finish()
}

#[derive(Debug, Clone)]
pub struct Reject {
    pub line: u64,
    pub column: String,
    pub value: String,
    pub reason: String,
    /// The whole row as JSON (header → value as written), so nothing is lost.
    pub raw: String,
}

pub struct Validator<'a> {
    pub kind: &'static Kind,
    pub map: &'a ColumnMap,
    pub headers: &'a [String],
    pub ctx: ParseContext,
    pub as_of: Option<String>,
    /// `key_columns(kind)`, worked out once.
    pub key_columns: Vec<Option<usize>>,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

fn month_of_days(days: i32) -> String {
    let d = epoch() + Duration::days(days as i64);
    format!("{:04}-{:02}", d.year(), d.month())
}

impl Validator<'_> {
    fn parse(&self, ty: ValueType, cell: &Cell) -> Result<Value, String> {
        let ctx = &self.ctx;
        Ok(match ty {
            ValueType::Text => Value::Str(values::parse_text(cell)?),
            ValueType::Nip => Value::Str(values::parse_nip(cell)?),
            ValueType::Date => Value::Date((values::parse_date(cell)? - epoch()).num_days() as i32),
            ValueType::Timestamp => {
                let utc = values::parse_timestamp(cell, ctx)?;
                Value::Timestamp(utc.and_utc().timestamp_micros())
            }
            ValueType::TimeOfDay => Value::Int(values::parse_time_of_day(cell)? as i64),
            ValueType::Period => Value::Str(values::parse_period(cell)?),
            ValueType::Int { min, max } => {
                let v = values::parse_int(cell, ctx)?;
                if !(min..=max).contains(&v) {
                    return Err(format!("{v} is outside {min}-{max}"));
                }
                Value::Int(v)
            }
            ValueType::Decimal { positive } => {
                let v = values::parse_decimal(cell, ctx)?;
                if v < 0.0 || (positive && v == 0.0) {
                    let what = if positive { "above 0" } else { "0 or more" };
                    return Err(format!("{v} must be {what}"));
                }
                Value::Float(v)
            }
            ValueType::Percent => {
                let v = values::parse_decimal(cell, ctx)?;
                if !(0.0..=100.0).contains(&v) {
                    return Err(format!("{v} is not a percentage between 0 and 100"));
                }
                Value::Float(v)
            }
            ValueType::Money => Value::Int(values::parse_money(cell, ctx)?),
            ValueType::Bool => Value::Bool(values::parse_bool(cell)?),
            ValueType::Word(vocabulary) => {
                let token = values::normalize_token(&values::parse_text(cell)?);
                let word = vocab::lookup(vocabulary, &token).ok_or_else(|| {
                    format!(
                        "`{}` is not one of: {}",
                        cell.display(),
                        vocab::canonical_list(vocabulary)
                    )
                })?;
                Value::Str(word.to_string())
            }
        })
    }

    fn raw_json(&self, row: &Row) -> String {
        let object: serde_json::Map<String, serde_json::Value> = self
            .headers
            .iter()
            .zip(&row.cells)
            .map(|(h, c)| (h.clone(), serde_json::Value::String(c.display())))
            .collect();
        serde_json::Value::Object(object).to_string()
    }

    /// Validates one row: `Ok` with its typed values, or every problem found in it.
    pub fn row(&self, row: &Row) -> Result<Parsed, Vec<Reject>> {
        let mut problems: Vec<(String, String, String)> = Vec::new();
        let mut values = Vec::with_capacity(self.kind.columns.len());
        for (column, index) in self.kind.columns.iter().zip(&self.map.index) {
            let cell = index.and_then(|i| row.cells.get(i)).unwrap_or(&Cell::Empty);
            let header = index
                .map(|i| self.headers[i].clone())
                .unwrap_or_else(|| column.name.to_string());
            if cell.is_empty() {
                if column.required {
                    problems.push((
                        header,
                        String::new(),
                        format!("required value `{}` is empty", column.name),
                    ));
                }
                values.push(Value::Null);
                continue;
            }
            match self.parse(column.ty, cell) {
                Ok(v) => values.push(v),
                Err(reason) => {
                    problems.push((header, cell.display(), reason));
                    values.push(Value::Null);
                }
            }
        }
        if problems.is_empty() {
            if let Err(p) = self.cross_column_rules(&values) {
                problems.push(p);
            }
        }
        let period = if problems.is_empty() {
            self.partition_of(&values)
        } else {
            Ok(String::new())
        };
        match period {
            Ok(period) if problems.is_empty() => Ok(Parsed {
                line: row.line,
                key_hash: key_hash(&self.key_columns, &values, &period),
                period,
                values,
            }),
            Ok(_) => Err(self.rejects(row, problems)),
            Err(p) => Err(self.rejects(row, vec![p])),
        }
    }

    fn rejects(&self, row: &Row, problems: Vec<(String, String, String)>) -> Vec<Reject> {
        let raw = self.raw_json(row);
        problems
            .into_iter()
            .map(|(column, value, reason)| Reject {
                line: row.line,
                column,
                value,
                reason,
                raw: raw.clone(),
            })
            .collect()
    }

    fn value<'v>(&self, values: &'v [Value], name: &str) -> &'v Value {
        let i = self
            .kind
            .columns
            .iter()
            .position(|c| c.name == name)
            .expect("column in schema");
        &values[i]
    }

    fn cross_column_rules(&self, values: &[Value]) -> Result<(), (String, String, String)> {
        match self.kind.name {
            "activities" => {
                let duration = self.value(values, "duration_min");
                let (start, end) = (
                    self.value(values, "start_time"),
                    self.value(values, "end_time"),
                );
                if *duration == Value::Null {
                    match (start, end) {
                        (Value::Int(s), Value::Int(e)) if e > s => {}
                        (Value::Int(_), Value::Int(_)) => {
                            return Err((
                                "end_time".into(),
                                String::new(),
                                "end_time is not after start_time, and duration_min is empty; \
                                 give the duration in minutes"
                                    .into(),
                            ));
                        }
                        _ => {
                            return Err((
                                "duration_min".into(),
                                String::new(),
                                "no duration: fill duration_min, or both start_time and end_time"
                                    .into(),
                            ));
                        }
                    }
                }
                Ok(())
            }
            "sanctions" => {
                let (from, to) = (
                    self.value(values, "period_from"),
                    self.value(values, "period_to"),
                );
                match (from, to) {
                    (Value::Str(f), Value::Str(t)) if t < f => Err((
                        "period_to".into(),
                        t.clone(),
                        format!("period_to {t} is before period_from {f}"),
                    )),
                    _ => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    fn partition_of(&self, values: &[Value]) -> Result<String, (String, String, String)> {
        match self.kind.partition {
            PartitionBy::MonthOf(name) => match self.value(values, name) {
                Value::Date(days) => Ok(month_of_days(*days)),
                Value::Timestamp(micros) => {
                    let local_micros = micros + self.ctx.utc_offset_min as i64 * 60_000_000;
                    Ok(month_of_days(local_micros.div_euclid(86_400_000_000) as i32))
                }
                _ => unreachable!("partition columns are required dates"),
            },
            PartitionBy::Period(name) => match self.value(values, name) {
                Value::Str(p) => Ok(p.clone()),
                _ => unreachable!("partition columns are required periods"),
            },
            PartitionBy::Snapshot => match (self.value(values, "period"), &self.as_of) {
                (Value::Str(p), _) => Ok(p.clone()),
                (_, Some(as_of)) => Ok(as_of.clone()),
                _ => Err((
                    "period".into(),
                    String::new(),
                    format!(
                        "{} are snapshots: fill the period column or ingest with --as-of YYYY-MM",
                        self.kind.name
                    ),
                )),
            },
        }
    }
}
