//! Reading an XLSX sheet as a stream of rows, cell by cell in the order the sheet's XML holds
//! them: memory follows the cells present and the header's width, never the range a sheet
//! declares or spans (one cell at `XFD1048576` once made a 512 GiB grid, issue 19). A reader
//! thread owns the workbook; the header is found among the first rows it hands over.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{DataRef, Reader};

use super::error::FileError;
use super::source::{Batch, Format, HEADER_SEARCH_ROWS, Row, Source};
use crate::values::Cell;

/// A sheet's size in Excel: a cell outside it is not a spreadsheet's, and is an error.
const EXCEL_ROWS: u32 = 1_048_576;
const EXCEL_COLUMNS: u32 = 16_384;

/// Rows, and cells, a batch holds at most: memory for one batch stays near 100 MiB however wide
/// or long the sheet.
const BATCH_ROWS: usize = 32_768;
const BATCH_CELLS: usize = 4 << 20;

pub(super) fn cell_of(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) => Cell::DateTime(dt),
            None => Cell::Float(d.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

enum Message {
    /// The first non-empty rows, among which the header is.
    First(Vec<Row>),
    Rows(Vec<Row>),
    Failed(FileError),
}

pub fn open(
    path: &Path,
    sheet: Option<&str>,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Result<Source, FileError> {
    let (tx, rx) = sync_channel::<Message>(2);
    let (width_tx, width_rx) = sync_channel::<usize>(1);
    let owned = path.to_path_buf();
    let sheet = sheet.map(str::to_string);
    std::thread::spawn(move || {
        if let Err(e) = read_sheet(&owned, sheet.as_deref(), &tx, &width_rx) {
            let _ = tx.send(Message::Failed(e));
        }
    });
    let mut first = match rx.recv() {
        Ok(Message::First(rows)) => rows,
        Ok(Message::Failed(e)) => return Err(e),
        Ok(Message::Rows(_)) | Err(_) => {
            return Err(FileError::unreadable(path, "the sheet reader stopped"));
        }
    };
    let texts = |r: &Row| -> Vec<String> {
        r.cells
            .iter()
            .map(|c| c.display().trim().to_string())
            .collect()
    };
    // A printed report's letterhead and title rows come first: the header is the first row
    // that names a kind's columns, else the first row (whose missing columns are then named).
    let at = first.iter().position(|r| is_header(&texts(r))).unwrap_or(0);
    let mut rest = first.split_off((at + 1).min(first.len()));
    let (headers, header_row) = match first.pop() {
        Some(row) => (texts(&row), row.line),
        None => (Vec::new(), 1),
    };
    // Cells right of the header have no column: the reader drops them, and here they go from
    // the first rows, read before the header was known.
    let _ = width_tx.send(headers.len());
    for row in &mut rest {
        row.cells.truncate(headers.len());
    }
    rest.retain(|row| row.cells.iter().any(|c| !c.is_empty()));
    let first_batch = (!rest.is_empty()).then_some(Ok(Batch::Rows(rest)));
    let streamed = rx.into_iter().map_while(|m| match m {
        Message::Rows(rows) => Some(Ok(Batch::Rows(rows))),
        Message::Failed(e) => Some(Err(e)),
        Message::First(_) => None,
    });
    Ok(Source {
        path: path.to_path_buf(),
        format: Format::Xlsx,
        headers,
        header_row,
        batches: Box::new(first_batch.into_iter().chain(streamed)),
    })
}

/// The reader thread: the first rows, then (once the header's width is known) the rest in
/// batches.
fn read_sheet(
    path: &PathBuf,
    sheet: Option<&str>,
    tx: &SyncSender<Message>,
    width_rx: &Receiver<usize>,
) -> Result<(), FileError> {
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|e| {
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
    let unreadable =
        |e: calamine::XlsxError| FileError::unreadable(path, &format!("sheet `{name}`: {e}"));
    let mut cells = workbook.worksheet_cells_reader(&name).map_err(unreadable)?;
    let mut rows = SheetRows::default();
    // The first rows, until handed over with the header among them.
    let mut first = Some(Vec::new());
    let mut width = EXCEL_COLUMNS as usize;
    let mut batch = Vec::new();
    let mut batch_cells = 0;
    loop {
        let next = cells.next_cell().map_err(unreadable)?;
        let done = next.is_none();
        let finished_row = match next {
            Some(cell) => {
                let (r, c) = cell.get_position();
                if r >= EXCEL_ROWS || c >= EXCEL_COLUMNS {
                    return Err(FileError::unreadable(
                        path,
                        &format!(
                            "sheet `{name}` has a cell at row {}, column {}, outside the \
                             {EXCEL_ROWS} rows and {EXCEL_COLUMNS} columns of a spreadsheet",
                            r as u64 + 1,
                            c as u64 + 1
                        ),
                    ));
                }
                rows.add(path, r, c, cell.get_value(), width)?
            }
            None => rows.finish(width),
        };
        if let Some(row) = finished_row {
            match first.as_mut() {
                Some(rows) => {
                    rows.push(row);
                    if rows.len() == HEADER_SEARCH_ROWS {
                        match hand_over_first(tx, width_rx, first.take()) {
                            Some(w) => width = w,
                            None => return Ok(()),
                        }
                    }
                }
                None => {
                    batch_cells += row.cells.len();
                    batch.push(row);
                    if batch.len() >= BATCH_ROWS || batch_cells >= BATCH_CELLS {
                        batch_cells = 0;
                        if tx.send(Message::Rows(std::mem::take(&mut batch))).is_err() {
                            return Ok(());
                        }
                    }
                }
            }
        }
        if done {
            break;
        }
    }
    if first.is_some() {
        hand_over_first(tx, width_rx, first.take());
    }
    if !batch.is_empty() {
        let _ = tx.send(Message::Rows(batch));
    }
    Ok(())
}

/// Sends the first rows and waits for the header's width; none when the run stopped reading.
fn hand_over_first(
    tx: &SyncSender<Message>,
    width_rx: &Receiver<usize>,
    first: Option<Vec<Row>>,
) -> Option<usize> {
    tx.send(Message::First(first.unwrap_or_default())).ok()?;
    width_rx.recv().ok()
}

/// The row being assembled from its cells, as (column, cell) pairs.
#[derive(Default)]
struct SheetRows {
    row: Option<u32>,
    cells: Vec<(u32, Cell)>,
}

impl SheetRows {
    /// Adds a cell; returns the row before it when the cell starts a new one.
    fn add(
        &mut self,
        path: &Path,
        r: u32,
        c: u32,
        value: &DataRef,
        width: usize,
    ) -> Result<Option<Row>, FileError> {
        let finished = match self.row {
            Some(current) if r < current => {
                return Err(FileError::unreadable(
                    path,
                    &format!(
                        "its sheet lists row {} after row {}; open it in a spreadsheet and save \
                         it again",
                        r as u64 + 1,
                        current as u64 + 1
                    ),
                ));
            }
            Some(current) if r > current => self.finish(width),
            _ => None,
        };
        self.row = Some(r);
        let cell = cell_of(&calamine::Data::from(value.clone()));
        if (c as usize) < width && !cell.is_empty() {
            self.cells.push((c, cell));
        }
        Ok(finished)
    }

    /// The assembled row, dense up to its last cell within `width`; none for an empty row.
    fn finish(&mut self, width: usize) -> Option<Row> {
        let r = self.row.take()?;
        let cells = std::mem::take(&mut self.cells);
        let last = cells.iter().map(|(c, _)| *c as usize).max()?;
        let mut dense = vec![Cell::Empty; (last + 1).min(width)];
        for (c, cell) in cells {
            if let Some(slot) = dense.get_mut(c as usize) {
                *slot = cell;
            }
        }
        Some(Row {
            line: r as u64 + 1,
            cells: dense,
        })
    }
}
