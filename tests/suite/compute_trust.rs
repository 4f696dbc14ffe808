//! Assumptions that would pay wrongly if trusted: a year without holidays, a time zone other
//! than the ingest's, a report table missing a column it shows.

use crate::compute_harness::*;
use crate::harness::*;

const UNITS: &str = "unit_id,parent_id,name,period\nU1,,Dinas,2026-10\n";
const EMPLOYEES: &str =
    "nip,name,unit_id,tpp_base,period\n198609262015051001,Andi,U1,5000000,2026-10\n";

/// A warehouse with one employee and one entry on `date`, and no holidays.
fn one_entry_on(date: &str) -> tempfile::TempDir {
    let tmp = temp();
    write(tmp.path(), "unor.csv", UNITS);
    write(tmp.path(), "pegawai.csv", EMPLOYEES);
    write(
        tmp.path(),
        "aktivitas.csv",
        &format!(
            "activity_id,nip,date,duration_min,description,status\nJ1,198609262015051001,{date},300,Rapat,approved\n"
        ),
    );
    for file in ["unor.csv", "pegawai.csv", "aktivitas.csv"] {
        kinerja(tmp.path(), &["ingest", file, "--warehouse", "wh"]).success();
    }
    tmp
}

fn compute_2027(dir: &std::path::Path, out: &str, rules: &str) -> Run {
    compute_period(dir, "2027-01", out, rules)
}

fn compute_period(dir: &std::path::Path, period: &str, out: &str, rules: &str) -> Run {
    let rules_path = write(dir, &format!("{out}.toml"), rules);
    kinerja(
        dir,
        &[
            "compute",
            "--period",
            period,
            "--warehouse",
            "wh",
            "--out",
            out,
            "--rules",
            rules_path.to_str().unwrap(),
        ],
    )
}

fn andis_target_min(dir: &std::path::Path, out: &str) -> String {
    let tables = dir.join(out).join("2027-01/tables");
    figure(
        &tables,
        "employee_month",
        &[("nip", "198609262015051001")],
        "target_min",
    )
}

fn holidays_source(dir: &std::path::Path, out: &str, period: &str) -> String {
    let tables = dir.join(out).join(period).join("tables");
    figure(&tables, "dataset", &[("period", period)], "holidays_source")
}

#[test]
fn a_year_without_holidays_is_refused_unless_the_rules_say_otherwise() {
    let tmp = one_entry_on("2027-01-04");
    let run = compute_2027(tmp.path(), "out", "");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no holidays for 2027") && run.stderr.contains("hari_libur_2027"),
        "{}",
        run.stderr
    );
    assert!(
        !tmp.path().join("out/2027-01/tables").exists(),
        "nothing written"
    );

    compute_2027(tmp.path(), "none", "holidays_required = false").success();
    assert_eq!(holidays_source(tmp.path(), "none", "2027-01"), "none");
    // January 2027: 21 weekdays, so the target is 21 × 300 minutes without holidays.
    assert_eq!(andis_target_min(tmp.path(), "none"), "6300");

    write(
        tmp.path(),
        "hari_libur_2027.csv",
        "tanggal,keterangan,jenis\n2027-01-01,Tahun Baru,nasional\n2027-01-05,Libur contoh,nasional\n",
    );
    kinerja(
        tmp.path(),
        &["ingest", "hari_libur_2027.csv", "--warehouse", "wh"],
    )
    .success();
    compute_2027(tmp.path(), "with", "").success();
    assert_eq!(holidays_source(tmp.path(), "with", "2027-01"), "warehouse");
    // Friday 1 and Tuesday 5 January are holidays now: 19 workdays.
    assert_eq!(andis_target_min(tmp.path(), "with"), "5700");
}

#[test]
fn the_shipped_list_is_named_as_the_source() {
    let tmp = one_entry_on("2026-10-05");
    compute_period(tmp.path(), "2026-10", "out", "").success();
    assert_eq!(holidays_source(tmp.path(), "out", "2026-10"), "shipped");
    // And an ingested list is named as the warehouse's (the worked example brings one).
    let c = worked_example_ingested();
    c.compute("out", "").success();
    assert_eq!(holidays_source(c.dir(), "out", "2026-10"), "warehouse");
}

