//! `kinerja export siasn` (SPEC 13) on the worked example, the expected rows written from the
//! fixture by hand: Andi (sesuai / di_atas: hasil 2, perilaku 1, baik → kuadran 2) and Citra
//! (below / meets: 3, 2, butuh_perbaikan → 3) are exported with their supervisor Budi (Kepala
//! Dinas, U1 "Dinas Contoh"). Budi has no evaluation and no supervisor; Dewi (meets / meets) has
//! no SIASN id: both are listed with their reasons.

use crate::compute_harness::*;
use crate::harness::*;

fn with_siasn_ids() -> Computed {
    worked_example_with(|dir| {
        let path = dir.join("employees.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let ids = ["", "ID-ANDI", "ID-BUDI", "ID-CITRA", ""];
        let edited: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, line)| {
                let (head, period) = line.rsplit_once(',').unwrap();
                let id = if i == 0 { "id_pns_siasn" } else { ids[i] };
                format!("{head},{id},{period}")
            })
            .collect();
        std::fs::write(&path, edited.join("\n") + "\n").unwrap();
    })
}

#[test]
fn evaluated_employees_go_out_with_siasn_codes_and_the_others_with_reasons() {
    let c = with_siasn_ids();
    kinerja(
        c.dir(),
        &[
            "export",
            "siasn",
            "--period",
            "2026-10",
            "--warehouse",
            "wh",
            "--out",
            "out",
        ],
    )
    .success();
    let dir = c.dir().join("out/2026-10/export");
    let exported = rows(&dir.join("siasn_kinerja_periodik.csv"));
    let got: Vec<Vec<&str>> = exported
        .iter()
        .map(|r| {
            [
                "nip",
                "pnsDinilaiId",
                "periodikId",
                "tahun",
                "bulanMulaiPenilaian",
                "bulanSelesaiPenilaian",
                "tahunMulaiPenilaian",
                "tahunSelesaiPenilaian",
                "hasilKinerjaNilai",
                "perilakuKerjaNilai",
                "kuadranKinerjaNilai",
                "penilaiNipNrp",
                "penilaiNama",
                "penilaiJabatanNama",
                "penilaiUnorNama",
                "statusPenilai",
            ]
            .iter()
            .map(|f| r[*f].as_str())
            .collect()
        })
        .collect();
    let budi = [
        "197501012000031002",
        "Budi Hartono",
        "Kepala Dinas",
        "Dinas Contoh",
        "ASN",
    ];
    let row = |nip, id, codes: [&'static str; 3]| {
        let mut r = vec![nip, id, "1", "2026", "10", "10", "2026", "2026"];
        r.extend(codes);
        r.extend(budi);
        r
    };
    assert_eq!(
        got,
        vec![
            row("198609262015051001", "ID-ANDI", ["2", "1", "2"]),
            row("199507212020122003", "ID-CITRA", ["3", "2", "3"]),
        ]
    );
    // The JSON holds the same rows, codes as numbers.
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("siasn_kinerja_periodik.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["kuadranKinerjaNilai"], 3);
    assert_eq!(json[1]["pnsDinilaiId"], "ID-CITRA");
    let left = rows(&dir.join("siasn_not_exported.csv"));
    let reasons: Vec<(&str, &str)> = left
        .iter()
        .map(|r| (r["nip"].as_str(), r["reason"].as_str()))
        .collect();
    assert_eq!(reasons.len(), 2);
    assert_eq!(reasons[0].0, "197501012000031002");
    assert!(
        reasons[0].1.contains("no evaluation for 2026-10"),
        "{}",
        reasons[0].1
    );
    assert!(reasons[0].1.contains("no supervisor"), "{}", reasons[0].1);
    assert_eq!(reasons[1].0, "199203152019032005");
    assert!(reasons[1].1.starts_with("no siasn_id"), "{}", reasons[1].1);
}

#[test]
fn a_month_without_a_roster_is_an_error_and_writes_nothing() {
    let c = with_siasn_ids();
    let run = kinerja(
        c.dir(),
        &[
            "export",
            "siasn",
            "--period",
            "2026-09",
            "--warehouse",
            "wh",
            "--out",
            "out",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no employee roster for 2026-09"),
        "{}",
        run.stderr
    );
    assert!(!c.dir().join("out/2026-09").exists());
}
