//! Writing one generated export file, row by row, in the format real systems produce:
//! `,` CSV with ISO dates, `;` CSV in Indonesian form (`31/10/2026`, `1,5`, `5.000.000`),
//! JSON arrays or an API's envelope (`{"code": 1, "data": [...]}`, as SIASN and e-Kinerja BKN
//! answer), or XLSX with real date cells (constant memory, so large sheets stay flat), plain or
//! as a printed report with a letterhead above the header.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Empty,
    Text(String),
    Int(i64),
    Num(f64),
    Money(i64),
    Date(NaiveDate),
    /// Minutes after midnight.
    Time(u32),
    /// Local time.
    Stamp(NaiveDateTime),
    Bool(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    CsvComma,
    CsvSemicolon,
    Json,
    /// The rows under `data` of an API response.
    JsonApi,
    Xlsx,
    /// A printed report: letterhead and title rows, a blank row, then the header.
    XlsxReport,
}

/// The rows a report-style sheet puts above its header.
const LETTERHEAD: [&str; 2] = ["PEMERINTAH KABUPATEN CONTOH", "BADAN KEPEGAWAIAN DAERAH"];

impl FileFormat {
    pub fn extension(&self) -> &'static str {
        match self {
            FileFormat::CsvComma | FileFormat::CsvSemicolon => "csv",
            FileFormat::Json | FileFormat::JsonApi => "json",
            FileFormat::Xlsx | FileFormat::XlsxReport => "xlsx",
        }
    }
}

const XLSX_MAX_ROWS: u32 = 1_048_576;

enum Sink {
    Csv(csv::Writer<BufWriter<File>>),
    Json {
        out: BufWriter<File>,
        first: bool,
    },
    Xlsx {
        book: Box<rust_xlsxwriter::Workbook>,
        row: u32,
        date: rust_xlsxwriter::Format,
        stamp: rust_xlsxwriter::Format,
    },
}

pub struct RecordWriter {
    path: PathBuf,
    format: FileFormat,
    headers: Vec<String>,
    sink: Sink,
}

fn io_err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

fn excel_serial(dt: NaiveDateTime) -> f64 {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)
        .expect("date")
        .and_hms_opt(0, 0, 0)
        .expect("time");
    (dt - base).num_seconds() as f64 / 86_400.0
}

/// `5000000` → `5.000.000`.
fn grouped(v: i64) -> String {
    let digits = v.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    if v < 0 { format!("-{out}") } else { out }
}

