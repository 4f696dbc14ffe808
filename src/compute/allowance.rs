//! The allowance (TPP) per employee-month, SPEC section 5, computed exactly: rule decimals as
//! fractions, every amount rounded once (half away from zero) from its exact value, integer
//! rupiah throughout. This lives in Rust because portable SQL has no exact rational rounding.
//! The rows feed the unit totals, so every table adds up.

use polars::prelude::*;

use crate::decimal::Dec;
use crate::frames::integers as ints;
use crate::rules::{Allowance, MissingAttendance, Rules};

/// Everything finance must look at before paying, one reason per row.
pub struct Attention {
    /// As a number, like every NIP inside compute (see `inputs::nip_number`).
    pub nip: i64,
    pub name: String,
    pub unit_id: String,
    pub reason: &'static str,
    pub detail: String,
}

struct Row {
    nip: i64,
    name: String,
    unit_id: String,
    rank: String,
    base: i64,
    base_source: &'static str,
    grade_class: Option<i64>,
    productivity_factor: Dec,
    predikat: String,
    multiplier: Dec,
    perf_amount: i64,
    discipline_pct: Dec,
    discipline_amount: i64,
    /// The discipline part lost to lateness, early leave, missing checkout and absence.
    discipline_cut: i64,
    sanction_pct: Dec,
    sanction_cut: i64,
    gross: i64,
    bpjs: i64,
    tax_pct: Dec,
    tax: i64,
    net: i64,
    forfeited: bool,
    /// The gross lost to forfeiture ("TPP hangus"); 0 when not forfeited.
    forfeited_amount: i64,
    /// Why nothing is paid (SPEC 12); None when paid.
    unpaid_reason: Option<String>,
}

/// Tax percent by rank, read against `asn_type` (SPEC sections 1 and 5): a PNS/CPNS golongan
/// (`III/b`, `IV`) uses the golongan table, a PPPK grade (`IX`) the grade table. `Err` says why
/// the rank is unknown (taxed at 0 % and flagged): empty, or a bare numeral without `asn_type`.
pub fn tax_pct(rules: &Rules, rank: &str, asn_type: Option<&str>) -> Result<Dec, String> {
    if crate::values::is_unknown_rank(rank) {
        return Err("no rank on the roster: taxed at 0 %".into());
    }
    let table = match crate::values::parse_rank(rank, asn_type) {
        Ok(crate::values::Rank::Golongan(_, text)) => {
            let group = text.split('/').next().unwrap_or_default().to_string();
            rules.tax.pns_group.get(&group)
        }
        Ok(crate::values::Rank::Grade(_, text)) => rules.tax.pppk_grade.get(&text),
        Ok(crate::values::Rank::Ambiguous(text)) => {
            return Err(format!(
                "rank `{text}` without asn_type could be a PNS golongan or a PPPK grade: taxed at 0 %"
            ));
        }
        Err(reason) => return Err(format!("{reason}: taxed at 0 %")),
    };
    table
        .cloned()
        .ok_or_else(|| format!("rank `{rank}` has no rate in the rules' tax tables: taxed at 0 %"))
}

fn pct(p: &Dec) -> Dec {
    p.clone() * Dec::new(1, 100)
}

fn strs<'a>(df: &'a DataFrame, name: &str) -> PolarsResult<Vec<Option<&'a str>>> {
    Ok(df.column(name)?.str()?.iter().collect())
}

/// Each sanction's `cut_pct` as an exact decimal: stored in millionths of a percent (see
/// `ValueType::Percent`).
fn sanction_cuts(sanctions: &DataFrame) -> PolarsResult<Vec<Option<Dec>>> {
    Ok(ints(sanctions, "cut_pct")?
        .into_iter()
        .map(|v| v.map(|m| Dec::new(m as i128, 1_000_000)))
        .collect())
}

/// What an employee's gross allowance depends on (SPEC section 5), each exact. The amounts are a
/// pure function of these and the rules, so the change since last month (`changes`) can swap
/// one factor at a time and recompute them exactly as here.
#[derive(Clone, Debug, PartialEq)]
pub struct Factors {
    pub base: i64,
    pub productivity_factor: Dec,
    pub multiplier: Dec,
    /// The share of the discipline part paid: 1 − discipline_pct / 100, or 0 without attendance
    /// rows under `missing_attendance = "zero"`.
    pub discipline_kept: Dec,
    /// Capped.
    pub sanction_pct: Dec,
    pub forfeited: bool,
}

/// The amounts before BPJS and tax.
#[derive(Debug, PartialEq)]
pub struct Amounts {
    pub perf_amount: i64,
    pub discipline_amount: i64,
    pub discipline_cut: i64,
    pub sanction_cut: i64,
    pub gross: i64,
    /// The gross lost to forfeiture; 0 when not forfeited.
    pub forfeited_amount: i64,
}

