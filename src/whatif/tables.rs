//! The what-if's tables (SPEC 11), from the allowance rows of each month under rules A and B:
//! per employee (the months' sums), per unit and scope (sums of their employees' rows, so every
//! total adds up), and one summary row with the budget's cost. Pure: frames in, frames out.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use crate::frames::texts_or_empty as texts;

use crate::decimal::Dec;
use crate::frames::integers as ints;
use crate::rules::Rules;
use crate::unit_tree::UnitTree;

/// One month's allowance tables (NIPs as text, as written) under A and B.
pub struct Month {
    pub period: String,
    pub a: DataFrame,
    pub b: DataFrame,
}

/// What one rules file pays one employee over the months.
#[derive(Default, Clone)]
pub struct Paid {
    pub months: i64,
    pub base: i64,
    pub gross: i64,
    pub net: i64,
    /// The employer's BPJS share (`budget.bpjs_employer_pct` of each month's gross up to
    /// `allowance.bpjs_base_cap`, rounded per month as a payment is).
    pub employer_bpjs: i64,
}

pub struct Employee {
    pub nip: String,
    pub name: String,
    /// The unit of the latest month the employee is paid in (under A, else B).
    pub unit_id: String,
    pub grade_class: Option<i64>,
    pub a: Paid,
    pub b: Paid,
    /// B's base and whether B pays them in the latest month, for the grade-class checks.
    pub last_base_b: Option<i64>,
}

impl Employee {
    pub fn delta_net(&self) -> i64 {
        self.b.net - self.a.net
    }
}

/// Round half away from zero of `num / den` (den > 0), exactly.
fn rounded(num: i128, den: i128) -> i64 {
    Dec::new(num, den).round()
}

fn employer_bpjs(gross: i64, rules: &Rules) -> i64 {
    let capped = gross.min(rules.allowance.bpjs_base_cap) as i128;
    let pct = &rules.budget.bpjs_employer_pct;
    rounded(capped * pct.numer(), pct.denom() * 100)
}

/// Each employee's months under A and B, in NIP order.
pub fn employees(months: &[Month], a: &Rules, b: &Rules) -> PolarsResult<Vec<Employee>> {
    let mut by_nip: BTreeMap<String, Employee> = BTreeMap::new();
    for month in months {
        for (side, df, rules) in [(0, &month.a, a), (1, &month.b, b)] {
            let (nips, names, units) =
                (texts(df, "nip")?, texts(df, "name")?, texts(df, "unit_id")?);
            let (classes, bases, gross, net) = (
                ints(df, "grade_class")?,
                ints(df, "base")?,
                ints(df, "gross")?,
                ints(df, "net")?,
            );
            let unpaid = df.column("unpaid_reason")?.str()?.clone();
            for i in 0..df.height() {
                let e = by_nip.entry(nips[i].clone()).or_insert_with(|| Employee {
                    nip: nips[i].clone(),
                    name: names[i].clone(),
                    unit_id: units[i].clone(),
                    grade_class: classes[i],
                    a: Paid::default(),
                    b: Paid::default(),
                    last_base_b: None,
                });
                // Months come oldest first: the latest month's unit and name stand, A's over B's.
                if side == 0 || e.a.months == 0 {
                    e.name = names[i].clone();
                    e.unit_id = units[i].clone();
                    e.grade_class = classes[i];
                }
                let paid = if side == 0 { &mut e.a } else { &mut e.b };
                let g = gross[i].unwrap_or(0);
                paid.months += 1;
                paid.base += bases[i].unwrap_or(0);
                paid.gross += g;
                paid.net += net[i].unwrap_or(0);
                paid.employer_bpjs += employer_bpjs(g, rules);
                if side == 1 {
                    e.last_base_b = unpaid.get(i).is_none().then(|| bases[i].unwrap_or(0));
                }
            }
        }
    }
    Ok(by_nip.into_values().collect())
}

pub fn employee_frame(rows: &[Employee]) -> PolarsResult<DataFrame> {
    let n = |f: &dyn Fn(&Employee) -> i64| rows.iter().map(f).collect::<Vec<_>>();
    df!(
        "nip" => rows.iter().map(|e| e.nip.clone()).collect::<Vec<_>>(),
        "name" => rows.iter().map(|e| e.name.clone()).collect::<Vec<_>>(),
        "unit_id" => rows.iter().map(|e| e.unit_id.clone()).collect::<Vec<_>>(),
        "grade_class" => rows.iter().map(|e| e.grade_class).collect::<Vec<_>>(),
        "months_a" => n(&|e| e.a.months),
        "months_b" => n(&|e| e.b.months),
        "base_a" => n(&|e| e.a.base),
        "base_b" => n(&|e| e.b.base),
        "gross_a" => n(&|e| e.a.gross),
        "gross_b" => n(&|e| e.b.gross),
        "delta_gross" => n(&|e| e.b.gross - e.a.gross),
        "net_a" => n(&|e| e.a.net),
        "net_b" => n(&|e| e.b.net),
        "delta_net" => n(&|e| e.delta_net()),
    )
}

