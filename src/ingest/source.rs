//! Reading one export file, whatever its format, as a header and a stream of rows of [`Cell`]s
//! with the line (CSV/NDJSON), record number (JSON array) or row number (XLSX) of each row, so a
//! reject can point at the exact place.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::ingest::csv_batch::{self, CsvBatch};
use crate::ingest::error::FileError;
use crate::values::Cell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv { delimiter: u8 },
    Json,
    Ndjson,
    Xlsx,
}

impl Format {
    pub fn name(&self) -> &'static str {
        match self {
            Format::Csv { delimiter: b';' } => "csv(;)",
            Format::Csv { delimiter: b'\t' } => "csv(tab)",
            Format::Csv { .. } => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Xlsx => "xlsx",
        }
    }

    /// In a `;`-delimited file `1,5` is one and a half (the Indonesian/European convention).
    pub fn decimal_comma(&self) -> bool {
        matches!(self, Format::Csv { delimiter: b';' })
    }
}

pub struct Row {
    /// 1-based line (CSV, NDJSON), record number (JSON array) or sheet row (XLSX).
    pub line: u64,
    pub cells: Vec<Cell>,
}

/// An opened file: its header names as written and an iterator over its rows, batch by batch.
pub struct Source {
    pub path: PathBuf,
    pub format: Format,
    pub headers: Vec<String>,
    /// The row the header was found on (1-based; above it, a printed report's title rows).
    pub header_row: u64,
    pub batches: Box<dyn Iterator<Item = Result<Batch, FileError>>>,
}

/// Rows as a source reads them: typed cells (JSON, XLSX), or CSV records still undecoded.
pub enum Batch {
    Rows(Vec<Row>),
    Csv(CsvBatch),
}

impl Batch {
    pub fn len(&self) -> usize {
        match self {
            Batch::Rows(rows) => rows.len(),
            Batch::Csv(batch) => batch.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn into_rows(self, path: &Path) -> Result<Vec<Row>, FileError> {
        match self {
            Batch::Rows(rows) => Ok(rows),
            Batch::Csv(batch) => batch.into_rows(path),
        }
    }
}

/// Rows a source hands over at a time.
const BATCH_ROWS: usize = 32_768;

/// Groups rows into batches; a read error ends the file.
fn in_batches(
    rows: impl Iterator<Item = Result<Row, FileError>> + 'static,
) -> Box<dyn Iterator<Item = Result<Batch, FileError>>> {
    let mut rows = rows.peekable();
    Box::new(std::iter::from_fn(move || {
        rows.peek()?;
        let mut batch = Vec::with_capacity(BATCH_ROWS);
        for row in rows.by_ref().take(BATCH_ROWS) {
            match row {
                Ok(row) => batch.push(row),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(Batch::Rows(batch)))
    }))
}

/// Picks the format from the extension, else from the first bytes.
pub fn detect_format(path: &Path) -> Result<Format, FileError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut head = Vec::with_capacity(8192);
    File::open(path)
        .map_err(|e| FileError::io(path, e))?
        .take(8192)
        .read_to_end(&mut head)
        .map_err(|e| FileError::io(path, e))?;
    let text_start = String::from_utf8_lossy(&head);
    let first_char = text_start
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next();
    match ext.as_str() {
        "xlsx" | "xlsm" => return Ok(Format::Xlsx),
        "xls" | "ods" => {
            return Err(FileError::unreadable(
                path,
                "old Excel (.xls) and .ods files are not read; save the sheet as .xlsx or .csv",
            ));
        }
        "ndjson" | "jsonl" => return Ok(Format::Ndjson),
        "json" => {
            return Ok(if first_char == Some('[') || wraps_an_array(path) {
                Format::Json
            } else {
                Format::Ndjson
            });
        }
        _ => {}
    }
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Format::Xlsx);
    }
    match first_char {
        Some('[') => return Ok(Format::Json),
        Some('{') if wraps_an_array(path) => return Ok(Format::Json),
        Some('{') => return Ok(Format::Ndjson),
        _ => {}
    }
    if !matches!(ext.as_str(), "csv" | "tsv" | "txt" | "") {
        return Err(FileError::unreadable(
            path,
            "is not CSV, JSON, NDJSON or XLSX; export the data in one of those formats",
        ));
    }
    Ok(Format::Csv {
        delimiter: sniff_delimiter(&head),
    })
}

