//! One case per reject reason: a file with one bad row is ingested, the row is kept under
//! `_rejects/` with its line, column, value and a reason that says what is wrong.

use polars::prelude::*;

use crate::harness::*;

struct Case {
    file: &'static str,
    text: &'static str,
    column: &'static str,
    reason: &'static str,
}

const NIP: &str = "198609262015051001";

fn cases() -> Vec<Case> {
    vec![
        Case {
            file: "presensi.csv",
            text: "nip,tanggal,keterangan\n1986092620150510,2026-10-01,hadir\n",
            column: "nip",
            reason: "exactly 18 digits",
        },
        Case {
            file: "presensi.csv",
            text: "nip,tanggal,keterangan\n198613262015051001,2026-10-01,hadir\n",
            column: "nip",
            reason: "birth date",
        },
        Case {
            file: "presensi.csv",
            text: "nip,tanggal,keterangan\n198609262015131001,2026-10-01,hadir\n",
            column: "nip",
            reason: "neither a month 01-12 (PNS) nor a PPPK code",
        },
        Case {
            file: "presensi.csv",
            text: "nip,tanggal,keterangan\n198609262015053001,2026-10-01,hadir\n",
            column: "nip",
            reason: "gender",
        },
        Case {
            file: "presensi.csv",
            text: "nip,tanggal,keterangan\n198609262015051001,2026-02-30,hadir\n",
            column: "tanggal",
            reason: "is not a date",
        },
        Case {
            file: "presensi.csv",
            text: "nip,tanggal,keterangan\n198609262015051001,2026-10-01,liburan\n",
            column: "keterangan",
            reason: "is not one of: present, absent",
        },
        Case {
            file: "presensi.csv",
            text: "nip,tanggal,keterangan,terlambat\n198609262015051001,2026-10-01,hadir,-5\n",
            column: "terlambat",
            reason: "outside 0-1440",
        },
        Case {
            file: "presensi.csv",
            text: "nip,tanggal,keterangan,tidak_absen_pulang\n198609262015051001,2026-10-01,hadir,mungkin\n",
            column: "tidak_absen_pulang",
            reason: "not yes/no",
        },
        Case {
            file: "presensi.csv",
            text: "nip,tanggal,keterangan\n,2026-10-01,hadir\n",
            column: "nip",
            reason: "required value `nip` is empty",
        },
        Case {
            file: "aktivitas.csv",
            text: "id,nip,tanggal,durasi,uraian\nA,198609262015051001,2026-10-01,1500,Rapat\n",
            column: "durasi",
            reason: "outside 1-1440",
        },
        Case {
            file: "aktivitas.csv",
            text: "id,nip,tanggal,durasi,uraian\nA,198609262015051001,2026-10-01,,Rapat\n",
            column: "duration_min",
            reason: "no duration",
        },
        Case {
            file: "aktivitas.csv",
            text: "id,nip,tanggal,jam_mulai,jam_selesai,uraian\nA,198609262015051001,2026-10-01,10:00,09:00,Rapat\n",
            column: "end_time",
            reason: "not after start_time",
        },
        Case {
            file: "aktivitas.csv",
            text: "id,nip,tanggal,jam_mulai,jam_selesai,uraian\nA,198609262015051001,2026-10-01,25:00,26:00,Rapat\n",
            column: "jam_mulai",
            reason: "is not a time",
        },
        Case {
            file: "aktivitas.csv",
            text: "id,nip,tanggal,durasi,uraian,waktu_kirim\nA,198609262015051001,2026-10-01,60,Rapat,kemarin sore\n",
            column: "waktu_kirim",
            reason: "timestamp",
        },
        Case {
            file: "aktivitas.csv",
            text: "id,nip,tanggal,durasi,uraian,jumlah\nA,198609262015051001,2026-10-01,60,Rapat,banyak\n",
            column: "jumlah",
            reason: "is not a number",
        },
        Case {
            file: "persetujuan.csv",
            text: "id_aktivitas,nip_atasan,keputusan,waktu_persetujuan\nA,197501012000031002,mungkin,2026-10-02 10:00\n",
            column: "keputusan",
            reason: "is not one of: approved, rejected",
        },
        Case {
            file: "pegawai.csv",
            text: "nip,nama,kode_unit,kelas_jabatan,periode\n198609262015051001,Andi,U1,18,2026-10\n",
            column: "kelas_jabatan",
            reason: "outside 1-17",
        },
        Case {
            file: "pegawai.csv",
            text: "nip,nama,kode_unit,besaran_tpp,periode\n198609262015051001,Andi,U1,5000000.50,2026-10\n",
            column: "besaran_tpp",
            reason: "not whole rupiah",
        },
        Case {
            file: "pegawai.csv",
            text: "nip,nama,kode_unit,periode\n198609262015051001,Andi,U1,Oktober\n",
            column: "periode",
            reason: "is not a period",
        },
        Case {
            file: "pegawai.csv",
            text: "nip,nama,kode_unit,periode\n198609262015051001,Andi,U1,\n",
            column: "period",
            reason: "--as-of",
        },
        Case {
            file: "target_skp.csv",
            text: "id_indikator,nip,periode,target\nI1,198609262015051001,2026-10,0\n",
            column: "target",
            reason: "must be above 0",
        },
        Case {
            file: "hukuman.csv",
            text: "nip,period_from,period_to,cut_pct\n198609262015051001,2026-10,2026-12,120\n",
            column: "cut_pct",
            reason: "between 0 and 100",
        },
        Case {
            file: "hukuman.csv",
            text: "nip,period_from,period_to,cut_pct\n198609262015051001,2026-10,2026-08,20\n",
            column: "period_to",
            reason: "before period_from",
        },
        Case {
            file: "penilaian.csv",
            text: "nip,periode,hasil_kerja,perilaku\n198609262015051001,2026-10,luar_biasa,sesuai\n",
            column: "hasil_kerja",
            reason: "is not one of: above, meets, below",
        },
        Case {
            file: "unor.csv",
            text: "kode_unit,id_induk,nama_unit,periode\nU1,,Dinas,2026-10\nU2,U9,Bidang,2026-10\n",
            column: "parent_id",
            reason: "`U9` is not a unit of the 2026-10 snapshot",
        },
        Case {
            file: "unor.csv",
            text: "kode_unit,id_induk,nama_unit,periode\nU1,,Dinas,2026-10\nU2,U3,Bidang A,2026-10\nU3,U2,Bidang B,2026-10\n",
            column: "parent_id",
            reason: "cycle",
        },
        Case {
            file: "libur.csv",
            text: "tanggal,keterangan,jenis\n2026-12-25,Natal,bukan\n",
            column: "jenis",
            reason: "national, collective_leave",
        },
    ]
}

