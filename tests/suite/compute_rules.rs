//! Each rule of the SPEC, changed in a rules file, moves its figure as the SPEC says. The
//! expected values are worked by hand from the worked example (see the comment on each case).

use crate::compute_harness::*;

const ANDI: &str = "198609262015051001";
const BUDI: &str = "197501012000031002";
const CITRA: &str = "199507212020122003";
const DEWI: &str = "199203152019032005";

struct Case {
    rules: &'static str,
    table: &'static str,
    nip: &'static str,
    column: &'static str,
    default: &'static str,
    changed: &'static str,
}

const fn case(
    rules: &'static str,
    table: &'static str,
    nip: &'static str,
    column: &'static str,
    default: &'static str,
    changed: &'static str,
) -> Case {
    Case {
        rules,
        table,
        nip,
        column,
        default,
        changed,
    }
}

const CASES: &[Case] = &[
    // 22 workdays in October 2026; a 6-day week adds 5 Saturdays: (27 - 2 leave) x 300.
    case(
        "work_week = 6",
        "employee_month",
        ANDI,
        "target_min",
        "6000",
        "7500",
    ),
    // (22 - 2) x 330.
    case(
        "daily_target_min = 330",
        "employee_month",
        ANDI,
        "target_min",
        "6000",
        "6600",
    ),
    // 5M x 0.6 x 5400/6600 = 2,454,545.45 → 2,454,545.
    case(
        "daily_target_min = 330",
        "allowance",
        ANDI,
        "perf_amount",
        "2700000",
        "2454545",
    ),
    // Budi logs 660 a day on 11 days: capped at 400 instead of 450.
    case(
        "daily_cap_min = 400",
        "employee_month",
        BUDI,
        "approved_min",
        "4950",
        "4400",
    ),
    // A1-038 (60 min, submitted 8 days late, approved) counts when late entries count...
    case(
        "late_entries = \"count\"",
        "employee_month",
        ANDI,
        "approved_min",
        "5400",
        "5460",
    ),
    // ...and raises IND-A1 to 19/20: (2 x 0.95 + 1.2) / 3.
    case(
        "late_entries = \"count\"",
        "employee_month",
        ANDI,
        "attainment",
        "1.0",
        "1.033333",
    ),
    // ...or when 8 days is within the backdate limit, and then it is not late at all.
    case(
        "backdate_limit_days = 10",
        "employee_month",
        ANDI,
        "late_entries",
        "1",
        "0",
    ),
    case(
        "backdate_limit_days = 10",
        "employee_month",
        ANDI,
        "approved_min",
        "5400",
        "5460",
    ),
    // A1-039 was approved on 10 November: inside a 10-day close, so no longer pending.
    case(
        "close_after_days = 10",
        "employee_month",
        ANDI,
        "pending_entries",
        "2",
        "1",
    ),
    case(
        "close_after_days = 10",
        "employee_month",
        ANDI,
        "approved_min",
        "5400",
        "5460",
    ),
    // IND-A2 ("lower", R/T = 0.75 → 1.25) is capped at 1.1: (2 x 0.9 + 1.1) / 3.
    case(
        "attainment_cap = 1.1",
        "employee_month",
        ANDI,
        "attainment",
        "1.0",
        "0.966667",
    ),
    // Budi has no evaluation: derived as meets/meets (attainment null → meets) → baik.
    case(
        "missing_evaluation = \"derive\"",
        "employee_month",
        BUDI,
        "predikat",
        "unrated",
        "baik",
    ),
    // Citra is butuh_perbaikan: 3M x 0.6 x 2/3 x 0.5.
    case(
        "[predikat_multiplier]\nbutuh_perbaikan = 0.5",
        "allowance",
        CITRA,
        "perf_amount",
        "1080000",
        "600000",
    ),
    // Budi is unrated: 8M x 0.6 x 0.75 x 0.8.
    case(
        "[predikat_multiplier]\nunrated = 0.8",
        "allowance",
        BUDI,
        "perf_amount",
        "3600000",
        "2880000",
    ),
    // Andi, 50/50: 5M x 0.5 x 0.9 and 5M x 0.5 x (1 - 0.075).
    case(
        "[allowance]\nperformance_weight = 0.5\ndiscipline_weight = 0.5",
        "allowance",
        ANDI,
        "perf_amount",
        "2700000",
        "2250000",
    ),
    case(
        "[allowance]\nperformance_weight = 0.5\ndiscipline_weight = 0.5",
        "allowance",
        ANDI,
        "discipline_amount",
        "1850000",
        "2312500",
    ),
    // Budi has no attendance rows: the discipline part is not paid; 20 % sanction on 3.6M.
    case(
        "[allowance]\nmissing_attendance = \"zero\"",
        "allowance",
        BUDI,
        "discipline_amount",
        "3200000",
        "0",
    ),
    case(
        "[allowance]\nmissing_attendance = \"zero\"",
        "allowance",
        BUDI,
        "gross",
        "5440000",
        "2880000",
    ),
    // Citra: early leave 70 min (1.25) + missing checkout at 3 → 4.25 %: 3M x 0.4 x 0.9575.
    case(
        "[allowance]\nmissing_checkout_pct = 3",
        "allowance",
        CITRA,
        "discipline_amount",
        "1167000",
        "1149000",
    ),
    // Andi: 2.5 % lateness + 1 absence at 10 % → 12.5 %: 5M x 0.4 x 0.875.
    case(
        "[allowance]\nabsent_pct_per_day = 10",
        "allowance",
        ANDI,
        "discipline_amount",
        "1850000",
        "1750000",
    ),
    // Dewi's 5 absences x 5 % = 25 %, capped at 20.
    case(
        "[allowance]\ndiscipline_cap_pct = 20",
        "employee_month",
        DEWI,
        "discipline_pct",
        "25.0",
        "20.0",
    ),
    // Dewi keeps her allowance below 6 absences: 2.75M x 0.6 x 3000/6600 + 2.75M x 0.4 x 0.75.
    case(
        "[allowance]\nabsent_forfeit_days = 6",
        "allowance",
        DEWI,
        "gross",
        "0",
        "1575000",
    ),
    case(
        "[allowance]\nabsent_forfeit_days = 6",
        "allowance",
        DEWI,
        "net",
        "0",
        "1559250",
    ),
    // Budi's 20 % sanction capped at 10 % of 6.8M.
    case(
        "[allowance]\nsanction_cap_pct = 10",
        "allowance",
        BUDI,
        "sanction_cut",
        "1360000",
        "680000",
    ),
    // Andi's gross 4.55M: BPJS on at most 4M, or at 2 %.
    case(
        "[allowance]\nbpjs_base_cap = 4000000",
        "allowance",
        ANDI,
        "bpjs",
        "45500",
        "40000",
    ),
    case(
        "[allowance]\nbpjs_employee_pct = 2",
        "allowance",
        ANDI,
        "bpjs",
        "45500",
        "91000",
    ),
    // One bracket of 2 % for any lateness: Andi 4 late days x 2 + 5 absent = 13 %.
    case(
        "[[allowance.lateness_brackets]]\nfrom_min = 1\npct = 2",
        "allowance",
        ANDI,
        "discipline_amount",
        "1850000",
        "1740000",
    ),
    // Rank III pays 10 %; PPPK grade IX pays 0.
    case(
        "[tax.pns_group]\nIII = 10",
        "allowance",
        ANDI,
        "tax",
        "227500",
        "455000",
    ),
    case(
        "[tax.pppk_grade]\nIX = 0",
        "allowance",
        CITRA,
        "tax",
        "112350",
        "0",
    ),
    // Citra's class 7 at 4M: 4M x 0.6 x 2/3 x 0.9.
    case(
        "[base_by_grade_class]\n7 = 4000000",
        "allowance",
        CITRA,
        "perf_amount",
        "1080000",
        "1440000",
    ),
    // Budi's two descriptions occur 11 times each: not duplicates from 12.
    case(
        "[integrity]\nduplicate_min_count = 12",
        "employee_month",
        BUDI,
        "duplicate_share",
        "1.0",
        "0.0",
    ),
    // Pile-up from the last workday only (30 Oct): A1-035, A1-036 of 39.
    case(
        "[integrity]\npile_up_last_workdays = 1",
        "employee_month",
        ANDI,
        "pile_up_share",
        "0.153846",
        "0.051282",
    ),
    // Budi: over cap, duplicates, non-supervisor approvals; duplicates stop flagging above 100 %.
    case(
        "[integrity]\nduplicate_flag_share = 1.01",
        "integrity",
        BUDI,
        "flags",
        "3",
        "2",
    ),
    // Andi: over-cap day (29 Oct), late entry and self-approval flags; pile-up (15 %) flags from 10 %.
    case(
        "[integrity]\npile_up_flag_share = 0.1",
        "integrity",
        ANDI,
        "flags",
        "3",
        "4",
    ),
];

