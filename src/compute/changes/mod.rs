//! What changed since last month (SPEC section 10): each employee's gross against P−1 split by
//! sequential substitution into the parts base, productivity factor, predikat multiplier,
//! discipline, sanction and forfeit (recomputed with `allowance::amounts`, so the parts add up
//! to the exact Δ rupiah for rupiah), and per unit and scope the same parts with joiners and
//! leavers, and the productivity change split into approved and target minutes.
//!
//! Both months are read from their `employee_month` and `allowance` tables: the period's from
//! this run, P−1's from `--out` or computed for the purpose (see `previous`).

use std::collections::HashMap;

use polars::prelude::*;

use crate::frames::texts_or_empty as texts;

use crate::compute::allowance::{self, Factors};
use crate::compute::inputs::UNKNOWN_UNIT_ID;
use crate::decimal::Dec;
use crate::frames::integers as ints;
use crate::rules::Rules;
use crate::unit_tree::UnitTree;

mod frames;
mod substitution;

use frames::{EmployeeRow, employee_frame, unit_frame};
pub use substitution::substitute;
use substitution::substitute_between;

/// The parts of a change in gross, in the order of the substitution (after joiners and leavers).
pub const PARTS: [&str; 8] = [
    "joiners",
    "leavers",
    "base",
    "productivity",
    "predikat",
    "discipline",
    "sanction",
    "forfeit",
];

/// The minutes behind productivity: approved = logged − late-excluded − rejected − pending.
#[derive(Clone, Copy, Default)]
struct Minutes {
    approved: i64,
    target: i64,
    logged: i64,
    late_excluded: i64,
    rejected: i64,
    pending: i64,
}

/// One employee in one month.
struct Person {
    name: String,
    unit_id: String,
    gross: i64,
    net: i64,
    factors: Factors,
    minutes: Minutes,
}

/// An employee's NIPs as numbers whether the table holds them so (inside compute) or as the
/// 18-digit text of the written tables.
fn nips(df: &DataFrame) -> PolarsResult<Vec<i64>> {
    let column = df.column("nip")?;
    let numbers = match column.dtype() {
        DataType::String => column.cast(&DataType::Int64)?,
        _ => column.clone(),
    };
    Ok(numbers
        .i64()?
        .iter()
        .map(|n| n.unwrap_or_default())
        .collect())
}

/// The columns `people` reads, so P−1's tables are read no further.
pub const EMPLOYEE_MONTH_COLUMNS: [&str; 13] = [
    "nip",
    "name",
    "unit_id",
    "approved_min",
    "target_min",
    "recorded_min",
    "late_excluded_min",
    "rejected_min",
    "pending_min",
    "absent_days",
    "discipline_upct",
    "predikat",
    "attendance_known",
];
pub const ALLOWANCE_COLUMNS: [&str; 5] = ["nip", "base", "sanction_pct", "gross", "net"];

/// Whether a month's gross is recomputed from its factors: P−1's tables may have been written by
/// another run; the period's were computed by this one, from the same factors.
#[derive(Clone, Copy)]
enum Check {
    Recompute,
    ThisRun,
}

