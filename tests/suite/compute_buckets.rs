//! The queries reshaped to run in buckets at scale still give the figures of their plain
//! definitions, on the bundled sample, in one go and in buckets.

use std::collections::HashMap;
use std::path::Path;

use crate::compute_harness::rows;
use crate::harness::*;

/// The latency percentiles as SPEC section 6 states them: polars' own `QUANTILE_CONT` (numpy's
/// linear interpolation) over every decided entry of the units a scope covers, with no counting.
const PLAIN_UNIT_LATENCY: &str = "
WITH decided AS (
    SELECT ro.unit_id, (e.decided_s - e.submitted_s) / 3600.0 AS latency_h
    FROM entries e
    JOIN roster ro ON e.nip = ro.nip
    WHERE e.is_draft = 0 AND e.decided_by IS NOT NULL AND e.submitted_s IS NOT NULL
)
SELECT s.unit, s.scope,
       QUANTILE_CONT(d.latency_h, 0.5) AS latency_p50_h,
       QUANTILE_CONT(d.latency_h, 0.9) AS latency_p90_h
FROM unit_scopes s
JOIN decided d ON d.unit_id = s.member_unit
GROUP BY s.unit, s.scope
";

fn compute(dir: &Path, out: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "compute",
        "--period",
        "2026-10",
        "--warehouse",
        "wh",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    kinerja(dir, &args).success();
    let table = dir.join(out).join("2026-10/tables/unit_month.csv");
    std::fs::read_to_string(table).unwrap()
}

fn sample_ingested() -> tempfile::TempDir {
    let tmp = temp();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    kinerja(
        tmp.path(),
        &["ingest", data.to_str().unwrap(), "--warehouse", "wh", "-q"],
    )
    .success();
    tmp
}

#[test]
fn unit_latency_percentiles_equal_quantile_cont_over_every_entry() {
    let tmp = sample_ingested();
    let queries = tmp.path().join("plain");
    std::fs::create_dir_all(&queries).unwrap();
    std::fs::write(queries.join("unit_latency.sql"), PLAIN_UNIT_LATENCY).unwrap();

    let counted = compute(tmp.path(), "counted", &[]);
    // 25,000 activities in buckets of 500: many unit ranges, the root's alone.
    let counted_in_buckets = compute(tmp.path(), "buckets", &["--bucket-rows", "500"]);
    let plain = compute(tmp.path(), "plain-out", &["--queries", "plain"]);

    let units = rows(&tmp.path().join("counted/2026-10/tables/unit_month.csv"));
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
    assert_eq!(
        counted, plain,
        "counted percentiles differ from QUANTILE_CONT"
    );
    assert_eq!(counted_in_buckets, plain, "bucketed percentiles differ");
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
