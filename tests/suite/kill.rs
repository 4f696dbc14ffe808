//! The project attacks itself (issue 19): a real ingest and a real compute are killed with
//! SIGKILL at points spread over their run. Afterwards the warehouse (once opened again, which
//! finishes or discards the stopped run) and the period's output folder are each either as they
//! were before or as an uninterrupted run leaves them: never a mix.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::*;

/// When to kill, as fractions of an uninterrupted run's time: spread over the run, and dense
/// near its end, where the commit and the switch are (past 1, the run has mostly finished).
const POINTS: &[f64] = &[
    0.1, 0.3, 0.5, 0.7, 0.85, 0.9, 0.94, 0.97, 0.99, 1.01, 1.05, 1.5,
];

const OCTOBER: &[&str] = &[
    "aktivitas_2026-10.csv",
    "persetujuan_2026-10.json",
    "presensi_2026-10.csv",
    "pegawai_2026-10.xlsx",
    "target_skp_2026-10.xlsx",
];

/// The warehouse's state: every data file's digest, and the manifest without its times.
fn warehouse_state(wh: &Path) -> BTreeMap<String, String> {
    let mut state = tree_digest(wh);
    state.retain(|k, _| !k.starts_with(".holders") && k != ".lock");
    if let Some(m) = state.get_mut("_manifest.json") {
        let mut manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(wh.join("_manifest.json")).unwrap()).unwrap();
        for file in manifest["files"].as_array_mut().unwrap() {
            file.as_object_mut().unwrap().remove("ingested_at");
        }
        *m = manifest.to_string();
    }
    state
}

/// The period folder's state; `timings.json` holds the run's seconds and is left out.
fn output_state(dir: &Path) -> BTreeMap<String, String> {
    let mut state = tree_digest(dir);
    state.remove("timings.json");
    state
}

/// Runs `args` in `dir` and kills it after `after`; returns whether it had already finished.
fn run_and_kill(dir: &Path, args: &[String], after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .current_dir(dir)
        .args(args)
        .env_remove("KINERJA_FAILPOINT")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let _ = child.wait();
    finished
}

fn timed(dir: &Path, args: &[String]) -> Duration {
    let started = Instant::now();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    kinerja(dir, &refs).success();
    started.elapsed()
}

#[test]
fn a_killed_ingest_or_compute_leaves_the_before_or_the_after_never_a_mix() {
    let tmp = temp();
    // Before: the roster and units of October, and its holidays.
    let mut first = vec!["ingest".to_string()];
    first.extend(["unor_2026-10.xlsx", "hari_libur_2026.csv"].map(sample_file));
    first.extend(["--warehouse", "before", "-q"].map(String::from));
    kinerja(
        tmp.path(),
        &first.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .success();
    let before = warehouse_state(&tmp.path().join("before"));

    let ingest = |wh: &str| -> Vec<String> {
        let mut args = vec!["ingest".to_string()];
        args.extend(OCTOBER.iter().map(|f| sample_file(f)));
        args.extend(["--warehouse", wh, "-q"].map(String::from));
        args
    };
    copy_tree(&tmp.path().join("before"), &tmp.path().join("after"));
    let whole = timed(tmp.path(), &ingest("after"));
    let after = warehouse_state(&tmp.path().join("after"));
    assert_ne!(before, after);

    let mut ingest_seen = BTreeMap::from([("before", 0), ("after", 0)]);
    let mut killed = 0;
    for (k, fraction) in POINTS.iter().enumerate() {
        let wh = tmp.path().join(format!("killed-{k}"));
        copy_tree(&tmp.path().join("before"), &wh);
        let at = whole.mul_f64(*fraction);
        killed += u32::from(!run_and_kill(
            tmp.path(),
            &ingest(&format!("killed-{k}")),
            at,
        ));
        // Opening finishes a decided change or discards an undecided one.
        drop(kinerja::warehouse::Warehouse::open_for_write(&wh).unwrap());
        let state = warehouse_state(&wh);
        let which = if state == before {
            "before"
        } else if state == after {
            "after"
        } else {
            panic!("ingest killed at {at:?}: the warehouse is neither before nor after");
        };
        *ingest_seen.get_mut(which).unwrap() += 1;
    }
    assert!(ingest_seen["before"] > 0, "{ingest_seen:?}");

    // Compute: a first, complete output; then a compute under other rules, killed.
    let compute = |rules: &str| -> Vec<String> {
        [
            "compute",
            "--period",
            "2026-10",
            "--warehouse",
            "after",
            "--out",
            "out",
            "--rules",
            rules,
            "-q",
        ]
        .map(String::from)
        .to_vec()
    };
    write(tmp.path(), "a.toml", "");
    write(tmp.path(), "b.toml", "late_entries = \"count\"\n");
    timed(tmp.path(), &compute("a.toml"));
    let old = output_state(&tmp.path().join("out/2026-10"));
    copy_tree(&tmp.path().join("out"), &tmp.path().join("out-a"));
    let whole = timed(tmp.path(), &compute("b.toml"));
    let new = output_state(&tmp.path().join("out/2026-10"));
    assert_ne!(old, new);
    let mut seen = BTreeMap::from([("old", 0), ("new", 0)]);
    for fraction in POINTS {
        let out = tmp.path().join("out");
        std::fs::remove_dir_all(&out).unwrap();
        copy_tree(&tmp.path().join("out-a"), &out);
        let at = whole.mul_f64(*fraction);
        killed += u32::from(!run_and_kill(tmp.path(), &compute("b.toml"), at));
        let state = output_state(&out.join("2026-10"));
        let which = if state == old {
            "old"
        } else if state == new {
            "new"
        } else {
            panic!("compute killed at {at:?}: the output is neither the old set nor the new");
        };
        *seen.get_mut(which).unwrap() += 1;
    }
    assert!(seen["old"] > 0, "{seen:?}");
    eprintln!(
        "kills: ingest and compute, {} points each, {killed} killed before they ended: \
         {ingest_seen:?}, {seen:?}; none left a mix",
        POINTS.len()
    );
}
