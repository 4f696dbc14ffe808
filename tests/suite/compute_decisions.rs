//! SPEC section 3: the decision is the latest approval by close, and on a tie rejected wins.

use crate::compute_harness::*;

const ANDI: &str = "198609262015051001";

#[test]
fn a_rejection_at_the_same_moment_as_an_approval_wins() {
    // A1-002 (120 min on 1 October) was approved by Budi on 2 October at 12:00; another approver
    // rejects it at the very same second.
    let c = worked_example_with(|dir| {
        append(
            dir,
            "approvals.csv",
            "A1-002,196001011985031001,rejected,2026-10-02 12:00:00,duplikat\n",
        )
    });
    c.compute("out", "").success();
    let t = c.tables("out");
    let get = |column| figure(&t, "employee_month", &[("nip", ANDI)], column);
    assert_eq!(get("rejected_entries"), "2");
    assert_eq!(get("approved_entries"), "35");
    assert_eq!(
        get("approved_min"),
        "5280",
        "5400 less the 120 minutes of A1-002"
    );
    // The deciding approval is the rejection, by someone who is not Andi's supervisor.
    assert_eq!(get("non_supervisor_approvals"), "1");
}

/// Two approvals of A1-002 at the same second: the tie goes to the higher approver NIP, whoever
/// that is (Budi, Andi's supervisor, is 197501012000031002).
fn tie_with_approval_by(approver: &str) -> String {
    let c = worked_example_with(|dir| {
        let line = format!("A1-002,{approver},approved,2026-10-02 12:00:00,\n");
        append(dir, "approvals.csv", &line)
    });
    c.compute("out", "").success();
    let t = c.tables("out");
    assert_eq!(
        figure(&t, "employee_month", &[("nip", ANDI)], "approved_entries"),
        "36",
        "two approvals still make one approved entry"
    );
    figure(
        &t,
        "employee_month",
        &[("nip", ANDI)],
        "non_supervisor_approvals",
    )
}

#[test]
fn a_tie_between_approvals_goes_to_the_highest_approver_nip() {
    assert_eq!(
        tie_with_approval_by("198001012005031001"),
        "1",
        "the higher NIP decides"
    );
    assert_eq!(
        tie_with_approval_by("196001011985031001"),
        "0",
        "Budi's NIP is higher"
    );
}
