//! The acceptance test: every figure of `expected/` matches, money to the rupiah, ratios and
//! shares to 6 decimals, hours to 4. Plus the tables' sums, byte-identical reruns and errors.

use std::path::Path;

use crate::compute_harness::*;
use crate::harness::*;

fn decimals_for(column: &str) -> i32 {
    if column.ends_with("_h") { 4 } else { 6 }
}

fn check_table(tables: &Path, name: &str, keys: &[&str]) -> usize {
    let expected = rows(
        &worked_example()
            .join("expected")
            .join(format!("{name}.csv")),
    );
    let mut compared = 0;
    for row in &expected {
        let key: Vec<(&str, &str)> = keys.iter().map(|k| (*k, row[*k].as_str())).collect();
        for (column, value) in row {
            let got = figure(tables, name, &key, column);
            let money = [
                "base",
                "perf_amount",
                "discipline_amount",
                "sanction_cut",
                "gross",
                "bpjs",
                "tax",
                "net",
            ]
            .contains(&column.as_str());
            if money {
                assert_eq!(
                    got, *value,
                    "{name} {key:?} {column}: money must match exactly"
                );
            } else {
                assert!(
                    same(&got, value, decimals_for(column)),
                    "{name} {key:?} {column}: got {got}, expected {value}"
                );
            }
            compared += 1;
        }
    }
    compared
}

/// Every expected figure of `employee_month`, `allowance` and `unit_month`.
fn check_every_table(tables: &Path) {
    let n = check_table(tables, "employee_month", &["nip"])
        + check_table(tables, "allowance", &["nip"])
        + check_table(tables, "unit_month", &["unit_id", "scope"]);
    assert!(n > 150, "compared {n} figures");
}

#[test]
fn every_expected_figure_matches() {
    let c = worked_example_ingested();
    c.compute("out", "").success();
    let t = c.tables("out");
    check_every_table(&t);
    let dataset = rows(&t.join("dataset.csv"));
    assert_eq!(dataset[0]["unknown_employee_entries"], "1");
    assert_eq!(dataset[0]["unknown_activity_approvals"], "1");
}

#[test]
fn the_same_inputs_give_byte_identical_outputs() {
    let c = worked_example_ingested();
    c.compute("a", "").success();
    c.compute("b", "").success();
    let digest = |out: &str| {
        let mut d = tree_digest(&c.dir().join(out));
        assert!(d.remove("2026-10/timings.json").is_some());
        d
    };
    let a = digest("a");
    assert!(
        a.contains_key("2026-10/tables/allowance.xlsx") && a.contains_key("2026-10/manifest.json")
    );
    assert_eq!(a, digest("b"));
}

#[test]
fn the_finance_workbook_has_numeric_rupiah_cells_that_add_up() {
    use calamine::{Data, Reader};
    let c = worked_example_ingested();
    c.compute("out", "").success();
    let mut book = calamine::open_workbook_auto(c.tables("out").join("allowance.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(names, vec!["Ringkasan", "Kesiapan Bayar", "U1", "U2"]);
    let summary = book.worksheet_range("Ringkasan").unwrap();
    let text: Vec<String> = summary
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(
        text.iter().any(|t| t.contains("2026-10")),
        "the period is printed"
    );
    let total_row = summary.rows().find(|r| r[0] == "JUMLAH").unwrap();
    // Columns: code, name, employees, base, perf, discipline, sanction, gross, bpjs, tax, net.
    assert_eq!(total_row[7], Data::Float(12_237_000.0), "gross is a number");
    assert_eq!(total_row[10], Data::Float(10_958_780.0));
}

/// Rewrites every partition of `kind` as an older kinerja wrote it: decimals (`volume`,
/// `target`, `weight`, `cut_pct`) as doubles of the value written, not integer millionths.
fn as_written_before_millionths(wh: &Path, kind: &str) -> usize {
    use polars::prelude::*;
    let mut rewritten = 0;
    for period in std::fs::read_dir(wh.join(kind)).unwrap().flatten() {
        let path = period.path().join("part-0.parquet");
        let mut df = ParquetReader::new(std::fs::File::open(&path).unwrap())
            .finish()
            .unwrap();
        for name in ["volume", "target", "weight", "cut_pct"] {
            if let Ok(c) = df.column(name) {
                let doubles = c.cast(&DataType::Float64).unwrap() / 1_000_000.0;
                df.replace(name, doubles).unwrap();
                rewritten += 1;
            }
        }
        ParquetWriter::new(std::fs::File::create(&path).unwrap())
            .finish(&mut df)
            .unwrap();
    }
    rewritten
}

#[test]
fn a_warehouse_with_decimals_stored_as_doubles_gives_the_same_figures() {
    let c = worked_example_ingested();
    let wh = c.dir().join("wh");
    let columns: usize = ["activities", "targets", "sanctions"]
        .iter()
        .map(|k| as_written_before_millionths(&wh, k))
        .sum();
    assert!(columns >= 4, "rewrote {columns} columns");
    c.compute("out", "").success();
    let t = c.tables("out");
    check_every_table(&t);
    // A new export of the period merges with the old partition, which is rewritten in millionths.
    std::fs::create_dir_all(c.dir().join("new")).unwrap();
    write(
        c.dir(),
        "new/targets.csv",
        "id_indikator,nip,periode,target,bobot\nIX9,198609262015051001,2026-10,2.5,1\n",
    );
    kinerja(c.dir(), &["ingest", "new/targets.csv", "--warehouse", "wh"]).success();
    use polars::prelude::SerReader;
    let stored = polars::prelude::ParquetReader::new(
        std::fs::File::open(wh.join("targets/period=2026-10/part-0.parquet")).unwrap(),
    )
    .finish()
    .unwrap();
    assert_eq!(
        stored.column("target").unwrap().dtype(),
        &polars::prelude::DataType::Int64
    );
    c.compute("again", "").success();
}