#[test]
fn each_rule_moves_its_figure_as_the_spec_says() {
    let c = worked_example_ingested();
    c.compute("default", "").success();
    for (i, case) in CASES.iter().enumerate() {
        let default = figure(
            &c.tables("default"),
            case.table,
            &[("nip", case.nip)],
            case.column,
        );
        assert!(
            same(&default, case.default, 6),
            "case {i} ({}): default {} is {default}, expected {}",
            case.rules,
            case.column,
            case.default
        );
        let out = format!("case{i}");
        c.compute(&out, case.rules).success();
        let changed = figure(
            &c.tables(&out),
            case.table,
            &[("nip", case.nip)],
            case.column,
        );
        assert!(
            same(&changed, case.changed, 6),
            "case {i} ({}): {} is {changed}, expected {}",
            case.rules,
            case.column,
            case.changed
        );
    }
}

#[test]
fn bursts_depend_on_the_count_and_the_window() {
    let c = worked_example_ingested();
    let burst = |out: &str, rules: &str| {
        c.compute(out, rules).success();
        figure(
            &c.tables(out),
            "approvers",
            &[("approver_nip", BUDI)],
            "has_burst",
        )
    };
    // Citra's 20 entries were approved within 38 seconds.
    assert_eq!(burst("d", ""), "true");
    assert_eq!(burst("n", "[integrity]\nburst_decisions = 21"), "false");
    assert_eq!(burst("w", "[integrity]\nburst_window_s = 30"), "false");
}

