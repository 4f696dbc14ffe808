//! `whatif.xlsx`: the summary (one line per figure), then the units, the employees and the
//! grade-class checks, a sheet each, as the CSV tables have them. Money and counts are numeric
//! cells (rupiah in Rupiah format); text is neutralised against formula injection. A fixed
//! creation date keeps the file byte-identical for the same inputs.

use std::path::Path;

use polars::prelude::*;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::{Computed, Tables, WhatifOptions};
use crate::compute::output::neutralise;

type Failed = Box<dyn std::error::Error>;

/// Columns that hold rupiah (the others are counts, text or flags).
fn is_money(column: &str) -> bool {
    [
        "gross",
        "net",
        "base",
        "bpjs",
        "cost",
        "largest_gain",
        "largest_loss",
    ]
    .iter()
    .any(|m| column.contains(m))
        && !column.ends_with("_nip")
}

fn cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: AnyValue,
    rupiah: &Format,
) -> Result<(), Failed> {
    match value {
        AnyValue::Null => {}
        AnyValue::Int64(v) => {
            ws.write_number_with_format(row, col, v as f64, rupiah)?;
        }
        AnyValue::Boolean(v) => {
            ws.write_boolean(row, col, v)?;
        }
        AnyValue::String(s) => {
            ws.write_string(row, col, neutralise(s).as_ref())?;
        }
        AnyValue::StringOwned(s) => {
            ws.write_string(row, col, neutralise(s.as_str()).as_ref())?;
        }
        other => {
            ws.write_string(row, col, neutralise(&other.to_string()).as_ref())?;
        }
    }
    Ok(())
}

fn sheet(
    book: &mut Workbook,
    name: &str,
    df: &DataFrame,
    bold: &Format,
    rupiah: &Format,
    count: &Format,
) -> Result<(), Failed> {
    let ws = book.add_worksheet().set_name(name)?;
    for (c, column) in df.columns().iter().enumerate() {
        ws.write_string_with_format(0, c as u16, column.name().as_str(), bold)?;
        let format = if is_money(column.name()) {
            rupiah
        } else {
            count
        };
        for r in 0..df.height() {
            cell(ws, r as u32 + 1, c as u16, column.get(r)?, format)?;
        }
    }
    ws.autofit();
    Ok(())
}

pub fn write(
    path: &Path,
    built: &Tables,
    computed: &Computed,
    opts: &WhatifOptions,
) -> Result<(), Failed> {
    let mut book = crate::compute::workbook::new_book()?;
    let bold = Format::new().set_bold();
    let rupiah = crate::compute::workbook::rupiah_format();
    let count = Format::new().set_num_format("#,##0");
    let summary = &built.frames[0].1;
    let ws = book.add_worksheet().set_name("Ringkasan")?;
    ws.write_string_with_format(0, 0, "Simulasi aturan TPP (what-if)", &bold)?;
    ws.write_string(1, 0, format!("Periode: {}", computed.label))?;
    ws.write_string(
        2,
        0,
        format!("Aturan A (sha256): {}", opts.compute.rules_sha256),
    )?;
    ws.write_string(3, 0, format!("Aturan B (sha256): {}", opts.proposal_sha256))?;
    for (k, column) in summary.columns().iter().enumerate() {
        let row = 5 + k as u32;
        ws.write_string(row, 0, column.name().as_str())?;
        let format = if is_money(column.name()) {
            &rupiah
        } else {
            &count
        };
        cell(ws, row, 1, column.get(0)?, format)?;
    }
    ws.autofit();
    for (name, title) in [
        ("whatif_unit", "Per unit"),
        ("whatif_employee", "Per pegawai"),
        ("whatif_checks", "Pemeriksaan kelas jabatan"),
    ] {
        let df = &built
            .frames
            .iter()
            .find(|(n, _)| *n == name)
            .expect("built")
            .1;
        sheet(&mut book, title, df, &bold, &rupiah, &count)?;
    }
    book.save(path)?;
    Ok(())
}
