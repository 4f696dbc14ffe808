//! Workdays of a month (SPEC section 2): Monday–Friday (or –Saturday) that are not holidays.
//! The 2026 national holidays and collective leave ship as data (`holidays_2026.csv`); a
//! region's own list, ingested as `holidays`, replaces them.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

pub const DEFAULT_HOLIDAYS_CSV: &str = include_str!("holidays_2026.csv");

/// (date, name, kind) of the shipped holiday list.
pub fn default_holidays() -> Vec<(NaiveDate, String, String)> {
    DEFAULT_HOLIDAYS_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.splitn(3, ',');
            let date = NaiveDate::parse_from_str(parts.next()?, "%Y-%m-%d").ok()?;
            Some((date, parts.next()?.to_string(), parts.next()?.to_string()))
        })
        .collect()
}

/// `YYYY-MM` → (first day, last day).
pub fn month_bounds(period: &str) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").ok()?;
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
    };
    Some((first, next.pred_opt()?))
}

pub fn is_workday(date: NaiveDate, work_week: u32, holidays: &BTreeSet<NaiveDate>) -> bool {
    let weekday_ok = match date.weekday() {
        Weekday::Sun => false,
        Weekday::Sat => work_week >= 6,
        _ => true,
    };
    weekday_ok && !holidays.contains(&date)
}

/// The workdays of a month, in order.
pub fn workdays(period: &str, work_week: u32, holidays: &BTreeSet<NaiveDate>) -> Vec<NaiveDate> {
    let Some((first, last)) = month_bounds(period) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| is_workday(*d, work_week, holidays))
        .collect()
}

/// `2026-08..2026-10` or `2026-10` → the months in order.
pub fn period_range(spec: &str) -> Result<Vec<String>, String> {
    let (from, to) = spec.split_once("..").unwrap_or((spec, spec));
    let (a, b) = (month_bounds(from.trim()), month_bounds(to.trim()));
    let (Some((start, _)), Some((end, _))) = (a, b) else {
        return Err(format!(
            "`{spec}` is not a period or range; use 2026-10 or 2026-08..2026-10"
        ));
    };
    if end < start {
        return Err(format!("`{spec}`: the range ends before it starts"));
    }
    let mut months = Vec::new();
    let mut d = start;
    while d <= end {
        months.push(d.format("%Y-%m").to_string());
        d = month_bounds(&d.format("%Y-%m").to_string())
            .and_then(|(_, l)| l.succ_opt())
            .expect("next month");
    }
    Ok(months)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn october_2026_has_22_workdays_and_august_loses_independence_day() {
        let holidays: BTreeSet<NaiveDate> = default_holidays().into_iter().map(|h| h.0).collect();
        assert_eq!(workdays("2026-10", 5, &holidays).len(), 22);
        // August 2026: 21 weekdays, minus the 17th (Monday); the 25th (Tuesday) too.
        assert_eq!(workdays("2026-08", 5, &holidays).len(), 19);
        assert_eq!(workdays("2026-10", 6, &holidays).len(), 22 + 5);
    }

    #[test]
    fn ranges_expand_to_months() {
        assert_eq!(
            period_range("2026-11..2027-01").unwrap(),
            vec!["2026-11", "2026-12", "2027-01"]
        );
        assert_eq!(period_range("2026-10").unwrap(), vec!["2026-10"]);
        assert!(period_range("2026-10..2026-08").is_err());
    }
}