/// The delimiter is whichever of `,` `;` tab occurs most in the header line (outside quotes):
/// the first line that has any, so a report's title lines above the header do not decide.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for &b in head {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes && counts.iter().any(|c| *c > 0) => break,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    delimiters[best]
}

/// Rows a printed report may put above its header (letterhead, title, period): the header is
/// the first of this many rows that `is_header` accepts (SPEC section 1).
pub const HEADER_SEARCH_ROWS: usize = 20;

/// Opens `path`; reading a CSV file advances `progress` by the bytes read. `is_header` tells a
/// header row from a title row above it (XLSX).
pub fn open(
    path: &Path,
    sheet: Option<&str>,
    progress: &indicatif::ProgressBar,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Result<Source, FileError> {
    let format = detect_format(path)?;
    match format {
        Format::Csv { delimiter } => open_csv(path, delimiter, progress, is_header),
        Format::Json => open_json(path),
        Format::Ndjson => open_ndjson(path),
        Format::Xlsx => open_xlsx(path, sheet, is_header),
    }
}

fn open_csv(
    path: &Path,
    delimiter: u8,
    progress: &indicatif::ProgressBar,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Result<Source, FileError> {
    let file = progress.wrap_read(File::open(path).map_err(|e| FileError::io(path, e))?);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(BufReader::with_capacity(1 << 20, file));
    // The header is the first of the first rows that names the kind's columns (a report's
    // title lines may come first), else the first row; rows read past it are handed on.
    let mut first_rows: Vec<(u64, csv::ByteRecord)> = Vec::new();
    // (index in `first_rows`, line): a record's own position counts the blank lines skipped
    // before it, so the header's line is the one before where the reader stands after it.
    let mut header_at = None;
    while first_rows.len() < HEADER_SEARCH_ROWS && header_at.is_none() {
        let mut record = csv::ByteRecord::new();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map(|p| p.line()).unwrap_or(1);
                let texts = record_texts(&record, path, line)?;
                if is_header(&texts) {
                    header_at = Some((first_rows.len(), reader.position().line() - 1));
                }
                first_rows.push((line, record));
            }
            Err(e) => {
                return Err(FileError::unreadable(
                    path,
                    &format!("cannot read the header line: {e}"),
                ));
            }
        }
    }
    let at = header_at.map(|(i, _)| i).unwrap_or(0);
    let mut pending = first_rows.split_off((at + 1).min(first_rows.len()));
    let headers = match first_rows.pop() {
        Some((line, record)) => record_texts(&record, path, line)?,
        None => Vec::new(),
    };
    let header_row = header_at.map(|(_, line)| line).unwrap_or(1);
    pending.reverse();
    // A reader thread only splits the file into records, while the worker threads decode and
    // validate the batch before.
    let owned_path = path.to_path_buf();
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<CsvBatch, FileError>>(2);
    std::thread::spawn(move || {
        let mut record = csv::ByteRecord::new();
        let mut previous = None;
        loop {
            let mut batch = CsvBatch::sized_like(previous, BATCH_ROWS);
            let mut failed = None;
            while !batch.is_full(BATCH_ROWS) {
                if let Some((line, early)) = pending.pop() {
                    batch.push(line, &early);
                    continue;
                }
                match reader.read_byte_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {
                        let line = record.position().map(|p| p.line()).unwrap_or(0);
                        batch.push(line, &record);
                    }
                    Err(e) => {
                        failed = Some(FileError::unreadable(
                            &owned_path,
                            &format!("broken CSV: {e}"),
                        ));
                        break;
                    }
                }
            }
            let done = failed.is_some() || !batch.is_full(BATCH_ROWS);
            batch.seal();
            previous = Some(batch.size());
            if !batch.is_empty() && tx.send(Ok(batch)).is_err() {
                break;
            }
            if let Some(e) = failed {
                let _ = tx.send(Err(e));
            }
            if done {
                break;
            }
        }
    });
    Ok(Source {
        path: path.to_path_buf(),
        format: Format::Csv { delimiter },
        headers,
        header_row,
        batches: Box::new(rx.into_iter().map(|b| b.map(Batch::Csv))),
    })
}

