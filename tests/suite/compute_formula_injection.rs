//! Text from exports never becomes a formula in what finance opens: every CSV table and the
//! allowance workbook neutralise a leading `=`, `+`, `-`, `@`, tab or CR with an apostrophe.

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::compute_harness::*;

const NAMES: [(&str, &str); 4] = [
    ("Andi Saputra", "=1+2"),
    ("Budi Hartono", "+62 811"),
    ("Citra Lestari", "-5"),
    ("Dewi Anggraini", "@SUM(A1)"),
];

#[test]
fn names_that_look_like_formulas_stay_text_in_csv_and_xlsx() {
    let c = worked_example_with(|dir| {
        let mut employees = std::fs::read_to_string(dir.join("employees.csv")).unwrap();
        for (name, hostile) in NAMES {
            employees = employees.replace(name, hostile);
        }
        // (A leading tab or CR is trimmed at ingest, so it never reaches a table; the unit
        // test of `neutralise` covers those two.)
        std::fs::write(dir.join("employees.csv"), employees).unwrap();
        let units = std::fs::read_to_string(dir.join("units.csv"))
            .unwrap()
            .replace("Bidang Pelayanan", "\"=cmd|' /C calc'!A0\"");
        std::fs::write(dir.join("units.csv"), units).unwrap();
    });
    c.compute("out", "").success();
    let tables = c.tables("out");
    let allowance = std::fs::read_to_string(tables.join("allowance.csv")).unwrap();
    for (_, hostile) in NAMES {
        assert!(
            allowance.contains(&format!(",'{hostile},")),
            "{hostile} neutralised in allowance.csv:\n{allowance}"
        );
    }
    let attention = std::fs::read_to_string(tables.join("attention.csv")).unwrap();
    assert!(!attention.contains(",=1+2,"), "{attention}");

    let mut book: Xlsx<_> = open_workbook(tables.join("allowance.xlsx")).unwrap();
    let mut texts = Vec::new();
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).unwrap();
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.cells().all(|(_, _, f)| f.is_empty()),
            "no formula in sheet {sheet}"
        );
        texts.extend(range.cells().filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
    }
    for (_, hostile) in NAMES {
        assert!(
            texts.contains(&format!("'{hostile}")),
            "{hostile} in the workbook"
        );
        assert!(
            !texts.contains(&hostile.to_string()),
            "{hostile} raw in the workbook"
        );
    }
    assert!(
        texts.iter().any(|t| t.starts_with("'=cmd")),
        "the unit name too"
    );
}