/// Sums of one unit and scope, or of everyone.
#[derive(Default)]
pub struct Totals {
    pub employees: i64,
    pub a: Paid,
    pub b: Paid,
    pub winners: i64,
    pub losers: i64,
    pub unchanged: i64,
    /// (Δ net, NIP) of the largest gain and the largest loss; ties go to the lower NIP.
    pub largest_gain: Option<(i64, String)>,
    pub largest_loss: Option<(i64, String)>,
}

fn add(to: &mut Paid, x: &Paid) {
    to.months += x.months;
    to.base += x.base;
    to.gross += x.gross;
    to.net += x.net;
    to.employer_bpjs += x.employer_bpjs;
}

impl Totals {
    /// Winners and losers by Δ net: what the employee takes home.
    pub fn add(&mut self, e: &Employee) {
        self.employees += 1;
        add(&mut self.a, &e.a);
        add(&mut self.b, &e.b);
        let d = e.delta_net();
        match d.signum() {
            1 => self.winners += 1,
            -1 => self.losers += 1,
            _ => self.unchanged += 1,
        }
        // Employees come in NIP order, so a strictly larger change replaces, a tie keeps.
        if d > 0 && self.largest_gain.as_ref().is_none_or(|(g, _)| d > *g) {
            self.largest_gain = Some((d, e.nip.clone()));
        }
        if d < 0 && self.largest_loss.as_ref().is_none_or(|(l, _)| d < *l) {
            self.largest_loss = Some((d, e.nip.clone()));
        }
    }
}

/// A unit of the tree: id, name, parent.
pub struct UnitInfo {
    pub unit_id: String,
    pub name: String,
    pub parent_id: Option<String>,
}

/// The units of `unit_month` (its direct rows), `_unknown` included.
pub fn units(unit_month: &DataFrame) -> PolarsResult<Vec<UnitInfo>> {
    let direct = unit_month
        .clone()
        .lazy()
        .filter(col("scope").eq(lit("direct")))
        .collect()?;
    let (ids, names) = (texts(&direct, "unit_id")?, texts(&direct, "name")?);
    let parents = direct.column("parent_id")?.str()?.clone();
    Ok((0..direct.height())
        .map(|i| UnitInfo {
            unit_id: ids[i].clone(),
            name: names[i].clone(),
            parent_id: parents.get(i).map(str::to_string),
        })
        .collect())
}

/// Per unit: (direct, rollup) totals, in the units' order.
pub fn by_unit(units: &[UnitInfo], employees: &[Employee]) -> Vec<(Totals, Totals)> {
    let tree = UnitTree::new(
        units
            .iter()
            .map(|u| (u.unit_id.clone(), u.parent_id.clone())),
    );
    let index: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.unit_id.as_str(), i))
        .collect();
    let mut totals: Vec<(Totals, Totals)> = units
        .iter()
        .map(|_| (Totals::default(), Totals::default()))
        .collect();
    let unknown = crate::compute::inputs::UNKNOWN_UNIT_ID;
    for e in employees {
        let unit = if tree.contains(&e.unit_id) {
            e.unit_id.as_str()
        } else {
            unknown
        };
        for (depth, u) in tree.path(unit).into_iter().enumerate() {
            if let Some(&k) = index.get(u) {
                if depth == 0 {
                    totals[k].0.add(e);
                }
                totals[k].1.add(e);
            }
        }
    }
    totals
}

fn gain(t: &Totals) -> (Option<i64>, Option<String>) {
    t.largest_gain
        .clone()
        .map_or((None, None), |(d, n)| (Some(d), Some(n)))
}

fn loss(t: &Totals) -> (Option<i64>, Option<String>) {
    t.largest_loss
        .clone()
        .map_or((None, None), |(d, n)| (Some(d), Some(n)))
}

