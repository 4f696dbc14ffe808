//! The same records exported as `;` CSV with Indonesian headers and number forms, as XLSX and as
//! NDJSON ingest to exactly the rows of the canonical CSV.

use polars::prelude::*;

use crate::harness::*;

fn canonical_rows(dir: &std::path::Path, file: &std::path::Path, kind: &str) -> DataFrame {
    kinerja(
        dir,
        &[
            "ingest",
            file.to_str().unwrap(),
            "--warehouse",
            "wh",
            "--kind",
            kind,
            "--strict",
        ],
    )
    .success();
    let df = read_kind(&dir.join("wh"), kind);
    // Where each row came from differs by design.
    df.drop_many(["_source", "_line", "_ingest"])
}

/// The worked example's activities, rewritten the way a regional `;` export writes them.
fn indonesian_semicolon(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str("ID Aktivitas;NIP;Tanggal;Jam Mulai;Jam Selesai;Durasi Menit;Uraian Kegiatan;ID Indikator;Kuantitas;Satuan;Status;Waktu Kirim\n");
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        let (y, m, d) = (&f[2][0..4], &f[2][5..7], &f[2][8..10]);
        let nip = format!(
            "{} {} {} {}",
            &f[1][0..8],
            &f[1][8..14],
            &f[1][14..15],
            &f[1][15..18]
        );
        let volume = f[8].replace('.', ",");
        let status = if f[10] == "submitted" {
            "diajukan"
        } else {
            f[10]
        };
        let (sy, sm, sd, time) = (&f[11][0..4], &f[11][5..7], &f[11][8..10], &f[11][11..16]);
        out.push_str(&format!(
            "{};{nip};{d}/{m}/{y};{};{};{};\"{}\";{};{volume};{};{status};{sd}-{sm}-{sy} {time}\n",
            f[0], f[3], f[4], f[5], f[6], f[7], f[9]
        ));
    }
    out
}

