//! Whether an employee's status lets the allowance be paid for a period (SPEC 12): a status of
//! `unpaid_statuses` in force on the period's first day stops it; study leave (`tugas_belajar`)
//! stops it after `study_leave_paid_months` whole months; a status that takes effect inside the
//! period is paid in full and listed for a check. A stopping status without a date is not paid
//! and listed: paying a retired or deceased employee cannot be taken back, a held payment can be
//! paid later.

use chrono::{Datelike, NaiveDate};

use crate::rules::Rules;

#[derive(Debug, PartialEq)]
pub enum Payable {
    Paid,
    /// Paid in full, listed for a manual check (`status_starts`).
    PaidCheck(String),
    /// Every amount 0; the reason goes to `unpaid_reason` and `attention`.
    Unpaid(String),
}

/// Whole months from `from` to `first` (the period's first day): March 1 → October 1 is 7,
/// March 15 → October 1 is 6.
fn whole_months(from: NaiveDate, first: NaiveDate) -> i64 {
    let months = (first.year() as i64 * 12 + first.month0() as i64)
        - (from.year() as i64 * 12 + from.month0() as i64);
    months - i64::from(from.day() > first.day())
}

pub fn payable(
    status: &str,
    status_from: Option<NaiveDate>,
    (first, last): (NaiveDate, NaiveDate),
    rules: &Rules,
) -> Payable {
    let a = &rules.allowance;
    let stops = a.unpaid_statuses.iter().any(|s| s == status);
    let study = status == "tugas_belajar";
    if !stops && !study {
        return Payable::Paid;
    }
    let Some(from) = status_from else {
        return if stops {
            Payable::Unpaid(format!(
                "status `{status}` without tmt_status (its date): not paid until the date is known"
            ))
        } else {
            Payable::PaidCheck(format!(
                "status `{status}` without tmt_status: paid; check how long the leave has run"
            ))
        };
    };
    if from > last {
        return Payable::Paid;
    }
    if from > first {
        return Payable::PaidCheck(format!(
            "status `{status}` takes effect on {from}, inside the period: paid in full; check"
        ));
    }
    if stops {
        return Payable::Unpaid(format!("status `{status}` since {from}"));
    }
    let months = whole_months(from, first);
    if months > a.study_leave_paid_months as i64 {
        Payable::Unpaid(format!(
            "study leave since {from}: {months} whole months before the period, more than the {} paid",
            a.study_leave_paid_months
        ))
    } else {
        Payable::Paid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const OCTOBER: (NaiveDate, NaiveDate) = (
        NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    );

    #[test]
    fn statuses_in_force_on_the_first_day_stop_the_allowance() {
        let rules = Rules::defaults();
        let p = |status, from| payable(status, from, OCTOBER, &rules);
        assert_eq!(p("aktif", None), Payable::Paid);
        assert!(matches!(
            p("pensiun", Some(d(2026, 10, 1))),
            Payable::Unpaid(_)
        ));
        assert!(matches!(
            p("meninggal", Some(d(2026, 9, 12))),
            Payable::Unpaid(_)
        ));
        assert!(matches!(p("diberhentikan", None), Payable::Unpaid(_)));
        // Inside October: paid in full and checked; after it: paid.
        assert!(matches!(
            p("pensiun", Some(d(2026, 10, 2))),
            Payable::PaidCheck(_)
        ));
        assert_eq!(p("cltn", Some(d(2026, 11, 1))), Payable::Paid);
    }

    #[test]
    fn study_leave_is_paid_for_six_whole_months() {
        let rules = Rules::defaults();
        let p = |from| payable("tugas_belajar", Some(from), OCTOBER, &rules);
        // April 1 → October 1: 6 whole months, paid; March 15: 6, paid; March 1: 7, not.
        assert_eq!(p(d(2026, 4, 1)), Payable::Paid);
        assert_eq!(p(d(2026, 3, 15)), Payable::Paid);
        assert!(matches!(p(d(2026, 3, 1)), Payable::Unpaid(_)));
        assert!(matches!(p(d(2025, 10, 31)), Payable::Unpaid(_)));
        assert_eq!(whole_months(d(2026, 3, 15), d(2026, 10, 1)), 6);
        assert_eq!(whole_months(d(2026, 3, 1), d(2026, 10, 1)), 7);
    }
}