/// A month's employees by NIP, from its `employee_month` and `allowance` tables. The factors
/// are rebuilt from the tables' exact columns and checked against the gross they paid: a table
/// written by other rules or another engine stops the run rather than explain a figure wrongly.
fn people(
    employee_month: &DataFrame,
    allowance_table: &DataFrame,
    units: &UnitTree,
    rules: &Rules,
    check: Check,
) -> PolarsResult<HashMap<i64, Person>> {
    let a = &rules.allowance;
    // The allowance row of each NIP: base, sanction percent, gross.
    let paid: HashMap<i64, (i64, Dec, i64, i64)> = {
        let n = nips(allowance_table)?;
        let base = ints(allowance_table, "base")?;
        let sanction = texts(allowance_table, "sanction_pct")?;
        let gross = ints(allowance_table, "gross")?;
        let net = ints(allowance_table, "net")?;
        let mut paid = HashMap::with_capacity(n.len());
        for i in 0..n.len() {
            let pct = Dec::parse(&sanction[i]).ok_or_else(|| {
                PolarsError::ComputeError(
                    format!("allowance: sanction_pct `{}` is not a decimal", sanction[i]).into(),
                )
            })?;
            paid.insert(
                n[i],
                (
                    base[i].unwrap_or(0),
                    pct,
                    gross[i].unwrap_or(0),
                    net[i].unwrap_or(0),
                ),
            );
        }
        paid
    };
    let n = nips(employee_month)?;
    let names = texts(employee_month, "name")?;
    let unit_ids = texts(employee_month, "unit_id")?;
    let column = |name| ints(employee_month, name);
    let (approved, target) = (column("approved_min")?, column("target_min")?);
    let (late, rejected, pending) = (
        column("late_excluded_min")?,
        column("rejected_min")?,
        column("pending_min")?,
    );
    let recorded = column("recorded_min")?;
    let absent = column("absent_days")?;
    let upct = column("discipline_upct")?;
    let predikat = texts(employee_month, "predikat")?;
    let known = crate::frames::booleans(employee_month, "attendance_known")?;
    let mut people = HashMap::with_capacity(n.len());
    for i in 0..n.len() {
        // No allowance row (no base): paid nothing, which the base step explains.
        let (base, sanction_pct, gross, net) =
            paid.get(&n[i])
                .cloned()
                .unwrap_or((0, Dec::from_int(0), 0, 0));
        let discipline_pct = Dec::new(upct[i].unwrap_or(0) as i128, 1_000_000);
        let factors = Factors {
            base,
            productivity_factor: allowance::productivity_factor(approved[i], target[i]),
            multiplier: rules
                .multiplier(&predikat[i])
                .cloned()
                .unwrap_or_else(|| Dec::from_int(1)),
            discipline_kept: allowance::discipline_kept(&discipline_pct, known[i], a),
            sanction_pct,
            forfeited: absent[i].unwrap_or(0) >= a.absent_forfeit_days as i64,
        };
        let recomputed = match check {
            Check::Recompute => allowance::amounts(&factors, a).gross,
            Check::ThisRun => gross,
        };
        if recomputed != gross {
            return Err(PolarsError::ComputeError(
                format!(
                    "NIP {:018}: its allowance table pays {gross} but these rules give \
                     {recomputed}; compute that month again with these rules",
                    n[i]
                )
                .into(),
            ));
        }
        // Units outside this period's tree are counted under `_unknown`, as the period does.
        let unit_id = if units.contains(&unit_ids[i]) {
            unit_ids[i].clone()
        } else {
            UNKNOWN_UNIT_ID.to_string()
        };
        let approved = approved[i].unwrap_or(0);
        let recorded = recorded[i].unwrap_or(0);
        let late_excluded = late[i].unwrap_or(0);
        people.insert(
            n[i],
            Person {
                name: names[i].clone(),
                unit_id,
                gross,
                net,
                factors,
                minutes: Minutes {
                    approved,
                    target: target[i].unwrap_or(0),
                    logged: recorded + late_excluded,
                    late_excluded,
                    rejected: rejected[i].unwrap_or(0),
                    pending: pending[i].unwrap_or(0),
                },
            },
        );
    }
    Ok(people)
}

/// Each unit's path to the root, walked once per unit rather than twice per employee.
struct Paths<'a>(HashMap<&'a str, Vec<&'a str>>);

impl<'a> Paths<'a> {
    fn new(tree: &'a UnitTree, people: impl Iterator<Item = &'a Person>) -> Paths<'a> {
        let mut paths = HashMap::new();
        for person in people {
            paths
                .entry(person.unit_id.as_str())
                .or_insert_with(|| tree.path(&person.unit_id));
        }
        Paths(paths)
    }

    fn of(&self, unit: &str) -> &[&'a str] {
        self.0.get(unit).map(Vec::as_slice).unwrap_or_default()
    }
}

