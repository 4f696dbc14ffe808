//! The allowance workbook for finance: a summary sheet with one row per unit and a grand total,
//! then one sheet per agency (top-level unit) listing its employees. Amounts are numeric cells in
//! Rupiah format; text is neutralised against formula injection.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use polars::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::compute::output::neutralise;
use crate::money_columns::{MONEY_COLUMNS, heading};

pub struct Header<'a> {
    pub period: &'a str,
    pub rules_sha256: &'a str,
    pub inputs: &'a str,
    /// The rules' employee BPJS share, for its column heading.
    pub bpjs_employee_pct: String,
}

fn text(ws: &mut Worksheet, row: u32, col: u16, value: &str) -> Result<(), XlsxError> {
    ws.write_string(row, col, neutralise(value).as_ref())?;
    Ok(())
}

fn header(ws: &mut Worksheet, title: &str, h: &Header, bold: &Format) -> Result<u32, XlsxError> {
    ws.write_string_with_format(0, 0, title, bold)?;
    ws.write_string(1, 0, format!("Periode: {}", h.period))?;
    ws.write_string(2, 0, format!("Aturan (sha256): {}", h.rules_sha256))?;
    ws.write_string(3, 0, format!("Sumber data: {}", h.inputs))?;
    Ok(5)
}

/// The money columns' headings from column 3 of `row` on.
fn money_headings(
    ws: &mut Worksheet,
    row: u32,
    h: &Header,
    bold: &Format,
) -> Result<(), XlsxError> {
    for (k, (column, _)) in MONEY_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(
            row,
            3 + k as u16,
            heading(column, &h.bpjs_employee_pct),
            bold,
        )?;
    }
    Ok(())
}

fn sheet_name(unit: &str, used: &mut Vec<String>) -> String {
    let clean: String = unit
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("{clean}~{n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

/// A workbook whose creation date is fixed, so the same inputs give the same bytes.
pub fn new_book() -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
    );
    Ok(book)
}

/// Whole rupiah as finance reads them: `Rp 1.234.567` in an Indonesian Excel.
pub fn rupiah_format() -> Format {
    Format::new().set_num_format("\"Rp\" #,##0")
}

const READINESS_SHEET: &str = "Kesiapan Bayar";

/// Pay readiness per agency (SPEC 12), as the `readiness` table has it: what holds each back.
fn readiness_sheet(
    book: &mut Workbook,
    readiness: &DataFrame,
    h: &Header,
    bold: &Format,
) -> Result<(), Box<dyn std::error::Error>> {
    let ws = book.add_worksheet();
    ws.set_name(READINESS_SHEET)?;
    let mut row = header(ws, "Kesiapan pembayaran TPP per OPD", h, bold)?;
    let columns = [
        ("unit_id", "Kode OPD"),
        ("name", "OPD"),
        ("ready", "Siap dibayar"),
        ("employees", "Pegawai"),
        ("entries", "Aktivitas"),
        ("pending_entries", "Belum diverifikasi"),
        ("pending_share", "Porsi belum diverifikasi"),
        ("no_evaluation", "Tanpa penilaian"),
        ("no_base", "Tanpa besaran TPP"),
        ("no_attendance", "Tanpa presensi"),
        ("unknown_unit", "Unit tidak dikenal"),
    ];
    for (c, (_, label)) in columns.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *label, bold)?;
    }
    row += 1;
    let percent = Format::new().set_num_format("0.00%");
    for i in 0..readiness.height() {
        for (c, (name, _)) in columns.iter().enumerate() {
            let c = c as u16;
            match readiness.column(name)?.get(i)? {
                AnyValue::String(v) => text(ws, row, c, v)?,
                AnyValue::Boolean(v) => {
                    ws.write_string(row, c, if v { "Ya" } else { "Tidak" })?;
                }
                AnyValue::Int64(v) => {
                    ws.write_number(row, c, v as f64)?;
                }
                AnyValue::Float64(v) => {
                    ws.write_number_with_format(row, c, v, &percent)?;
                }
                _ => {}
            }
        }
        row += 1;
    }
    ws.set_column_width(1, 40)?;
    Ok(())
}

