//! Exports of real systems go in as they come (issue 23, SPEC section 1 "Real exports"): API
//! envelopes and camelCase fields (SIASN, e-Kinerja BKN), regional attendance codes and
//! verification words. Row counts and stored values are counted by hand from the files below.

use crate::harness::*;

fn stored_column(warehouse: &std::path::Path, kind: &str, column: &str) -> Vec<String> {
    let df = read_kind(warehouse, kind);
    let values = df
        .column(column)
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap();
    values
        .str()
        .unwrap()
        .iter()
        .map(|v| v.unwrap_or("NULL").to_string())
        .collect()
}

/// The one file's summary line says `accepted` and `rejected`.
fn assert_counts(run: &Run, accepted: u64, rejected: u64) {
    let line = format!("accepted {accepted}, replaced 0, rejected {rejected}");
    assert!(
        run.stderr.contains(&line),
        "`{line}` missing from:\n{}",
        run.stderr
    );
}

#[test]
fn an_api_envelope_with_camel_case_fields_is_read_as_its_rows() {
    // The shape of SIASN's `pns/data-utama` responses: the rows under `data`, a status beside.
    let tmp = temp();
    write(
        tmp.path(),
        "pegawai.json",
        r#"{"code": 1, "message": "success", "data": [
  {"nipBaru": "198609262015051001", "nama": "Andi", "unorId": "U1", "golRuangAkhir": "III/b", "jenisAsn": "PNS"},
  {"nipBaru": "199009132025242014", "nama": "Sari", "unorId": "U1", "golRuangAkhir": "IX", "jenisAsn": "PPPK"}
]}"#,
    );
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            "pegawai.json",
            "--warehouse",
            "wh",
            "--as-of",
            "2026-10",
            "--json",
        ],
    );
    run.success();
    let summary: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(summary["accepted"], 2, "{}", run.stdout);
    assert_eq!(summary["rejected"], 0, "{}", run.stdout);
    let wh = tmp.path().join("wh");
    assert_eq!(stored_column(&wh, "employees", "rank"), ["III/b", "IX"]);
    assert_eq!(stored_column(&wh, "employees", "unit_id"), ["U1", "U1"]);
}

