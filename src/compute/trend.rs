//! A year at a glance (issue 20): the months up to twelve back from the period that the
//! warehouse holds activities for, each with the organisation's productivity, gross TPP, entries
//! pending at close and logging compliance. The period's own figures come from this run; an
//! earlier month's from its tables in `--out`, where it was computed (a month the warehouse
//! holds but nobody computed is listed with `computed = false` and no figures, never guessed).

use std::path::Path;

use polars::prelude::*;

use crate::schema;
use crate::warehouse::Warehouse;

/// Months shown: the period and the eleven before it.
const MONTHS: usize = 12;

/// The organisation's figures of one computed month.
#[derive(Default)]
struct Month {
    approved_min: i64,
    target_min: i64,
    pending: i64,
    gross: i64,
    logged_days: Option<i64>,
    expected_days: Option<i64>,
}

fn sum(df: &DataFrame, column: &str) -> PolarsResult<i64> {
    Ok(df
        .column(column)?
        .cast(&DataType::Int64)?
        .i64()?
        .sum()
        .unwrap_or(0))
}

fn figures(
    employee_month: &DataFrame,
    allowance: &DataFrame,
    compliance: Option<&DataFrame>,
) -> PolarsResult<Month> {
    Ok(Month {
        approved_min: sum(employee_month, "approved_min")?,
        target_min: sum(employee_month, "target_min")?,
        pending: sum(employee_month, "pending_entries")?,
        gross: sum(allowance, "gross")?,
        logged_days: compliance.map(|c| sum(c, "logged_days")).transpose()?,
        expected_days: compliance.map(|c| sum(c, "expected_days")).transpose()?,
    })
}

pub(crate) fn read(dir: &Path, name: &str) -> PolarsResult<Option<DataFrame>> {
    let path = dir.join(format!("{name}.parquet"));
    if !path.exists() {
        return Ok(None);
    }
    crate::warehouse::parquet::scan(&path)?.collect().map(Some)
}

/// The month `k` months before `period` (`YYYY-MM`).
pub(crate) fn months_before(period: &str, k: usize) -> Option<String> {
    let (y, m) = period.split_once('-')?;
    let index = y.parse::<i64>().ok()? * 12 + m.parse::<i64>().ok()? - 1 - k as i64;
    Some(format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    ))
}

pub fn table(
    wh: &Warehouse,
    out: &Path,
    period: &str,
    outputs: &[(String, DataFrame)],
) -> PolarsResult<DataFrame> {
    let held: std::collections::BTreeSet<String> = wh
        .periods(schema::kind("activities").expect("a kind"))
        .into_iter()
        .collect();
    let output = |name: &str| outputs.iter().find(|(n, _)| n == name).map(|(_, d)| d);
    let mut rows: Vec<(String, Option<Month>)> = Vec::new();
    for k in (0..MONTHS).rev() {
        let Some(month) = months_before(period, k) else {
            continue;
        };
        if k == 0 {
            let em = output("employee_month").expect("computed before the trend");
            let al = output("allowance").expect("computed before the trend");
            rows.push((month, Some(figures(em, al, output("compliance"))?)));
            continue;
        }
        if !held.contains(&month) {
            continue;
        }
        let dir = out.join(&month).join("tables");
        let computed = match (read(&dir, "employee_month")?, read(&dir, "allowance")?) {
            (Some(em), Some(al)) => Some(figures(&em, &al, read(&dir, "compliance")?.as_ref())?),
            _ => None,
        };
        rows.push((month, computed));
    }
    let ratio = |a: i64, b: i64| (b > 0).then(|| a as f64 / b as f64);
    df!(
        "period" => rows.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
        "computed" => rows.iter().map(|(_, m)| m.is_some()).collect::<Vec<_>>(),
        "productivity" => rows.iter().map(|(_, m)| m.as_ref().and_then(|m| ratio(m.approved_min, m.target_min))).collect::<Vec<_>>(),
        "gross" => rows.iter().map(|(_, m)| m.as_ref().map(|m| m.gross)).collect::<Vec<_>>(),
        "pending_entries" => rows.iter().map(|(_, m)| m.as_ref().map(|m| m.pending)).collect::<Vec<_>>(),
        "compliance" => rows.iter().map(|(_, m)| m.as_ref().and_then(|m| ratio(m.logged_days?, m.expected_days?))).collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_back_across_a_year() {
        assert_eq!(months_before("2026-10", 0).as_deref(), Some("2026-10"));
        assert_eq!(months_before("2026-10", 9).as_deref(), Some("2026-01"));
        assert_eq!(months_before("2026-10", 10).as_deref(), Some("2025-12"));
        assert_eq!(months_before("2027-01", 11).as_deref(), Some("2026-02"));
    }
}
