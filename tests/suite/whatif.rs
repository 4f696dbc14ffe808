//! `kinerja whatif` (SPEC 11) on the worked example, every Δ worked by hand.
//!
//! The proposal B: performance 0.70 / discipline 0.30 (A: 0.60 / 0.40) and grade class 7 at
//! 3,150,000 (A: 3,000,000). Worked from the README's factors:
//! - Andi (base 5,000,000, productivity 0.9, baik, discipline 7.5 %, tax 5 %): B performance
//!   5,000,000 × 0.70 × 0.9 = 3,150,000, discipline 5,000,000 × 0.30 × 0.925 = 1,387,500, gross
//!   4,537,500 (A 4,550,000: Δ −12,500), BPJS 45,375, tax 226,875, net 4,265,250 (A 4,277,000:
//!   Δ −11,750).
//! - Budi (8,000,000, 0.75, unrated, discipline paid in full, sanction 20 %, tax 15 %):
//!   4,200,000 plus 2,400,000 is 6,600,000, less 1,320,000: gross 5,280,000 (A 5,440,000:
//!   Δ −160,000), BPJS 52,800, tax 792,000, net 4,435,200 (A 4,569,600: Δ −134,400).
//! - Citra (class 7: 3,150,000, productivity 4000/6000, × 0.9, discipline 2.75 %, tax 5 %):
//!   3,150,000 × 0.70 × 2/3 × 0.9 = 1,323,000; 3,150,000 × 0.30 × 0.9725 = 919,012.5 → 919,013;
//!   gross 2,242,013 (A 2,247,000: Δ −4,987), BPJS 22,420, tax 112,101, net 2,107,492
//!   (A 2,112,180: Δ −4,688).
//! - Dewi: forfeited under both, 0.
//!
//! Totals: gross 12,237,000 → 12,059,513 (Δ −177,487), net 10,958,780 → 10,807,942
//! (Δ −150,838). Employer BPJS 4 %: A 217,600 + 182,000 + 89,880 = 489,480; B 211,200 + 181,500 +
//! 89,681 (89,680.52) = 482,381. Cost A 12,726,480, a year 152,717,760; B 12,541,894,
//! 150,502,728: Δ −2,215,032. Losers 3, winners 0, unchanged 1 (Dewi); the largest loss Budi's.

use crate::compute_harness::*;
use crate::harness::*;

const PROPOSAL: &str = "[allowance]\nperformance_weight = 0.70\ndiscipline_weight = 0.30\n\
                        [base_by_grade_class]\n7 = 3150000\n";

fn whatif(c: &Computed, out: &str, against: &str, extra: &[&str]) -> Run {
    let b = write(c.dir(), &format!("{out}-b.toml"), against);
    let mut args = vec![
        "whatif",
        "--warehouse",
        "wh",
        "--out",
        out,
        "--against",
        b.to_str().unwrap(),
    ];
    if !extra.iter().any(|a| a.starts_with("--period")) {
        args.extend(["--period", "2026-10"]);
    }
    args.extend_from_slice(extra);
    kinerja(c.dir(), &args)
}

fn summary(c: &Computed, out: &str, label: &str, column: &str) -> String {
    let dir = c.dir().join(out).join(label).join("whatif");
    rows(&dir.join("whatif_summary.csv"))[0][column].clone()
}

fn employee(c: &Computed, out: &str, nip: &str, column: &str) -> String {
    let dir = c.dir().join(out).join("2026-10/whatif");
    figure(&dir, "whatif_employee", &[("nip", nip)], column)
}

#[test]
fn every_employees_change_and_the_budget_match_the_hand_worked_figures() {
    let c = worked_example_ingested();
    whatif(&c, "out", PROPOSAL, &[]).success();
    for (nip, gross_a, gross_b, net_a, net_b) in [
        (
            "198609262015051001",
            4_550_000,
            4_537_500,
            4_277_000,
            4_265_250,
        ),
        (
            "197501012000031002",
            5_440_000,
            5_280_000,
            4_569_600,
            4_435_200,
        ),
        (
            "199507212020122003",
            2_247_000,
            2_242_013,
            2_112_180,
            2_107_492,
        ),
        ("199203152019032005", 0, 0, 0, 0),
    ] {
        let got = |column| employee(&c, "out", nip, column).parse::<i64>().unwrap();
        assert_eq!(
            (got("gross_a"), got("gross_b"), got("delta_gross")),
            (gross_a, gross_b, gross_b - gross_a),
            "{nip} gross"
        );
        assert_eq!(
            (got("net_a"), got("net_b"), got("delta_net")),
            (net_a, net_b, net_b - net_a),
            "{nip} net"
        );
    }
    assert_eq!(
        employee(&c, "out", "199507212020122003", "base_b"),
        "3150000"
    );
    for (column, want) in [
        ("gross_a", "12237000"),
        ("gross_b", "12059513"),
        ("delta_gross", "-177487"),
        ("net_a", "10958780"),
        ("net_b", "10807942"),
        ("delta_net", "-150838"),
        ("employer_bpjs_a", "489480"),
        ("employer_bpjs_b", "482381"),
        ("cost_a", "12726480"),
        ("cost_b", "12541894"),
        ("year_cost_a", "152717760"),
        ("year_cost_b", "150502728"),
        ("delta_year_cost", "-2215032"),
        ("winners", "0"),
        ("losers", "3"),
        ("unchanged", "1"),
        ("shared_steps", "true"),
        ("grade_order_violations", "0"),
        ("grade_base_conflicts", "0"),
    ] {
        assert_eq!(summary(&c, "out", "2026-10", column), want, "{column}");
    }
    // U2 (Andi, Citra) and U1's rollup (everyone): sums of their employees' rows.
    let units = c.dir().join("out/2026-10/whatif");
    let unit = |id, scope, column| {
        figure(
            &units,
            "whatif_unit",
            &[("unit_id", id), ("scope", scope)],
            column,
        )
    };
    assert_eq!(
        unit("U2", "rollup", "delta_gross"),
        (-12_500 - 4_987).to_string()
    );
    assert_eq!(unit("U1", "direct", "delta_net"), "-134400");
    assert_eq!(unit("U1", "rollup", "delta_net"), "-150838");
    assert_eq!(
        unit("U1", "rollup", "largest_loss_nip"),
        "197501012000031002"
    );
    assert_eq!(unit("U1", "rollup", "largest_loss"), "-134400");
    // The workbook is a real XLSX and the page shows the year's change.
    let book = units.join("whatif.xlsx");
    assert!(std::fs::read(&book).unwrap().starts_with(b"PK"));
    let page = std::fs::read_to_string(units.join("whatif.html")).unwrap();
    assert!(
        page.contains("−Rp 2.215.032"),
        "the year's change on the page"
    );
    assert!(page.contains("Budi Hartono"), "the largest loss listed");
}

