//! `rules.toml` resolved once into typed [`Rules`]: the embedded defaults (with comments, printed by
//! `kinerja rules --default`) overlaid by a region's file, which need only name what it changes.
//! Unknown keys and bad values are errors that name the key and what is allowed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::decimal::Dec;

pub const DEFAULT_RULES: &str = include_str!("rules.default.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LateEntries {
    Exclude,
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingEvaluation {
    Unrated,
    Derive,
}

/// SPEC 13: whether an employee without an evaluation for P takes their newest earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationCarry {
    None,
    Latest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingAttendance {
    Full,
    Zero,
}

/// A unit whose `parent_id` is not in its snapshot: a reject, or kept as a root (SPEC 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownParent {
    Reject,
    Root,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub work_week: WorkWeek,
    pub timezone: String,
    pub holidays_required: bool,
    pub unknown_parent: UnknownParent,
    pub close_after_days: u32,
    pub backdate_limit_days: u32,
    pub late_entries: LateEntries,
    pub daily_cap_min: u32,
    pub daily_target_min: u32,
    pub attainment_cap: Dec,
    pub missing_evaluation: MissingEvaluation,
    pub evaluation_carry: EvaluationCarry,
    /// How many months back a carried evaluation may come from.
    pub evaluation_carry_months: u32,
    pub derive_above: Dec,
    pub derive_meets: Dec,
    pub predikat_multiplier: PredikatMultiplier,
    pub allowance: Allowance,
    pub tax: Tax,
    pub base_by_grade_class: BTreeMap<String, i64>,
    pub integrity: Integrity,
    pub compliance: Compliance,
    pub readiness: Readiness,
    pub budget: Budget,
    pub distribution: Distribution,
    /// Header names added per kind: `[columns.activities] description = ["rincian"]`.
    #[serde(default)]
    pub columns: crate::extensions::Names,
    /// Spellings added per vocabulary: `[values.attendance] leave = ["ct"]`.
    #[serde(default)]
    pub values: crate::extensions::Names,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "u32")]
pub struct WorkWeek(pub u32);

impl TryFrom<u32> for WorkWeek {
    type Error = String;
    fn try_from(v: u32) -> Result<Self, String> {
        match v {
            5 | 6 => Ok(WorkWeek(v)),
            _ => Err(format!("work_week must be 5 or 6, not {v}")),
        }
    }
}

