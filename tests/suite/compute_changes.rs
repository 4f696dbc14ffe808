//! What changed since last month (SPEC section 10) on the bundled sample (three months with
//! joiners, leavers, raises and a sanction starting): the figures add up to the two months' own
//! tables, P−1 is computed when `--out` lacks it or holds it from other rules, and a month
//! without a previous one says so. The parts' arithmetic is hand-worked in
//! `src/compute/changes.rs`.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::compute_harness::rows;
use crate::harness::*;

type Rows = Vec<HashMap<String, String>>;

fn compute(dir: &Path, periods: &str, out: &str, rules: Option<&str>) {
    let mut args = vec![
        "compute",
        "--periods",
        periods,
        "--warehouse",
        "wh",
        "--out",
        out,
        "-q",
    ];
    let path;
    if let Some(text) = rules {
        path = write(dir, &format!("{out}.toml"), text);
        args.extend(["--rules", path.to_str().unwrap()]);
    }
    kinerja(dir, &args).success();
}

fn table(dir: &Path, out: &str, period: &str, name: &str) -> Rows {
    rows(
        &dir.join(out)
            .join(period)
            .join("tables")
            .join(format!("{name}.csv")),
    )
}

fn int(r: &HashMap<String, String>, column: &str) -> i64 {
    r[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {:?}", r[column]))
}

fn total(t: &Rows, column: &str) -> i64 {
    t.iter().map(|r| int(r, column)).sum()
}

fn nips(t: &Rows) -> BTreeSet<String> {
    t.iter().map(|r| r["nip"].clone()).collect()
}

const PARTS: [&str; 8] = [
    "joiners",
    "leavers",
    "base",
    "productivity",
    "predikat",
    "discipline",
    "sanction",
    "forfeit",
];

#[test]
fn the_change_adds_up_to_both_months_tables() {
    let tmp = sample_ingested();
    let dir = tmp.path();
    compute(dir, "2026-08..2026-10", "out", None);
    for (prev, period) in [("2026-08", "2026-09"), ("2026-09", "2026-10")] {
        let changes = table(dir, "out", period, "changes");
        let (now_al, prev_al) = (
            table(dir, "out", period, "allowance"),
            table(dir, "out", prev, "allowance"),
        );
        let overall = changes.iter().find(|r| r["scope"] == "all").unwrap();
        assert_eq!(int(overall, "gross"), total(&now_al, "gross"));
        assert_eq!(int(overall, "gross_prev"), total(&prev_al, "gross"));
        for r in &changes {
            let parts: i64 = PARTS.iter().map(|p| int(r, &format!("delta_{p}"))).sum();
            assert_eq!(
                parts,
                int(r, "delta_gross"),
                "{} {}",
                r["unit_id"],
                r["scope"]
            );
            assert_eq!(
                int(r, "gross") - int(r, "gross_prev"),
                int(r, "delta_gross")
            );
        }
        // Each unit's rollup gross is the unit table's.
        let units: HashMap<(String, String), i64> = table(dir, "out", period, "unit_month")
            .iter()
            .map(|r| ((r["unit_id"].clone(), r["scope"].clone()), int(r, "gross")))
            .collect();
        for r in changes.iter().filter(|r| r["scope"] != "all") {
            assert_eq!(
                units[&(r["unit_id"].clone(), r["scope"].clone())],
                int(r, "gross"),
                "{} {}",
                r["unit_id"],
                r["scope"]
            );
        }
        // Joiners and leavers are the two rosters' differences, and the employees' parts add
        // up to the organisation's.
        let (now_em, prev_em) = (
            table(dir, "out", period, "employee_month"),
            table(dir, "out", prev, "employee_month"),
        );
        let (now_n, prev_n) = (nips(&now_em), nips(&prev_em));
        let employees = table(dir, "out", period, "employee_changes");
        let of = |change: &str| -> BTreeSet<String> {
            employees
                .iter()
                .filter(|r| r["change"] == change)
                .map(|r| r["nip"].clone())
                .collect()
        };
        assert_eq!(of("joiner"), &now_n - &prev_n);
        assert_eq!(of("leaver"), &prev_n - &now_n);
        assert_eq!(of("stayer"), &now_n & &prev_n);
        for p in PARTS {
            let column = format!("delta_{p}");
            assert_eq!(
                total(&employees, &column),
                int(overall, &column),
                "{column}"
            );
        }
        assert_eq!(int(overall, "joiners") as usize, of("joiner").len());
    }
    // The bundled months move every part the sample makes: joiners into September, leavers and
    // raises into October, a sanction starting in October.
    let september = table(dir, "out", "2026-09", "changes");
    let october = table(dir, "out", "2026-10", "changes");
    assert!(int(&september[0], "delta_joiners") > 0);
    assert!(int(&october[0], "delta_leavers") < 0);
    // October's base part holds raises (up) and the retiree no longer paid (down).
    let october_people = table(dir, "out", "2026-10", "employee_changes");
    assert!(october_people.iter().any(|r| int(r, "delta_base") > 0));
    assert!(
        october_people
            .iter()
            .any(|r| int(r, "delta_base") < 0 && r["change"] == "stayer")
    );
    assert_ne!(int(&october[0], "delta_base"), 0);
    assert!(int(&october[0], "delta_sanction") < 0);
    // August has no July in the warehouse: it says so, with no figures.
    let august = table(dir, "out", "2026-08", "changes");
    assert_eq!(august[0]["prev_available"], "false");
    assert_eq!(august[0]["delta_gross"], "");
    assert!(august[0]["top_causes"].contains("no data for 2026-07"));
    assert!(table(dir, "out", "2026-08", "employee_changes").is_empty());
}

#[test]
fn last_month_is_computed_when_out_lacks_it_or_holds_it_from_other_rules() {
    let tmp = sample_ingested();
    let dir = tmp.path();
    compute(dir, "2026-09..2026-10", "both", None);
    // October alone: September is computed into scratch, used, and removed.
    compute(dir, "2026-10", "alone", None);
    let listed: Vec<String> = std::fs::read_dir(dir.join("alone"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(listed, ["2026-10"]);
    // September in `--out` computed under other rules (a lower performance weight) is not
    // taken to explain October under the defaults.
    compute(
        dir,
        "2026-09",
        "stale",
        Some("[allowance]\nperformance_weight = 0.50\ndiscipline_weight = 0.50\n"),
    );
    compute(dir, "2026-10", "stale", None);
    let bytes = |out: &str, name: &str| {
        std::fs::read(dir.join(out).join("2026-10/tables").join(name)).unwrap()
    };
    for name in ["changes.csv", "employee_changes.csv"] {
        assert_eq!(bytes("alone", name), bytes("both", name), "{name}");
        assert_eq!(bytes("stale", name), bytes("both", name), "{name}");
    }
    // The stale September stays as it was computed.
    let september = table(dir, "stale", "2026-09", "allowance");
    let both = table(dir, "both", "2026-09", "allowance");
    assert_ne!(total(&september, "gross"), total(&both, "gross"));
}