/// A CSV record's fields as text (a byte-order mark dropped), or the line that is not UTF-8.
fn record_texts(
    record: &csv::ByteRecord,
    path: &Path,
    line: u64,
) -> Result<Vec<String>, FileError> {
    record
        .iter()
        .map(|h| {
            std::str::from_utf8(h)
                .map(|s| s.trim_start_matches('\u{feff}').to_string())
                .map_err(|_| csv_batch::not_utf8(path, line))
        })
        .collect()
}

fn json_cell(value: serde_json::Value) -> Cell {
    use serde_json::Value;
    match value {
        Value::Null => Cell::Empty,
        Value::Bool(b) => Cell::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Cell::Int(i),
            None => n.as_f64().map(Cell::Float).unwrap_or(Cell::Empty),
        },
        Value::String(s) if s.is_empty() => Cell::Empty,
        Value::String(s) => Cell::Text(s),
        other => Cell::Text(other.to_string()),
    }
}

type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Headers are the keys of all objects, in order of first appearance.
fn headers_of<'a>(objects: impl Iterator<Item = &'a JsonObject>) -> Vec<String> {
    let mut headers: Vec<String> = Vec::new();
    for object in objects {
        for key in object.keys() {
            if !headers.contains(key) {
                headers.push(key.clone());
            }
        }
    }
    headers
}

fn object_row(headers: &[String], line: u64, mut object: JsonObject) -> Row {
    let cells = headers
        .iter()
        .map(|h| object.remove(h).map(json_cell).unwrap_or(Cell::Empty))
        .collect();
    Row { line, cells }
}

/// Whether the file is one JSON object with an array member: the API shape
/// (`{"code": 1, "data": [...]}`, SIASN, e-Kinerja BKN), not NDJSON's one object per line.
fn wraps_an_array(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    match serde_json::from_reader::<_, serde_json::Value>(BufReader::new(file)) {
        Ok(serde_json::Value::Object(o)) => o.values().any(|v| v.is_array()),
        _ => false,
    }
}

/// The rows of a JSON array, or of the one array member of an object (the API envelope).
fn json_records(
    path: &Path,
    value: serde_json::Value,
) -> Result<Vec<serde_json::Value>, FileError> {
    let mut object = match value {
        serde_json::Value::Array(values) => return Ok(values),
        serde_json::Value::Object(o) => o,
        _ => {
            return Err(FileError::unreadable(
                path,
                "is not a JSON array of objects; export an array, or an object with one array of rows",
            ));
        }
    };
    let arrays: Vec<String> = object
        .iter()
        .filter(|(_, v)| v.is_array())
        .map(|(k, _)| k.clone())
        .collect();
    match arrays.as_slice() {
        [one] => match object.remove(one) {
            Some(serde_json::Value::Array(values)) => Ok(values),
            _ => unreachable!("the member is an array"),
        },
        [] => Err(FileError::unreadable(
            path,
            "is a JSON object without an array of rows; export an array of objects, or the API's \
             response with its rows under one member (\"data\": [...])",
        )),
        many => Err(FileError::unreadable(
            path,
            &format!(
                "is a JSON object with several arrays ({}); it is not clear which holds the rows: \
                 export that array alone",
                many.join(", ")
            ),
        )),
    }
}

fn open_json(path: &Path) -> Result<Source, FileError> {
    let file = File::open(path).map_err(|e| FileError::io(path, e))?;
    let value: serde_json::Value = serde_json::from_reader(BufReader::new(file)).map_err(|e| {
        FileError::unreadable(path, &format!("is not a JSON array of objects: {e}"))
    })?;
    let values = json_records(path, value)?;
    let mut objects = Vec::with_capacity(values.len());
    for (i, value) in values.into_iter().enumerate() {
        match value {
            serde_json::Value::Object(o) => objects.push(o),
            _ => {
                return Err(FileError::unreadable(
                    path,
                    &format!(
                        "record {} is not an object; export an array of objects",
                        i + 1
                    ),
                ));
            }
        }
    }
    let headers = headers_of(objects.iter());
    let hs = headers.clone();
    let rows = objects
        .into_iter()
        .enumerate()
        .map(move |(i, o)| Ok(object_row(&hs, i as u64 + 1, o)));
    Ok(Source {
        path: path.to_path_buf(),
        format: Format::Json,
        headers,
        header_row: 1,
        batches: in_batches(rows),
    })
}