/// min(1, approved / target); 1 without a target.
pub fn productivity_factor(approved_min: Option<i64>, target_min: Option<i64>) -> Dec {
    match (approved_min.unwrap_or(0), target_min.unwrap_or(0)) {
        (_, t) if t <= 0 => Dec::from_int(1),
        (ap, t) => Dec::new(ap as i128, t as i128).min(Dec::from_int(1)),
    }
}

pub fn discipline_kept(discipline_pct: &Dec, attendance_known: bool, a: &Allowance) -> Dec {
    if !attendance_known && a.missing_attendance == MissingAttendance::Zero {
        Dec::from_int(0)
    } else {
        Dec::from_int(1) - pct(discipline_pct)
    }
}

/// SPEC section 5's amounts from the factors, each rounded once from its exact value.
pub fn amounts(f: &Factors, a: &Allowance) -> Amounts {
    let base = Dec::from_int(f.base);
    let perf_amount = (base.clone()
        * a.performance_weight.clone()
        * f.productivity_factor.clone()
        * f.multiplier.clone())
    .round();
    let discipline_full = (base.clone() * a.discipline_weight.clone()).round();
    let discipline_amount =
        (base * a.discipline_weight.clone() * f.discipline_kept.clone()).round();
    let sanction_cut =
        (Dec::from_int(perf_amount + discipline_amount) * pct(&f.sanction_pct)).round();
    let gross = perf_amount + discipline_amount - sanction_cut;
    if f.forfeited {
        // Every paid amount is 0; what was lost is kept as one figure for finance.
        return Amounts {
            perf_amount: 0,
            discipline_amount: 0,
            discipline_cut: 0,
            sanction_cut: 0,
            gross: 0,
            forfeited_amount: gross,
        };
    }
    Amounts {
        perf_amount,
        discipline_amount,
        discipline_cut: discipline_full - discipline_amount,
        sanction_cut,
        gross,
        forfeited_amount: 0,
    }
}