/// Pay readiness per agency (SPEC 12): an agency is ready when each count is at or below its
/// limit (`pending_share`: entries pending at close as a share of its entries).
/// Budget planning (SPEC 11, `kinerja whatif`): a year is this many monthly payments, and the
/// employer adds its BPJS share (percent of the gross up to `allowance.bpjs_base_cap`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub payments_per_year: u32,
    pub bpjs_employer_pct: Dec,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Readiness {
    pub pending_share: Dec,
    pub no_evaluation: u32,
    pub no_base: u32,
    pub no_attendance: u32,
    pub unknown_unit: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PredikatMultiplier {
    pub sangat_baik: Dec,
    pub baik: Dec,
    pub butuh_perbaikan: Dec,
    pub kurang: Dec,
    pub sangat_kurang: Dec,
    pub unrated: Dec,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allowance {
    /// Statuses that stop the allowance once in force on the period's first day (SPEC 12).
    pub unpaid_statuses: Vec<String>,
    /// Whole months of study leave (`tugas_belajar`) before the period that are still paid.
    pub study_leave_paid_months: u32,
    /// |Δ net| against the month before above this percent is listed for a check.
    pub change_alert_pct: Dec,
    pub performance_weight: Dec,
    pub discipline_weight: Dec,
    pub missing_attendance: MissingAttendance,
    pub missing_checkout_pct: Dec,
    pub absent_pct_per_day: Dec,
    pub discipline_cap_pct: Dec,
    pub absent_forfeit_days: u32,
    pub sanction_cap_pct: Dec,
    pub bpjs_base_cap: i64,
    pub bpjs_employee_pct: Dec,
    pub lateness_brackets: Vec<Bracket>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bracket {
    pub from_min: u32,
    pub to_min: Option<u32>,
    pub pct: Dec,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tax {
    pub pns_group: BTreeMap<String, Dec>,
    pub pppk_grade: BTreeMap<String, Dec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Integrity {
    pub duplicate_min_count: u32,
    pub pile_up_last_workdays: u32,
    pub burst_decisions: u32,
    pub burst_window_s: u32,
    pub pile_up_flag_share: Dec,
    pub duplicate_flag_share: Dec,
}

/// Logging compliance tiers and the coaching score's gap (SPEC section 7).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compliance {
    pub green: Dec,
    pub amber: Dec,
    pub gap_days: u32,
}

/// The distribution curve's bounds per organisational predikat (SPEC section 9).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    pub istimewa: Vec<Bound>,
    pub baik: Vec<Bound>,
    pub butuh_perbaikan: Vec<Bound>,
    pub kurang: Vec<Bound>,
    pub sangat_kurang: Vec<Bound>,
}

impl Distribution {
    /// (organisational predikat, its bounds), in the order of the SPEC's table.
    pub fn by_org_predikat(&self) -> [(&'static str, &[Bound]); 5] {
        [
            ("istimewa", &self.istimewa),
            ("baik", &self.baik),
            ("butuh_perbaikan", &self.butuh_perbaikan),
            ("kurang", &self.kurang),
            ("sangat_kurang", &self.sangat_kurang),
        ]
    }
}

/// One bound: the predikat it adds up, and exactly one limit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    pub predikat: Vec<String>,
    pub at_most: Option<Dec>,
    pub at_least: Option<Dec>,
    pub at_least_employees: Option<u32>,
}

/// A bound's limit as compute uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A share of the rated employees, in millionths.
    AtMost(i64),
    AtLeast(i64),
    AtLeastEmployees(i64),
}

impl Bound {
    pub fn limit(&self) -> Result<Limit, String> {
        let share = |d: &Dec| share_micro(d).map_err(|e| format!("{d} {e}"));
        match (&self.at_most, &self.at_least, self.at_least_employees) {
            (Some(s), None, None) => Ok(Limit::AtMost(share(s)?)),
            (None, Some(s), None) => Ok(Limit::AtLeast(share(s)?)),
            (None, None, Some(n)) => Ok(Limit::AtLeastEmployees(n as i64)),
            _ => Err("give exactly one of at_most, at_least, at_least_employees".into()),
        }
    }
}

/// The predikat an employee can have (SPEC section 4), those a distribution bound may name.
pub const PREDIKAT: [&str; 5] = [
    "sangat_baik",
    "baik",
    "butuh_perbaikan",
    "kurang",
    "sangat_kurang",
];

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("rules file {path}: {message}")]
    Invalid { path: String, message: String },
}

/// `pct` in whole millionths (2.5 → 2,500,000), if it is a whole number of them.
pub fn micro(pct: &Dec) -> Option<i64> {
    let scaled = pct.clone() * Dec::from_int(1_000_000);
    (scaled.denom() == 1).then(|| scaled.numer() as i64)
}

/// A share from 0 to 1 as whole millionths, or what is wrong with it.
fn share_micro(d: &Dec) -> Result<i64, &'static str> {
    micro(d)
        .filter(|m| (0..=1_000_000).contains(m))
        .ok_or("is not a share from 0 to 1 with at most 6 decimals")
}