#[test]
fn the_proposals_totals_equal_a_plain_compute_with_it_shared_or_not() {
    let c = worked_example_ingested();
    // Shared: only allowance rules differ. Full: the daily target changes every productivity.
    let full = format!("daily_target_min = 250\n{PROPOSAL}");
    for (out, proposal, shared) in [
        ("shared", PROPOSAL, "true"),
        ("full", full.as_str(), "false"),
    ] {
        whatif(&c, out, proposal, &[]).success();
        c.compute(&format!("{out}-plain"), proposal).success();
        let plain = rows(&c.tables(&format!("{out}-plain")).join("allowance.csv"));
        for (column, total) in [("gross", "gross_b"), ("net", "net_b")] {
            let sum: i64 = plain
                .iter()
                .map(|r| r[column].parse::<i64>().unwrap())
                .sum();
            assert_eq!(
                summary(&c, out, "2026-10", total),
                sum.to_string(),
                "{out} {column}"
            );
        }
        assert_eq!(summary(&c, out, "2026-10", "shared_steps"), shared);
    }
    // A daily target of 250 raises Budi's productivity factor to 1 (capped): B pays him more.
    assert!(
        employee(&c, "full", "197501012000031002", "delta_gross")
            .parse::<i64>()
            .unwrap()
            > 0
    );
}

#[test]
fn the_same_rules_on_both_sides_change_nothing() {
    let c = worked_example_ingested();
    whatif(&c, "out", "", &[]).success();
    for column in [
        "delta_gross",
        "delta_net",
        "delta_cost",
        "delta_year_cost",
        "winners",
        "losers",
    ] {
        assert_eq!(summary(&c, "out", "2026-10", column), "0", "{column}");
    }
    assert_eq!(summary(&c, "out", "2026-10", "unchanged"), "4");
    let employees = rows(&c.dir().join("out/2026-10/whatif/whatif_employee.csv"));
    assert!(
        employees
            .iter()
            .all(|r| r["delta_gross"] == "0" && r["delta_net"] == "0")
    );
}

#[test]
fn a_range_sums_its_months_and_a_bad_proposal_writes_nothing() {
    // November: October's roster still holds, one entry of Andi's (pending, so everyone is paid
    // at productivity 0).
    let c = worked_example_with(|dir| {
        append(
            dir,
            "activities.csv",
            "N-001,198609262015051001,2026-11-02,,,60,Rapat November,,,,submitted,2026-11-02 16:00:00\n",
        )
    });
    whatif(&c, "out", PROPOSAL, &["--periods", "2026-10..2026-11"]).success();
    whatif(&c, "out", PROPOSAL, &["--period", "2026-11"]).success();
    whatif(&c, "out", PROPOSAL, &["--period", "2026-10"]).success();
    let range = |column| {
        summary(&c, "out", "2026-10..2026-11", column)
            .parse::<i64>()
            .unwrap()
    };
    let month = |p, column| summary(&c, "out", p, column).parse::<i64>().unwrap();
    assert_eq!(range("months"), 2);
    for column in ["gross_a", "gross_b", "net_a", "net_b", "cost_a", "cost_b"] {
        assert_eq!(
            range(column),
            month("2026-10", column) + month("2026-11", column),
            "{column}"
        );
    }
    // A year from two months: their cost × 12 / 2.
    assert_eq!(range("year_cost_b"), range("cost_b") * 6);
    assert!(
        c.dir()
            .join("out/2026-10..2026-11/whatif/whatif.html")
            .is_file()
    );
    // A proposal that does not load stops before anything is written.
    let bad = whatif(&c, "bad", "[allowance]\nperformance_weight = 0.9\n", &[]);
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("must be 1"), "{}", bad.stderr);
    assert!(!c.dir().join("bad").exists());
}