/// Returns (allowance table, attention table).
pub fn compute(
    employee_month: &DataFrame,
    roster: &DataFrame,
    sanctions: &DataFrame,
    rules: &Rules,
    period: (chrono::NaiveDate, chrono::NaiveDate),
) -> PolarsResult<(DataFrame, Vec<Attention>)> {
    // Roster facts by NIP.
    let roster_nips = ints(roster, "nip")?;
    let bases = ints(roster, "tpp_base")?;
    let classes = ints(roster, "grade_class")?;
    let ranks = strs(roster, "rank")?;
    let asn_types = strs(roster, "asn_type")?;
    let unknown_units = strs(roster, "unknown_unit")?;
    let statuses = strs(roster, "status")?;
    let status_from = ints(roster, "status_from")?;
    let roster_index: std::collections::HashMap<i64, usize> = roster_nips
        .iter()
        .enumerate()
        .filter_map(|(i, n)| Some(((*n)?, i)))
        .collect();

    // Sanction percent per NIP (the sum of those covering the period, capped).
    let mut sanction_by_nip: std::collections::HashMap<i64, Dec> = std::collections::HashMap::new();
    let s_nips = ints(sanctions, "nip")?;
    let s_cuts = sanction_cuts(sanctions)?;
    let s_kinds = strs(sanctions, "kind")?;
    let mut sanction_kinds: std::collections::HashMap<i64, Vec<String>> =
        std::collections::HashMap::new();
    for (i, (nip, cut)) in s_nips.iter().zip(s_cuts).enumerate() {
        if let (Some(nip), Some(cut)) = (nip, cut) {
            sanction_kinds
                .entry(*nip)
                .or_default()
                .push(format!("{} ({cut} %)", s_kinds[i].unwrap_or("sanction")));
            let entry = sanction_by_nip
                .entry(*nip)
                .or_insert_with(|| Dec::from_int(0));
            *entry = entry.clone() + cut;
        }
    }

    let nips = ints(employee_month, "nip")?;
    let names = strs(employee_month, "name")?;
    let units = strs(employee_month, "unit_id")?;
    let approved = ints(employee_month, "approved_min")?;
    let target = ints(employee_month, "target_min")?;
    let absent = ints(employee_month, "absent_days")?;
    let upct = ints(employee_month, "discipline_upct")?;
    let predikats = strs(employee_month, "predikat")?;
    let evaluation_periods = strs(employee_month, "evaluation_period")?;
    let carried: Vec<Option<bool>> = employee_month
        .column("carried_evaluation")?
        .bool()?
        .iter()
        .collect();
    let known: Vec<Option<bool>> = employee_month
        .column("attendance_known")?
        .bool()?
        .iter()
        .collect();

    let a = &rules.allowance;
    let one = Dec::from_int(1);
    let mut rows = Vec::new();
    let mut attention = Vec::new();
    for i in 0..employee_month.height() {
        let nip = nips[i].unwrap_or_default();
        let name = names[i].unwrap_or_default().to_string();
        let unit_id = units[i].unwrap_or_default().to_string();
        let flag = |reason: &'static str, detail: String| Attention {
            nip,
            name: name.clone(),
            unit_id: unit_id.clone(),
            reason,
            detail,
        };
        let r = roster_index.get(&nip).copied();
        let rank = r.and_then(|r| ranks[r]).unwrap_or_default().to_string();
        let asn_type = r.and_then(|r| asn_types[r]);
        if let Some(listed) = r.and_then(|r| unknown_units[r]) {
            attention.push(flag(
                "unknown_unit",
                format!(
                    "unit `{listed}` is not in the unit tree: paid, and counted under `{}`",
                    crate::compute::inputs::UNKNOWN_UNIT_ID
                ),
            ));
        }
        let predikat = predikats[i].unwrap_or("unrated").to_string();
        if carried[i].unwrap_or(false) {
            attention.push(flag(
                "carried_evaluation",
                format!(
                    "no evaluation for the period: that of {} carried (evaluation_carry = \"latest\")",
                    evaluation_periods[i].unwrap_or_default()
                ),
            ));
        }
        let attendance_known = known[i].unwrap_or(false);
        if predikat == "unrated" {
            attention.push(flag(
                "unrated",
                "no evaluation for the period; multiplier of `unrated` applied".into(),
            ));
        }
        if !attendance_known {
            attention.push(flag(
                "no_attendance",
                match a.missing_attendance {
                    MissingAttendance::Full => {
                        "no attendance rows: discipline part paid in full".into()
                    }
                    MissingAttendance::Zero => {
                        "no attendance rows: discipline part not paid".into()
                    }
                },
            ));
        }
        let status = r.and_then(|r| statuses[r]).unwrap_or("aktif");
        let from = r
            .and_then(|r| status_from[r])
            .and_then(crate::compute::params::date_of_day);
        let unpaid_reason = match crate::compute::payable::payable(status, from, period, rules) {
            crate::compute::payable::Payable::Paid => None,
            crate::compute::payable::Payable::PaidCheck(detail) => {
                attention.push(flag("status_starts", detail));
                None
            }
            crate::compute::payable::Payable::Unpaid(reason) => {
                attention.push(flag("unpaid", format!("{reason}: every amount 0")));
                Some(reason)
            }
        };
        if let Some(kinds) = sanction_kinds.get(&nip) {
            attention.push(flag(
                "sanction",
                format!("sanction covering the period: {}", kinds.join(", ")),
            ));
        }
        let (base, base_source) = match r.and_then(|r| bases[r]) {
            Some(b) => (b, "tpp_base"),
            None => match r
                .and_then(|r| classes[r])
                .and_then(|c| rules.base_by_grade_class.get(&c.to_string()))
            {
                Some(b) => (*b, "grade_class"),
                None => {
                    attention.push(flag(
                        "no_base",
                        "neither tpp_base nor a grade class with a base: no allowance row".into(),
                    ));
                    continue;
                }
            },
        };
        let productivity_factor = productivity_factor(approved[i], target[i]);
        let multiplier = rules
            .multiplier(&predikat)
            .cloned()
            .unwrap_or_else(|| one.clone());
        let discipline_pct = Dec::new(upct[i].unwrap_or(0) as i128, 1_000_000);
        let sanction_pct = sanction_by_nip
            .get(&nip)
            .cloned()
            .unwrap_or_else(|| Dec::from_int(0))
            .min(a.sanction_cap_pct.clone());
        let factors = Factors {
            // Unpaid: no entitlement, so every amount is 0 (and the change since last month
            // puts it in `delta_base`).
            base: if unpaid_reason.is_some() { 0 } else { base },
            productivity_factor: productivity_factor.clone(),
            multiplier: multiplier.clone(),
            discipline_kept: discipline_kept(&discipline_pct, attendance_known, a),
            sanction_pct: sanction_pct.clone(),
            forfeited: absent[i].unwrap_or(0) >= a.absent_forfeit_days as i64,
        };
        let amounts = amounts(&factors, a);
        let tax_pct = match tax_pct(rules, &rank, asn_type) {
            Ok(p) => p,
            Err(detail) => {
                attention.push(flag("unknown_rank", detail));
                Dec::from_int(0)
            }
        };
        let row = Row {
            nip,
            name: name.clone(),
            unit_id: unit_id.clone(),
            rank,
            base: factors.base,
            base_source,
            grade_class: r.and_then(|r| classes[r]),
            productivity_factor,
            predikat,
            multiplier,
            perf_amount: amounts.perf_amount,
            discipline_pct,
            discipline_amount: amounts.discipline_amount,
            discipline_cut: amounts.discipline_cut,
            sanction_pct,
            sanction_cut: amounts.sanction_cut,
            gross: amounts.gross,
            bpjs: 0,
            tax_pct,
            tax: 0,
            net: 0,
            forfeited: factors.forfeited,
            forfeited_amount: amounts.forfeited_amount,
            unpaid_reason,
        };
        if factors.forfeited {
            attention.push(flag(
                "forfeited",
                format!(
                    "{} unexcused absences: the whole allowance is forfeited",
                    absent[i].unwrap_or(0)
                ),
            ));
        }
        let mut row = row;
        row.bpjs =
            (Dec::from_int(row.gross.min(a.bpjs_base_cap)) * pct(&a.bpjs_employee_pct)).round();
        row.tax = (Dec::from_int(row.gross) * pct(&row.tax_pct)).round();
        row.net = row.gross - row.bpjs - row.tax;
        rows.push(row);
    }
    Ok((to_frame(&rows)?, attention))
}