impl RecordWriter {
    /// Creates `<stem>.<ext>`, writing the header row.
    pub fn create(
        stem: &Path,
        format: FileFormat,
        headers: &[&str],
        sheet: &str,
    ) -> std::io::Result<RecordWriter> {
        let path = stem.with_extension(format.extension());
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let sink = match format {
            FileFormat::CsvComma | FileFormat::CsvSemicolon => {
                let delimiter = if format == FileFormat::CsvSemicolon {
                    b';'
                } else {
                    b','
                };
                let mut w = csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .from_writer(BufWriter::with_capacity(1 << 20, File::create(&path)?));
                w.write_record(&headers)?;
                Sink::Csv(w)
            }
            FileFormat::Json | FileFormat::JsonApi => {
                let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
                if format == FileFormat::JsonApi {
                    out.write_all(br#"{"code": 1, "message": "success", "data": "#)?;
                }
                out.write_all(b"[")?;
                Sink::Json { out, first: true }
            }
            FileFormat::Xlsx | FileFormat::XlsxReport => {
                let mut book = Box::new(rust_xlsxwriter::Workbook::new());
                // A fixed creation time keeps the same seed's files byte-identical.
                let created =
                    rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 1).map_err(io_err)?;
                book.set_properties(
                    &rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created),
                );
                let ws = book.add_worksheet_with_constant_memory().map_err(io_err)?;
                ws.set_name(sheet).map_err(io_err)?;
                let bold = rust_xlsxwriter::Format::new().set_bold();
                let mut header_row = 0;
                if format == FileFormat::XlsxReport {
                    let title = format!("DAFTAR {}", sheet.to_uppercase());
                    for line in LETTERHEAD.iter().copied().chain([title.as_str()]) {
                        ws.write_string_with_format(header_row, 0, line, &bold)
                            .map_err(io_err)?;
                        header_row += 1;
                    }
                    header_row += 1;
                }
                for (c, h) in headers.iter().enumerate() {
                    ws.write_string_with_format(header_row, c as u16, h, &bold)
                        .map_err(io_err)?;
                }
                Sink::Xlsx {
                    book,
                    row: header_row + 1,
                    date: rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy"),
                    stamp: rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy hh:mm:ss"),
                }
            }
        };
        Ok(RecordWriter {
            path,
            format,
            headers,
            sink,
        })
    }

    fn text(&self, field: &Field) -> String {
        let semicolon = self.format == FileFormat::CsvSemicolon;
        match field {
            Field::Empty => String::new(),
            Field::Text(s) => s.clone(),
            Field::Int(i) => i.to_string(),
            Field::Num(f) if semicolon => f.to_string().replace('.', ","),
            Field::Num(f) => f.to_string(),
            Field::Money(m) if semicolon => grouped(*m),
            Field::Money(m) => m.to_string(),
            Field::Date(d) if semicolon => d.format("%d/%m/%Y").to_string(),
            Field::Date(d) => d.format("%Y-%m-%d").to_string(),
            Field::Time(m) => format!("{:02}:{:02}", m / 60, m % 60),
            Field::Stamp(s) if semicolon => s.format("%d/%m/%Y %H:%M").to_string(),
            Field::Stamp(s) if matches!(self.format, FileFormat::Json | FileFormat::JsonApi) => {
                s.format("%Y-%m-%dT%H:%M:%S+07:00").to_string()
            }
            Field::Stamp(s) => s.format("%Y-%m-%d %H:%M:%S").to_string(),
            Field::Bool(b) => (if *b { "1" } else { "0" }).to_string(),
        }
    }

    pub fn row(&mut self, fields: &[Field]) -> std::io::Result<()> {
        debug_assert_eq!(fields.len(), self.headers.len());
        let texts: Vec<String> = match self.sink {
            Sink::Xlsx { .. } => Vec::new(),
            _ => fields.iter().map(|f| self.text(f)).collect(),
        };
        match &mut self.sink {
            Sink::Csv(w) => w.write_record(&texts)?,
            Sink::Json { out, first } => {
                let mut object = serde_json::Map::new();
                for ((h, f), t) in self.headers.iter().zip(fields).zip(texts) {
                    let value = match f {
                        Field::Empty => serde_json::Value::Null,
                        Field::Int(i) | Field::Money(i) => (*i).into(),
                        Field::Num(n) => serde_json::Number::from_f64(*n)
                            .map(Into::into)
                            .unwrap_or_default(),
                        Field::Bool(b) => (*b).into(),
                        _ => t.into(),
                    };
                    object.insert(h.clone(), value);
                }
                out.write_all(if *first { b"\n" } else { b",\n" })?;
                *first = false;
                serde_json::to_writer(&mut *out, &object)?;
            }
            Sink::Xlsx {
                book,
                row,
                date,
                stamp,
            } => {
                if *row >= XLSX_MAX_ROWS {
                    return Err(io_err(format!(
                        "{} would exceed Excel's 1,048,576 rows; use --format csv for this size",
                        self.path.display()
                    )));
                }
                let ws = book.worksheet_from_index(0).map_err(io_err)?;
                for (c, f) in fields.iter().enumerate() {
                    let c = c as u16;
                    let r = *row;
                    match f {
                        Field::Empty => continue,
                        Field::Text(s) => ws.write_string(r, c, s),
                        Field::Int(i) | Field::Money(i) => ws.write_number(r, c, *i as f64),
                        Field::Num(n) => ws.write_number(r, c, *n),
                        Field::Date(d) => ws.write_number_with_format(
                            r,
                            c,
                            excel_serial(d.and_hms_opt(0, 0, 0).expect("midnight")),
                            date,
                        ),
                        Field::Time(m) => {
                            ws.write_string(r, c, format!("{:02}:{:02}", m / 60, m % 60))
                        }
                        Field::Stamp(s) => {
                            ws.write_number_with_format(r, c, excel_serial(*s), stamp)
                        }
                        Field::Bool(b) => ws.write_number(r, c, if *b { 1.0 } else { 0.0 }),
                    }
                    .map_err(io_err)?;
                }
                *row += 1;
            }
        }
        Ok(())
    }

    pub fn finish(self) -> std::io::Result<PathBuf> {
        match self.sink {
            Sink::Csv(mut w) => w.flush()?,
            Sink::Json { mut out, .. } => {
                out.write_all(b"\n]")?;
                if self.format == FileFormat::JsonApi {
                    out.write_all(b"}")?;
                }
                out.write_all(b"\n")?;
                out.flush()?;
            }
            Sink::Xlsx { mut book, .. } => book.save(&self.path).map_err(io_err)?,
        }
        Ok(self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_are_grouped_with_dots() {
        assert_eq!(grouped(5_000_000), "5.000.000");
        assert_eq!(grouped(450), "450");
        assert_eq!(grouped(1_000), "1.000");
    }
}