#[test]
fn a_json_object_with_no_single_array_of_rows_is_an_error_that_says_so() {
    let tmp = temp();
    write(
        tmp.path(),
        "pegawai.json",
        r#"{"data": [{"nip": "198609262015051001"}], "errors": []}"#,
    );
    let run = kinerja(tmp.path(), &["ingest", "pegawai.json", "--warehouse", "wh"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("several arrays") && run.stderr.contains("data, errors"),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("wh/employees").exists(), "nothing stored");
}

#[test]
fn regional_attendance_codes_and_verification_words_are_read() {
    let tmp = temp();
    // Attendance codes of regional absensi systems: CT (cuti tahunan), CLTN, A (alpha), TL
    // (tugas luar), PSW (pulang sebelum waktu), WFH; the late minutes as `masuk_telat`.
    write(
        tmp.path(),
        "presensi.csv",
        "nip,tanggal,keterangan,masuk_telat\n\
         198609262015051001,2026-10-01,CT,0\n\
         198609262015051001,2026-10-02,CLTN,0\n\
         198609262015051001,2026-10-05,A,0\n\
         198609262015051001,2026-10-06,TL,0\n\
         198609262015051001,2026-10-07,PSW,0\n\
         198609262015051001,2026-10-08,WFH,12\n",
    );
    kinerja(tmp.path(), &["ingest", "presensi.csv", "--warehouse", "wh"]).success();
    let wh = tmp.path().join("wh");
    assert_eq!(
        stored_column(&wh, "attendance", "status"),
        [
            "leave",
            "leave",
            "absent",
            "duty_travel",
            "present",
            "present"
        ]
    );
    assert_eq!(
        stored_column(&wh, "attendance", "late_min"),
        ["0", "0", "0", "0", "0", "12"]
    );

    // A regional verification log: `nip_verifikator`, `verified_at`, statuses in its own words.
    write(
        tmp.path(),
        "persetujuan.csv",
        "id_aktivitas,nip_verifikator,status_verifikasi,verified_at,alasan_penolakan\n\
         J1,198001012005011001,Diverifikasi,2026-10-02 09:00,\n\
         J2,198001012005011001,Dikembalikan,2026-10-02 09:05,uraian kurang jelas\n\
         J3,198001012005011001,Perlu Perbaikan,2026-10-02 09:06,\n\
         J4,198001012005011001,Belum Diverifikasi,2026-10-02 09:07,\n",
    );
    let run = kinerja(
        tmp.path(),
        &["ingest", "persetujuan.csv", "--warehouse", "wh"],
    );
    run.success();
    assert_eq!(
        stored_column(&wh, "approvals", "decision"),
        ["approved", "rejected", "rejected", "submitted"]
    );
    assert_eq!(
        stored_column(&wh, "approvals", "note"),
        ["NULL", "uraian kurang jelas", "NULL", "NULL"]
    );
}

#[test]
fn a_misspelt_header_is_reported_with_the_name_it_likely_meant() {
    let tmp = temp();
    write(
        tmp.path(),
        "aktivitas.csv",
        "id,nip,tanggal,uraian,durasi,rincian_kegiatn\n\
         J1,198609262015051001,2026-10-01,Rapat,60,x\n",
    );
    let run = kinerja(
        tmp.path(),
        &["ingest", "aktivitas.csv", "--warehouse", "wh"],
    );
    run.success();
    assert!(
        run.stderr
            .contains("rincian_kegiatn (did you mean `rincian_kegiatan`?)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_rules_file_adds_header_names_and_values_without_a_release() {
    let tmp = temp();
    let rules = write(
        tmp.path(),
        "daerah.toml",
        "[columns.attendance]\nstatus = [\"Kode Absen\"]\n\
         [values.attendance]\nleave = [\"CH\"]\nduty_travel = [\"Dinas Dalam\"]\n",
    );
    write(
        tmp.path(),
        "presensi.csv",
        "nip,tanggal,Kode Absen\n\
         198609262015051001,2026-10-01,CH\n\
         198609262015051001,2026-10-02,Dinas Dalam\n\
         198609262015051001,2026-10-05,XX\n",
    );
    // Without the rules file the status column is not found: an error naming it.
    let run = kinerja(tmp.path(), &["ingest", "presensi.csv", "--warehouse", "wh"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`status`"), "{}", run.stderr);
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            "presensi.csv",
            "--warehouse",
            "wh",
            "--rules",
            rules.to_str().unwrap(),
        ],
    );
    run.success();
    let wh = tmp.path().join("wh");
    // CH is leave, Dinas Dalam duty travel; XX is still a reject.
    assert_eq!(
        stored_column(&wh, "attendance", "status"),
        ["leave", "duty_travel"]
    );
    assert!(run.stderr.contains("rejected 1"), "{}", run.stderr);

    // A name for a column or value that does not exist is refused when the rules are read.
    let bad = write(
        tmp.path(),
        "bad.toml",
        "[values.attendance]\nholiday = [\"L\"]\n",
    );
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            "presensi.csv",
            "--warehouse",
            "wh2",
            "--rules",
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not a value of attendance"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_default_rules_list_every_built_in_name_and_still_load() {
    let tmp = temp();
    let run = kinerja(tmp.path(), &["rules", "--default"]);
    run.success();
    for line in [
        "# [columns.activities]",
        "rincian_kegiatan",
        "# [values.attendance]",
        "\"cltn\"",
        "# [values.status] is [values.decision]",
    ] {
        assert!(
            run.stdout.contains(line),
            "{line} missing from:\n{}",
            run.stdout
        );
    }
    let printed = write(tmp.path(), "printed.toml", &run.stdout);
    kinerja(tmp.path(), &["rules", "--check", printed.to_str().unwrap()]).success();
}

#[test]
fn a_report_style_workbook_is_read_from_its_header_row() {
    // A regional SIMPEG's printed list: letterhead and title rows above the header.
    let tmp = temp();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "PEMERINTAH KABUPATEN CONTOH")
        .unwrap();
    sheet
        .write_string(1, 0, "DAFTAR PEGAWAI - OKTOBER 2026")
        .unwrap();
    for (c, h) in ["NIP", "Nama", "Unit Kerja ID", "Golongan"]
        .iter()
        .enumerate()
    {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    let rows = [
        ["198609262015051001", "Andi", "U1", "III/b"],
        ["19860926201505100", "Budi", "U1", "III/a"],
        ["198001012005011001", "Citra", "U1", "IV/a"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(4 + r as u32, c as u16, *v).unwrap();
        }
    }
    book.save(tmp.path().join("pegawai.xlsx")).unwrap();
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            "pegawai.xlsx",
            "--warehouse",
            "wh",
            "--as-of",
            "2026-10",
        ],
    );
    run.success();
    assert!(run.stderr.contains("header on row 4"), "{}", run.stderr);
    // Rows 5 and 7 are kept with their sheet rows as lines; row 6's 17-digit NIP is a reject.
    assert_counts(&run, 2, 1);
    let wh = tmp.path().join("wh");
    assert_eq!(stored_column(&wh, "employees", "_line"), ["7", "5"]);
}

#[test]
fn a_dry_run_shows_how_a_file_would_be_read_and_writes_nothing() {
    let tmp = temp();
    write(
        tmp.path(),
        "aktivitas.csv",
        "id;nip;tanggal;rincian_kegiatan;durasi;kuantitas;warna\n\
         J1;198609262015051001;05/10/2026;Rapat;60;1,5;merah\n\
         J2;19860926201505100;05/10/2026;Laporan;30;2;biru\n",
    );
    let run = kinerja(
        tmp.path(),
        &["ingest", "--dry-run", "aktivitas.csv", "--warehouse", "wh"],
    );
    run.success();
    for line in [
        "aktivitas.csv: activities (csv(;)), header on row 1, nothing written",
        "rincian_kegiatan → description",
        "warna: ignored",
        "line 2 (2026-10): activity_id=J1, nip=198609262015051001, date=2026-10-05, duration_min=60, description=Rapat, volume=1.5",
        "line 3: would be rejected: nip `19860926201505100`",
    ] {
        assert!(
            run.stdout.contains(line),
            "`{line}` missing from:\n{}",
            run.stdout
        );
    }
    assert!(!tmp.path().join("wh").exists(), "a dry run writes nothing");
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            "--dry-run",
            "aktivitas.csv",
            "--json",
            "--warehouse",
            "wh",
        ],
    );
    run.success();
    let summary: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(summary["stage"], "dry_run");
    assert_eq!(summary["files"][0]["kind"], "activities");
    assert_eq!(summary["files"][0]["rows"].as_array().unwrap().len(), 1);
    assert_eq!(summary["files"][0]["rejects"][0][1], "nip");
}