fn to_frame(rows: &[Row]) -> PolarsResult<DataFrame> {
    let s = |f: &dyn Fn(&Row) -> String| rows.iter().map(f).collect::<Vec<_>>();
    let n = |f: &dyn Fn(&Row) -> i64| rows.iter().map(f).collect::<Vec<_>>();
    let x = |f: &dyn Fn(&Row) -> f64| rows.iter().map(f).collect::<Vec<_>>();
    df!(
        "nip" => n(&|r| r.nip),
        "name" => s(&|r| r.name.clone()),
        "unit_id" => s(&|r| r.unit_id.clone()),
        "rank" => s(&|r| r.rank.clone()),
        "base" => n(&|r| r.base),
        "base_source" => s(&|r| r.base_source.to_string()),
        "grade_class" => rows.iter().map(|r| r.grade_class).collect::<Vec<_>>(),
        "productivity_factor" => x(&|r| r.productivity_factor.to_f64()),
        "predikat" => s(&|r| r.predikat.clone()),
        "predikat_multiplier" => s(&|r| r.multiplier.to_string()),
        "perf_amount" => n(&|r| r.perf_amount),
        "discipline_pct" => s(&|r| r.discipline_pct.to_string()),
        "discipline_amount" => n(&|r| r.discipline_amount),
        "discipline_cut" => n(&|r| r.discipline_cut),
        "sanction_pct" => s(&|r| r.sanction_pct.to_string()),
        "sanction_cut" => n(&|r| r.sanction_cut),
        "gross" => n(&|r| r.gross),
        "bpjs" => n(&|r| r.bpjs),
        "tax_pct" => s(&|r| r.tax_pct.to_string()),
        "tax" => n(&|r| r.tax),
        "net" => n(&|r| r.net),
        "forfeited" => rows.iter().map(|r| r.forfeited).collect::<Vec<_>>(),
        "forfeited_amount" => n(&|r| r.forfeited_amount),
        "unpaid_reason" => rows.iter().map(|r| r.unpaid_reason.clone()).collect::<Vec<_>>(),
    )
}

pub fn attention_frame(items: &[Attention]) -> PolarsResult<DataFrame> {
    df!(
        "nip" => items.iter().map(|a| a.nip).collect::<Vec<_>>(),
        "name" => items.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
        "unit_id" => items.iter().map(|a| a.unit_id.clone()).collect::<Vec<_>>(),
        "reason" => items.iter().map(|a| a.reason.to_string()).collect::<Vec<_>>(),
        "detail" => items.iter().map(|a| a.detail.clone()).collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_follows_rank_group_and_pppk_grade() {
        let rules = Rules::defaults();
        let pct = |rank, asn| tax_pct(&rules, rank, asn).ok();
        assert_eq!(pct("III/b", Some("PNS")), Some(Dec::from_int(5)));
        assert_eq!(pct("iv/a", None), Some(Dec::from_int(15)));
        assert_eq!(pct("II/c", Some("CPNS")), Some(Dec::from_int(0)));
        assert_eq!(pct("IX", Some("PPPK")), Some(Dec::from_int(5)));
        assert_eq!(pct("XIII", Some("PPPK")), Some(Dec::from_int(15)));
        // A bare IV is golongan IV for a PNS (15 %) and grade IV for a PPPK (0 %).
        assert_eq!(pct("IV", Some("PNS")), Some(Dec::from_int(15)));
        assert_eq!(pct("IV", Some("PPPK")), Some(Dec::from_int(0)));
        assert_eq!(pct("IV", None), None);
        assert_eq!(pct("Z", None), None);
        assert_eq!(pct("", Some("PNS")), None);
        assert_eq!(pct("-", Some("PNS")), None);
    }
}
