//! Fuzzing, in process and seeded, run outside CI (`#[ignore]`): the value parsers on generated
//! text, and the readers with their validators on mutated files. Each must answer a value or a
//! reason, never panic. Run with
//! `KINERJA_FUZZ_ITERS=10000000 cargo test --test suite fuzz_ -- --ignored --nocapture`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use kinerja::values::*;

fn iterations(default: u64) -> u64 {
    std::env::var("KINERJA_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Pieces real values are made of, and pieces that break them.
const PIECES: &[&str] = &[
    "2026",
    "10",
    "05",
    "-",
    "/",
    ".",
    ",",
    ":",
    " ",
    "T",
    "Z",
    "+07:00",
    "+0700",
    "-",
    "WIB",
    "WITA",
    "Oktober",
    "Okt",
    "Des",
    "NIP",
    "NIP.",
    "'",
    "1986",
    "0926",
    "2015",
    "05",
    "1",
    "001",
    "24",
    "Rp",
    "5.000.000",
    "000",
    "%",
    "Dokumen",
    "III",
    "/b",
    "IX",
    "IV",
    "e",
    "é",
    "🙂",
    "\u{3000}",
    "\u{feff}",
    "\u{0}",
    "\r",
    "\n",
    "9999999999999999999999",
    "0.000001",
    "1e9",
    "NaN",
    "-0",
    "ya",
    "tidak",
    "true",
    "1.5",
    "2,50",
    "08.00",
    "24:00",
    "23:59:59.999999",
];

/// Values as exports write them, so that mutations start from what parsers accept.
const VALID: &[&str] = &[
    "2026-10-05",
    "05/10/2026",
    "5 Oktober 2026",
    "2026/10/05",
    "2026-10-05 08:00:00",
    "2026-10-05T02:31:40.000000Z",
    "2026-10-05 08:00 WIB",
    "08:00",
    "08.00",
    "2026-10",
    "Oktober 2026",
    "10-2026",
    "NIP. 198609262015051001",
    "19860926 201505 1 001",
    "199009132025242014",
    "5.000.000",
    "5000000.00",
    "Rp 5.750.000,00",
    "1,5",
    "1.5",
    "40%",
    "III/b",
    "IX",
    "ya",
    "+07:00",
];

fn generated(rng: &mut ChaCha8Rng) -> String {
    let mut s: String = if rng.random_bool(0.5) {
        VALID[rng.random_range(0..VALID.len())].to_string()
    } else {
        String::new()
    };
    for _ in 0..rng.random_range(0..4) {
        let piece = PIECES[rng.random_range(0..PIECES.len())];
        let mut at = rng.random_range(0..=s.len());
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        if rng.random_bool(0.3) && at < s.len() {
            let mut end = (at + piece.len()).min(s.len());
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s.replace_range(at..end, "");
        } else {
            s.insert_str(at, piece);
        }
    }
    s
}

#[test]
#[ignore]
fn fuzz_value_parsers() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let n = iterations(1_000_000);
    let mut dates = 0u64;
    let mut accepted = 0u64;
    for _ in 0..n {
        let s = generated(&mut rng);
        dates += parse_date_str(&s).is_ok() as u64;
        accepted += every_text_parser(&s) as u64;
    }
    eprintln!(
        "value parsers: {n} inputs × 17 parsers, {dates} read as dates, {accepted} values \
         accepted in all; no panic"
    );
}

#[test]
#[ignore]
fn fuzz_readers() {
    use kinerja::ingest::{detect, open, source};
    let tmp = tempfile::tempdir().unwrap();
    let bases: [(&str, &str); 4] = [
        (
            "aktivitas.csv",
            "ID Aktivitas;NIP;Tanggal;Durasi Menit;Uraian Kegiatan;Kuantitas;Status\nA-1;198609262015051001;01/10/2026;90;Laporan;1,5;diajukan\nA-2;199009132025242014;2026-10-02;60;\"Rapat; koordinasi\";;disetujui\n",
        ),
        (
            "persetujuan.json",
            r#"{"data": [{"activity_id": "A-1", "approver_nip": "197805172003121002", "decision": "disetujui", "decided_at": "2026-10-02T09:15:00+07:00"}]}"#,
        ),
        (
            "aktivitas.ndjson",
            "{\"id\": \"N-1\", \"nip\": \"198609262015051001\", \"tanggal\": \"2026-10-06\", \"durasi\": 60, \"uraian\": \"Arsip\"}\n",
        ),
        (
            "presensi.csv",
            "nip,tanggal,keterangan,masuk_telat\n198609262015051001,2026-10-01,H,5\n",
        ),
    ];
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let n = iterations(20_000);
    let ext: &'static kinerja::extensions::Extensions =
        Box::leak(Box::new(kinerja::extensions::Extensions::default()));
    let opts = kinerja::ingest::IngestOptions {
        warehouse: tmp.path().join("wh"),
        kind: None,
        as_of: Some("2026-10".into()),
        sheet: None,
        utc_offset_min: 420,
        sort_rows: 1000,
        unknown_parent: kinerja::rules::UnknownParent::Reject,
        extensions: ext,
    };
    let (mut opened, mut rows) = (0u64, 0u64);
    for i in 0..n {
        let (name, base) = bases[i as usize % bases.len()];
        let mut bytes = base.as_bytes().to_vec();
        for _ in 0..rng.random_range(1..4) {
            let at = rng.random_range(0..=bytes.len());
            match rng.random_range(0..4) {
                0 if !bytes.is_empty() => {
                    let j = rng.random_range(0..bytes.len());
                    bytes[j] = rng.random();
                }
                1 => bytes.truncate(at),
                2 => {
                    let piece = PIECES[rng.random_range(0..PIECES.len())];
                    bytes.splice(at..at, piece.bytes());
                }
                _ => {
                    bytes.splice(at..at, *b"\"{[;,\n");
                }
            }
        }
        let path = tmp.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let Ok((mut src, kind)) =
            open::open_as_kind(&path, &opts, &indicatif::ProgressBar::hidden())
        else {
            continue;
        };
        opened += 1;
        let Ok(map) = detect::map_columns(kind, &path, &src.headers, ext) else {
            continue;
        };
        let validator = open::validator_for(kind, &map, &src.headers, &src.format, &opts);
        for batch in src.batches.by_ref() {
            let Ok(batch) = batch else { break };
            let Ok(batch_rows): Result<Vec<source::Row>, _> = batch.into_rows(&path) else {
                break;
            };
            for row in &batch_rows {
                rows += 1;
                let _ = validator.row(row);
            }
        }
    }
    eprintln!(
        "readers: {n} mutated files, {opened} opened as a kind, {rows} rows validated, no panic"
    );
}