pub fn unit_frame(units: &[UnitInfo], totals: &[(Totals, Totals)]) -> PolarsResult<DataFrame> {
    let mut rows: Vec<(&UnitInfo, &str, &Totals)> = Vec::new();
    for (u, (direct, rollup)) in units.iter().zip(totals) {
        rows.push((u, "direct", direct));
        rows.push((u, "rollup", rollup));
    }
    let n = |f: &dyn Fn(&Totals) -> i64| rows.iter().map(|r| f(r.2)).collect::<Vec<_>>();
    df!(
        "unit_id" => rows.iter().map(|r| r.0.unit_id.clone()).collect::<Vec<_>>(),
        "name" => rows.iter().map(|r| r.0.name.clone()).collect::<Vec<_>>(),
        "parent_id" => rows.iter().map(|r| r.0.parent_id.clone()).collect::<Vec<_>>(),
        "scope" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "employees" => n(&|t| t.employees),
        "gross_a" => n(&|t| t.a.gross),
        "gross_b" => n(&|t| t.b.gross),
        "delta_gross" => n(&|t| t.b.gross - t.a.gross),
        "net_a" => n(&|t| t.a.net),
        "net_b" => n(&|t| t.b.net),
        "delta_net" => n(&|t| t.b.net - t.a.net),
        "winners" => n(&|t| t.winners),
        "losers" => n(&|t| t.losers),
        "unchanged" => n(&|t| t.unchanged),
        "largest_gain" => rows.iter().map(|r| gain(r.2).0).collect::<Vec<_>>(),
        "largest_gain_nip" => rows.iter().map(|r| gain(r.2).1).collect::<Vec<_>>(),
        "largest_loss" => rows.iter().map(|r| loss(r.2).0).collect::<Vec<_>>(),
        "largest_loss_nip" => rows.iter().map(|r| loss(r.2).1).collect::<Vec<_>>(),
    )
}

/// A year of payments from `months` months' cost: cost × payments_per_year / months, rounded
/// half away from zero (exact for one month; a range's months are averaged).
pub fn year_cost(cost: i64, months: usize, rules: &Rules) -> i64 {
    rounded(
        cost as i128 * rules.budget.payments_per_year as i128,
        months.max(1) as i128,
    )
}

pub struct Summary<'a> {
    pub label: &'a str,
    pub months: usize,
    pub all: &'a Totals,
    pub a: &'a Rules,
    pub b: &'a Rules,
    /// Whether B shared A's steps up to the allowance.
    pub shared: bool,
    pub grade_order_violations: usize,
    pub grade_base_conflicts: usize,
}

pub fn summary_frame(s: &Summary) -> PolarsResult<DataFrame> {
    let t = s.all;
    let cost_a = t.a.gross + t.a.employer_bpjs;
    let cost_b = t.b.gross + t.b.employer_bpjs;
    let (year_a, year_b) = (
        year_cost(cost_a, s.months, s.a),
        year_cost(cost_b, s.months, s.b),
    );
    df!(
        "periods" => [s.label],
        "months" => [s.months as i64],
        "employees" => [t.employees],
        "gross_a" => [t.a.gross],
        "gross_b" => [t.b.gross],
        "delta_gross" => [t.b.gross - t.a.gross],
        "net_a" => [t.a.net],
        "net_b" => [t.b.net],
        "delta_net" => [t.b.net - t.a.net],
        "employer_bpjs_a" => [t.a.employer_bpjs],
        "employer_bpjs_b" => [t.b.employer_bpjs],
        "cost_a" => [cost_a],
        "cost_b" => [cost_b],
        "delta_cost" => [cost_b - cost_a],
        "payments_per_year_a" => [s.a.budget.payments_per_year as i64],
        "payments_per_year_b" => [s.b.budget.payments_per_year as i64],
        "year_cost_a" => [year_a],
        "year_cost_b" => [year_b],
        "delta_year_cost" => [year_b - year_a],
        "winners" => [t.winners],
        "losers" => [t.losers],
        "unchanged" => [t.unchanged],
        "shared_steps" => [s.shared],
        "grade_order_violations" => [s.grade_order_violations as i64],
        "grade_base_conflicts" => [s.grade_base_conflicts as i64],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_the_months_average_times_the_payments_rounded_half_away_from_zero() {
        let mut rules = Rules::defaults();
        assert_eq!(year_cost(1_000_001, 1, &rules), 12_000_012);
        // 3 months of 10 rupiah in all: 10 × 12 / 3 = 40 exactly; 11 × 12 / 3 = 44.
        assert_eq!(year_cost(11, 3, &rules), 44);
        rules.budget.payments_per_year = 14;
        // 5 × 14 / 4 = 17.5 → 18; −17.5 → −18.
        assert_eq!(year_cost(5, 4, &rules), 18);
        assert_eq!(year_cost(-5, 4, &rules), -18);
    }

    #[test]
    fn the_employer_share_is_four_percent_of_the_gross_up_to_the_cap() {
        let rules = Rules::defaults();
        // 4 % of 5,000,012 is 200,000.48 → 200,000; of 5,000,013, 200,000.52 → 200,001.
        assert_eq!(employer_bpjs(5_000_012, &rules), 200_000);
        assert_eq!(employer_bpjs(5_000_013, &rules), 200_001);
        // Above the 12,000,000 cap: 4 % of the cap.
        assert_eq!(employer_bpjs(20_000_000, &rules), 480_000);
    }
}
