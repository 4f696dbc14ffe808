//! Progress bars: drawn on a terminal (a pseudo-terminal made by util-linux `script`), hidden under
//! `--quiet` and whenever stderr is not a terminal (pipes, schedulers, log files).

use std::process::Command;

use crate::harness::*;

/// Runs the whole job on the worked example with stdin/stdout/stderr on a pseudo-terminal and
/// returns everything the terminal received.
fn on_a_terminal(extra: &str) -> String {
    let tmp = temp();
    let command = format!(
        "{} run {} --period 2026-10 --warehouse {} --out {} {extra}",
        env!("CARGO_BIN_EXE_kinerja"),
        worked_example().display(),
        tmp.path().join("wh").display(),
        tmp.path().join("out").display(),
    );
    let out = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .output()
        .expect("util-linux `script` runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Bars redraw at most 10 times a second, so on this small input one file's bar is sure to be
/// drawn, but not which: files are read side by side, and the others may finish between two
/// redraws (a CI run drew approvals.csv's and not activities.csv's).
#[test]
fn a_terminal_shows_progress_bars_and_intact_summary_lines() {
    let screen = on_a_terminal("");
    let files = std::fs::read_dir(worked_example())
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.ends_with(".csv"))
        .collect::<Vec<_>>();
    assert!(
        files
            .iter()
            .any(|name| screen.contains(&format!("ingest {name}"))),
        "no bar for any file in:\n{screen}"
    );
    assert!(screen.contains("\x1b["), "bars redraw in place");
    assert!(
        screen.contains("activities (csv) read 92, accepted 92, replaced 0, rejected 0"),
        "summary lines print whole between bars:\n{screen}"
    );
    assert!(screen.contains("TPP gross Rp 12237000"), "{screen}");
}

#[test]
fn quiet_on_a_terminal_draws_nothing() {
    let screen = on_a_terminal("--quiet");
    assert!(screen.trim().is_empty(), "{screen}");
}

#[test]
fn off_a_terminal_only_the_summary_lines_are_written() {
    let tmp = temp();
    let run = kinerja(
        tmp.path(),
        &[
            "run",
            worked_example().to_str().unwrap(),
            "--period",
            "2026-10",
        ],
    );
    run.success();
    assert!(!run.stderr.contains('\r') && !run.stderr.contains('\x1b'));
    assert!(!run.stderr.contains("merging"), "{}", run.stderr);
    assert!(
        run.stderr.contains("TPP gross Rp 12237000"),
        "{}",
        run.stderr
    );
}
