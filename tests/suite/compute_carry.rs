//! Evaluation carry-forward (SPEC 13) on the worked example, worked by hand. Budi
//! (197501012000031002, base 8,000,000, productivity 0.75, a 20 % sanction, rank IV/a) has no
//! October evaluation: unrated he is paid 3,600,000 + 3,200,000 − 1,360,000 = 5,440,000.
//! Carrying September's `below`/`meets` (butuh_perbaikan, × 0.90): performance 3,240,000,
//! sanction 20 % of 6,440,000 = 1,288,000, gross 5,152,000, BPJS 51,520, tax 15 % 772,800,
//! net 4,327,680.

use crate::compute_harness::*;

const BUDI: &str = "197501012000031002";
const ANDI: &str = "198609262015051001";

fn with_evaluations(lines: &'static str) -> Computed {
    worked_example_with(move |dir| append(dir, "evaluations.csv", lines))
}

fn budi(c: &Computed, out: &str, table: &str, column: &str) -> String {
    figure(&c.tables(out), table, &[("nip", BUDI)], column)
}

#[test]
fn the_newest_earlier_evaluation_is_carried_within_its_months() {
    // August above/above (sangat_baik) and September below/meets: the newer is carried. Andi's
    // own October evaluation stays his, whatever September said.
    let c = with_evaluations(
        "197501012000031002,2026-08,above,above\n\
         197501012000031002,2026-09,below,meets\n\
         198609262015051001,2026-09,below,below\n",
    );
    c.compute("carry", "evaluation_carry = \"latest\"\n")
        .success();
    assert_eq!(
        budi(&c, "carry", "employee_month", "predikat"),
        "butuh_perbaikan"
    );
    assert_eq!(
        budi(&c, "carry", "employee_month", "evaluation_period"),
        "2026-09"
    );
    assert_eq!(
        budi(&c, "carry", "employee_month", "carried_evaluation"),
        "true"
    );
    for (column, want) in [
        ("perf_amount", "3240000"),
        ("sanction_cut", "1288000"),
        ("gross", "5152000"),
        ("net", "4327680"),
    ] {
        assert_eq!(budi(&c, "carry", "allowance", column), want, "{column}");
    }
    let andi = |column| {
        figure(
            &c.tables("carry"),
            "employee_month",
            &[("nip", ANDI)],
            column,
        )
    };
    assert_eq!(andi("evaluation_period"), "2026-10");
    assert_eq!(andi("carried_evaluation"), "false");
    let flagged = figure(
        &c.tables("carry"),
        "attention",
        &[("nip", BUDI), ("reason", "carried_evaluation")],
        "detail",
    );
    assert!(flagged.contains("2026-09"), "{flagged}");
    // By default nothing is carried: unrated, as in the worked example.
    c.compute("none", "").success();
    assert_eq!(budi(&c, "none", "employee_month", "predikat"), "unrated");
    assert_eq!(budi(&c, "none", "employee_month", "evaluation_period"), "");
    assert_eq!(budi(&c, "none", "allowance", "gross"), "5440000");
}

#[test]
fn an_evaluation_older_than_the_carry_months_is_not_carried() {
    let c = with_evaluations("197501012000031002,2026-08,below,meets\n");
    // August is two months before October.
    c.compute(
        "one",
        "evaluation_carry = \"latest\"\nevaluation_carry_months = 1\n",
    )
    .success();
    assert_eq!(budi(&c, "one", "employee_month", "predikat"), "unrated");
    assert_eq!(budi(&c, "one", "allowance", "gross"), "5440000");
    c.compute(
        "two",
        "evaluation_carry = \"latest\"\nevaluation_carry_months = 2\n",
    )
    .success();
    assert_eq!(
        budi(&c, "two", "employee_month", "evaluation_period"),
        "2026-08"
    );
    assert_eq!(budi(&c, "two", "allowance", "gross"), "5152000");
}
