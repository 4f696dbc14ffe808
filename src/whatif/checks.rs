//! The proposal's grade-class checks (SPEC 11), listed for the planner, never enforced: within
//! one unit tree a higher grade class never has a lower base than a lower class, and one grade
//! class has one base across the agencies. Each employee counts with B's base in the latest
//! month B pays them (unpaid months and employees without a grade class are left out).

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use super::tables::{Employee, UnitInfo};
use crate::unit_tree::UnitTree;

pub struct Finding {
    pub check: &'static str,
    /// The tree's root (grade order) or empty (one base per class).
    pub unit_id: String,
    pub grade_class: i64,
    pub base: i64,
    pub nip: String,
    pub other_grade_class: i64,
    pub other_base: i64,
    pub other_nip: String,
    pub detail: String,
    /// One base per class: each base paid, with its agencies (empty for grade order).
    pub bases: Vec<(i64, Vec<String>)>,
}

fn tree(units: &[UnitInfo]) -> UnitTree {
    UnitTree::new(
        units
            .iter()
            .map(|u| (u.unit_id.clone(), u.parent_id.clone())),
    )
}

/// (grade class, base, NIP) of every employee B pays in the latest month.
fn paid(employees: &[Employee]) -> impl Iterator<Item = (&Employee, i64, i64)> {
    employees
        .iter()
        .filter_map(|e| Some((e, e.grade_class?, e.last_base_b?)))
}

/// Per tree, each grade class whose lowest base is below the highest base of a lower class.
pub fn grade_order(units: &[UnitInfo], employees: &[Employee]) -> Vec<Finding> {
    let tree = tree(units);
    // root → class → (lowest base, its NIP), (highest base, its NIP); NIP order breaks ties.
    type Range<'a> = ((i64, &'a str), (i64, &'a str));
    let mut by_root: BTreeMap<String, BTreeMap<i64, Range>> = BTreeMap::new();
    for (e, class, base) in paid(employees) {
        let root = tree
            .path(&e.unit_id)
            .last()
            .map(|r| r.to_string())
            .unwrap_or_else(|| e.unit_id.clone());
        let nip = e.nip.as_str();
        by_root
            .entry(root)
            .or_default()
            .entry(class)
            .and_modify(|(lo, hi)| {
                if (base, nip) < *lo {
                    *lo = (base, nip);
                }
                if base > hi.0 || (base == hi.0 && nip < hi.1) {
                    *hi = (base, nip);
                }
            })
            .or_insert(((base, nip), (base, nip)));
    }
    let mut findings = Vec::new();
    for (root, classes) in by_root {
        // The highest base of the classes below, and its class.
        let mut below: Option<(i64, &str, i64)> = None;
        for (class, (lo, hi)) in classes {
            if let Some((base, nip, lower)) = below
                && lo.0 < base
            {
                findings.push(Finding {
                    check: "grade_order",
                    unit_id: root.clone(),
                    grade_class: class,
                    base: lo.0,
                    nip: lo.1.to_string(),
                    other_grade_class: lower,
                    other_base: base,
                    other_nip: nip.to_string(),
                    detail: format!(
                        "grade class {class} has a base of {} below class {lower}'s {base}",
                        lo.0
                    ),
                    bases: Vec::new(),
                });
            }
            if below.is_none_or(|(b, _, _)| hi.0 > b) {
                below = Some((hi.0, hi.1, class));
            }
        }
    }
    findings
}

/// How many items a finding's text names before it says how many more: a national roster's
/// class can have thousands of bases, and a text must fit a spreadsheet cell (32,767 characters).
const LISTED: usize = 12;

/// The first `LISTED` items joined by `sep`, and how many more (`more` says it: "and {} more").
pub fn listed(items: impl Iterator<Item = String>, sep: &str, more: &str) -> String {
    let items: Vec<String> = items.collect();
    let mut text = items[..items.len().min(LISTED)].join(sep);
    if items.len() > LISTED {
        text.push_str(sep);
        text.push_str(&more.replace("{}", &(items.len() - LISTED).to_string()));
    }
    text
}

