//! A year at a glance (issue 20): each period's `trend` table lists the warehouse's months up to
//! twelve back, with figures only for months computed in `--out`.

use crate::compute_harness::rows;
use crate::harness::*;

#[test]
fn the_trend_lists_the_warehouses_months_and_figures_only_where_computed() {
    let tmp = temp();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    kinerja(
        tmp.path(),
        &["ingest", data.to_str().unwrap(), "--warehouse", "wh", "-q"],
    )
    .success();
    let compute = |periods: &str| {
        kinerja(
            tmp.path(),
            &[
                "compute",
                "--periods",
                periods,
                "--warehouse",
                "wh",
                "--out",
                "out",
                "-q",
            ],
        )
        .success();
        rows(&tmp.path().join("out/2026-10/tables/trend.csv"))
    };
    // Only October computed: August and September are in the warehouse, not computed.
    let alone = compute("2026-10..2026-10");
    let computed: Vec<(&str, &str)> = alone
        .iter()
        .map(|r| (r["period"].as_str(), r["computed"].as_str()))
        .collect();
    assert_eq!(
        computed,
        [
            ("2026-08", "false"),
            ("2026-09", "false"),
            ("2026-10", "true")
        ]
    );
    assert_eq!(alone[0]["gross"], "");
    // All three: each earlier month's figures are its own tables' sums.
    let all = compute("2026-08..2026-10");
    for r in &all {
        let tables = tmp.path().join("out").join(&r["period"]).join("tables");
        let em = rows(&tables.join("employee_month.csv"));
        let sum = |t: &[std::collections::HashMap<String, String>], c: &str| -> i64 {
            t.iter().map(|r| r[c].parse::<i64>().unwrap()).sum()
        };
        let gross = sum(&rows(&tables.join("allowance.csv")), "gross");
        assert_eq!(r["computed"], "true");
        assert_eq!(r["gross"], gross.to_string(), "{}", r["period"]);
        assert_eq!(
            r["pending_entries"],
            sum(&em, "pending_entries").to_string()
        );
        let productivity = sum(&em, "approved_min") as f64 / sum(&em, "target_min") as f64;
        let got: f64 = r["productivity"].parse().unwrap();
        assert!((got - productivity).abs() < 1e-12, "{got} {productivity}");
    }
}