#[test]
fn compute_refuses_a_timezone_other_than_the_ingests() {
    let c = worked_example_ingested();
    let run = c.compute("out", "timezone = \"+08:00\"");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("+07:00") && run.stderr.contains("+08:00"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_report_table_without_a_column_it_shows_is_an_error_naming_it() {
    use polars::prelude::*;
    let c = worked_example_ingested();
    c.compute("out", "").success();
    let path = c.tables("out").join("allowance.parquet");
    let df = ParquetReader::new(std::fs::File::open(&path).unwrap())
        .finish()
        .unwrap();
    let mut without = df.drop("net").unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut without)
        .unwrap();
    let run = kinerja(c.dir(), &["report", "--period", "2026-10", "--out", "out"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`net`"), "{}", run.stderr);
}

#[test]
fn the_workbook_names_the_rules_bpjs_share_and_nips_have_18_digits() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let c = worked_example_ingested();
    c.compute("out", "[allowance]\nbpjs_employee_pct = 2")
        .success();
    let mut book: Xlsx<_> = open_workbook(c.tables("out").join("allowance.xlsx")).unwrap();
    let range = book.worksheet_range("Ringkasan").unwrap();
    let texts: Vec<String> = range
        .cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&"BPJS (2%)".to_string()), "{texts:?}");
    for row in rows(&c.tables("out").join("allowance.csv")) {
        assert_eq!(row["nip"].len(), 18, "{}", row["nip"]);
    }
}

#[test]
fn a_unit_kept_as_a_root_is_said_so_at_ingest_and_in_the_dataset_table() {
    // An agency's own tree: its root names the region above it, which is not in the export.
    let tmp = temp();
    let rules = write(tmp.path(), "root.toml", "unknown_parent = \"root\"\n");
    write(
        tmp.path(),
        "unor.csv",
        "unit_id,parent_id,name,period\nOPD1,PEMDA,Dinas,2026-10\nB1,OPD1,Bidang,2026-10\n",
    );
    write(
        tmp.path(),
        "pegawai.csv",
        "nip,name,unit_id,tpp_base,period\n198609262015051001,Andi,B1,5000000,2026-10\n",
    );
    write(
        tmp.path(),
        "aktivitas.csv",
        "activity_id,nip,date,duration_min,description,status\nJ1,198609262015051001,2026-10-05,300,Rapat,approved\n",
    );
    let rules_arg = rules.to_str().unwrap();
    let units = kinerja(
        tmp.path(),
        &[
            "ingest",
            "unor.csv",
            "--warehouse",
            "wh",
            "--rules",
            rules_arg,
        ],
    );
    units.success();
    assert!(
        units.stderr.contains("unit `OPD1` kept as a root") && units.stderr.contains("PEMDA"),
        "{}",
        units.stderr
    );
    for file in ["pegawai.csv", "aktivitas.csv"] {
        kinerja(
            tmp.path(),
            &["ingest", file, "--warehouse", "wh", "--rules", rules_arg],
        )
        .success();
    }
    let run = compute_period(tmp.path(), "2026-10", "out", "unknown_parent = \"root\"\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tables = tmp.path().join("out/2026-10/tables");
    let row = [("period", "2026-10")];
    assert_eq!(figure(&tables, "dataset", &row, "units_kept_as_roots"), "1");
    assert_eq!(
        figure(&tables, "dataset", &row, "units_kept_as_roots_list"),
        "OPD1 (PEMDA)"
    );
}

#[test]
fn a_month_with_activities_and_no_approvals_computes_every_entry_as_pending() {
    // What is left when the lock refused the approvals' ingest (issue 19: this once panicked).
    // Every worked-example entry is `submitted` and none has an approval, so by SPEC section 3
    // each is pending and no minute is approved.
    let computed =
        worked_example_with(|dir| std::fs::remove_file(dir.join("approvals.csv")).unwrap());
    computed.compute("out", "").success();
    let tables = computed.tables("out");
    let months = rows(&tables.join("employee_month.csv"));
    assert_eq!(months.len(), 4);
    let int =
        |r: &std::collections::HashMap<String, String>, c: &str| -> i64 { r[c].parse().unwrap() };
    // Entries per roster employee, counted from activities.csv by NIP (the fifth NIP is not on
    // the roster).
    let entries: i64 = months.iter().map(|r| int(r, "entries")).sum();
    assert_eq!(entries, 22 + 39 + 10 + 20);
    for r in &months {
        assert_eq!(int(r, "approved_entries"), 0);
        assert_eq!(int(r, "rejected_entries"), 0);
        assert_eq!(int(r, "pending_entries"), int(r, "entries"));
        assert_eq!(int(r, "approved_min"), 0);
    }
}
