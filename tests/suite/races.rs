//! Readers and writers race (issue 19): ingests and computes started together on one
//! warehouse. Each either runs or is refused with a message naming the holder (exit 2); a
//! compute that runs reads one committed version, so its tables are those of the warehouse
//! before the ingest or after it, never of a mix.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::harness::*;

const PAIRS: usize = 10;

fn spawn(dir: &Path, args: &[String]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .current_dir(dir)
        .args(args)
        .env_remove("KINERJA_FAILPOINT")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn tables(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let mut t = tree_digest(dir);
    t.retain(|k, _| k.ends_with(".csv"));
    t
}

#[test]
fn racing_ingests_and_computes_run_or_are_refused_and_never_read_a_mix() {
    let tmp = temp();
    let roster: Vec<String> = [
        "unor_2026-10.xlsx",
        "pegawai_2026-10.xlsx",
        "hari_libur_2026.csv",
        "aktivitas_2026-10.csv",
    ]
    .iter()
    .map(|f| sample_file(f))
    .collect();
    let mut first = vec!["ingest".to_string()];
    first.extend(roster);
    first.extend(["--warehouse", "base", "-q"].map(String::from));
    kinerja(
        tmp.path(),
        &first.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .success();
    let compute = |wh: &str, out: &str| -> Vec<String> {
        [
            "compute",
            "--period",
            "2026-10",
            "--warehouse",
            wh,
            "--out",
            out,
            "-q",
        ]
        .map(String::from)
        .to_vec()
    };
    let ingest = |wh: &str| -> Vec<String> {
        let mut args = vec![
            "ingest".to_string(),
            sample_file("persetujuan_2026-10.json"),
        ];
        args.extend(["--warehouse", wh, "-q"].map(String::from));
        args
    };
    // The two versions a compute may see.
    let run = |args: Vec<String>| {
        kinerja(
            tmp.path(),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        )
        .success();
    };
    run(compute("base", "before"));
    let before = tables(&tmp.path().join("before/2026-10/tables"));
    std::fs::create_dir_all(tmp.path().join("whole")).unwrap();
    copy_tree(&tmp.path().join("base"), &tmp.path().join("whole"));
    run(ingest("whole"));
    run(compute("whole", "after"));
    let after = tables(&tmp.path().join("after/2026-10/tables"));
    assert_ne!(before, after);

    let (mut ran, mut refused) = (0, 0);
    for pair in 0..PAIRS {
        let wh = format!("wh-{pair}");
        copy_tree(&tmp.path().join("base"), &tmp.path().join(&wh));
        let out = format!("out-{pair}");
        // Alternate who starts first.
        let (a, b) = if pair % 2 == 0 {
            (ingest(&wh), compute(&wh, &out))
        } else {
            (compute(&wh, &out), ingest(&wh))
        };
        let children = [spawn(tmp.path(), &a), spawn(tmp.path(), &b)];
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => ran += 1,
                Some(2)
                    if stderr.contains("is using the warehouse") && stderr.contains("process ") =>
                {
                    refused += 1
                }
                other => panic!("pair {pair}: exit {other:?}: {stderr}"),
            }
        }
        let got = tables(&tmp.path().join(&out).join("2026-10/tables"));
        assert!(
            got.is_empty() || got == before || got == after,
            "pair {pair}: the compute read neither version"
        );
    }
    eprintln!("races: {PAIRS} pairs, {ran} runs went through, {refused} refused naming the holder");
}