#[test]
fn every_reject_reason_keeps_the_row_with_line_column_value_and_reason() {
    for (n, case) in cases().iter().enumerate() {
        let tmp = temp();
        let path = write(tmp.path(), case.file, case.text);
        let run = kinerja(
            tmp.path(),
            &[
                "ingest",
                path.to_str().unwrap(),
                "--warehouse",
                "wh",
                "--strict",
            ],
        );
        assert_eq!(
            run.code, 1,
            "case {n} ({}) should be rejected under --strict\n{}",
            case.reason, run.stderr
        );
        assert!(
            run.stderr.contains(case.reason),
            "case {n}: stderr lacks `{}`:\n{}",
            case.reason,
            run.stderr
        );
        let rejects_dir = tmp.path().join("wh/_rejects");
        let entry = std::fs::read_dir(&rejects_dir)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let df = ParquetReader::new(std::fs::File::open(entry.join("part-0.parquet")).unwrap())
            .finish()
            .unwrap();
        let columns: Vec<&str> = df
            .column("column")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        let reasons: Vec<&str> = df
            .column("reason")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert!(
            columns.contains(&case.column),
            "case {n}: columns {columns:?}, expected {}",
            case.column
        );
        assert!(
            reasons.iter().any(|r| r.contains(case.reason)),
            "case {n}: {reasons:?}"
        );
        let last_line = case.text.lines().count() as i64;
        let lines: Vec<i64> = df
            .column("line")
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert!(
            lines.contains(&last_line),
            "case {n}: lines {lines:?}, expected {last_line}"
        );
        assert!(
            df.column("source")
                .unwrap()
                .str()
                .unwrap()
                .get(0)
                .unwrap()
                .ends_with(case.file)
        );
    }
}

#[test]
fn a_rejected_row_never_reaches_the_data_and_good_rows_still_do() {
    let tmp = temp();
    let path = write(
        tmp.path(),
        "presensi.csv",
        &format!(
            "nip,tanggal,keterangan\n{NIP},2026-10-01,hadir\n123,2026-10-02,hadir\n{NIP},2026-10-03,sakit\n"
        ),
    );
    let run = kinerja(
        tmp.path(),
        &["ingest", path.to_str().unwrap(), "--warehouse", "wh"],
    );
    run.success();
    assert!(
        run.stderr
            .contains("read 3, accepted 2, replaced 0, rejected 1"),
        "{}",
        run.stderr
    );
    assert_eq!(read_kind(&tmp.path().join("wh"), "attendance").height(), 2);
}

#[test]
fn crlf_and_lf_files_give_the_same_line_numbers_to_rows_and_rejects() {
    // SPEC section 1: `_line` is the row's line in the file (1 = the header), the same whether
    // or not the file had rejects, and counted the same for `\n` and `\r\n`.
    let lines = [
        "nip,tanggal,keterangan",
        "198609262015051001,2026-10-01,hadir",
        "198609262015051001,2026-10-02,X",
        "198609262015051001,2026-10-05,hadir",
        "198609262015051001,2026-10-06,Y",
    ];
    let clean = ["nip,tanggal,keterangan", lines[1], lines[3]];
    for (name, text, stored, rejected) in [
        ("lf", lines.join("\n") + "\n", vec![2, 4], vec![3, 5]),
        ("crlf", lines.join("\r\n") + "\r\n", vec![2, 4], vec![3, 5]),
        // One CRLF line among LF ones.
        (
            "mixed",
            format!(
                "{}\n{}\r\n{}\n{}\n{}\n",
                lines[0], lines[1], lines[2], lines[3], lines[4]
            ),
            vec![2, 4],
            vec![3, 5],
        ),
        ("clean", clean.join("\r\n"), vec![2, 3], vec![]),
    ] {
        let tmp = temp();
        write(tmp.path(), "presensi.csv", &text);
        let run = kinerja(tmp.path(), &["ingest", "presensi.csv", "--warehouse", "wh"]);
        run.success();
        assert!(
            run.stderr.contains(&format!("rejected {}", rejected.len())),
            "{name}: {}",
            run.stderr
        );
        let wh = tmp.path().join("wh");
        let got: Vec<i64> = read_kind(&wh, "attendance")
            .column("_line")
            .unwrap()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(got, stored, "{name}: stored lines");
        let rejects = read_rejects(&wh);
        let got: Vec<i64> = if rejects.height() == 0 {
            vec![]
        } else {
            rejects
                .column("line")
                .unwrap()
                .i64()
                .unwrap()
                .into_no_null_iter()
                .collect()
        };
        assert_eq!(got, rejected, "{name}: reject lines");
    }
}
