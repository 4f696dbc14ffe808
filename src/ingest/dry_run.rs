//! `kinerja ingest --dry-run`: how each file would be read, and nothing written (SPEC section 1):
//! its kind, the row its header is on, which column each header fills (or that it is ignored),
//! its first rows as they would be stored, and the rejects those rows would give.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::ingest::carried::Carry;
use crate::ingest::source::Batch;
use crate::ingest::validate::Value;
use crate::ingest::{IngestOptions, detect, error::FileError};
use crate::schema::ValueType;

/// Rows of each file shown.
pub const SHOWN_ROWS: usize = 5;

#[derive(Debug, Serialize)]
pub struct DryRun {
    pub path: PathBuf,
    pub kind: &'static str,
    pub format: &'static str,
    pub header_row: u64,
    /// Each header as written, and the column it fills (`None`: ignored); a column of a record
    /// the rows carry is named with its kind (`approvals.decided_at`).
    pub headers: Vec<(String, Option<String>)>,
    /// Headers that fill no column, with the name each likely meant.
    pub ignored: Vec<detect::Ignored>,
    /// The first rows as they would be stored: line and (column, value) pairs.
    pub rows: Vec<ShownRow>,
    /// What those rows would be rejected for: line, column, value, reason.
    pub rejects: Vec<(u64, String, String, String)>,
}

#[derive(Debug, Serialize)]
pub struct ShownRow {
    pub line: u64,
    pub period: String,
    pub values: Vec<(&'static str, String)>,
}

fn shown(value: &Value, ty: ValueType) -> String {
    match value {
        // Decimals are stored as millionths: shown as the decimal written.
        Value::Int(i) if matches!(ty, ValueType::Decimal { .. } | ValueType::Percent) => {
            crate::decimal::Dec::new(*i as i128, 1_000_000).to_string()
        }
        Value::Null => String::new(),
        Value::Str(s) => s.to_string(),
        Value::Date(d) => (chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("date")
            + chrono::Duration::days(*d as i64))
        .to_string(),
        Value::Timestamp(micros) => chrono::DateTime::from_timestamp_micros(*micros)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
    }
}

pub fn dry_run(path: &Path, opts: &IngestOptions) -> Result<DryRun, FileError> {
    let (mut src, kind) =
        crate::ingest::open::open_as_kind(path, opts, &indicatif::ProgressBar::hidden())?;
    if src.headers.is_empty() {
        return Ok(DryRun {
            path: path.to_path_buf(),
            kind: kind.name,
            format: src.format.name(),
            header_row: src.header_row,
            headers: Vec::new(),
            ignored: Vec::new(),
            rows: Vec::new(),
            rejects: Vec::new(),
        });
    }
    let map = detect::map_columns(kind, path, &src.headers, opts.extensions)?;
    let headers = src
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let own = kind
                .columns
                .iter()
                .zip(&map.index)
                .find(|(_, at)| **at == Some(i))
                .map(|(c, _)| c.name.to_string());
            let carried = kind.carries.and_then(|carries| {
                carries
                    .columns
                    .iter()
                    .zip(&map.carried)
                    .find(|(_, at)| **at == Some(i))
                    .map(|(c, _)| format!("{}.{}", carries.kind, c.name))
            });
            (h.clone(), own.or(carried))
        })
        .collect();
    let first = src.batches.next();
    let validator = crate::ingest::open::validator_for(kind, &map, &src.headers, &src.format, opts);
    let carried_map = crate::ingest::carried::CarriedMap::new(kind, &map);
    let carried = carried_map.as_ref().map(|cm| {
        let v =
            crate::ingest::open::validator_for(cm.kind, &cm.map, &src.headers, &src.format, opts);
        (cm, v)
    });
    let mut rows = Vec::new();
    let mut rejects = Vec::new();
    if let Some(batch) = first {
        let batch: Batch = batch?;
        for row in batch.into_rows(path)?.iter().take(SHOWN_ROWS) {
            let carry = carried.as_ref().map(|(cm, v)| cm.carry(v, row));
            let checked = match (validator.row(row), carry) {
                (Ok(_), Some(Carry::Rejected(found))) => Err(found),
                (checked, _) => checked,
            };
            match checked {
                Ok(parsed) => rows.push(ShownRow {
                    line: parsed.line,
                    period: parsed.period.clone(),
                    values: kind
                        .columns
                        .iter()
                        .zip(&parsed.values)
                        .filter(|(c, _)| c.name != "period")
                        .map(|(c, v)| (c.name, shown(v, c.ty)))
                        .collect(),
                }),
                Err(found) => rejects.extend(
                    found
                        .into_iter()
                        .map(|r| (r.line, r.column, r.value, r.reason)),
                ),
            }
        }
    }
    Ok(DryRun {
        path: path.to_path_buf(),
        kind: kind.name,
        format: src.format.name(),
        header_row: src.header_row,
        headers,
        ignored: map.ignored,
        rows,
        rejects,
    })
}

/// The dry run as the terminal shows it.
pub fn text(d: &DryRun) -> String {
    let mut out = format!(
        "{}: {} ({}), header on row {}, nothing written\n",
        d.path.display(),
        d.kind,
        d.format,
        d.header_row
    );
    for (header, column) in &d.headers {
        match column {
            Some(c) => out.push_str(&format!("    {header} → {c}\n")),
            None => {
                let why = d
                    .ignored
                    .iter()
                    .find(|i| i.header == *header)
                    .map_or_else(|| header.clone(), |i| i.to_string());
                out.push_str(&format!("    {why}: ignored\n"));
            }
        }
    }
    for row in &d.rows {
        let values: Vec<String> = row
            .values
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| format!("{c}={v}"))
            .collect();
        out.push_str(&format!(
            "    line {} ({}): {}\n",
            row.line,
            row.period,
            values.join(", ")
        ));
    }
    for (line, column, value, reason) in &d.rejects {
        out.push_str(&format!(
            "    line {line}: would be rejected: {column} `{value}`: {reason}\n"
        ));
    }
    out
}
