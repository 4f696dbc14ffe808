//! The generator: deterministic for a seed, and its output ingests cleanly.

use crate::harness::*;

#[test]
fn the_same_seed_gives_byte_identical_files_and_another_seed_does_not() {
    let tmp = temp();
    for (dir, seed, format) in [
        ("a", "7", "mixed"),
        ("b", "7", "mixed"),
        ("c", "8", "mixed"),
    ] {
        kinerja(
            tmp.path(),
            &[
                "sample",
                "--employees",
                "40",
                "--months",
                "2026-10",
                "--seed",
                seed,
                "--format",
                format,
                "--out",
                dir,
            ],
        )
        .success();
    }
    let a = tree_digest(&tmp.path().join("a"));
    assert!(a.len() >= 9, "{a:?}");
    assert_eq!(a, tree_digest(&tmp.path().join("b")));
    assert_ne!(a, tree_digest(&tmp.path().join("c")));
}

#[test]
fn generated_exports_ingest_with_only_the_planted_typo_rejected() {
    let tmp = temp();
    kinerja(
        tmp.path(),
        &[
            "sample",
            "--employees",
            "300",
            "--months",
            "2026-09..2026-10",
            "--format",
            "mixed",
            "--out",
            "data",
        ],
    )
    .success();
    let run = kinerja(tmp.path(), &["ingest", "data", "--warehouse", "wh"]);
    run.success();
    // Employee 13 (index % 997 == 13) drops a digit of the NIP once a month in attendance.
    let rejected: u64 = run
        .stderr
        .lines()
        .filter(|l| l.contains(" read "))
        .filter_map(|l| l.split("rejected ").nth(1))
        .map(|n| n.trim().parse::<u64>().unwrap())
        .sum();
    assert_eq!(rejected, 2, "{}", run.stderr);
    // The mixed set has shapes of real systems: the unit list printed as a report (letterhead
    // above the header) and evaluations in an API envelope.
    assert!(run.stderr.contains("header on row 5"), "{}", run.stderr);
    let evaluations =
        std::fs::read_to_string(tmp.path().join("data/penilaian_2026-10.json")).unwrap();
    assert!(
        evaluations.starts_with("{\"code\": 1"),
        "{}",
        &evaluations[..40]
    );
    let wh = tmp.path().join("wh");
    let employees = read_kind(&wh, "employees");
    // 300 employees a month, less those who join in October or leave after September (a few
    // staff, so the change since last month has them), each on one roster only.
    let on = |month: &str| -> std::collections::BTreeSet<String> {
        let periods = employees.column("period").unwrap().str().unwrap();
        let nips = employees.column("nip").unwrap().str().unwrap();
        periods
            .iter()
            .zip(nips.iter())
            .filter(|(p, _)| *p == Some(month))
            .map(|(_, n)| n.unwrap().to_string())
            .collect()
    };
    let (september, october) = (on("2026-09"), on("2026-10"));
    let joiners = october.difference(&september).count();
    let leavers = september.difference(&october).count();
    assert!(
        (1..=5).contains(&joiners) && (1..=5).contains(&leavers),
        "{joiners} {leavers}"
    );
    assert_eq!(september.len(), 300 - joiners);
    assert_eq!(october.len(), 300 - leavers);
    // PPPK employees carry a Nomor Induk PPPK (digits 13-14 an appointment code 21-29), PNS and
    // CPNS a NIP with their TMT month there.
    let nips = employees.column("nip").unwrap().str().unwrap();
    let types = employees.column("asn_type").unwrap().str().unwrap();
    let mut pppk = 0;
    for (nip, asn) in nips.iter().zip(types.iter()) {
        let code: u32 = nip.unwrap()[12..14].parse().unwrap();
        if asn == Some("PPPK") {
            pppk += 1;
            assert!((21..=29).contains(&code), "{nip:?}");
        } else {
            assert!((1..=12).contains(&code), "{nip:?} {asn:?}");
        }
    }
    assert!(pppk >= 20, "{pppk} PPPK rows of 600");
    let activities = read_kind(&wh, "activities").height();
    assert!(
        activities > 300 * 19 * 3,
        "3-5 entries a workday, got {activities}"
    );
}

#[test]
fn every_sample_format_ingests_as_written() {
    // `kinerja sample --format json` once wrote `[]` for a kind without rows, which ingest
    // refused (issue 19): every format the generator writes must go in.
    for format in ["csv", "json", "xlsx", "mixed"] {
        let tmp = temp();
        kinerja(
            tmp.path(),
            &[
                "sample",
                "--employees",
                "12",
                "--months",
                "2026-10",
                "--format",
                format,
                "--out",
                "data",
                "-q",
            ],
        )
        .success();
        let run = kinerja(tmp.path(), &["ingest", "data", "--warehouse", "wh"]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
    }
}
