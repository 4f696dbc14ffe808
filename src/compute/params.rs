//! The parameters of one period's compute, built once from the rules and the calendar: what the
//! inputs are prepared with, the values the SQL templates are rendered with, and the rules the
//! exact Rust steps read. Every rule applies in exactly one of these places:
//!
//! | rule | where it applies |
//! |---|---|
//! | `timezone` | inputs: timestamps → local seconds and day numbers (`utc_offset_min`) |
//! | `work_week`, holidays, `holidays_required` | `workdays` → the `calendar` table (workdays, targets, absences, non-workday entries) |
//! | `close_after_days` | `close_s` → SQL `linked`, `decisions` |
//! | `backdate_limit_days`, `late_entries` | SQL `entries` |
//! | `daily_cap_min`, `daily_target_min` | SQL `employee_month` |
//! | `attainment_cap` | SQL `indicators` (the double, for reading) and the `attainment` step (exact) |
//! | `missing_evaluation` | SQL `employee_month` |
//! | `derive_above`, `derive_meets` | the `attainment` step (exact) |
//! | `allowance.lateness_brackets`, `missing_checkout_pct`, `absent_pct_per_day`, `discipline_cap_pct` | SQL `employee_month`, in whole millionths of a percent (`discipline_upct`) |
//! | `integrity.duplicate_min_count` | SQL `employee_month` |
//! | `integrity.pile_up_last_workdays` | `pile_up_from_day` → SQL `employee_month` |
//! | `integrity.burst_decisions`, `burst_window_s` | SQL `approvers` |
//! | `integrity.pile_up_flag_share`, `duplicate_flag_share` | SQL `integrity` |
//! | `allowance.performance_weight`, `discipline_weight`, `missing_attendance`, `absent_forfeit_days`, `sanction_cap_pct`, `bpjs_base_cap`, `bpjs_employee_pct`; `tax`; `base_by_grade_class`; `predikat_multiplier` | the `allowance` step (exact) |
//! | `compliance.green`, `amber`, `gap_days` | SQL `compliance` (shares in whole millionths) |
//! | `distribution.*` | the `distribution_rules` and `bound_predikat` tables → SQL `distribution_bounds` |
//! | `unknown_parent` | ingest only |

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar;
use crate::compute::ComputeError;
use crate::rules::{LateEntries, MissingEvaluation, Rules};

/// A period's holidays and where they came from.
pub struct Holidays {
    pub dates: BTreeSet<NaiveDate>,
    /// `warehouse` (ingested for the year), `shipped` (built in) or `none`.
    pub source: &'static str,
    /// Warehouse files read for them, for the manifest.
    pub files: Vec<String>,
}

pub struct PeriodParams {
    pub period: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Minutes east of UTC that stored timestamps are read in.
    pub utc_offset_min: i32,
    pub workdays: Vec<NaiveDate>,
    pub holidays: Holidays,
    /// End of the close day, local epoch seconds.
    pub close_s: i64,
    /// Day number of the first day counted as month-end pile-up.
    pub pile_up_from_day: i32,
    /// The rules, for the exact steps (`attainment`, `allowance`).
    pub rules: Rules,
}

/// Each lateness bracket as SQL compares it.
#[derive(Serialize)]
struct Bracket {
    from: u32,
    to: Option<u32>,
    upct: i64,
}

/// Every value a SQL template may use.
#[derive(Serialize)]
pub struct SqlValues<'a> {
    period: &'a str,
    snapshot: &'a str,
    input_files: usize,
    holidays_source: &'a str,
    close_s: i64,
    pile_up_from_day: i32,
    backdate_limit_days: u32,
    late_entries: &'static str,
    daily_cap_min: u32,
    daily_target_min: u32,
    attainment_cap: String,
    missing_evaluation: &'static str,
    brackets: Vec<Bracket>,
    missing_checkout_upct: i64,
    absent_upct: i64,
    discipline_cap_upct: i64,
    duplicate_min_count: u32,
    burst_decisions: u32,
    burst_window_s: u32,
    pile_up_flag_share: String,
    duplicate_flag_share: String,
    compliance_green_micro: i64,
    compliance_amber_micro: i64,
    compliance_gap_days: u32,
}

