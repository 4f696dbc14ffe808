//! Turning one row of cells into typed values by the schema table, or into rejects that say which
//! column, which value and why. Rules that span columns (a duration from start and end, a sanction's
//! period range) live here too; rules that span rows (the unit tree) live in `unit_tree`.

use std::borrow::Cow;

use chrono::{Datelike, Duration, NaiveDate};

use crate::ingest::detect::ColumnMap;
use crate::ingest::source::Row;
use crate::schema::{Kind, PartitionBy, ValueType};
use crate::values::{self, Cell, ParseContext};
use crate::vocab;

/// A typed value, as it will be stored. Text borrows from a CSV field where it can, so the usual
/// row is validated without copying its strings.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'s> {
    Null,
    Str(Cow<'s, str>),
    /// Days since 1970-01-01.
    Date(i32),
    /// Microseconds since 1970-01-01 UTC.
    Timestamp(i64),
    Int(i64),
    Bool(bool),
}

impl Value<'_> {
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Str(s) => Value::Str(Cow::Owned(s.into_owned())),
            Value::Null => Value::Null,
            Value::Date(d) => Value::Date(d),
            Value::Timestamp(t) => Value::Timestamp(t),
            Value::Int(i) => Value::Int(i),
            Value::Bool(b) => Value::Bool(b),
        }
    }
}

/// One cell to validate: a typed cell (JSON, XLSX) or a CSV field's text, borrowed.
#[derive(Debug, Clone, Copy)]
pub enum Input<'s> {
    Cell(&'s Cell),
    Text(&'s str),
}

impl Input<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Input::Cell(c) => c.is_empty(),
            Input::Text(s) => values::trim(s).is_empty(),
        }
    }

    fn display(&self) -> String {
        match self {
            Input::Cell(c) => c.display(),
            Input::Text(s) => s.to_string(),
        }
    }
}

/// A row that passed: its values in the order of `kind.columns` and the partition it lands in.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub line: u64,
    pub period: String,
    pub values: Vec<Value<'static>>,
    /// A hash of the natural key, to notice cheaply whether a run repeats any key.
    pub key_hash: u64,
}

/// A row's typed values and partition, or every problem found in it as (column, value, reason).
pub type Checked<'s> = Result<(Vec<Value<'s>>, String), Vec<Problem>>;
pub type Problem = (String, String, String);

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