fn ndjson(text: &str) -> String {
    let mut lines = text.lines();
    let headers: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|line| {
            let object: serde_json::Map<String, serde_json::Value> = headers
                .iter()
                .zip(line.split(','))
                .filter(|(_, v)| !v.is_empty())
                .map(|(h, v)| {
                    let value = match *h {
                        "duration_min" => serde_json::Value::from(v.parse::<i64>().unwrap()),
                        "volume" => serde_json::Value::from(v.parse::<f64>().unwrap()),
                        _ => serde_json::Value::from(v.to_string()),
                    };
                    (h.to_string(), value)
                })
                .collect();
            serde_json::Value::Object(object).to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn xlsx(text: &str, path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let stamp_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy hh:mm");
    for (r, line) in text.lines().enumerate() {
        for (c, value) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r > 0 && (c == 5 || c == 8) && !value.is_empty() {
                ws.write_number(r, c, value.parse::<f64>().unwrap())
                    .unwrap();
            } else if r > 0 && c == 2 {
                let d = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").unwrap();
                let serial =
                    (d - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
                ws.write_number_with_format(r, c, serial, &date_format)
                    .unwrap();
            } else if r > 0 && c == 11 {
                let t = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S").unwrap();
                let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap();
                ws.write_number_with_format(
                    r,
                    c,
                    (t - base).num_seconds() as f64 / 86400.0,
                    &stamp_format,
                )
                .unwrap();
            } else if !value.is_empty() {
                ws.write_string(r, c, value).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn indonesian_csv_xlsx_and_ndjson_ingest_to_the_canonical_rows() {
    let canonical_text = std::fs::read_to_string(worked_example().join("activities.csv")).unwrap();
    let base = temp();
    let expected = canonical_rows(
        base.path(),
        &worked_example().join("activities.csv"),
        "activities",
    );
    assert_eq!(expected.height(), 92);

    let semi = temp();
    let semi_file = write(
        semi.path(),
        "ekspor_aktivitas.csv",
        &indonesian_semicolon(&canonical_text),
    );
    let got = canonical_rows(semi.path(), &semi_file, "activities");
    assert!(
        got.equals_missing(&expected),
        "`;` CSV differs:\n{got}\n{expected}"
    );

    let nd = temp();
    let nd_file = write(nd.path(), "aktivitas.ndjson", &ndjson(&canonical_text));
    let got = canonical_rows(nd.path(), &nd_file, "activities");
    assert!(
        got.equals_missing(&expected),
        "NDJSON differs:\n{got}\n{expected}"
    );

    let xl = temp();
    let xl_file = xl.path().join("aktivitas.xlsx");
    xlsx(&canonical_text, &xl_file);
    let got = canonical_rows(xl.path(), &xl_file, "activities");
    assert!(
        got.equals_missing(&expected),
        "XLSX differs:\n{got}\n{expected}"
    );
}

#[test]
fn a_json_array_and_a_bom_csv_are_read_too() {
    let tmp = temp();
    let json = write(
        tmp.path(),
        "penilaian.json",
        r#"[{"nip": "198609262015051001", "periode": "2026-10", "hasil_kerja": "Sesuai Ekspektasi", "perilaku": "di atas"}]"#,
    );
    let bom = write(
        tmp.path(),
        "libur.csv",
        "\u{feff}Tanggal;Keterangan\n25/12/2026;Hari Raya Natal\n",
    );
    kinerja(
        tmp.path(),
        &[
            "ingest",
            json.to_str().unwrap(),
            bom.to_str().unwrap(),
            "--warehouse",
            "wh",
            "--strict",
        ],
    )
    .success();
    let ev = read_kind(&tmp.path().join("wh"), "evaluations");
    assert_eq!(
        ev.column("work_result").unwrap().str().unwrap().get(0),
        Some("meets")
    );
    assert_eq!(
        ev.column("behaviour").unwrap().str().unwrap().get(0),
        Some("above")
    );
    assert_eq!(read_kind(&tmp.path().join("wh"), "holidays").height(), 1);
}

#[test]
fn exports_without_rows_ingest_as_nothing_not_as_an_error() {
    // `kinerja sample --format json` writes `[]` for a kind without rows; an NDJSON export of
    // nothing is an empty file. Both name their kind in the file name.
    let tmp = temp();
    write(tmp.path(), "persetujuan.json", "[]");
    write(tmp.path(), "aktivitas.ndjson", "");
    write(tmp.path(), "sanksi.json", r#"{"code": 1, "data": []}"#);
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            "persetujuan.json",
            "aktivitas.ndjson",
            "sanksi.json",
            "--warehouse",
            "wh",
        ],
    );
    run.success();
    for line in [
        "persetujuan.json: approvals (json) read 0, accepted 0",
        "aktivitas.ndjson: activities (ndjson) read 0, accepted 0",
        "sanksi.json: sanctions (json) read 0, accepted 0",
    ] {
        assert!(run.stderr.contains(line), "`{line}` in:\n{}", run.stderr);
    }
    // Without a kind in its name, an empty file cannot be placed: an error that says how.
    write(tmp.path(), "export.json", "[]");
    let run = kinerja(tmp.path(), &["ingest", "export.json", "--warehouse", "wh"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--kind"), "{}", run.stderr);
}

#[test]
fn a_sheet_with_a_cell_in_its_far_corner_costs_no_more_than_its_cells() {
    // One stray cell at XFD1048576 makes a sheet's range 1,048,576 × 16,384 cells: read as a
    // grid that was 512 GiB (issue 19). Read cell by cell, it is three rows and a stray cell
    // right of the header, which has no column.
    let tmp = temp();
    let path = tmp.path().join("presensi.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["nip", "tanggal", "keterangan"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "198609262015051001").unwrap();
    ws.write_string(1, 1, "2026-10-01").unwrap();
    ws.write_string(1, 2, "hadir").unwrap();
    ws.write_string(1_048_575, 16_383, "stray").unwrap();
    book.save(&path).unwrap();
    // A grid of the whole range cannot be allocated on any machine: the run would abort.
    let run = kinerja(
        tmp.path(),
        &["ingest", "presensi.xlsx", "--warehouse", "wh"],
    );
    run.success();
    assert!(
        run.stderr
            .contains("read 1, accepted 1, replaced 0, rejected 0"),
        "{}",
        run.stderr
    );
}