/// The sums of one unit and scope (or the whole organisation).
#[derive(Default)]
struct Acc {
    employees_prev: i64,
    employees: i64,
    joiners: i64,
    leavers: i64,
    gross_prev: i64,
    gross: i64,
    /// Money by `PARTS`.
    parts: [i64; 8],
    prev: Minutes,
    now: Minutes,
    /// Approved minutes of joiners (+) and leavers (−), and the stayers' change in logged (+),
    /// late-excluded, rejected and pending (each −) minutes: they add up to Δ approved.
    minutes_joiners: i64,
    minutes_leavers: i64,
    minutes_logged: i64,
    minutes_late: i64,
    minutes_rejected: i64,
    minutes_pending: i64,
}

fn add_minutes(m: &mut Minutes, x: &Minutes) {
    m.approved += x.approved;
    m.target += x.target;
}

impl Acc {
    fn joiner(&mut self, p: &Person) {
        self.employees += 1;
        self.joiners += 1;
        self.gross += p.gross;
        self.parts[0] += p.gross;
        add_minutes(&mut self.now, &p.minutes);
        self.minutes_joiners += p.minutes.approved;
    }

    fn leaver(&mut self, p: &Person) {
        self.employees_prev += 1;
        self.leavers += 1;
        self.gross_prev += p.gross;
        self.parts[1] -= p.gross;
        add_minutes(&mut self.prev, &p.minutes);
        self.minutes_leavers -= p.minutes.approved;
    }

    fn stayer(&mut self, prev: &Person, now: &Person, parts: &[i64; 6]) {
        self.employees_prev += 1;
        self.employees += 1;
        self.gross_prev += prev.gross;
        self.gross += now.gross;
        for (k, v) in parts.iter().enumerate() {
            self.parts[2 + k] += v;
        }
        add_minutes(&mut self.prev, &prev.minutes);
        add_minutes(&mut self.now, &now.minutes);
        let (p, n) = (&prev.minutes, &now.minutes);
        self.minutes_logged += n.logged - p.logged;
        self.minutes_late -= n.late_excluded - p.late_excluded;
        self.minutes_rejected -= n.rejected - p.rejected;
        self.minutes_pending -= n.pending - p.pending;
    }
}

/// The three largest parts by size (ties in `PARTS` order), as (part, rupiah).
fn top_causes(parts: &[i64; 8]) -> Vec<(&'static str, i64)> {
    let mut ranked: Vec<(usize, i64)> = parts
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, v)| *v != 0)
        .collect();
    ranked.sort_by_key(|(k, v)| (std::cmp::Reverse(v.unsigned_abs()), *k));
    ranked
        .into_iter()
        .take(3)
        .map(|(k, v)| (PARTS[k], v))
        .collect()
}

pub struct Tables {
    pub changes: DataFrame,
    pub employee_changes: DataFrame,
    /// Stayers whose net moved more than `change_alert_pct` (SPEC 12), for `attention`.
    pub alerts: Vec<Alert>,
}

pub struct Alert {
    pub nip: i64,
    pub name: String,
    pub unit_id: String,
    pub detail: String,
}

/// A stayer's net against P−1 beyond `change_alert_pct` percent, compared exactly; from 0 to
/// anything paid always is.
fn alert(prev: &Person, now: &Person, rules: &Rules) -> Option<String> {
    let delta = now.net - prev.net;
    let limit = rules.allowance.change_alert_pct.clone() * Dec::from_int(prev.net.abs());
    if delta == 0 || Dec::from_int(delta.abs()) * Dec::from_int(100) <= limit {
        return None;
    }
    let pct = if prev.net == 0 {
        String::from("from 0")
    } else {
        format!("{:+.1} %", delta as f64 * 100.0 / prev.net as f64)
    };
    Some(format!(
        "net {} → {} against the month before ({pct}), above the {} % alert",
        prev.net, now.net, rules.allowance.change_alert_pct
    ))
}

/// The two months' tables: P's from this run, P−1's when the warehouse has that month.
pub struct Months<'a> {
    pub period: &'a str,
    pub prev_period: &'a str,
    pub employee_month: &'a DataFrame,
    pub allowance: &'a DataFrame,
    /// P−1's `employee_month` and `allowance`, or why there are none (the warehouse holds no
    /// P−1, or not enough to compute it).
    pub prev: Result<(DataFrame, DataFrame), String>,
    /// P's unit snapshot (`_unknown` included).
    pub units: &'a DataFrame,
}

