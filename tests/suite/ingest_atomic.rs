//! A failure at any point of an ingest leaves the warehouse as it was (before the commit point)
//! or is finished by the next open (after it): never half of a run.

use crate::harness::*;

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = temp();
    let ex = worked_example();
    // A first, successful ingest so there is something to damage.
    kinerja(
        tmp.path(),
        &[
            "ingest",
            ex.join("activities.csv").to_str().unwrap(),
            "--warehouse",
            "wh",
        ],
    )
    .success();
    let corrected = std::fs::read_to_string(ex.join("activities.csv"))
        .unwrap()
        .replace(",180,", ",170,");
    let second = write(tmp.path(), "aktivitas_koreksi.csv", &corrected);
    (tmp, second)
}

#[test]
fn a_failure_before_the_commit_point_leaves_the_warehouse_byte_identical() {
    for failpoint in ["ingest.staged", "ingest.before_commit"] {
        let (tmp, second) = setup();
        let ex = worked_example();
        let before = tree_digest(&tmp.path().join("wh"));
        let run = kinerja_env(
            tmp.path(),
            &[
                "ingest",
                second.to_str().unwrap(),
                ex.join("approvals.csv").to_str().unwrap(),
                "--warehouse",
                "wh",
            ],
            &[("KINERJA_FAILPOINT", failpoint)],
        );
        assert_eq!(run.code, 2, "{failpoint}: {}", run.stderr);
        assert!(run.stderr.contains("failure injected"), "{}", run.stderr);
        assert_eq!(tree_digest(&tmp.path().join("wh")), before, "{failpoint}");
    }
}

#[test]
fn a_failure_after_the_commit_point_is_finished_by_the_next_open() {
    let (tmp, second) = setup();
    let (clean, clean_second) = setup();
    let ex = worked_example();
    let approvals = ex.join("approvals.csv");
    let args = |s: &std::path::Path| {
        vec![
            "ingest".to_string(),
            s.display().to_string(),
            approvals.display().to_string(),
            "--warehouse".into(),
            "wh".into(),
        ]
    };

    let a = args(&second);
    let run = kinerja_env(
        tmp.path(),
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
        &[("KINERJA_FAILPOINT", "ingest.mid_apply")],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Past the commit point the run must not say that nothing changed.
    assert!(
        run.stderr.contains("the change is committed")
            && !run.stderr.contains("nothing was changed"),
        "{}",
        run.stderr
    );
    assert!(
        tmp.path().join("wh/_txn/COMMIT").exists(),
        "the decided change waits to be finished"
    );

    // Any later open finishes it; here a re-ingest, which then finds nothing new to do.
    let again = kinerja(
        tmp.path(),
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    again.success();
    assert!(
        again.stderr.contains("already ingested"),
        "{}",
        again.stderr
    );

    let b = args(&clean_second);
    kinerja(
        clean.path(),
        &b.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .success();
    let data = |dir: &std::path::Path| {
        let mut d = tree_digest(&dir.join("wh"));
        d.remove("_manifest.json"); // holds ingest times
        d
    };
    assert_eq!(data(tmp.path()), data(clean.path()));
}

#[test]
fn a_panic_on_a_reader_thread_is_exit_3_with_nothing_committed() {
    // A reader thread that dies ends its file early: committing then would store a short file
    // as if whole. The run must stop before the commit point and say it is a bug.
    let tmp = temp();
    write(
        tmp.path(),
        "libur.csv",
        "tanggal,keterangan\n2026-12-25,Natal\n",
    );
    let run = kinerja_env(
        tmp.path(),
        &["ingest", "libur.csv", "--warehouse", "wh"],
        &[("KINERJA_FAILPOINT", "csv.reader")],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("internal error") && run.stderr.contains("Please report it"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked at"), "{}", run.stderr);
    assert!(
        !tmp.path().join("wh/holidays").exists(),
        "nothing committed"
    );
}
