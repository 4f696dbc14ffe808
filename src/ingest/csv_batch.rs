//! CSV records as the reader thread hands them over: every field's bytes in one buffer, so a
//! batch of rows costs a few allocations instead of one per field, and the validators borrow
//! field text straight from it.

use std::path::Path;

use crate::ingest::error::FileError;
use crate::ingest::source::Row;
use crate::values::Cell;

/// Most bytes one batch holds, so one pathological row cannot make a batch huge.
const MAX_BYTES: usize = 64 << 20;

/// How much a batch held, to size the next one.
#[derive(Clone, Copy)]
pub struct BatchSize {
    bytes: usize,
    spans: usize,
}

#[derive(Default)]
pub struct CsvBatch {
    bytes: Vec<u8>,
    /// `bytes` as text, once `seal` found all of it UTF-8 (then `bytes` is empty): checking the
    /// batch at once is much cheaper than field by field.
    text: Option<String>,
    /// (start, end) of every field in `bytes`, row after row (a batch holds under 4 GiB).
    spans: Vec<(u32, u32)>,
    /// Where each row's fields start in `spans`; one more entry than rows.
    rows: Vec<usize>,
    /// Each row's 1-based line in the file.
    lines: Vec<u64>,
}

impl CsvBatch {
    /// An empty batch sized like `previous` (a guess for the first): growing the buffers by
    /// doubling cost the reader thread a sixth of its time in copies and fresh pages (perf).
    pub fn sized_like(previous: Option<BatchSize>, rows: usize) -> Self {
        let (bytes, spans) = match previous {
            Some(BatchSize { bytes, spans }) => (bytes + bytes / 8, spans + spans / 8),
            None => (rows * 128, rows * 16),
        };
        let mut batch = CsvBatch {
            bytes: Vec::with_capacity(bytes),
            spans: Vec::with_capacity(spans),
            rows: Vec::with_capacity(rows + 1),
            lines: Vec::with_capacity(rows),
            text: None,
        };
        batch.rows.push(0);
        batch
    }

    pub fn push(&mut self, line: u64, record: &csv::ByteRecord) {
        let base = self.bytes.len();
        self.bytes.extend_from_slice(record.as_slice());
        for i in 0..record.len() {
            let range = record.range(i).expect("field index within the record");
            let mut end = base + range.end;
            // Lines split at `\n`: a `\r\n` line's `\r` ends its last field, and is dropped.
            if i + 1 == record.len() && end > base + range.start && self.bytes[end - 1] == b'\r' {
                end -= 1;
            }
            // Within MAX_BYTES plus one record, far below 4 GiB.
            self.spans.push(((base + range.start) as u32, end as u32));
        }
        self.rows.push(self.spans.len());
        self.lines.push(line);
    }

    /// Ends filling: checks the whole batch's text at once.
    pub fn seal(&mut self) {
        match String::from_utf8(std::mem::take(&mut self.bytes)) {
            Ok(text) => self.text = Some(text),
            Err(e) => self.bytes = e.into_bytes(),
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn is_full(&self, rows: usize) -> bool {
        self.len() >= rows || self.bytes.len() >= MAX_BYTES
    }

    pub fn size(&self) -> BatchSize {
        BatchSize {
            bytes: self.text.as_ref().map_or(self.bytes.len(), String::len),
            spans: self.spans.len(),
        }
    }

    pub fn line(&self, row: usize) -> u64 {
        self.lines[row]
    }

    /// Row `row`'s fields as text, into `out` (cleared first); an error names the line when a
    /// field is not UTF-8.
    pub fn texts<'b>(
        &'b self,
        row: usize,
        path: &Path,
        out: &mut Vec<&'b str>,
    ) -> Result<(), FileError> {
        out.clear();
        for &(start, end) in &self.spans[self.rows[row]..self.rows[row + 1]] {
            let (start, end) = (start as usize, end as usize);
            // A field of valid text is valid unless a character straddles its edge.
            let text = match &self.text {
                Some(whole) => whole.get(start..end),
                None => std::str::from_utf8(&self.bytes[start..end]).ok(),
            };
            out.push(text.ok_or_else(|| not_utf8(path, self.lines[row]))?);
        }
        Ok(())
    }

    /// The rows as cells, for validating row by row.
    pub fn into_rows(self, path: &Path) -> Result<Vec<Row>, FileError> {
        let mut texts = Vec::new();
        (0..self.len())
            .map(|row| {
                self.texts(row, path, &mut texts)?;
                let cells = texts
                    .iter()
                    .map(|t| match *t {
                        "" => Cell::Empty,
                        t => Cell::Text(t.to_string()),
                    })
                    .collect();
                Ok(Row {
                    line: self.lines[row],
                    cells,
                })
            })
            .collect()
    }
}

pub fn not_utf8(path: &Path, line: u64) -> FileError {
    FileError::unreadable(
        path,
        &format!(
            "line {line} is not UTF-8 text; save the file as \"CSV UTF-8\" and ingest it again"
        ),
    )
}
