//! Before paying (SPEC 12) on the worked example, worked by hand: statuses that stop the
//! allowance, a status starting inside the month, sanctions listed, and pay readiness per
//! agency (OPD).

use crate::compute_harness::*;

const BUDI: &str = "197501012000031002";
const ANDI: &str = "198609262015051001";
const DEWI: &str = "199203152019032005";
const CITRA: &str = "199507212020122003";

/// The worked example with a status column: `statuses` gives (nip, status, tmt) by NIP.
fn with_statuses(statuses: &'static [(&'static str, &'static str, &'static str)]) -> Computed {
    worked_example_with(move |dir| {
        let path = dir.join("employees.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        let mut out = format!("{},status_kepegawaian,tmt_status\n", lines.next().unwrap());
        for line in lines {
            let nip = line.split(',').next().unwrap();
            let (status, from) = statuses
                .iter()
                .find(|s| s.0 == nip)
                .map(|s| (s.1, s.2))
                .unwrap_or(("", ""));
            out.push_str(&format!("{line},{status},{from}\n"));
        }
        std::fs::write(&path, out).unwrap();
    })
}

fn row(c: &Computed, table: &str, nip: &str, column: &str) -> String {
    figure(&c.tables("out"), table, &[("nip", nip)], column)
}

fn reasons(c: &Computed, nip: &str) -> Vec<String> {
    rows(&c.tables("out").join("attention.csv"))
        .into_iter()
        .filter(|r| r["nip"] == nip)
        .map(|r| r["reason"].clone())
        .collect()
}

#[test]
fn stopping_statuses_pay_nothing_and_a_status_inside_the_month_pays_in_full() {
    // Dewi retired on 1 October (in force on the first day); Andi has been on study leave since
    // 1 March (7 whole months before October, more than 6); Budi retires on 15 October (inside
    // the month: paid in full, checked); Citra is `wafat` from 1 November (after October).
    let c = with_statuses(&[
        (DEWI, "pensiun", "2026-10-01"),
        (ANDI, "tugas_belajar", "2026-03-01"),
        (BUDI, "pensiun", "2026-10-15"),
        (CITRA, "wafat", "2026-11-01"),
    ]);
    c.compute("out", "").success();
    for nip in [DEWI, ANDI] {
        for column in [
            "base",
            "perf_amount",
            "discipline_amount",
            "gross",
            "bpjs",
            "tax",
            "net",
        ] {
            assert_eq!(row(&c, "allowance", nip, column), "0", "{nip} {column}");
        }
        assert!(!row(&c, "allowance", nip, "unpaid_reason").is_empty());
        assert!(reasons(&c, nip).contains(&"unpaid".to_string()), "{nip}");
    }
    assert!(row(&c, "allowance", ANDI, "unpaid_reason").contains("7 whole months"));
    // Budi and Citra as in the worked example.
    assert_eq!(row(&c, "allowance", BUDI, "gross"), "5440000");
    assert_eq!(row(&c, "allowance", BUDI, "net"), "4569600");
    assert_eq!(row(&c, "allowance", BUDI, "unpaid_reason"), "");
    assert!(reasons(&c, BUDI).contains(&"status_starts".to_string()));
    assert_eq!(row(&c, "allowance", CITRA, "net"), "2112180");
    assert!(!reasons(&c, CITRA).contains(&"unpaid".to_string()));
    // Budi's 20 % sanction covers October: listed.
    assert!(reasons(&c, BUDI).contains(&"sanction".to_string()));
    // The unit totals still add up: U2's gross is Citra's alone, U1's Budi's.
    let units = rows(&c.tables("out").join("unit_month.csv"));
    let gross = |unit: &str| {
        units
            .iter()
            .find(|r| r["unit_id"] == unit && r["scope"] == "direct")
            .unwrap()["gross"]
            .clone()
    };
    assert_eq!(gross("U2"), "2247000");
    assert_eq!(gross("U1"), "5440000");
}

#[test]
fn study_leave_of_six_whole_months_is_still_paid() {
    // 15 March to 1 October: 6 whole months.
    let c = with_statuses(&[(ANDI, "tugas_belajar", "2026-03-15")]);
    c.compute("out", "").success();
    assert_eq!(row(&c, "allowance", ANDI, "gross"), "4550000");
    assert_eq!(row(&c, "allowance", ANDI, "unpaid_reason"), "");
}

#[test]
fn readiness_names_what_holds_each_agency_back() {
    let c = worked_example_ingested();
    c.compute("out", "").success();
    let readiness = |out: &str| rows(&c.tables(out).join("readiness.csv"));
    let of = |t: &[std::collections::HashMap<String, String>], unit: &str, column: &str| {
        t.iter().find(|r| r["unit_id"] == unit).unwrap()[column].clone()
    };
    let t = readiness("out");
    // U1 (the root's own employees, Budi and Dewi): Budi has no evaluation and no attendance.
    for (column, want) in [
        ("employees", "2"),
        ("entries", "32"),
        ("pending_entries", "0"),
        ("no_evaluation", "1"),
        ("no_attendance", "1"),
        ("no_base", "0"),
        ("ready", "false"),
    ] {
        assert_eq!(of(&t, "U1", column), want, "U1 {column}");
    }
    // U2 (Andi, Citra): 2 of 59 entries pending at close, 3.4 % against the 2 % allowed.
    for (column, want) in [
        ("employees", "2"),
        ("entries", "59"),
        ("pending_entries", "2"),
        ("pending_ok", "false"),
        ("no_evaluation", "0"),
        ("no_attendance", "0"),
        ("ready", "false"),
    ] {
        assert_eq!(of(&t, "U2", column), want, "U2 {column}");
    }
    assert_eq!(t.len(), 2, "one row per agency");
    // With 5 % allowed, U2 is ready.
    c.compute("lenient", "[readiness]\npending_share = 0.05\n")
        .success();
    let t = readiness("lenient");
    assert_eq!(of(&t, "U2", "ready"), "true");
    assert_eq!(of(&t, "U1", "ready"), "false");
    // The finance workbook has the same per agency on its readiness sheet.
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(c.tables("lenient").join("allowance.xlsx")).unwrap();
    assert_eq!(book.sheet_names()[1], "Kesiapan Bayar");
    let sheet = book.worksheet_range("Kesiapan Bayar").unwrap();
    let line = |unit: &str| -> Vec<String> {
        sheet
            .rows()
            .find(|r| r.first() == Some(&Data::String(unit.into())))
            .unwrap_or_else(|| panic!("no row {unit}"))
            .iter()
            .map(|v| v.to_string())
            .collect()
    };
    // Code, name, ready, employees, entries, pending, share, no evaluation, base, attendance, unit.
    assert_eq!(&line("U2")[2..6], ["Ya", "2", "59", "2"]);
    assert_eq!(
        &line("U1")[2..],
        ["Tidak", "2", "32", "0", "0", "1", "0", "1", "0"]
    );
}

#[test]
fn a_nip_in_two_agencies_roster_files_is_paid_once_and_listed() {
    // A second agency's sheet lists Andi (U2 in employees.csv) under U1, and Citra (U2) under
    // U3, a seksi of U2 (the same agency). The later file wins each NIP; only Andi, whose two
    // units are in two agencies, is listed. Dewi, in U1 in both files, is not marked at all.
    let c = worked_example_with(|dir| {
        append(dir, "units.csv", "U3,U2,Seksi Data,2026-10\n");
        std::fs::write(
            dir.join("pegawai_dinas_b.csv"),
            "nip,name,unit_id,supervisor_nip,position,grade_class,rank,asn_type,tpp_base,period\n\
             198609262015051001,Andi Saputra,U1,197501012000031002,Analis,9,III/b,PNS,5000000,2026-10\n\
             199507212020122003,Citra Lestari,U3,197501012000031002,Pranata,7,IX,PPPK,,2026-10\n\
             199203152019032005,Dewi Anggraini,U1,197501012000031002,Pengadministrasi,6,II/c,PNS,2750000,2026-10\n",
        )
        .unwrap();
    });
    c.compute("out", "").success();
    assert_eq!(row(&c, "allowance", ANDI, "unit_id"), "U1");
    assert_eq!(
        rows(&c.tables("out").join("allowance.csv")).len(),
        4,
        "each NIP paid once"
    );
    assert_eq!(reasons(&c, ANDI), ["listed_twice"]);
    let detail = rows(&c.tables("out").join("attention.csv"))
        .into_iter()
        .find(|r| r["nip"] == ANDI)
        .unwrap()["detail"]
        .clone();
    assert!(detail.contains("U2 in employees.csv line 2"), "{detail}");
    assert!(!reasons(&c, CITRA).contains(&"listed_twice".to_string()));
    assert!(!reasons(&c, DEWI).contains(&"listed_twice".to_string()));
}

#[test]
fn a_roster_partition_written_before_the_new_columns_merges_and_computes() {
    // An employees partition as an older build wrote it (no status, SIASN id or ingest marks):
    // everyone reads as aktif, and a corrected roster for the same snapshot merges into it.
    use polars::prelude::*;
    let c = worked_example_ingested();
    let path = c.dir().join("wh/employees/period=2026-10/part-0.parquet");
    let df = ParquetReader::new(std::fs::File::open(&path).unwrap())
        .finish()
        .unwrap();
    let mut old = df.drop_many([
        "status",
        "status_from",
        "siasn_id",
        "_listed_elsewhere_unit",
        "_listed_elsewhere",
    ]);
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut old)
        .unwrap();
    c.compute("old", "").success();
    assert_eq!(
        figure(&c.tables("old"), "allowance", &[("nip", ANDI)], "gross"),
        "4550000"
    );
    std::fs::write(
        c.dir().join("pegawai_koreksi.csv"),
        "nip,name,unit_id,supervisor_nip,position,grade_class,rank,asn_type,tpp_base,period\n\
         198609262015051001,Andi Saputra,U2,197501012000031002,Analis,9,III/b,PNS,6000000,2026-10\n",
    )
    .unwrap();
    crate::harness::kinerja(
        c.dir(),
        &["ingest", "pegawai_koreksi.csv", "--warehouse", "wh"],
    )
    .success();
    c.compute("new", "").success();
    // 6,000,000 × (0.60 × 0.9 + 0.40 × 0.925) = 3,240,000 + 2,220,000.
    assert_eq!(
        figure(&c.tables("new"), "allowance", &[("nip", ANDI)], "gross"),
        "5460000"
    );
}
