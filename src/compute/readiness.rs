//! Pay readiness per agency (OPD) (SPEC 12): an agency is a child of a root unit, or a root
//! without children; an employee belongs to the agency on their unit's path. Per agency the
//! counts that hold a payment back — entries pending at close (as a share of the entries),
//! employees without an evaluation (`evaluation_period` null: unrated or derived; a carried one
//! counts as evaluated), without a base, without attendance rows, in a unit missing from the
//! tree — and `ready` when each is at or below its `[readiness]` limit. Compared exactly.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::frames::texts;

use crate::compute::inputs::UNKNOWN_UNIT_ID;
use crate::decimal::Dec;
use crate::frames::integers as ints;
use crate::rules::Rules;
use crate::unit_tree::UnitTree;

#[derive(Default)]
struct Agency {
    employees: i64,
    entries: i64,
    pending_entries: i64,
    no_evaluation: i64,
    no_base: i64,
    no_attendance: i64,
    unknown_unit: i64,
}

/// `employee_month` as computed (NIPs as numbers) and the allowance table (NIPs as text);
/// `units` the period's tree, `_unknown` included.
pub fn table(
    employee_month: &DataFrame,
    allowance: &DataFrame,
    units: &DataFrame,
    rules: &Rules,
) -> PolarsResult<DataFrame> {
    let tree = UnitTree::from_frame(units)?;
    let ids = texts(units, "unit_id")?;
    let names = texts(units, "name")?;
    let name_of: BTreeMap<String, String> = ids
        .iter()
        .zip(&names)
        .filter_map(|(i, n)| Some((i.clone()?, n.clone().unwrap_or_default())))
        .collect();
    let parents = texts(units, "parent_id")?;
    let has_children: std::collections::HashSet<&str> =
        parents.iter().flatten().map(String::as_str).collect();
    // Every agency, with employees or not.
    let mut agencies: BTreeMap<String, Agency> = BTreeMap::new();
    for (id, parent) in ids.iter().zip(&parents) {
        let Some(id) = id else { continue };
        let is_agency = match parent {
            Some(p) => !tree.contains(p) || tree.path(p).len() == 1,
            None => !has_children.contains(id.as_str()),
        };
        if is_agency {
            agencies.entry(id.clone()).or_default();
        }
    }
    let paid: std::collections::HashSet<String> =
        texts(allowance, "nip")?.into_iter().flatten().collect();
    let nips = ints(employee_month, "nip")?;
    let unit_ids = texts(employee_month, "unit_id")?;
    let entries = ints(employee_month, "entries")?;
    let pending = ints(employee_month, "pending_entries")?;
    let evaluated = texts(employee_month, "evaluation_period")?;
    let known = crate::frames::booleans(employee_month, "attendance_known")?;
    for i in 0..employee_month.height() {
        let unit = unit_ids[i].clone().unwrap_or_default();
        let a = agencies.entry(tree.agency(&unit)).or_default();
        a.employees += 1;
        a.entries += entries[i].unwrap_or(0);
        a.pending_entries += pending[i].unwrap_or(0);
        a.no_evaluation += i64::from(evaluated[i].is_none());
        a.no_base += i64::from(!paid.contains(&format!("{:018}", nips[i].unwrap_or(0))));
        a.no_attendance += i64::from(!known[i]);
        a.unknown_unit += i64::from(unit == UNKNOWN_UNIT_ID);
    }
    let r = &rules.readiness;
    let share_ok = |a: &Agency| {
        Dec::from_int(a.pending_entries) <= r.pending_share.clone() * Dec::from_int(a.entries)
    };
    let rows: Vec<(&String, &Agency)> = agencies.iter().collect();
    let ok = |a: &Agency| {
        share_ok(a)
            && a.no_evaluation <= r.no_evaluation as i64
            && a.no_base <= r.no_base as i64
            && a.no_attendance <= r.no_attendance as i64
            && a.unknown_unit <= r.unknown_unit as i64
    };
    let n = |f: &dyn Fn(&Agency) -> i64| rows.iter().map(|(_, a)| f(a)).collect::<Vec<_>>();
    df!(
        "unit_id" => rows.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        "name" => rows.iter().map(|(id, _)| name_of.get(*id).cloned().unwrap_or_default()).collect::<Vec<_>>(),
        "ready" => rows.iter().map(|(_, a)| ok(a)).collect::<Vec<_>>(),
        "employees" => n(&|a| a.employees),
        "entries" => n(&|a| a.entries),
        "pending_entries" => n(&|a| a.pending_entries),
        "pending_share" => rows.iter().map(|(_, a)| (a.entries > 0).then(|| a.pending_entries as f64 / a.entries as f64)).collect::<Vec<_>>(),
        "pending_ok" => rows.iter().map(|(_, a)| share_ok(a)).collect::<Vec<_>>(),
        "no_evaluation" => n(&|a| a.no_evaluation),
        "no_base" => n(&|a| a.no_base),
        "no_attendance" => n(&|a| a.no_attendance),
        "unknown_unit" => n(&|a| a.unknown_unit),
    )
}