pub fn day_number(d: NaiveDate) -> i32 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("date")).num_days() as i32
}

/// The date of a day number (`day_number`'s inverse), as stored dates are read back.
pub fn date_of_day(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::TimeDelta::try_days(day)?)
}

impl PeriodParams {
    /// Refuses a period whose year has no holidays unless the rules allow it (SPEC section 2).
    pub fn new(
        rules: &Rules,
        period: &str,
        holidays: Holidays,
    ) -> Result<PeriodParams, ComputeError> {
        let (first, last) = calendar::month_bounds(period).ok_or_else(|| {
            ComputeError::Usage(format!("`{period}` is not a period; use YYYY-MM"))
        })?;
        if holidays.source == "none" && rules.holidays_required {
            let year = chrono::Datelike::year(&first);
            return Err(ComputeError::Missing(format!(
                "no holidays for {year}: {period} cannot be computed without them (every workday, \
                 target and payment would be wrong). Ingest the year's list as a file named \
                 hari_libur_{year}.csv (columns tanggal, keterangan, jenis), or, to compute \
                 without holidays on purpose, set holidays_required = false in the rules file"
            )));
        }
        let workdays = calendar::workdays(period, rules.work_week.0, &holidays.dates);
        let pile_up_from = workdays
            .len()
            .checked_sub(rules.integrity.pile_up_last_workdays as usize)
            .and_then(|i| workdays.get(i))
            .or(workdays.first())
            .copied()
            .unwrap_or(first);
        let close_day = last + chrono::Duration::days(rules.close_after_days as i64);
        Ok(PeriodParams {
            period: period.to_string(),
            first,
            last,
            utc_offset_min: rules.utc_offset_min().map_err(ComputeError::Usage)?,
            pile_up_from_day: day_number(pile_up_from),
            close_s: (day_number(close_day) as i64 + 1) * 86_400 - 1,
            workdays,
            holidays,
            rules: rules.clone(),
        })
    }

    /// The template values, with the roster snapshot in force and the number of files read.
    pub fn sql<'a>(&'a self, snapshot: &'a str, input_files: usize) -> SqlValues<'a> {
        let r = &self.rules;
        let a = &r.allowance;
        // Whole millionths of a percent, exactly (`Rules::check` refuses any other percentage).
        let upct = |d| crate::rules::micro(d).expect("checked when loaded");
        SqlValues {
            period: &self.period,
            snapshot,
            input_files,
            holidays_source: self.holidays.source,
            close_s: self.close_s,
            pile_up_from_day: self.pile_up_from_day,
            backdate_limit_days: r.backdate_limit_days,
            late_entries: match r.late_entries {
                LateEntries::Exclude => "exclude",
                LateEntries::Count => "count",
            },
            daily_cap_min: r.daily_cap_min,
            daily_target_min: r.daily_target_min,
            attainment_cap: r.attainment_cap.to_string(),
            missing_evaluation: match r.missing_evaluation {
                MissingEvaluation::Unrated => "unrated",
                MissingEvaluation::Derive => "derive",
            },
            brackets: a
                .lateness_brackets
                .iter()
                .map(|b| Bracket {
                    from: b.from_min.max(1),
                    to: b.to_min,
                    upct: upct(&b.pct),
                })
                .collect(),
            missing_checkout_upct: upct(&a.missing_checkout_pct),
            absent_upct: upct(&a.absent_pct_per_day),
            discipline_cap_upct: upct(&a.discipline_cap_pct),
            duplicate_min_count: r.integrity.duplicate_min_count,
            burst_decisions: r.integrity.burst_decisions,
            burst_window_s: r.integrity.burst_window_s,
            pile_up_flag_share: r.integrity.pile_up_flag_share.to_string(),
            duplicate_flag_share: r.integrity.duplicate_flag_share.to_string(),
            compliance_green_micro: upct(&r.compliance.green),
            compliance_amber_micro: upct(&r.compliance.amber),
            compliance_gap_days: r.compliance.gap_days,
        }
    }
}