/// A hash of a row's natural key; `value(i)` is the row's value of schema column `i`.
pub fn key_hash<'v>(
    key_columns: &[Option<usize>],
    value: impl Fn(usize) -> &'v Value<'v>,
    period: &str,
) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    // foldhash with a fixed seed: several times faster than SipHash on short keys, and a
    // collision only costs the merge's skipped dedup.
    let mut hasher = polars::prelude::PlFixedStateQuality::default().build_hasher();
    for column in key_columns {
        let Some(i) = *column else {
            period.hash(&mut hasher);
            continue;
        };
        match value(i) {
            Value::Null => 0u8.hash(&mut hasher),
            Value::Str(s) => s.as_ref().hash(&mut hasher),
            Value::Date(d) => d.hash(&mut hasher),
            Value::Timestamp(t) | Value::Int(t) => t.hash(&mut hasher),
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
    /// Each schema column's position by name, for the rules that read columns by name.
    positions: std::collections::HashMap<&'static str, usize>,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

/// `YYYY-MM` of a day, written digit by digit: it runs for every dated row.
fn month_of_days(days: i32) -> String {
    let d = epoch() + Duration::days(days as i64);
    let (year, month) = (d.year(), d.month());
    if !(0..=9999).contains(&year) {
        return format!("{year:04}-{month:02}");
    }
    let digit = |n: u32| char::from(b'0' + n as u8);
    let y = year as u32;
    [
        digit(y / 1000),
        digit(y / 100 % 10),
        digit(y / 10 % 10),
        digit(y % 10),
        '-',
        digit(month / 10),
        digit(month % 10),
    ]
    .into_iter()
    .collect()
}

impl<'a> Validator<'a> {
    pub fn new(
        kind: &'static Kind,
        map: &'a ColumnMap,
        headers: &'a [String],
        ctx: ParseContext,
        as_of: Option<String>,
    ) -> Self {
        Validator {
            kind,
            map,
            headers,
            ctx,
            as_of,
            key_columns: key_columns(kind),
            positions: kind
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| (c.name, i))
                .collect(),
        }
    }

    fn parse<'s>(&self, ty: ValueType, input: Input<'s>) -> Result<Value<'s>, String> {
        let cell = match input {
            Input::Text(s) => return self.parse_text(ty, s),
            Input::Cell(Cell::Text(s)) => return self.parse_text(ty, s),
            Input::Cell(cell) => cell,
        };
        let ctx = &self.ctx;
        Ok(match ty {
            ValueType::Text => Value::Str(values::parse_text(cell)?.into()),
            ValueType::Nip => Value::Str(values::parse_nip(cell)?.into()),
            ValueType::Date => Value::Date(days(values::parse_date(cell)?)),
            ValueType::Timestamp => {
                let utc = values::parse_timestamp(cell, ctx)?;
                Value::Timestamp(utc.and_utc().timestamp_micros())
            }
            ValueType::TimeOfDay => Value::Int(values::parse_time_of_day(cell)? as i64),
            ValueType::Period => Value::Str(values::parse_period(cell)?.into()),
            ValueType::Int { min, max } => {
                Value::Int(within(values::parse_int(cell, ctx)?, min, max)?)
            }
            ValueType::Decimal { positive } => Value::Int(not_below_zero(
                values::parse_millionths(cell, ctx)?,
                positive,
            )?),
            ValueType::Percent => Value::Int(percentage(values::parse_millionths(cell, ctx)?)?),
            ValueType::Money => Value::Int(values::parse_money(cell, ctx)?),
            ValueType::Bool => Value::Bool(values::parse_bool(cell)?),
            ValueType::Word(vocabulary) => Value::Str(
                word(vocabulary, &values::parse_text(cell)?, &cell.display(), ctx)?.into(),
            ),
        })
    }

    /// `parse` of a text value, borrowing it where the stored value is the trimmed text.
    fn parse_text<'s>(&self, ty: ValueType, s: &'s str) -> Result<Value<'s>, String> {
        let ctx = &self.ctx;
        Ok(match ty {
            ValueType::Text => Value::Str(Cow::Borrowed(values::fits_a_cell(values::trim(s))?)),
            ValueType::Nip => Value::Str(values::parse_nip_text(s)?),
            ValueType::Date => Value::Date(days(values::parse_date_str(s)?)),
            ValueType::Timestamp => {
                let utc = values::parse_timestamp_text(s, ctx)?;
                Value::Timestamp(utc.and_utc().timestamp_micros())
            }
            ValueType::TimeOfDay => Value::Int(values::parse_time_of_day_text(s)? as i64),
            ValueType::Period => Value::Str(values::parse_period_text(s)?.into()),
            ValueType::Int { min, max } => {
                Value::Int(within(values::parse_int_text(s, ctx)?, min, max)?)
            }
            ValueType::Decimal { positive } => Value::Int(not_below_zero(
                values::parse_millionths_text(s, ctx)?,
                positive,
            )?),
            ValueType::Percent => Value::Int(percentage(values::parse_millionths_text(s, ctx)?)?),
            ValueType::Money => Value::Int(values::parse_money_text(s, ctx)?),
            ValueType::Bool => Value::Bool(values::parse_bool_text(s)?),
            ValueType::Word(vocabulary) => {
                Value::Str(word(vocabulary, values::trim(s), s, ctx)?.into())
            }
        })
    }

    /// The whole row as JSON (header → value as written); `input(i)` is the cell under header `i`.
    pub fn raw_json<'s>(&self, cells: usize, input: impl Fn(usize) -> Input<'s>) -> String {
        let object: serde_json::Map<String, serde_json::Value> = self
            .headers
            .iter()
            .take(cells)
            .enumerate()
            .map(|(i, h)| (h.clone(), serde_json::Value::String(input(i).display())))
            .collect();
        serde_json::Value::Object(object).to_string()
    }

    /// Validates one row: `Ok` with its typed values, or every problem found in it.
    pub fn row(&self, row: &Row) -> Result<Parsed, Vec<Reject>> {
        let checked = self.check(|i| row.cells.get(i).map(Input::Cell));
        match checked {
            Ok((values, period)) => Ok(Parsed {
                line: row.line,
                key_hash: key_hash(&self.key_columns, |i| &values[i], &period),
                values: values.into_iter().map(Value::into_owned).collect(),
                period,
            }),
            Err(problems) => Err(self.rejects(
                row.line,
                &self.raw_json(row.cells.len(), |i| Input::Cell(&row.cells[i])),
                problems,
            )),
        }
    }

    /// Checks one row, whatever its source: `input(i)` is the cell under header `i`, if the
    /// row has one.
    pub fn check<'s>(&self, input: impl Fn(usize) -> Option<Input<'s>>) -> Checked<'s> {
        let mut problems: Vec<Problem> = Vec::new();
        let mut values = Vec::with_capacity(self.kind.columns.len());
        // The unit a target was written with (`12 Dokumen`), for an empty `output_unit`.
        let mut unit_of_target: Option<String> = None;
        for (column, index) in self.kind.columns.iter().zip(&self.map.index) {
            let cell = index.and_then(&input).unwrap_or(Input::Cell(&Cell::Empty));
            if column.name == "output_unit"
                && cell.is_empty()
                && let Some(unit) = unit_of_target.take()
            {
                values.push(Value::Str(unit.into()));
                continue;
            }
            // Only a problem names its column, so the header is cloned only then.
            let header = || {
                index
                    .map(|i| self.headers[i].clone())
                    .unwrap_or_else(|| column.name.to_string())
            };
            if cell.is_empty() {
                if column.required {
                    problems.push((
                        header(),
                        String::new(),
                        format!("required value `{}` is empty", column.name),
                    ));
                }
                values.push(Value::Null);
                continue;
            }
            let parsed = match (column.ty, self.map.year.and_then(&input)) {
                // A month beside a `tahun` column: the two are the period.
                (ValueType::Period, Some(year)) => {
                    values::parse_month_and_year(&cell.display(), &year.display())
                        .map(|p| Value::Str(p.into()))
                }
                // A target or weight written with its unit (`12 Dokumen`, `100 %`, `40%`).
                (ValueType::Decimal { .. }, _) if matches!(column.name, "target" | "weight") => {
                    self.parse(column.ty, cell).or_else(|e| {
                        let text = cell.display();
                        let (number, unit) = number_and_unit(&text).ok_or(e.clone())?;
                        let v = self.parse(column.ty, Input::Text(number)).map_err(|_| e)?;
                        if column.name == "target" {
                            unit_of_target = Some(unit.to_string());
                        }
                        Ok(v.into_owned())
                    })
                }
                _ => self.parse(column.ty, cell),
            };
            match parsed {
                Ok(v) => values.push(v),
                Err(reason) => {
                    problems.push((header(), cell.display(), reason));
                    values.push(Value::Null);
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        self.cross_column_rules(&mut values).map_err(|p| vec![p])?;
        let period = self.partition_of(&values).map_err(|p| vec![p])?;
        Ok((values, period))
    }

    pub fn rejects(&self, line: u64, raw: &str, problems: Vec<Problem>) -> Vec<Reject> {
        problems
            .into_iter()
            .map(|(column, value, reason)| Reject {
                line,
                column,
                value,
                reason,
                raw: raw.to_string(),
            })
            .collect()
    }

    fn value<'v, 's>(&self, values: &'v [Value<'s>], name: &str) -> &'v Value<'s> {
        &values[self.positions[name]]
    }

    fn cross_column_rules(&self, values: &mut [Value]) -> Result<(), Problem> {
        match self.kind.name {
            "employees" => self.rank_rule(values),
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
                        t.to_string(),
                        format!("period_to {t} is before period_from {f}"),
                    )),
                    _ => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// `rank` read against `asn_type` and stored canonical (`III/b`); `-` is an unknown rank.
    fn rank_rule(&self, values: &mut [Value]) -> Result<(), Problem> {
        let at = self.positions["rank"];
        let Value::Str(text) = &values[at] else {
            return Ok(());
        };
        if values::is_unknown_rank(text) {
            values[at] = Value::Null;
            return Ok(());
        }
        let asn_type = match self.value(values, "asn_type") {
            Value::Str(t) => Some(t.as_ref()),
            _ => None,
        };
        match values::parse_rank(text, asn_type) {
            Ok(rank) => {
                if rank.text() != text.as_ref() {
                    values[at] = Value::Str(Cow::Owned(rank.text().to_string()));
                }
                Ok(())
            }
            Err(reason) => Err(("rank".into(), text.to_string(), reason)),
        }
    }

    fn partition_of(&self, values: &[Value]) -> Result<String, Problem> {
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
                Value::Str(p) => Ok(p.to_string()),
                _ => unreachable!("partition columns are required periods"),
            },
            PartitionBy::Snapshot => match (self.value(values, "period"), &self.as_of) {
                (Value::Str(p), _) => Ok(p.to_string()),
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

fn days(date: NaiveDate) -> i32 {
    (date - epoch()).num_days() as i32
}

fn within(v: i64, min: i64, max: i64) -> Result<i64, String> {
    if !(min..=max).contains(&v) {
        return Err(format!("{v} is outside {min}-{max}"));
    }
    Ok(v)
}

/// A decimal in millionths (see `ValueType::Decimal`) that must be 0 or more, or above 0.
fn not_below_zero(millionths: i64, positive: bool) -> Result<i64, String> {
    if millionths < 0 || (positive && millionths == 0) {
        let what = if positive { "above 0" } else { "0 or more" };
        let shown = crate::decimal::Dec::new(millionths as i128, 1_000_000);
        return Err(format!("{shown} must be {what}"));
    }
    Ok(millionths)
}

/// A percentage in millionths (see `ValueType::Percent`), within 0–100 %.
fn percentage(millionths: i64) -> Result<i64, String> {
    if !(0..=100_000_000).contains(&millionths) {
        let shown = crate::decimal::Dec::new(millionths as i128, 1_000_000);
        return Err(format!("{shown} is not a percentage between 0 and 100"));
    }
    Ok(millionths)
}

/// The canonical word for `text` in `vocabulary`; `written` is the cell as written, for the error.
fn word(
    vocabulary: crate::vocab::Vocab,
    text: &str,
    written: &str,
    ctx: &ParseContext,
) -> Result<&'static str, String> {
    let token = values::normalized(text);
    let added = || ctx.extensions.and_then(|e| e.lookup(vocabulary, &token));
    vocab::lookup(vocabulary, &token)
        .or_else(added)
        .ok_or_else(|| {
            format!(
                "`{written}` is not one of: {}",
                vocab::canonical_list(vocabulary)
            )
        })
}

/// `12 Dokumen` → (`12`, `Dokumen`), `40%` → (`40`, `%`): a number followed by its unit.
fn number_and_unit(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let at = text.find(|c: char| c.is_alphabetic() || c == '%')?;
    let (number, unit) = (text[..at].trim(), text[at..].trim());
    (!number.is_empty() && !unit.is_empty()).then_some((number, unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_written_as_chrono_formats_them() {
        for days in (-25_567..80_000).step_by(13) {
            let d = epoch() + Duration::days(days as i64);
            assert_eq!(
                month_of_days(days),
                format!("{:04}-{:02}", d.year(), d.month())
            );
        }
    }
}
