//! On the bundled sample data: several periods computed in parallel, and every table adds up.

use std::collections::HashMap;

use crate::compute_harness::rows;
use crate::harness::*;

fn int(v: &str) -> i64 {
    v.parse()
        .unwrap_or_else(|_| panic!("`{v}` is not an integer"))
}

#[test]
fn unit_totals_are_sums_of_employee_rows_and_the_root_rollup_sums_every_unit() {
    let tmp = sample_ingested();
    kinerja(
        tmp.path(),
        &[
            "compute",
            "--periods",
            "2026-08..2026-10",
            "--warehouse",
            "wh",
            "--out",
            "out",
        ],
    )
    .success();
    let roster = read_kind(&tmp.path().join("wh"), "employees");
    let roster_periods = roster.column("period").unwrap().str().unwrap().clone();
    for period in ["2026-08", "2026-09", "2026-10"] {
        let tables = tmp.path().join("out").join(period).join("tables");
        let allowance = rows(&tables.join("allowance.csv"));
        let employees = rows(&tables.join("employee_month.csv"));
        let units = rows(&tables.join("unit_month.csv"));
        // One row per employee of the month's roster (the sample's joiners and leavers make
        // the months differ).
        let on_roster = roster_periods.iter().filter(|p| *p == Some(period)).count();
        assert_eq!(employees.len(), on_roster, "{period}");

        for row in &allowance {
            assert_eq!(
                int(&row["gross"]) - int(&row["bpjs"]) - int(&row["tax"]),
                int(&row["net"])
            );
            assert_eq!(
                int(&row["perf_amount"]) + int(&row["discipline_amount"])
                    - int(&row["sanction_cut"]),
                int(&row["gross"])
            );
        }
        let mut gross_by_unit: HashMap<&str, i64> = HashMap::new();
        let mut approved_by_unit: HashMap<&str, i64> = HashMap::new();
        for row in &allowance {
            *gross_by_unit.entry(row["unit_id"].as_str()).or_default() += int(&row["gross"]);
        }
        for row in &employees {
            *approved_by_unit.entry(row["unit_id"].as_str()).or_default() +=
                int(&row["approved_min"]);
        }
        let (mut direct_gross, mut direct_net, mut direct_employees) = (0, 0, 0);
        for unit in units.iter().filter(|u| u["scope"] == "direct") {
            let id = unit["unit_id"].as_str();
            assert_eq!(
                int(&unit["gross"]),
                gross_by_unit.get(id).copied().unwrap_or(0),
                "{period} {id} gross"
            );
            assert_eq!(
                int(&unit["approved_min"]),
                approved_by_unit.get(id).copied().unwrap_or(0),
                "{period} {id} minutes"
            );
            direct_gross += int(&unit["gross"]);
            direct_net += int(&unit["net"]);
            direct_employees += int(&unit["employees"]);
        }
        let root = units
            .iter()
            .find(|u| u["unit_id"] == "PEMDA" && u["scope"] == "rollup")
            .unwrap();
        assert_eq!(int(&root["gross"]), direct_gross, "{period}");
        assert_eq!(int(&root["net"]), direct_net, "{period}");
        assert_eq!(int(&root["employees"]), direct_employees);
        assert_eq!(
            int(&root["gross"]),
            allowance.iter().map(|r| int(&r["gross"])).sum::<i64>()
        );
        // The root has no employees of its own: counts 0, ratios empty.
        let root_direct = units
            .iter()
            .find(|u| u["unit_id"] == "PEMDA" && u["scope"] == "direct")
            .unwrap();
        assert_eq!(root_direct["employees"], "0");
        assert_eq!(root_direct["productivity"], "");
    }
}

/// A period computed bucket by bucket of activity ids (`--bucket-rows`, to bound memory) gives
/// the same bytes as in one go, on the sample's busiest month and on the worked example.
#[test]
fn computing_in_buckets_gives_the_same_tables() {
    let tmp = temp();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    // The sample's October has about 25,000 activities: 5 buckets; the worked example's 92: 14.
    for (warehouse, input, small) in [("sample", data, "5000"), ("worked", worked_example(), "7")] {
        kinerja(
            tmp.path(),
            &[
                "ingest",
                input.to_str().unwrap(),
                "--warehouse",
                warehouse,
                "-q",
            ],
        )
        .success();
        let mut digests = Vec::new();
        for bucket_rows in ["2000000", small] {
            let out = format!("{warehouse}-{bucket_rows}");
            kinerja(
                tmp.path(),
                &[
                    "compute",
                    "--period",
                    "2026-10",
                    "--warehouse",
                    warehouse,
                    "--out",
                    &out,
                    "--bucket-rows",
                    bucket_rows,
                ],
            )
            .success();
            let mut digest = tree_digest(&tmp.path().join(&out));
            assert!(digest.remove("2026-10/timings.json").is_some());
            assert!(
                !digest.keys().any(|k| k.contains(".work")),
                "scratch files are removed"
            );
            digests.push(digest);
        }
        assert_eq!(digests[0], digests[1], "{warehouse}");
    }
}

/// A ministry's root rollup passes 2^31 minutes (250,000 employees × ~8,400 minutes), so unit
/// sums of minutes and counts must be 64-bit: a 32-bit sum would wrap in a release build.
#[test]
fn unit_sums_of_minutes_and_counts_are_64_bit() {
    use polars::prelude::*;
    let tmp = temp();
    kinerja(
        tmp.path(),
        &[
            "run",
            worked_example().to_str().unwrap(),
            "--period",
            "2026-10",
            "-q",
        ],
    )
    .success();
    let file =
        std::fs::File::open(tmp.path().join("out/2026-10/tables/unit_month.parquet")).unwrap();
    let units = ParquetReader::new(file).finish().unwrap();
    for column in [
        "recorded_min",
        "approved_min",
        "target_min",
        "approved_entries",
        "rejected_entries",
        "pending_entries",
        "late_entries",
        "employees_with_entries",
    ] {
        assert_eq!(
            units.column(column).unwrap().dtype(),
            &DataType::Int64,
            "{column}"
        );
    }
}
