//! The second worked example (`tests/fixtures/worked-example-2/`, worked by hand in its README):
//! `;` decimals, ranks read against `asn_type`, a unit tree with rejected branches, an employee in
//! a unit missing from the tree, and a forfeited allowance. Money must match to the rupiah.

use std::path::PathBuf;

use crate::compute_harness::*;
use crate::harness::*;

fn example() -> PathBuf {
    fixture("worked-example-2")
}

struct Ran {
    tmp: tempfile::TempDir,
    ingest: Run,
}

fn computed() -> Ran {
    let tmp = temp();
    let ingest = kinerja(
        tmp.path(),
        &["ingest", example().to_str().unwrap(), "--warehouse", "wh"],
    );
    ingest.success();
    let rules = example().join("rules.toml");
    let args = october_args("out", &["--rules", rules.to_str().unwrap()]);
    kinerja(tmp.path(), &args).success();
    Ran { tmp, ingest }
}

#[test]
fn every_hand_worked_figure_matches() {
    let ran = computed();
    let tables = ran.tmp.path().join("out/2026-10/tables");

    for row in rows(&example().join("expected/ingest.csv")) {
        let line = row["file"].clone();
        let summary = ran
            .ingest
            .stderr
            .lines()
            .find(|l| l.contains(row["file"].as_str()))
            .unwrap_or_else(|| panic!("no summary for {line}\n{}", ran.ingest.stderr));
        let expected = format!(
            "read {}, accepted {}, replaced 0, rejected {}",
            row["read"], row["accepted"], row["rejected"]
        );
        assert!(
            summary.contains(&expected),
            "{summary}\nexpected {expected}"
        );
    }

    let mut compared = 0;
    for row in rows(&example().join("expected/allowance.csv")) {
        for (column, value) in &row {
            let got = figure(
                &tables,
                "allowance",
                &[("nip", row["nip"].as_str())],
                column,
            );
            assert!(
                got.eq_ignore_ascii_case(value),
                "allowance {} {column}: got {got}, expected {value}",
                row["nip"]
            );
            compared += 1;
        }
    }
    for row in rows(&example().join("expected/unit_month.csv")) {
        let key = [
            ("unit_id", row["unit_id"].as_str()),
            ("scope", row["scope"].as_str()),
        ];
        for (column, value) in &row {
            assert_eq!(
                figure(&tables, "unit_month", &key, column),
                *value,
                "unit_month {key:?} {column}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 5 * 15 + 6 * 5);

    // Every employee is in the allowance table exactly once, and the roots add up to it.
    let allowance = rows(&tables.join("allowance.csv"));
    assert_eq!(allowance.len(), 5);
    let total: i64 = allowance
        .iter()
        .map(|r| r["gross"].parse::<i64>().unwrap())
        .sum();
    assert_eq!(total, 8_700_000);
    let roots: i64 = rows(&tables.join("unit_month.csv"))
        .iter()
        .filter(|r| r["scope"] == "rollup" && r["parent_id"].is_empty())
        .map(|r| r["gross"].parse::<i64>().unwrap())
        .sum();
    assert_eq!(
        roots, total,
        "the top-level rollups add up to the allowance"
    );

    let attention = rows(&tables.join("attention.csv"));
    for row in rows(&example().join("expected/attention.csv")) {
        assert!(
            attention
                .iter()
                .any(|a| a["nip"] == row["nip"] && a["reason"] == row["reason"]),
            "attention lacks {} {}",
            row["nip"],
            row["reason"]
        );
    }
    let unknown = |reason: &str| attention.iter().filter(|a| a["reason"] == reason).count();
    assert_eq!((unknown("unknown_unit"), unknown("unknown_rank")), (1, 2));
}

#[test]
fn rejected_units_keep_their_whole_row() {
    let ran = computed();
    let rejects = read_rejects(&ran.tmp.path().join("wh"));
    let units: Vec<&(String, String, String)> = rejects
        .iter()
        .filter(|r| r.0 == "unor_2026-10.csv")
        .collect();
    assert_eq!(units.len(), 2, "{rejects:?}");
    assert!(
        units
            .iter()
            .any(|r| r.1.contains("LUAR") && r.2.contains("Bidang Yatim"))
    );
    assert!(
        units
            .iter()
            .any(|r| r.1.contains("`X1` is rejected") && r.2.contains("Seksi Yatim"))
    );
    let pay = rejects
        .iter()
        .find(|r| r.0 == "hukuman_2026-10.csv")
        .expect("the ambiguous sanction is a reject");
    assert!(pay.1.contains("ambiguous decimal"), "{pay:?}");
}

/// (source file name, reason, raw row) of every reject in the warehouse.
fn read_rejects(warehouse: &std::path::Path) -> Vec<(String, String, String)> {
    use polars::prelude::*;
    let mut out = Vec::new();
    for entry in std::fs::read_dir(warehouse.join("_rejects"))
        .unwrap()
        .flatten()
    {
        let file = std::fs::File::open(entry.path().join("part-0.parquet")).unwrap();
        let df = ParquetReader::new(file).finish().unwrap();
        let s = |c: &str| -> Vec<String> {
            df.column(c)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|v| v.unwrap_or_default().to_string())
                .collect()
        };
        let (sources, reasons, raws) = (s("source"), s("reason"), s("row"));
        for i in 0..df.height() {
            let name = std::path::Path::new(&sources[i])
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, reasons[i].clone(), raws[i].clone()));
        }
    }
    out
}
