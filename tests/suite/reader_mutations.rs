//! The readers attacked (issue 19): a few hundred seeded mutations of real-shaped exports (CSV,
//! JSON, NDJSON, XLSX) are ingested into a warehouse that already holds data. Every run must end
//! with exit 0, 1 or 2 (never a panic's 3, never a signal), and a run that fails (2) must leave
//! the warehouse byte for byte as it was.

use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::harness::*;

const SEED: u64 = 19;
const MUTATIONS_PER_BASE: usize = 45;

const ACTIVITIES: &str = "ID Aktivitas;NIP;Tanggal;Jam Mulai;Jam Selesai;Durasi Menit;Uraian Kegiatan;Kuantitas;Satuan;Status;Waktu Kirim\n\
    A-1;198609262015051001;01/10/2026;08:00;10:00;;Menyusun laporan;1,5;dokumen;diajukan;01/10/2026 16:57\n\
    A-2;199009132025242014;02/10/2026;;;90;Rapat koordinasi;;;disetujui;02/10/2026 16:00\n\
    A-3;198609262015051001;05/10/2026;13.00;15.30;;\"Verifikasi; berkas\";12;berkas;draft;\n";

const ATTENDANCE: &str = "nip,tanggal,keterangan,masuk_telat,pulang_cepat\n\
    198609262015051001,2026-10-01,H,5,0\n\
    198609262015051001,2026-10-02,CT,0,0\n\
    199009132025242014,2026-10-05,A,0,0\n";

const APPROVALS_JSON: &str = r#"[
  {"activity_id": "A-1", "approver_nip": "197805172003121002", "decision": "disetujui", "decided_at": "2026-10-02T09:15:00+07:00"},
  {"activity_id": "A-2", "approver_nip": "197805172003121002", "decision": "ditolak", "decided_at": "2026-10-03 10:00", "note": "Tanpa lampiran"}
]"#;

const EMPLOYEES_ENVELOPE: &str = r#"{"code": 1, "data": [
  {"nipBaru": "198609262015051001", "nama": "Andi", "unorId": "U1", "golRuangAkhir": "III/b", "jenisAsn": "PNS", "besaranTpp": "5.000.000", "periode": "2026-10"},
  {"nipBaru": "199009132025242014", "nama": "Sari", "unorId": "U1", "golRuangAkhir": "IX", "jenisAsn": "PPPK", "besaranTpp": 4500000, "periode": "2026-10"}
]}"#;

const ACTIVITIES_NDJSON: &str = "{\"id\": \"N-1\", \"nip\": \"198609262015051001\", \"tanggal\": \"2026-10-06\", \"durasi\": 60, \"uraian\": \"Arsip\", \"status\": \"diajukan\"}\n\
    {\"id\": \"N-2\", \"nip\": \"198609262015051001\", \"tanggal\": \"2026-10-07\", \"durasi\": 45, \"uraian\": \"Input data\", \"status\": \"disetujui\"}\n";

/// One mutation of `base`, chosen and placed by `rng`.
fn mutate(base: &[u8], rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut b = base.to_vec();
    let at = |rng: &mut ChaCha8Rng, len: usize| rng.random_range(0..=len);
    match rng.random_range(0..12) {
        0 => {
            // Flip one byte.
            if !b.is_empty() {
                let i = rng.random_range(0..b.len());
                b[i] ^= 1 << rng.random_range(0..8);
            }
        }
        1 => b.truncate(at(rng, base.len())),
        2 => {
            let i = at(rng, b.len());
            let odd: &[&str] = &["é", "\u{3000}", "🙂", "\u{feff}", "\u{200b}", "\u{0}"];
            let s = odd[rng.random_range(0..odd.len())];
            b.splice(i..i, s.bytes());
        }
        3 => {
            let i = at(rng, b.len());
            b.splice(i..i, *b"\"");
        }
        4 => {
            let i = at(rng, b.len());
            b.splice(i..i, "9".repeat(40).into_bytes());
        }
        5 => {
            let i = at(rng, b.len());
            b.splice(i..i, *b"\r\n");
        }
        6 => {
            // Duplicate a line.
            let text = String::from_utf8_lossy(&b).into_owned();
            let lines: Vec<&str> = text.split('\n').collect();
            let i = rng.random_range(0..lines.len());
            let mut out = lines.clone();
            out.insert(i, lines[i]);
            b = out.join("\n").into_bytes();
        }
        7 => {
            // Swap the separators: `;` ↔ `,`.
            for c in b.iter_mut() {
                *c = match *c {
                    b';' => b',',
                    b',' => b';',
                    other => other,
                };
            }
        }
        8 => {
            let i = at(rng, b.len());
            let j = (i + rng.random_range(0..20)).min(b.len());
            b.drain(i..j);
        }
        9 => b.clear(),
        10 => {
            let i = at(rng, b.len());
            b.splice(i..i, *b"{[");
        }
        _ => {
            let i = at(rng, b.len());
            b.splice(i..i, "x".repeat(rng.random_range(1..5000)).into_bytes());
        }
    }
    b
}