#[test]
fn a_month_and_a_year_in_two_columns_are_the_period() {
    // Regional TPP systems keep the evaluation month as `bulan` + `tahun`.
    let tmp = temp();
    write(
        tmp.path(),
        "penilaian.csv",
        "nip,bulan,tahun,hasil_kerja,perilaku_kerja\n\
         198609262015051001,10,2026,Diatas Ekspektasi,2\n\
         198001012005011001,Oktober,2026,Sesuai Ekspektasi,Dibawah Ekspektasi\n\
         199009132025242014,13,2026,sesuai,sesuai\n",
    );
    let run = kinerja(
        tmp.path(),
        &["ingest", "penilaian.csv", "--warehouse", "wh"],
    );
    run.success();
    assert_counts(&run, 2, 1);
    assert!(
        !run.stderr.contains("ignored columns"),
        "tahun is used: {}",
        run.stderr
    );
    let wh = tmp.path().join("wh");
    assert_eq!(
        stored_column(&wh, "evaluations", "period"),
        ["2026-10", "2026-10"]
    );
    assert_eq!(
        stored_column(&wh, "evaluations", "work_result"),
        ["meets", "above"]
    );
    assert_eq!(
        stored_column(&wh, "evaluations", "behaviour"),
        ["below", "meets"]
    );
}

