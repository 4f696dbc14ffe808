//! What is missing is named, with how to supply it (exit 2); overrides of queries work.

use crate::compute_harness::*;
use crate::harness::*;

#[test]
fn a_period_without_roster_or_activities_exits_2_naming_what_to_ingest() {
    let c = worked_example_ingested();
    let run = kinerja(
        c.dir(),
        &[
            "compute",
            "--period",
            "2026-09",
            "--warehouse",
            "wh",
            "--out",
            "o",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no employee roster for 2026-09"),
        "{}",
        run.stderr
    );
    let run = kinerja(
        c.dir(),
        &[
            "compute",
            "--period",
            "2026-11",
            "--warehouse",
            "wh",
            "--out",
            "o",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no activities for 2026-11"),
        "{}",
        run.stderr
    );
    let run = kinerja(
        c.dir(),
        &[
            "compute",
            "--period",
            "2026-10",
            "--warehouse",
            "nowhere",
            "--out",
            "o",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no warehouse at nowhere"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_rules_file_or_query_exits_2_naming_it() {
    let c = worked_example_ingested();
    let run = c.compute("o", "late_entries = \"sometimes\"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("late_entries") && run.stderr.contains("exclude"),
        "{}",
        run.stderr
    );

    let queries = c.dir().join("q");
    std::fs::create_dir_all(&queries).unwrap();
    write(
        &queries,
        "integrity.sql",
        "SELECT nip, FROM WHERE employee_month",
    );
    let run = kinerja(c.dir(), &october_args("o", &["--queries", "q"]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("query `integrity` failed"),
        "{}",
        run.stderr
    );
    // The workbook is made beside the later queries; a run that fails leaves none to pay from.
    assert!(
        !c.tables("o").join("allowance.xlsx").exists(),
        "a failed run left allowance.xlsx"
    );

    write(&queries, "integrity.sql", "SELECT {{ no_such_rule }} AS x");
    let run = kinerja(c.dir(), &october_args("o", &["--queries", "q"]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("integrity") && run.stderr.contains("template"),
        "{}",
        run.stderr
    );
    // A file that replaces no query would be ignored without a word: refused, naming it.
    std::fs::remove_file(queries.join("integrity.sql")).unwrap();
    for (file, says) in [
        ("integrty.sql", "no query has that name"),
        ("attainment.sql", "computed exactly in Rust"),
    ] {
        write(&queries, file, "SELECT 1 AS x");
        let run = kinerja(c.dir(), &october_args("o", &["--queries", "q"]));
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains(file) && run.stderr.contains(says),
            "{}",
            run.stderr
        );
        std::fs::remove_file(queries.join(file)).unwrap();
    }
}

#[test]
fn a_query_folder_overrides_a_metric_by_name() {
    let c = worked_example_ingested();
    let queries = c.dir().join("q");
    std::fs::create_dir_all(&queries).unwrap();
    // A region that counts only flags about approvals.
    write(
        &queries,
        "integrity.sql",
        "SELECT nip, self_approvals + non_supervisor_approvals AS flags FROM employee_month ORDER BY nip",
    );
    kinerja(c.dir(), &october_args("o", &["--queries", "q"])).success();
    assert_eq!(
        figure(
            &c.tables("o"),
            "integrity",
            &[("nip", "197501012000031002")],
            "flags"
        ),
        "22"
    );
    // The other queries are the embedded ones.
    assert_eq!(
        figure(
            &c.tables("o"),
            "allowance",
            &[("nip", "197501012000031002")],
            "net"
        ),
        "4569600"
    );
}

#[test]
fn an_employee_without_any_base_gets_no_row_and_is_listed() {
    let c = worked_example_with(|dir| {
        let path = dir.join("employees.csv");
        // Citra has no tpp_base; without her grade class there is no base at all.
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("Pranata Komputer,7,IX", "Pranata Komputer,,IX");
        std::fs::write(&path, text).unwrap();
    });
    c.compute("o", "").success();
    let allowance = rows(&c.tables("o").join("allowance.csv"));
    assert!(allowance.iter().all(|r| r["nip"] != "199507212020122003"));
    assert_eq!(
        figure(
            &c.tables("o"),
            "attention",
            &[("nip", "199507212020122003"), ("reason", "no_base")],
            "unit_id"
        ),
        "U2"
    );
    // The unit totals stay the sums of the rows that exist.
    assert_eq!(
        figure(
            &c.tables("o"),
            "unit_month",
            &[("unit_id", "U2"), ("scope", "direct")],
            "gross"
        ),
        "4550000"
    );
}

#[test]
fn an_error_is_printed_with_its_cause_on_one_line() {
    // The outputs cannot be written where a file stands: the message says what failed and
    // the system's reason under it (the error's chain, as one line).
    let computed = worked_example_ingested();
    write(computed.dir(), "out", "a file, not a folder");
    let run = kinerja(computed.dir(), &october_args("out", &[]));
    assert_eq!(run.code, 2, "{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        line.contains("writing the outputs failed; the previous outputs are kept: ")
            && line.contains("(os error"),
        "{line}"
    );
}