/// Lays `over` onto `base`, table by table; `over` may only name keys `base` has.
fn overlay(base: &mut toml::Table, over: toml::Table, prefix: &str) -> Result<(), String> {
    for (key, value) in over {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        // Maps keyed by data (grade classes, ranks) may gain keys; fixed tables may not.
        let open_map = matches!(
            prefix,
            "base_by_grade_class" | "tax.pns_group" | "tax.pppk_grade" | "columns" | "values"
        );
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => overlay(b, o, &path)?,
            (Some(slot), value) => *slot = value,
            (None, value) if open_map => {
                base.insert(key, value);
            }
            (None, _) => {
                let known: Vec<&String> = base.keys().collect();
                return Err(format!(
                    "unknown key `{path}`; the keys here are: {}",
                    known
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    Ok(())
}

/// `text` parsed, with every float replaced by its literal text (`0.85`), so a rule decimal is
/// the decimal written (85/100), never the double nearest to it; [`Dec`] reads that text exactly.
fn as_written(text: &str) -> Result<toml::Table, toml::de::Error> {
    let mut table: toml::Table = text.parse()?;
    let literal = toml::de::DeTable::parse(text)?;
    for (key, value) in literal.get_ref().iter() {
        if let Some(slot) = table.get_mut(key.get_ref().as_ref()) {
            float_as_written(slot, value.get_ref());
        }
    }
    Ok(table)
}

fn float_as_written(slot: &mut toml::Value, literal: &toml::de::DeValue) {
    use toml::de::DeValue;
    match (literal, slot) {
        (DeValue::Float(f), slot) => *slot = toml::Value::String(f.as_str().to_string()),
        (DeValue::Table(t), toml::Value::Table(inner)) => {
            for (key, value) in t.iter() {
                if let Some(s) = inner.get_mut(key.get_ref().as_ref()) {
                    float_as_written(s, value.get_ref());
                }
            }
        }
        (DeValue::Array(items), toml::Value::Array(slots)) => {
            for (l, s) in items.iter().zip(slots.iter_mut()) {
                float_as_written(s, l.get_ref());
            }
        }
        _ => {}
    }
}

impl Rules {
    pub fn defaults() -> Rules {
        Rules::from_toml(DEFAULT_RULES, "(embedded defaults)")
            .expect("embedded default rules are valid")
    }

    /// Defaults overlaid by `text` (the contents of a rules file named `origin`).
    pub fn from_toml(text: &str, origin: &str) -> Result<Rules, RulesError> {
        let invalid = |message: String| RulesError::Invalid {
            path: origin.to_string(),
            message,
        };
        let mut base = as_written(DEFAULT_RULES).expect("embedded default rules parse");
        let over = as_written(text).map_err(|e: toml::de::Error| invalid(e.to_string()))?;
        overlay(&mut base, over, "").map_err(&invalid)?;
        let rules: Rules = base
            .try_into()
            .map_err(|e: toml::de::Error| invalid(e.to_string()))?;
        rules.check().map_err(invalid)?;
        Ok(rules)
    }

    pub fn load(path: Option<&Path>) -> Result<Rules, RulesError> {
        match path {
            None => Ok(Rules::defaults()),
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| RulesError::Invalid {
                    path: p.display().to_string(),
                    message: format!("cannot be read: {e}"),
                })?;
                Rules::from_toml(&text, &p.display().to_string())
            }
        }
    }

    /// The header names and spellings this rules file adds (`[columns]`, `[values]`).
    pub fn extensions(&self) -> Result<crate::extensions::Extensions, String> {
        crate::extensions::Extensions::from_rules(&self.columns, &self.values)
    }

    fn check(&self) -> Result<(), String> {
        self.utc_offset_min()?;
        self.extensions()?;
        let weights =
            self.allowance.performance_weight.clone() + self.allowance.discipline_weight.clone();
        if weights != Dec::from_int(1) {
            return Err(format!(
                "allowance.performance_weight + allowance.discipline_weight must be 1, they add up to {weights}"
            ));
        }
        for status in &self.allowance.unpaid_statuses {
            if !crate::vocab::EMPLOYEE_STATUS
                .iter()
                .any(|(s, _)| s == status)
            {
                return Err(format!(
                    "allowance.unpaid_statuses: `{status}` is not a status; use {}",
                    crate::vocab::EMPLOYEE_STATUS
                        .iter()
                        .map(|(s, _)| *s)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        for class in self.base_by_grade_class.keys() {
            if !class.parse::<u32>().is_ok_and(|c| (1..=17).contains(&c)) {
                return Err(format!(
                    "base_by_grade_class: `{class}` is not a grade class 1-17"
                ));
            }
        }
        let share = |key: &str, d: &Dec| share_micro(d).map_err(|e| format!("{key} = {d}: {e}"));
        share("readiness.pending_share", &self.readiness.pending_share)?;
        let green = share("compliance.green", &self.compliance.green)?;
        let amber = share("compliance.amber", &self.compliance.amber)?;
        if amber > green {
            return Err(format!(
                "compliance.amber ({}) must not be above compliance.green ({})",
                self.compliance.amber, self.compliance.green
            ));
        }
        for (org, bounds) in self.distribution.by_org_predikat() {
            for (i, bound) in bounds.iter().enumerate() {
                let at = format!("distribution.{org}[{}]", i + 1);
                bound.limit().map_err(|e| format!("{at}: {e}"))?;
                if bound.predikat.is_empty() {
                    return Err(format!("{at}: name the predikat the bound adds up"));
                }
                if let Some(p) = bound
                    .predikat
                    .iter()
                    .find(|p| !PREDIKAT.contains(&p.as_str()))
                {
                    return Err(format!(
                        "{at}: `{p}` is not a predikat; use {}",
                        PREDIKAT.join(", ")
                    ));
                }
            }
        }
        if !(1..=14).contains(&self.budget.payments_per_year) {
            return Err(format!(
                "budget.payments_per_year must be 1-14 (12 months, plus a 13th and 14th payment where paid), not {}",
                self.budget.payments_per_year
            ));
        }
        micro(&self.budget.bpjs_employer_pct)
            .filter(|m| (0..=100_000_000).contains(m))
            .ok_or_else(|| {
                format!(
                    "budget.bpjs_employer_pct = {}: give a percentage from 0 to 100 with at most 6 decimal places",
                    self.budget.bpjs_employer_pct
                )
            })?;
        if self.integrity.burst_decisions < 2 {
            return Err("integrity.burst_decisions must be at least 2".into());
        }
        if self.allowance.lateness_brackets.is_empty() {
            return Err("allowance.lateness_brackets: give at least one bracket".into());
        }
        // Discipline percentages reach SQL as whole millionths of a percent: each must be one.
        let a = &self.allowance;
        let percentages = [
            ("allowance.missing_checkout_pct", &a.missing_checkout_pct),
            ("allowance.absent_pct_per_day", &a.absent_pct_per_day),
            ("allowance.discipline_cap_pct", &a.discipline_cap_pct),
        ]
        .into_iter()
        .chain(
            a.lateness_brackets
                .iter()
                .map(|b| ("allowance.lateness_brackets.pct", &b.pct)),
        );
        for (key, pct) in percentages {
            micro(pct).ok_or_else(|| {
                format!("{key} = {pct}: give a percentage with at most 6 decimal places")
            })?;
        }
        Ok(())
    }

    /// Whether `other` differs from these rules only in what the exact allowance step reads (the
    /// table in `compute::params`) or in what no figure of the allowance reads (`budget`,
    /// `readiness`, `allowance.change_alert_pct`): then a what-if computes `other`'s allowance
    /// from these rules' employee-month figures instead of computing the month again. Compared
    /// as written out whole, so a rule added later that is not listed here counts as a
    /// difference (a full second compute), never as shared.
    pub fn differs_only_in_allowance(&self, other: &Rules) -> bool {
        let mut same = other.clone();
        same.tax = self.tax.clone();
        same.base_by_grade_class = self.base_by_grade_class.clone();
        same.predikat_multiplier = self.predikat_multiplier.clone();
        same.budget = self.budget.clone();
        same.readiness = self.readiness.clone();
        let (to, from) = (&mut same.allowance, &self.allowance);
        to.unpaid_statuses = from.unpaid_statuses.clone();
        to.study_leave_paid_months = from.study_leave_paid_months;
        to.change_alert_pct = from.change_alert_pct.clone();
        to.performance_weight = from.performance_weight.clone();
        to.discipline_weight = from.discipline_weight.clone();
        to.missing_attendance = from.missing_attendance;
        to.absent_forfeit_days = from.absent_forfeit_days;
        to.sanction_cap_pct = from.sanction_cap_pct.clone();
        to.bpjs_base_cap = from.bpjs_base_cap;
        to.bpjs_employee_pct = from.bpjs_employee_pct.clone();
        format!("{same:?}") == format!("{self:?}")
    }

    /// `timezone` as minutes east of UTC.
    pub fn utc_offset_min(&self) -> Result<i32, String> {
        let tz = self.timezone.trim();
        crate::values::parse_utc_offset(tz).map_err(|_| {
            format!("timezone `{tz}` must be an offset like +07:00 (WIB), +08:00 or +09:00")
        })
    }

    pub fn multiplier(&self, predikat: &str) -> Option<&Dec> {
        let m = &self.predikat_multiplier;
        Some(match predikat {
            "sangat_baik" => &m.sangat_baik,
            "baik" => &m.baik,
            "butuh_perbaikan" => &m.butuh_perbaikan,
            "kurang" => &m.kurang,
            "sangat_kurang" => &m.sangat_kurang,
            "unrated" => &m.unrated,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_match_the_spec() {
        let r = Rules::defaults();
        assert_eq!(r.daily_cap_min, 450);
        assert_eq!(r.utc_offset_min().unwrap(), 420);
        assert_eq!(
            r.allowance.lateness_brackets[1].pct,
            Dec::parse("1.0").unwrap()
        );
        assert_eq!(
            r.allowance.lateness_brackets[3].pct,
            Dec::parse("1.5").unwrap()
        );
        assert_eq!(r.base_by_grade_class["7"], 3_000_000);
    }

    #[test]
    fn only_rules_of_the_allowance_step_let_a_what_if_share_the_month() {
        let a = Rules::defaults();
        let b = |text: &str| Rules::from_toml(text, "b.toml").unwrap();
        for shared in [
            "",
            "[allowance]\nperformance_weight = 0.7\ndiscipline_weight = 0.3",
            "[base_by_grade_class]\n7 = 1",
            "[predikat_multiplier]\nkurang = 0.5",
            "[tax.pns_group]\nIII = 7",
            "[budget]\npayments_per_year = 13",
            "[allowance]\nbpjs_base_cap = 1",
        ] {
            assert!(a.differs_only_in_allowance(&b(shared)), "{shared}");
        }
        for not_shared in [
            "daily_target_min = 250",
            "[allowance]\nabsent_pct_per_day = 4",
            "missing_evaluation = \"derive\"",
            "evaluation_carry = \"latest\"",
            "[compliance]\ngap_days = 3",
        ] {
            assert!(!a.differs_only_in_allowance(&b(not_shared)), "{not_shared}");
        }
    }

    #[test]
    fn rule_decimals_are_the_decimals_written() {
        // As a double, 0.1 + 0.2 is not 0.3; as written, it is.
        let r = Rules::from_toml(
            "derive_above = 1.000000000000000000001\n[predikat_multiplier]\nkurang = 0.1",
            "x",
        )
        .unwrap();
        assert_eq!(
            r.derive_above,
            Dec::new(1_000_000_000_000_000_000_001, 1_000_000_000_000_000_000_000)
        );
        assert_eq!(r.predikat_multiplier.kurang, Dec::new(1, 10));
        let err = Rules::from_toml("[allowance]\nabsent_pct_per_day = 0.0000005", "r.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("at most 6 decimal places"), "{err}");
    }

    #[test]
    fn a_partial_file_overrides_only_what_it_names() {
        let r = Rules::from_toml(
            "daily_target_min = 330\n[allowance]\nabsent_pct_per_day = 3",
            "x",
        )
        .unwrap();
        assert_eq!(r.daily_target_min, 330);
        assert_eq!(r.allowance.absent_pct_per_day, Dec::parse("3").unwrap());
        assert_eq!(r.daily_cap_min, 450);
    }

    #[test]
    fn bad_files_name_the_key_and_what_is_allowed() {
        let err = Rules::from_toml("late_entries = \"maybe\"", "r.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("late_entries") && err.contains("exclude") && err.contains("count"),
            "{err}"
        );
        let err = Rules::from_toml("daily_cap = 400", "r.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown key `daily_cap`"), "{err}");
        let err = Rules::from_toml("timezone = \"WIB\"", "r.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("+07:00"), "{err}");
        let err = Rules::from_toml("[allowance]\nperformance_weight = 0.7", "r.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("must be 1"), "{err}");
    }
}