/// An XLSX of `rows` (`;`-separated text, one row a line), every cell as text.
fn xlsx_of(rows: &str) -> Option<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, line) in rows.lines().enumerate().take(1000) {
        for (c, value) in line.split(';').enumerate().take(50) {
            // Text the writer itself refuses (control characters, too long) is no XLSX case.
            ws.write_string(r as u32, c as u16, value).ok()?;
        }
    }
    book.save_to_buffer().ok()
}

fn warehouse_with_data(dir: &Path) {
    write(
        dir,
        "libur.csv",
        "tanggal,keterangan\n2026-10-20,Libur daerah\n",
    );
    kinerja(dir, &["ingest", "libur.csv", "--warehouse", "base", "-q"]).success();
}

#[test]
fn mutated_exports_never_panic_and_a_failed_run_changes_nothing() {
    let tmp = temp();
    warehouse_with_data(tmp.path());
    let base_digest = tree_digest(&tmp.path().join("base"));
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let bases: Vec<(&str, Vec<u8>)> = vec![
        ("aktivitas.csv", ACTIVITIES.as_bytes().to_vec()),
        ("presensi.csv", ATTENDANCE.as_bytes().to_vec()),
        ("persetujuan.json", APPROVALS_JSON.as_bytes().to_vec()),
        ("pegawai.json", EMPLOYEES_ENVELOPE.as_bytes().to_vec()),
        ("aktivitas.ndjson", ACTIVITIES_NDJSON.as_bytes().to_vec()),
        // XLSX twice: cells mutated as text, and the workbook's bytes themselves.
        ("aktivitas.xlsx", ACTIVITIES.as_bytes().to_vec()),
        ("pegawai_rusak.xlsx", xlsx_of(ACTIVITIES).unwrap()),
    ];
    let mut outcomes = [0usize; 3];
    for (name, base) in &bases {
        for case in 0..MUTATIONS_PER_BASE {
            let bytes = match *name {
                "aktivitas.xlsx" => {
                    let text = String::from_utf8_lossy(&mutate(base, &mut rng)).into_owned();
                    match xlsx_of(&text) {
                        Some(b) => b,
                        None => continue,
                    }
                }
                _ => mutate(base, &mut rng),
            };
            std::fs::write(tmp.path().join(name), &bytes).unwrap();
            let wh = tmp.path().join("wh");
            if wh.exists() {
                std::fs::remove_dir_all(&wh).unwrap();
            }
            copy_tree(&tmp.path().join("base"), &wh);
            let mut args = vec!["ingest", name, "--warehouse", "wh", "-q"];
            if name.starts_with("pegawai_rusak") {
                args.extend(["--kind", "activities"]);
            }
            let run = kinerja(tmp.path(), &args);
            let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
            assert!(
                (0..=2).contains(&run.code),
                "{name} case {case}: exit {}\n{}\ninput: {shown:?}",
                run.code,
                run.stderr
            );
            outcomes[run.code as usize] += 1;
            if run.code == 2 {
                assert_eq!(
                    tree_digest(&wh),
                    base_digest,
                    "{name} case {case}: a failed run changed the warehouse\n{}",
                    run.stderr
                );
            }
        }
    }
    eprintln!("exit codes 0 / 1 / 2: {outcomes:?}");
    // The mutations reach both sides: files that still go in and files that are refused.
    assert!(outcomes[0] > 30 && outcomes[2] > 30, "{outcomes:?}");
}