fn ndjson_lines(
    path: &Path,
) -> Result<impl Iterator<Item = Result<(u64, JsonObject), FileError>> + use<>, FileError> {
    let file = File::open(path).map_err(|e| FileError::io(path, e))?;
    let owned = path.to_path_buf();
    Ok(BufReader::with_capacity(1 << 20, file)
        .lines()
        .enumerate()
        .filter_map(move |(i, line)| {
            let line_no = i as u64 + 1;
            let text = match line {
                Ok(t) => t,
                Err(_) => return Some(Err(csv_batch::not_utf8(&owned, line_no))),
            };
            let text = text.trim_start_matches('\u{feff}').trim();
            if text.is_empty() {
                return None;
            }
            Some(match serde_json::from_str::<serde_json::Value>(text) {
                Ok(serde_json::Value::Object(o)) => Ok((line_no, o)),
                _ => Err(FileError::unreadable(
                    &owned,
                    &format!("line {line_no} is not a JSON object; NDJSON has one object per line"),
                )),
            })
        }))
}

/// Two passes: the first collects the keys (headers), the second streams the rows.
fn open_ndjson(path: &Path) -> Result<Source, FileError> {
    let mut headers: Vec<String> = Vec::new();
    for item in ndjson_lines(path)? {
        let (_, object) = item?;
        for key in object.keys() {
            if !headers.contains(key) {
                headers.push(key.clone());
            }
        }
    }
    let hs = headers.clone();
    let rows = ndjson_lines(path)?.map(move |item| item.map(|(line, o)| object_row(&hs, line, o)));
    Ok(Source {
        path: path.to_path_buf(),
        format: Format::Ndjson,
        headers,
        header_row: 1,
        batches: in_batches(rows),
    })
}

fn xlsx_cell(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(Cell::DateTime)
            .unwrap_or(Cell::Float(dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

fn open_xlsx(
    path: &Path,
    sheet: Option<&str>,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Result<Source, FileError> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| {
        FileError::unreadable(path, &format!("is not a readable XLSX workbook: {e}"))
    })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(s) if names.iter().any(|n| n == s) => s.to_string(),
        Some(s) => {
            return Err(FileError::unreadable(
                path,
                &format!("has no sheet `{s}`; its sheets are: {}", names.join(", ")),
            ));
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| FileError::unreadable(path, "has no sheet"))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| FileError::unreadable(path, &format!("sheet `{name}` cannot be read: {e}")))?;
    let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let texts = |r: &[calamine::Data]| -> Vec<String> {
        r.iter()
            .map(|c| xlsx_cell(c).display().trim().to_string())
            .collect()
    };
    // A printed report's letterhead and title rows come first: the header is the first row
    // that names a kind's columns, else the first row (whose missing columns are then named).
    let skip = range
        .rows()
        .take(HEADER_SEARCH_ROWS)
        .position(|r| is_header(&texts(r)))
        .unwrap_or(0);
    let mut rows = range.rows().skip(skip);
    let headers = rows.next().map(texts).unwrap_or_default();
    let header_row = first_row + skip as u64 + 1;
    let data: Vec<Row> = rows
        .enumerate()
        .map(|(i, r)| Row {
            line: header_row + i as u64 + 1,
            cells: r.iter().map(xlsx_cell).collect(),
        })
        .filter(|row| row.cells.iter().any(|c| !c.is_empty()))
        .collect();
    Ok(Source {
        path: path.to_path_buf(),
        format: Format::Xlsx,
        headers,
        header_row,
        batches: in_batches(data.into_iter().map(Ok)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_sniffed_from_the_header_line() {
        assert_eq!(sniff_delimiter(b"nip;nama;\"a,b\"\n1,2,3,4"), b';');
        assert_eq!(sniff_delimiter(b"nip,nama,unit\n"), b',');
        assert_eq!(sniff_delimiter(b"nip\tnama\tunit\n"), b'\t');
    }
}
