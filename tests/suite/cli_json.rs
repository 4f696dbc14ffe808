//! `--json`: one parseable summary per stage on stdout, nothing else there; `--quiet` keeps
//! stderr empty on success.

use crate::harness::*;

#[test]
fn every_stage_prints_one_json_summary_on_stdout() {
    let tmp = temp();
    let ex = worked_example();
    let run = kinerja(
        tmp.path(),
        &[
            "run",
            ex.to_str().unwrap(),
            "--period",
            "2026-10",
            "--json",
            "--quiet",
        ],
    );
    run.success();
    assert!(run.stderr.is_empty(), "quiet: {}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let stages: Vec<&str> = lines.iter().map(|l| l["stage"].as_str().unwrap()).collect();
    assert_eq!(stages, ["ingest", "compute", "report"]);
    let data_rows: usize = std::fs::read_dir(&ex)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
        .map(|e| csv_rows(&e.path()))
        .sum();
    assert_eq!(lines[0]["rows_read"], data_rows);
    assert_eq!(lines[1]["periods"][0]["gross"], 12_237_000);
    assert!(
        lines[2]["index"]
            .as_str()
            .unwrap()
            .ends_with("out/2026-10/report/index.html")
    );
}