/// Each grade class paid with more than one base, with the agencies paying each.
pub fn grade_base(units: &[UnitInfo], employees: &[Employee]) -> Vec<Finding> {
    let tree = tree(units);
    // class → base → (agencies, lowest NIP)
    let mut by_class: BTreeMap<i64, BTreeMap<i64, (BTreeSet<String>, &str)>> = BTreeMap::new();
    for (e, class, base) in paid(employees) {
        let agency = if tree.contains(&e.unit_id) {
            tree.agency(&e.unit_id)
        } else {
            e.unit_id.clone()
        };
        let entry = by_class
            .entry(class)
            .or_default()
            .entry(base)
            .or_insert_with(|| (BTreeSet::new(), e.nip.as_str()));
        entry.0.insert(agency);
        if e.nip.as_str() < entry.1 {
            entry.1 = e.nip.as_str();
        }
    }
    by_class
        .into_iter()
        .filter(|(_, bases)| bases.len() > 1)
        .map(|(class, bases)| {
            let (low, (_, low_nip)) = bases.first_key_value().expect("two or more");
            let (high, (_, high_nip)) = bases.last_key_value().expect("two or more");
            let detail = listed(
                bases.iter().map(|(b, (agencies, _))| {
                    format!(
                        "{b} in {}",
                        listed(agencies.iter().cloned(), ", ", "and {} more")
                    )
                }),
                "; ",
                "and {} more",
            );
            Finding {
                check: "grade_base",
                unit_id: String::new(),
                grade_class: class,
                base: *low,
                nip: low_nip.to_string(),
                other_grade_class: class,
                other_base: *high,
                other_nip: high_nip.to_string(),
                detail: format!("grade class {class} has {} bases: {detail}", bases.len()),
                bases: bases
                    .iter()
                    .map(|(b, (agencies, _))| (*b, agencies.iter().cloned().collect()))
                    .collect(),
            }
        })
        .collect()
}

pub fn frame(findings: &[Finding]) -> PolarsResult<DataFrame> {
    let s = |f: &dyn Fn(&Finding) -> String| findings.iter().map(f).collect::<Vec<_>>();
    let n = |f: &dyn Fn(&Finding) -> i64| findings.iter().map(f).collect::<Vec<_>>();
    df!(
        "check" => s(&|f| f.check.to_string()),
        "unit_id" => s(&|f| f.unit_id.clone()),
        "grade_class" => n(&|f| f.grade_class),
        "base" => n(&|f| f.base),
        "nip" => s(&|f| f.nip.clone()),
        "other_grade_class" => n(&|f| f.other_grade_class),
        "other_base" => n(&|f| f.other_base),
        "other_nip" => s(&|f| f.other_nip.clone()),
        "detail" => s(&|f| f.detail.clone()),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tables::Paid;
    use super::*;

    fn unit(id: &str, parent: Option<&str>) -> UnitInfo {
        UnitInfo {
            unit_id: id.into(),
            name: id.into(),
            parent_id: parent.map(str::to_string),
        }
    }

    fn employee(nip: &str, unit: &str, class: i64, base: Option<i64>) -> Employee {
        Employee {
            nip: nip.into(),
            name: nip.into(),
            unit_id: unit.into(),
            grade_class: Some(class),
            a: Paid::default(),
            b: Paid::default(),
            last_base_b: base,
        }
    }

    fn units() -> Vec<UnitInfo> {
        vec![
            unit("R", None),
            unit("A1", Some("R")),
            unit("A2", Some("R")),
            unit("A1.x", Some("A1")),
            unit("S", None),
        ]
    }

    #[test]
    fn a_higher_class_below_a_lower_one_in_the_same_tree_is_listed_once_per_class() {
        let staff = vec![
            employee("1", "A1.x", 7, Some(3_000_000)),
            employee("2", "A2", 8, Some(2_900_000)),
            employee("3", "A2", 8, Some(3_400_000)),
            // Another tree: class 9 below class 8 of tree R is not compared.
            employee("4", "S", 9, Some(1_000_000)),
            // Unpaid under B: left out.
            employee("5", "A1", 9, None),
        ];
        let found = grade_order(&units(), &staff);
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(
            (f.unit_id.as_str(), f.grade_class, f.base, f.nip.as_str()),
            ("R", 8, 2_900_000, "2")
        );
        assert_eq!(
            (f.other_grade_class, f.other_base, f.other_nip.as_str()),
            (7, 3_000_000, "1")
        );
    }

    #[test]
    fn a_long_list_names_twelve_and_counts_the_rest() {
        let text = listed((1..=15).map(|i| i.to_string()), ", ", "and {} more");
        assert_eq!(text, "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, and 3 more");
        assert_eq!(listed(["a".to_string()].into_iter(), ", ", "x"), "a");
    }

    #[test]
    fn a_class_with_two_bases_lists_each_base_with_its_agencies() {
        let staff = vec![
            employee("1", "A1.x", 7, Some(3_000_000)),
            employee("2", "A2", 7, Some(3_000_000)),
            employee("3", "S", 7, Some(3_100_000)),
            employee("4", "A2", 8, Some(3_400_000)),
        ];
        let found = grade_base(&units(), &staff);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].base, found[0].other_base), (3_000_000, 3_100_000));
        assert_eq!(
            found[0].detail,
            "grade class 7 has 2 bases: 3000000 in A1, A2; 3100000 in S"
        );
    }
}