pub fn tables(months: &Months, rules: &Rules) -> PolarsResult<Tables> {
    let started = std::time::Instant::now();
    let tree = UnitTree::from_frame(months.units)?;
    let unit_ids = texts(months.units, "unit_id")?;
    let now = people(
        months.employee_month,
        months.allowance,
        &tree,
        rules,
        Check::ThisRun,
    )?;
    let prev = match &months.prev {
        Ok((em, al)) => Some(people(em, al, &tree, rules, Check::Recompute)?),
        Err(_) => None,
    };
    crate::trace::phase("changes: both months read", started);
    let paths = Paths::new(
        &tree,
        now.values().chain(prev.iter().flat_map(|p| p.values())),
    );
    let mut direct: HashMap<&str, Acc> = HashMap::new();
    let mut rollup: HashMap<&str, Acc> = HashMap::new();
    let mut all = Acc::default();
    let mut rows = Vec::new();
    let mut alerts = Vec::new();
    if let Some(prev) = &prev {
        let mut every: Vec<i64> = now.keys().chain(prev.keys()).copied().collect();
        every.sort();
        every.dedup();
        for nip in every {
            let (p, n) = (prev.get(&nip), now.get(&nip));
            if let (Some(p), Some(n)) = (p, n)
                && let Some(detail) = alert(p, n, rules)
            {
                alerts.push(Alert {
                    nip,
                    name: n.name.clone(),
                    unit_id: n.unit_id.clone(),
                    detail,
                });
            }
            let parts = match (p, n) {
                (Some(p), Some(n)) => {
                    substitute_between((&p.factors, p.gross), (&n.factors, n.gross), rules)
                }
                _ => [0; 6],
            };
            // Overall: a mover between units is a stayer.
            match (p, n) {
                (Some(p), Some(n)) => all.stayer(p, n, &parts),
                (None, Some(n)) => all.joiner(n),
                (Some(p), None) => all.leaver(p),
                (None, None) => unreachable!("a NIP of one of the months"),
            }
            // In a unit's rows: a stayer where the employee is in both months, else a joiner
            // of the new unit and a leaver of the old.
            let path_now: &[&str] = n.map(|n| paths.of(&n.unit_id)).unwrap_or_default();
            let path_prev: &[&str] = p.map(|p| paths.of(&p.unit_id)).unwrap_or_default();
            for (scope, members_now, members_prev) in [
                (
                    &mut direct,
                    &path_now[..path_now.len().min(1)],
                    &path_prev[..path_prev.len().min(1)],
                ),
                (&mut rollup, path_now, path_prev),
            ] {
                for unit in members_now {
                    let acc = scope.entry(unit).or_default();
                    match (p, members_prev.contains(unit)) {
                        (Some(p), true) => acc.stayer(p, n.expect("in P"), &parts),
                        _ => acc.joiner(n.expect("in P")),
                    }
                }
                for unit in members_prev.iter().filter(|u| !members_now.contains(u)) {
                    scope.entry(unit).or_default().leaver(p.expect("in P−1"));
                }
            }
            let change = match (p, n) {
                (Some(_), Some(_)) => "stayer",
                (None, Some(_)) => "joiner",
                _ => "leaver",
            };
            let mut money = [0i64; 8];
            match (p, n) {
                (Some(_), Some(_)) => money[2..].copy_from_slice(&parts),
                (None, Some(n)) => money[0] = n.gross,
                (Some(p), None) => money[1] = -p.gross,
                _ => {}
            }
            let someone = n.or(p).expect("in one month");
            rows.push(EmployeeRow {
                nip,
                name: someone.name.clone(),
                unit_id: n.map(|n| n.unit_id.clone()),
                prev_unit_id: p.map(|p| p.unit_id.clone()),
                change,
                gross_prev: p.map(|p| p.gross).unwrap_or(0),
                gross: n.map(|n| n.gross).unwrap_or(0),
                money,
            });
        }
    }
    let mut keyed: Vec<(String, &'static str, Option<&Acc>)> = Vec::new();
    for unit in &unit_ids {
        keyed.push((unit.clone(), "direct", direct.get(unit.as_str())));
        keyed.push((unit.clone(), "rollup", rollup.get(unit.as_str())));
    }
    keyed.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    keyed.insert(0, ("_all".to_string(), "all", Some(&all)));
    let empty = Acc::default();
    let has_prev = prev.is_some();
    crate::trace::phase("changes: employees compared", started);
    let changes = unit_frame(months, has_prev, &now, &keyed, &empty)?;
    Ok(Tables {
        changes,
        employee_changes: employee_frame(&rows)?,
        alerts,
    })
}

#[cfg(test)]
mod tests {
    //! Hand-worked (defaults: performance weight 0.60, discipline weight 0.40).
    use super::*;

    fn factors(base: i64, pf: (i128, i128), mult: &str, kept: &str, sanction: &str) -> Factors {
        Factors {
            base,
            productivity_factor: Dec::new(pf.0, pf.1),
            multiplier: Dec::parse(mult).unwrap(),
            discipline_kept: Dec::parse(kept).unwrap(),
            sanction_pct: Dec::parse(sanction).unwrap(),
            forfeited: false,
        }
    }

    #[test]
    fn each_factor_alone_gets_its_own_part() {
        let rules = Rules::defaults();
        // 5,000,000 in full: performance 3,000,000 + discipline 2,000,000.
        let prev = factors(5_000_000, (1, 1), "1", "1", "0");
        let one = |now: Factors| substitute(&prev, &now, &rules);
        assert_eq!(
            one(factors(5_500_000, (1, 1), "1", "1", "0")),
            [500_000, 0, 0, 0, 0, 0]
        );
        // 5,000,000 × 0.6 × 0.9 = 2,700,000: 300,000 less.
        assert_eq!(
            one(factors(5_000_000, (9, 10), "1", "1", "0")),
            [0, -300_000, 0, 0, 0, 0]
        );
        // 3,000,000 × 0.85 = 2,550,000.
        assert_eq!(
            one(factors(5_000_000, (1, 1), "0.85", "1", "0")),
            [0, 0, -450_000, 0, 0, 0]
        );
        // 7.25 % of discipline: 2,000,000 × 0.9275 = 1,855,000.
        assert_eq!(
            one(factors(5_000_000, (1, 1), "1", "0.9275", "0")),
            [0, 0, 0, -145_000, 0, 0]
        );
        // A 10 % sanction on 5,000,000.
        assert_eq!(
            one(factors(5_000_000, (1, 1), "1", "1", "10")),
            [0, 0, 0, 0, -500_000, 0]
        );
        let mut forfeited = prev.clone();
        forfeited.forfeited = true;
        assert_eq!(one(forfeited), [0, 0, 0, 0, 0, -5_000_000]);
    }

    #[test]
    fn factors_are_substituted_in_order_and_add_up() {
        let rules = Rules::defaults();
        let prev = factors(4_000_000, (1, 1), "1", "1", "0");
        let now = factors(5_000_000, (9, 10), "0.85", "0.9275", "10");
        // base: 5,000,000 (+1,000,000); productivity: 2,700,000 + 2,000,000 (−300,000);
        // predikat: 2,295,000 + 2,000,000 (−405,000); discipline: 2,295,000 + 1,855,000 =
        // 4,150,000 (−145,000); sanction: 10 % of 4,150,000 = 415,000 off.
        let parts = substitute(&prev, &now, &rules);
        assert_eq!(
            parts,
            [1_000_000, -300_000, -405_000, -145_000, -415_000, 0]
        );
        assert_eq!(parts.iter().sum::<i64>(), 3_735_000 - 4_000_000);
    }

    /// One month's two tables for (nip, unit, base, gross, approved, target, logged, late,
    /// rejected, pending); every one rated `baik`, full attendance, no sanction.
    type Someone = (i64, &'static str, i64, i64, [i64; 6]);

    fn month(people: &[Someone]) -> (DataFrame, DataFrame) {
        let col = |k: usize| people.iter().map(|p| p.4[k]).collect::<Vec<_>>();
        let em = df!(
            "nip" => people.iter().map(|p| p.0).collect::<Vec<_>>(),
            "name" => people.iter().map(|p| format!("P{}", p.0)).collect::<Vec<_>>(),
            "unit_id" => people.iter().map(|p| p.1).collect::<Vec<_>>(),
            "approved_min" => col(0),
            "target_min" => col(1),
            "recorded_min" => people.iter().map(|p| p.4[2] - p.4[3]).collect::<Vec<_>>(),
            "late_excluded_min" => col(3),
            "rejected_min" => col(4),
            "pending_min" => col(5),
            "absent_days" => vec![0i64; people.len()],
            "discipline_upct" => vec![0i64; people.len()],
            "predikat" => vec!["baik"; people.len()],
            "attendance_known" => vec![true; people.len()],
        )
        .unwrap();
        let al = df!(
            "nip" => people.iter().map(|p| format!("{:018}", p.0)).collect::<Vec<_>>(),
            "base" => people.iter().map(|p| p.2).collect::<Vec<_>>(),
            "sanction_pct" => vec!["0"; people.len()],
            "gross" => people.iter().map(|p| p.3).collect::<Vec<_>>(),
            "net" => people.iter().map(|p| p.3).collect::<Vec<_>>(),
        )
        .unwrap();
        (em, al)
    }

    fn row<'a>(t: &'a DataFrame, unit: &str, scope: &str) -> HashMap<String, AnyValue<'a>> {
        let ids = t.column("unit_id").unwrap().str().unwrap();
        let scopes = t.column("scope").unwrap().str().unwrap();
        let i = (0..t.height())
            .find(|&i| ids.get(i) == Some(unit) && scopes.get(i) == Some(scope))
            .unwrap_or_else(|| panic!("no row {unit} {scope}"));
        t.get_column_names()
            .into_iter()
            .map(|c| (c.to_string(), t.column(c).unwrap().get(i).unwrap()))
            .collect()
    }

    fn int(v: &AnyValue) -> i64 {
        v.extract::<i64>().expect("an integer")
    }

    #[test]
    fn joiners_leavers_movers_and_stayers_per_unit_and_overall() {
        let rules = Rules::defaults();
        let units = df!(
            "unit_id" => ["R", "U1", "U2"],
            "parent_id" => [None, Some("R"), Some("R")],
        )
        .unwrap();
        // S stays in U1 (base 4,000,000 → 5,000,000); M moves U1 → U2 (2,000,000 both months);
        // L leaves U1 (1,000,000 at 4,000 of 6,000 minutes: 600,000 × 2/3 + 400,000 = 800,000);
        // J joins U2 at half productivity (3,000,000 × 0.6 × 0.5 +
        // 1,200,000 = 2,100,000).
        let prev = month(&[
            (
                1,
                "U1",
                4_000_000,
                4_000_000,
                [6000, 6000, 6300, 100, 200, 0],
            ),
            (2, "U1", 2_000_000, 2_000_000, [6000, 6000, 6000, 0, 0, 0]),
            (3, "U1", 1_000_000, 800_000, [4000, 6000, 4000, 0, 0, 0]),
        ]);
        let now = month(&[
            (
                1,
                "U1",
                5_000_000,
                5_000_000,
                [6600, 6000, 7000, 0, 200, 200],
            ),
            (2, "U2", 2_000_000, 2_000_000, [6000, 6000, 6000, 0, 0, 0]),
            (4, "U2", 3_000_000, 2_100_000, [3000, 6000, 3000, 0, 0, 0]),
        ]);
        let t = tables(
            &Months {
                period: "2026-10",
                prev_period: "2026-09",
                employee_month: &now.0,
                allowance: &now.1,
                prev: Ok(prev),
                units: &units,
            },
            &rules,
        )
        .unwrap();
        let c = &t.changes;
        let expect = |unit: &str, scope: &str, figures: &[(&str, i64)]| {
            let r = row(c, unit, scope);
            for (column, want) in figures {
                assert_eq!(int(&r[*column]), *want, "{unit} {scope} {column}");
            }
        };
        // Overall M is a stayer with no change: 6,800,000 → 9,100,000.
        let overall = [
            ("gross_prev", 6_800_000),
            ("gross", 9_100_000),
            ("delta_gross", 2_300_000),
            ("delta_joiners", 2_100_000),
            ("delta_leavers", -800_000),
            ("delta_base", 1_000_000),
            ("delta_productivity", 0),
            ("joiners", 1),
            ("leavers", 1),
            // Δ approved 15,600 − 16,000 = −400 = +3,000 − 4,000 + 700 + 100 − 0 − 200.
            ("approved_min_joiners", 3000),
            ("approved_min_leavers", -4000),
            ("approved_min_logged", 700),
            ("approved_min_late_excluded", 100),
            ("approved_min_rejected", 0),
            ("approved_min_pending", -200),
        ];
        expect("_all", "all", &overall);
        expect("R", "rollup", &overall);
        // In U1 M is a leaver (2,000,000), in U2 a joiner.
        expect(
            "U1",
            "direct",
            &[
                ("gross_prev", 6_800_000),
                ("gross", 5_000_000),
                ("delta_leavers", -2_800_000),
                ("delta_base", 1_000_000),
                ("delta_joiners", 0),
                ("leavers", 2),
            ],
        );
        expect(
            "U2",
            "rollup",
            &[
                ("gross_prev", 0),
                ("gross", 4_100_000),
                ("delta_joiners", 4_100_000),
                ("joiners", 2),
            ],
        );
        expect("R", "direct", &[("gross", 0), ("delta_gross", 0)]);
        let r = row(c, "_all", "all");
        let from_approved = r["productivity_from_approved"].extract::<f64>().unwrap();
        assert!((from_approved - (-400.0 / 18_000.0)).abs() < 1e-15);
        assert_eq!(r["cause_1"].get_str(), Some("joiners"));
        // Every row's parts add up to its Δ.
        for i in 0..c.height() {
            let sum: i64 = PARTS
                .iter()
                .map(|p| {
                    c.column(&format!("delta_{p}"))
                        .unwrap()
                        .i64()
                        .unwrap()
                        .get(i)
                        .unwrap()
                })
                .sum();
            assert_eq!(
                Some(sum),
                c.column("delta_gross").unwrap().i64().unwrap().get(i)
            );
        }
        let e = &t.employee_changes;
        let changes: Vec<&str> = e
            .column("change")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(Option::unwrap)
            .collect();
        assert_eq!(changes, ["stayer", "stayer", "leaver", "joiner"]);
        let moved: Vec<bool> = e
            .column("moved")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .map(Option::unwrap)
            .collect();
        assert_eq!(moved, [false, true, false, false]);
    }

    #[test]
    fn a_table_that_these_rules_would_not_pay_stops_the_explanation() {
        let rules = Rules::defaults();
        let units = df!("unit_id" => ["U1"], "parent_id" => [None::<&str>]).unwrap();
        let now = month(&[(1, "U1", 5_000_000, 5_000_000, [6000, 6000, 6000, 0, 0, 0])]);
        // 4,000,000 in full would pay 4,000,000, not 3,900,000.
        let prev = month(&[(1, "U1", 4_000_000, 3_900_000, [6000, 6000, 6000, 0, 0, 0])]);
        let result = tables(
            &Months {
                period: "2026-10",
                prev_period: "2026-09",
                employee_month: &now.0,
                allowance: &now.1,
                prev: Ok(prev),
                units: &units,
            },
            &rules,
        );
        let message = result.err().expect("refused").to_string();
        assert!(message.contains("pays 3900000"), "{message}");
    }

    #[test]
    fn a_net_change_beyond_the_alert_percent_is_listed() {
        let rules = Rules::defaults();
        let person = |net| Person {
            name: "A".into(),
            unit_id: "U1".into(),
            gross: net,
            net,
            factors: factors(0, (1, 1), "1", "1", "0"),
            minutes: Minutes::default(),
        };
        let alerted = |from, to| alert(&person(from), &person(to), &rules).is_some();
        // 25 % exactly is not beyond 25 %; a rupiah more is, either way.
        assert!(!alerted(1_000_000, 1_250_000));
        assert!(alerted(1_000_000, 1_250_001));
        assert!(!alerted(1_000_000, 750_000));
        assert!(alerted(1_000_000, 749_999));
        assert!(alerted(0, 1));
        assert!(!alerted(0, 0));
    }
}
