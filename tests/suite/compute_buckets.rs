//! The queries that run in buckets at scale give the same figures in one go and in buckets,
//! on the bundled sample, and figures that follow their definitions.

use std::collections::HashMap;
use std::path::Path;

use crate::compute_harness::{append, october_args, rows};
use crate::harness::*;

fn compute(dir: &Path, out: &str, extra: &[&str]) -> String {
    kinerja(dir, &october_args(out, extra)).success();
    let table = dir.join(out).join("2026-10/tables/unit_month.csv");
    std::fs::read_to_string(table).unwrap()
}

#[test]
fn unit_latency_in_many_unit_ranges_equals_one_pass() {
    let tmp = sample_ingested();
    let whole = compute(tmp.path(), "whole", &[]);
    // 25,000 activities in buckets of 500: latency ranges of 8,000 joined rows, about a dozen,
    // the root's alone.
    let ranges = compute(tmp.path(), "ranges", &["--bucket-rows", "500"]);
    let units = rows(&tmp.path().join("whole/2026-10/tables/unit_month.csv"));
    let with_latency = units
        .iter()
        .filter(|u| !u["latency_p90_h"].is_empty())
        .count();
    let distinct: std::collections::HashSet<&str> =
        units.iter().map(|u| u["latency_p50_h"].as_str()).collect();
    assert!(
        with_latency > 40 && distinct.len() > 20,
        "latencies to compare"
    );
    assert_eq!(ranges, whole);
}

#[test]
fn pending_at_close_is_the_sum_of_the_subordinates_pending_entries() {
    let tmp = sample_ingested();
    for (out, extra) in [
        ("whole", vec![]),
        ("buckets", vec!["--bucket-rows", "3000"]),
    ] {
        compute(tmp.path(), out, &extra);
        let tables = tmp.path().join(out).join("2026-10/tables");
        let mut expected: HashMap<String, i64> = HashMap::new();
        for e in rows(&tables.join("employee_month.csv")) {
            let pending: i64 = e["pending_entries"].parse().unwrap();
            if pending > 0 && !e["supervisor_nip"].is_empty() {
                *expected.entry(e["supervisor_nip"].clone()).or_default() += pending;
            }
        }
        let approvers = rows(&tables.join("approvers.csv"));
        let found: HashMap<String, i64> = approvers
            .iter()
            .filter(|a| a["pending_at_close"] != "0")
            .map(|a| {
                (
                    a["approver_nip"].clone(),
                    a["pending_at_close"].parse().unwrap(),
                )
            })
            .collect();
        assert!(
            expected.len() > 5,
            "{out}: supervisors with pending entries"
        );
        assert_eq!(found, expected, "{out}");
        let mut nips: Vec<&str> = approvers
            .iter()
            .map(|a| a["approver_nip"].as_str())
            .collect();
        let listed = nips.clone();
        nips.sort_unstable();
        nips.dedup();
        assert_eq!(listed, nips, "{out}: one row per approver, in NIP order");
    }
}

#[test]
fn approvals_of_other_months_activities_are_not_orphans_in_one_go_or_in_buckets() {
    // The worked example has one orphan approval. Add a September activity approved in
    // October (known, in another partition) and an October approval of an id that exists
    // nowhere (a second orphan).
    let c = crate::compute_harness::worked_example_with(|dir| {
        append(
            dir,
            "activities.csv",
            "A9-001,198609262015051001,2026-09-30,,,60,Rapat akhir September,,,,submitted,2026-09-30 16:00:00\n",
        );
        append(
            dir,
            "approvals.csv",
            "A9-001,197501012000031002,approved,2026-10-01 09:00:00,\n\
             ZZ-404,197501012000031002,approved,2026-10-05 10:00:00,\n",
        );
    });
    for (out, extra) in [("whole", &[][..]), ("buckets", &["--bucket-rows", "7"][..])] {
        kinerja(c.dir(), &october_args(out, extra)).success();
        let dataset = rows(&c.dir().join(out).join("2026-10/tables/dataset.csv"));
        assert_eq!(dataset[0]["unknown_activity_approvals"], "2", "{out}");
    }
}