#[test]
fn a_target_written_with_its_unit_gives_target_and_unit() {
    let tmp = temp();
    write(
        tmp.path(),
        "target_skp.csv",
        "rhk_id,nip,periode,target_bulanan,satuan,bobot\n\
         R1,198609262015051001,2026-10,12 Dokumen,,40%\n\
         R2,198609262015051001,2026-10,100 %,,60 %\n\
         R3,198609262015051001,2026-10,5 Laporan,berkas,1\n\
         R4,198609262015051001,2026-10,banyak,,1\n",
    );
    let run = kinerja(
        tmp.path(),
        &["ingest", "target_skp.csv", "--warehouse", "wh"],
    );
    run.success();
    assert_counts(&run, 3, 1);
    let wh = tmp.path().join("wh");
    // Millionths: 12, 100 and 5; a unit written in its own column wins over the target's.
    assert_eq!(
        stored_column(&wh, "targets", "target"),
        ["12000000", "100000000", "5000000"]
    );
    assert_eq!(
        stored_column(&wh, "targets", "output_unit"),
        ["Dokumen", "%", "berkas"]
    );
    assert_eq!(
        stored_column(&wh, "targets", "weight"),
        ["40000000", "60000000", "1000000"]
    );
}

#[test]
fn a_csv_saved_from_a_printed_report_is_read_from_its_header_line() {
    // A report saved as `;` CSV: a title line without delimiters, one with, a blank line.
    let tmp = temp();
    write(
        tmp.path(),
        "presensi.csv",
        "REKAP KEHADIRAN PEGAWAI\n\
         Periode: Oktober 2026;;;\n\
         \n\
         NIP;Tanggal;Keterangan;Terlambat\n\
         198609262015051001;01/10/2026;H;5\n\
         198609262015051001;02/10/2026;CT;0\n\
         19860926201505100;05/10/2026;H;0\n",
    );
    let run = kinerja(tmp.path(), &["ingest", "presensi.csv", "--warehouse", "wh"]);
    run.success();
    assert!(run.stderr.contains("header on row 4"), "{}", run.stderr);
    assert_counts(&run, 2, 1);
    let wh = tmp.path().join("wh");
    assert_eq!(stored_column(&wh, "attendance", "_line"), ["5", "6"]);
    assert_eq!(stored_column(&wh, "attendance", "late_min"), ["5", "0"]);
}

#[test]
fn siasn_shaped_evaluations_with_rating_codes_are_read() {
    // SIASN's periodic evaluation fields: `hasilKinerjaNilai` and `perilakuKerjaNilai` as codes
    // 1 (above), 2 (meets), 3 (below), here under an API envelope.
    let tmp = temp();
    write(
        tmp.path(),
        "penilaian.json",
        r#"{"success": true, "data": [
  {"nipBaru": "198609262015051001", "periode": "2026-10", "hasilKinerjaNilai": 1, "perilakuKerjaNilai": 2},
  {"nipBaru": "198001012005011001", "periode": "2026-10", "hasilKinerjaNilai": 3, "perilakuKerjaNilai": 3},
  {"nipBaru": "199009132025242014", "periode": "2026-10", "hasilKinerjaNilai": 4, "perilakuKerjaNilai": 1}
]}"#,
    );
    let run = kinerja(
        tmp.path(),
        &["ingest", "penilaian.json", "--warehouse", "wh"],
    );
    run.success();
    // Code 4 is no rating: a reject.
    assert_counts(&run, 2, 1);
    let wh = tmp.path().join("wh");
    assert_eq!(
        stored_column(&wh, "evaluations", "work_result"),
        ["below", "above"]
    );
    assert_eq!(
        stored_column(&wh, "evaluations", "behaviour"),
        ["below", "meets"]
    );
}