pub fn write(
    path: &Path,
    allowance: &DataFrame,
    units: &DataFrame,
    readiness: &DataFrame,
    h: &Header,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = new_book()?;
    let bold = Format::new().set_bold();
    let rupiah = rupiah_format();
    let rupiah_bold = Format::new().set_num_format("\"Rp\" #,##0").set_bold();

    let unit_names: HashMap<String, String> = units
        .column("unit_id")?
        .str()?
        .iter()
        .zip(units.column("name")?.str()?.iter())
        .map(|(i, n)| {
            (
                i.unwrap_or_default().to_string(),
                n.unwrap_or_default().to_string(),
            )
        })
        .collect();
    let tree = crate::unit_tree::UnitTree::from_frame(units)?;
    let nips: Vec<&str> = allowance
        .column("nip")?
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default())
        .collect();
    let names: Vec<&str> = allowance
        .column("name")?
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default())
        .collect();
    let unit_ids: Vec<&str> = allowance
        .column("unit_id")?
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default())
        .collect();
    let money: Vec<Vec<i64>> = MONEY_COLUMNS
        .iter()
        .map(|(c, _)| {
            Ok(allowance
                .column(c)?
                .i64()?
                .iter()
                .map(|v| v.unwrap_or(0))
                .collect())
        })
        .collect::<PolarsResult<_>>()?;

    // Summary: per unit (its own employees), in unit order, and the grand total.
    let mut per_unit: BTreeMap<&str, (usize, Vec<i64>)> = BTreeMap::new();
    for (i, u) in unit_ids.iter().enumerate() {
        let (employees, sums) = per_unit
            .entry(u)
            .or_insert_with(|| (0, vec![0; MONEY_COLUMNS.len()]));
        *employees += 1;
        for (k, column) in money.iter().enumerate() {
            sums[k] += column[i];
        }
    }
    let ws = book.add_worksheet();
    ws.set_name("Ringkasan")?;
    let mut row = header(ws, "Rekapitulasi TPP per unit kerja", h, &bold)?;
    ws.write_string_with_format(row, 0, "Kode Unit", &bold)?;
    ws.write_string_with_format(row, 1, "Unit Kerja", &bold)?;
    ws.write_string_with_format(row, 2, "Pegawai", &bold)?;
    money_headings(ws, row, h, &bold)?;
    row += 1;
    let mut total = vec![0i64; MONEY_COLUMNS.len()];
    for (unit, (employees, sums)) in &per_unit {
        text(ws, row, 0, unit)?;
        text(
            ws,
            row,
            1,
            unit_names.get(*unit).map(String::as_str).unwrap_or(""),
        )?;
        ws.write_number(row, 2, *employees as f64)?;
        for (k, v) in sums.iter().enumerate() {
            ws.write_number_with_format(row, 3 + k as u16, *v as f64, &rupiah)?;
            total[k] += v;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, "JUMLAH", &bold)?;
    ws.write_number_with_format(row, 2, nips.len() as f64, &bold)?;
    for (k, v) in total.iter().enumerate() {
        ws.write_number_with_format(row, 3 + k as u16, *v as f64, &rupiah_bold)?;
    }
    ws.set_column_width(1, 40)?;
    readiness_sheet(&mut book, readiness, h, &bold)?;

    // One sheet per agency with its employees.
    let mut by_agency: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, u) in unit_ids.iter().enumerate() {
        by_agency.entry(tree.agency(u)).or_default().push(i);
    }
    let mut used = vec!["Ringkasan".to_string(), READINESS_SHEET.to_string()];
    for (agency, members) in by_agency {
        // Rows go straight to a temporary file: a national roster has a million of them.
        let ws = book.add_worksheet_with_constant_memory()?;
        ws.set_name(sheet_name(&agency, &mut used))?;
        let title = format!(
            "TPP {} {}",
            agency,
            unit_names.get(&agency).map(String::as_str).unwrap_or("")
        );
        let mut row = header(ws, &title, h, &bold)?;
        for (c, label) in ["NIP", "Nama", "Kode Unit"].iter().enumerate() {
            ws.write_string_with_format(row, c as u16, *label, &bold)?;
        }
        money_headings(ws, row, h, &bold)?;
        row += 1;
        let mut sums = vec![0i64; MONEY_COLUMNS.len()];
        for i in members {
            text(ws, row, 0, nips[i])?;
            text(ws, row, 1, names[i])?;
            text(ws, row, 2, unit_ids[i])?;
            for (k, column) in money.iter().enumerate() {
                ws.write_number_with_format(row, 3 + k as u16, column[i] as f64, &rupiah)?;
                sums[k] += column[i];
            }
            row += 1;
        }
        ws.write_string_with_format(row, 0, "JUMLAH", &bold)?;
        for (k, v) in sums.iter().enumerate() {
            ws.write_number_with_format(row, 3 + k as u16, *v as f64, &rupiah_bold)?;
        }
        ws.set_column_width(0, 20)?;
        ws.set_column_width(1, 28)?;
    }
    book.save(path)?;
    Ok(())
}
