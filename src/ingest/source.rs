//! Reading one export file, whatever its format, as a header and a stream of rows of [`Cell`]s
//! with the line (CSV/NDJSON), record number (JSON array) or row number (XLSX) of each row, so a
//! reject can point at the exact place.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::ingest::csv_batch::{self, CsvBatch};
use crate::ingest::error::FileError;
use crate::ingest::line_limit::LineLimit;
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
        Format::Json => super::json::open(path),
        Format::Ndjson => open_ndjson(path),
        Format::Xlsx => super::xlsx::open(path, sheet, is_header),
    }
}

fn open_csv(
    path: &Path,
    delimiter: u8,
    progress: &indicatif::ProgressBar,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Result<Source, FileError> {
    let end = unterminated_end(path);
    let file = progress.wrap_read(File::open(path).map_err(|e| FileError::io(path, e))?);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        // Lines end at `\n` only, so `\r\n` files count lines as `\n` ones do (SPEC section 1);
        // the `\r` is dropped from each record's last field (`CsvBatch::push`).
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(BufReader::with_capacity(1 << 20, LineLimit::new(file)));
    // The header is the first of the first rows that names the kind's columns (a report's
    // title lines may come first), else the first row; rows read past it are handed on.
    let mut first_rows: Vec<(u64, csv::ByteRecord)> = Vec::new();
    // (index in `first_rows`, line).
    let mut header_at = None;
    while first_rows.len() < HEADER_SEARCH_ROWS && header_at.is_none() {
        let mut record = csv::ByteRecord::new();
        match next_record(&mut reader, &mut record, end) {
            Ok(None) => break,
            Ok(Some(line)) => {
                let texts = record_texts(&record, path, line)?;
                if is_header(&texts) {
                    header_at = Some((first_rows.len(), line));
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
        crate::failpoint::panic_if("csv.reader");
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
                match next_record(&mut reader, &mut record, end) {
                    Ok(None) => break,
                    Ok(Some(line)) => batch.push(line, &record),
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

/// Reads the next record and the line it starts on. The reader's own record position counts
/// the blank lines skipped before a record as its own, so the line is worked back from where
/// the reader stands after the record: less its line end and those inside quoted fields.
/// `unterminated_end` is the file's length when its last line has no line end.
fn next_record<R: Read>(
    reader: &mut csv::Reader<R>,
    record: &mut csv::ByteRecord,
    unterminated_end: Option<u64>,
) -> csv::Result<Option<u64>> {
    let mut before = reader.position().line();
    loop {
        if !reader.read_byte_record(record)? {
            return Ok(None);
        }
        // A blank `\r\n` line is a blank line, as the reader skips a blank `\n` one.
        if record.len() == 1 && &record[0] == b"\r" {
            before = reader.position().line();
            continue;
        }
        break;
    }
    let after = reader.position();
    let terminator = u64::from(unterminated_end != Some(after.byte()));
    if after.line() == before + terminator {
        return Ok(Some(before));
    }
    let inside = record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
    Ok(Some(after.line() - terminator - inside))
}

/// The file's length when its last byte is not a line end.
fn unterminated_end(path: &Path) -> Option<u64> {
    use std::io::{Seek, SeekFrom};
    let mut file = File::open(path).ok()?;
    let len = file.seek(SeekFrom::End(0)).ok()?;
    file.seek(SeekFrom::End(-1)).ok()?;
    let mut last = [0u8];
    file.read_exact(&mut last).ok()?;
    (last[0] != b'\n').then_some(len)
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
                .map(|s| {
                    s.trim_start_matches('\u{feff}')
                        .trim_end_matches('\r')
                        .to_string()
                })
                .map_err(|_| csv_batch::not_utf8(path, line))
        })
        .collect()
}

use super::json::{JsonObject, add_keys, object_row, wraps_an_array};

fn ndjson_lines(
    path: &Path,
) -> Result<impl Iterator<Item = Result<(u64, JsonObject), FileError>> + use<>, FileError> {
    let file = File::open(path).map_err(|e| FileError::io(path, e))?;
    let owned = path.to_path_buf();
    let mut reader = BufReader::with_capacity(1 << 20, LineLimit::new(file));
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    Ok(std::iter::from_fn(move || {
        loop {
            buf.clear();
            line_no += 1;
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    return Some(Err(FileError::unreadable(
                        &owned,
                        &format!("line {line_no}: {e}"),
                    )));
                }
            }
            let Ok(text) = std::str::from_utf8(&buf) else {
                return Some(Err(csv_batch::not_utf8(&owned, line_no)));
            };
            let text = text.trim_start_matches('\u{feff}').trim();
            if text.is_empty() {
                continue;
            }
            return Some(match serde_json::from_str::<serde_json::Value>(text) {
                Ok(serde_json::Value::Object(o)) => Ok((line_no, o)),
                _ => Err(FileError::unreadable(
                    &owned,
                    &format!("line {line_no} is not a JSON object; NDJSON has one object per line"),
                )),
            });
        }
    }))
}

/// Two passes: the first collects the keys (headers), the second streams the rows.
fn open_ndjson(path: &Path) -> Result<Source, FileError> {
    let mut headers: Vec<String> = Vec::new();
    for item in ndjson_lines(path)? {
        let (_, object) = item?;
        add_keys(&mut headers, &object);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<u64> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        let end = (!text.ends_with('\n')).then_some(text.len() as u64);
        std::iter::from_fn(|| next_record(&mut reader, &mut record, end).unwrap()).collect()
    }

    #[test]
    fn a_record_is_on_the_line_it_starts_on_whatever_the_line_ends() {
        assert_eq!(lines_of("h\n1\n2\n"), [1, 2, 3]);
        assert_eq!(lines_of("h\r\n1\r\n2\r\n"), [1, 2, 3]);
        assert_eq!(lines_of("h\n1\r\n2\n3"), [1, 2, 3, 4]);
        // Blank lines are skipped, and the last line needs no line end.
        assert_eq!(lines_of("h\n\n1\n\n\n2"), [1, 3, 6]);
        assert_eq!(lines_of("h\r\n\r\n1\r\n"), [1, 3]);
        // A quoted field over two lines: the record is on its first.
        assert_eq!(lines_of("h\n\"a\nb\",x\n2\n"), [1, 2, 4]);
        assert_eq!(lines_of("h\r\n\"a\r\nb\",x\r\n2\r\n"), [1, 2, 4]);
    }

    #[test]
    fn delimiter_is_sniffed_from_the_header_line() {
        assert_eq!(sniff_delimiter(b"nip;nama;\"a,b\"\n1,2,3,4"), b';');
        assert_eq!(sniff_delimiter(b"nip,nama,unit\n"), b',');
        assert_eq!(sniff_delimiter(b"nip\tnama\tunit\n"), b'\t');
    }
}