#[test]
fn an_activity_row_with_its_own_verification_yields_the_approval_it_describes() {
    // A regional system without an approvals file: the verifier, the time and the reason for a
    // rejection sit on the activity row, the decision is its status.
    let tmp = temp();
    write(
        tmp.path(),
        "laporan_harian.csv",
        "id_laporan_kerja_harian,nip,tanggal,durasi,rincian_kegiatan,status_verifikasi,nip_verifikator,waktu_verifikasi,alasan_penolakan\n\
         101,198609262015051001,2026-10-05,60,Laporan,sudah_diverifikasi,197805172003121002,2026-10-06 09:15,\n\
         102,198609262015051001,2026-10-06,60,Rapat,ditolak,197805172003121002,2026-10-07 10:00,Tanpa lampiran\n\
         103,198609262015051001,2026-10-07,60,Arsip,belum_diverifikasi,,,\n\
         104,198609262015051001,2026-10-08,60,Arsip,sudah_diverifikasi,,2026-10-09 10:00,\n",
    );
    let run = kinerja(
        tmp.path(),
        &["ingest", "laporan_harian.csv", "--warehouse", "wh"],
    );
    run.success();
    assert_counts(&run, 4, 0);
    assert!(
        run.stderr
            .contains("1 row (first on line 5) fill only some of `approver_nip`, `decided_at`"),
        "{}",
        run.stderr
    );
    let wh = tmp.path().join("wh");
    assert_eq!(
        stored_column(&wh, "approvals", "activity_id"),
        ["101", "102"]
    );
    assert_eq!(
        stored_column(&wh, "approvals", "decision"),
        ["approved", "rejected"]
    );
    assert_eq!(
        stored_column(&wh, "approvals", "approver_nip"),
        ["197805172003121002", "197805172003121002"]
    );
    // Local time (UTC+7 by default), stored as UTC.
    assert_eq!(
        stored_column(&wh, "approvals", "decided_at"),
        ["2026-10-06 02:15:00.000000", "2026-10-07 03:00:00.000000"]
    );
    assert_eq!(
        stored_column(&wh, "approvals", "note"),
        ["NULL", "Tanpa lampiran"]
    );
    // The same approval from an approvals file has the same natural key: one record.
    write(
        tmp.path(),
        "persetujuan.csv",
        "id_aktivitas,nip_atasan,keputusan,waktu_persetujuan\n\
         101,197805172003121002,disetujui,2026-10-06 09:15\n",
    );
    kinerja(
        tmp.path(),
        &["ingest", "persetujuan.csv", "--warehouse", "wh"],
    )
    .success();
    assert_eq!(
        stored_column(&wh, "approvals", "activity_id"),
        ["101", "102"]
    );
}

#[test]
fn a_row_whose_verification_is_invalid_is_rejected_whole() {
    let tmp = temp();
    write(
        tmp.path(),
        "laporan_harian.csv",
        "id,nip,tanggal,durasi,uraian,status,nip_verifikator,verified_at\n\
         101,198609262015051001,2026-10-05,60,Laporan,disetujui,12345,2026-10-06 09:15\n\
         102,198609262015051001,2026-10-06,60,Rapat,,197805172003121002,2026-10-07 10:00\n\
         103,198609262015051001,2026-10-07,60,Arsip,disetujui,197805172003121002,2026-10-08 10:00\n",
    );
    let run = kinerja(
        tmp.path(),
        &["ingest", "laporan_harian.csv", "--warehouse", "wh"],
    );
    run.success();
    // 101: the verifier's NIP; 102: a verification without a status to decide.
    assert_counts(&run, 1, 2);
    let wh = tmp.path().join("wh");
    assert_eq!(stored_column(&wh, "activities", "activity_id"), ["103"]);
    assert_eq!(stored_column(&wh, "approvals", "activity_id"), ["103"]);
}

#[test]
fn a_units_file_keyed_by_id_keeps_its_code_out_of_the_key() {
    let tmp = temp();
    write(
        tmp.path(),
        "unit_kerja.csv",
        "id,kode_unit,nama_unit,id_induk\n10,4.01,Sekretariat,\n11,4.01.01,Bagian Umum,10\n",
    );
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            "unit_kerja.csv",
            "--warehouse",
            "wh",
            "--as-of",
            "2026-10",
        ],
    );
    run.success();
    assert!(
        run.stderr
            .contains("kode_unit (a code beside `id`, which is read as `unit_id`)"),
        "{}",
        run.stderr
    );
    let wh = tmp.path().join("wh");
    assert_eq!(stored_column(&wh, "units", "unit_id"), ["10", "11"]);
    assert_eq!(stored_column(&wh, "units", "parent_id"), ["NULL", "10"]);
}