#[test]
fn derived_work_results_follow_the_thresholds() {
    // Without Andi's evaluation his work result is derived from his attainment of 1.0.
    let c = worked_example_with(|dir| {
        let path = dir.join("evaluations.csv");
        let kept: Vec<String> = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with(ANDI))
            .map(String::from)
            .collect();
        std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    });
    let rated = |out: &str, rules: &str| {
        c.compute(out, rules).success();
        let tables = c.tables(out);
        let of = |column| figure(&tables, "employee_month", &[("nip", ANDI)], column);
        (of("work_result"), of("predikat"))
    };
    let derive = "missing_evaluation = \"derive\"\n";
    let pair = |w: &str, p: &str| (w.to_string(), p.to_string());
    assert_eq!(rated("u", ""), ("".to_string(), "unrated".to_string()));
    // 1.0 ≥ 0.80 meets, behaviour meets → baik.
    assert_eq!(rated("m", derive), pair("meets", "baik"));
    // The threshold compares at its boundary: 1.0 ≥ 1.00 is above, 1.0 < 1.000001 is not.
    // (above/meets is baik like meets/meets, so the work result shows what the rule did.)
    assert_eq!(
        rated("a", &format!("{derive}derive_above = 1.00")),
        pair("above", "baik")
    );
    assert_eq!(
        rated("a2", &format!("{derive}derive_above = 1.000001")),
        pair("meets", "baik")
    );
    // 1.0 < 1.05 → below/meets → butuh_perbaikan.
    assert_eq!(
        rated(
            "b",
            &format!("{derive}derive_meets = 1.05\nderive_above = 1.5")
        ),
        pair("below", "butuh_perbaikan")
    );
}

#[test]
fn the_timezone_decides_what_local_time_a_timestamp_means() {
    let tmp = crate::harness::temp();
    let rules = crate::harness::write(tmp.path(), "wita.toml", "timezone = \"+08:00\"");
    let file = crate::harness::write(
        tmp.path(),
        "aktivitas.csv",
        "activity_id,nip,date,duration_min,description,submitted_at\nK1,198609262015051001,2026-10-01,60,Rapat,2026-10-01 16:00\n",
    );
    crate::harness::kinerja(
        tmp.path(),
        &[
            "ingest",
            file.to_str().unwrap(),
            "--warehouse",
            "wh",
            "--rules",
            rules.to_str().unwrap(),
        ],
    )
    .success();
    let df = crate::harness::read_kind(&tmp.path().join("wh"), "activities");
    let utc = df
        .column("submitted_at")
        .unwrap()
        .datetime()
        .unwrap()
        .physical()
        .get(0)
        .unwrap();
    // 16:00 WITA is 08:00 UTC (16:00 WIB would be 09:00).
    let expected = chrono::NaiveDate::from_ymd_opt(2026, 10, 1)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_micros();
    assert_eq!(utc, expected);
}
