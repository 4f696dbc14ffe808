//! The one rule that spans rows: within a snapshot, every `parent_id` names a unit of the same
//! snapshot and following parents never loops (SPEC section 1). A unit whose parent is rejected
//! is rejected too, repeatedly, so no unit silently becomes a root; with `unknown_parent =
//! "root"` a unit whose parent is outside the snapshot (an agency's own tree, whose root names
//! the region above it) is kept as a root instead, and said so.

use std::collections::{BTreeMap, HashMap};

use crate::ingest::validate::{Parsed, Value};
use crate::rules::UnknownParent;
use crate::unit_tree::End;

/// What the tree rule decided for a file's units rows.
#[derive(Debug, Default, PartialEq)]
pub struct TreeOutcome {
    /// Indices (into `rows`) of units that break the tree, each with its reason, in order.
    pub rejected: Vec<(usize, String)>,
    /// Indices of units kept as roots although their parent is outside the snapshot, with that
    /// parent (`unknown_parent = "root"`); their `parent_id` is to be cleared.
    pub made_roots: Vec<(usize, String)>,
}

fn text<'v>(v: &'v Value<'_>) -> Option<&'v str> {
    match v {
        Value::Str(s) if !s.is_empty() => Some(s.as_ref()),
        _ => None,
    }
}

/// `rows` are parsed units rows: values in schema order (unit_id, parent_id, name, period).
pub fn check_tree(rows: &[Parsed], unknown_parent: UnknownParent) -> TreeOutcome {
    let mut by_period: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        by_period.entry(row.period.as_str()).or_default().push(i);
    }
    let mut outcome = TreeOutcome::default();
    for (period, indices) in by_period {
        check_snapshot(rows, period, &indices, unknown_parent, &mut outcome);
    }
    outcome.rejected.sort();
    outcome.made_roots.sort();
    outcome
}

fn check_snapshot(
    rows: &[Parsed],
    period: &str,
    indices: &[usize],
    unknown_parent: UnknownParent,
    outcome: &mut TreeOutcome,
) {
    // The last row of an id wins, as the merge by natural key would have it.
    let mut row_of: HashMap<&str, usize> = HashMap::new();
    for &i in indices {
        if let Some(id) = text(&rows[i].values[0]) {
            row_of.insert(id, i);
        }
    }
    let mut parent_of: HashMap<&str, Option<&str>> = row_of
        .iter()
        .map(|(id, &i)| (*id, text(&rows[i].values[1])))
        .collect();
    let mut reason_of: HashMap<&str, String> = HashMap::new();

    let mut ids: Vec<&str> = row_of.keys().copied().collect();
    ids.sort_unstable();
    // The id compute gives the root of employees whose unit is missing from the tree: a unit of
    // that id would merge with it (and its rows with theirs).
    let reserved = crate::schema::UNKNOWN_UNIT_ID;
    if row_of.contains_key(reserved) {
        reason_of.insert(
            reserved,
            format!(
                "unit id `{reserved}` is reserved for employees whose unit is not in the tree; \
                 give this unit another id"
            ),
        );
    }
    // Parents outside the snapshot.
    for &id in &ids {
        let Some(parent) = parent_of[id] else {
            continue;
        };
        if row_of.contains_key(parent) {
            continue;
        }
        match unknown_parent {
            UnknownParent::Reject => {
                reason_of.insert(
                    id,
                    format!(
                        "parent_id `{parent}` is not a unit of the {period} snapshot; add it, or \
                         set unknown_parent = \"root\" in the rules to keep this unit as a root"
                    ),
                );
            }
            UnknownParent::Root => {
                outcome.made_roots.push((row_of[id], parent.to_string()));
                parent_of.insert(id, None);
            }
        }
    }
    // Cycles: walking up from a unit comes back to it. (A unit below a cycle comes back to
    // another unit; it is rejected below, with its parent.)
    let tree = crate::unit_tree::UnitTree::new(
        parent_of
            .iter()
            .map(|(id, p)| (id.to_string(), p.map(str::to_string))),
    );
    for &id in &ids {
        if let (path, End::Cycle) = tree.walk(id)
            && path.last() == Some(&id)
        {
            reason_of.insert(
                id,
                format!("the unit tree has a cycle: {}", path.join(" → ")),
            );
        }
    }
    // Below a rejected unit, every unit is rejected too, however deep.
    let mut changed = true;
    while changed {
        changed = false;
        for &id in &ids {
            if reason_of.contains_key(id) {
                continue;
            }
            if let Some(parent) = parent_of[id]
                && reason_of.contains_key(parent)
            {
                reason_of.insert(
                    id,
                    format!(
                        "its parent `{parent}` is rejected, so this unit would have no place in \
                         the tree; fix the parent's row and ingest again"
                    ),
                );
                changed = true;
            }
        }
    }
    for (id, reason) in reason_of {
        outcome.rejected.push((row_of[id], reason));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, parent: Option<&str>) -> Parsed {
        let s = |x: &str| Value::Str(x.to_string().into());
        Parsed {
            line: 0,
            period: "2026-10".into(),
            values: vec![
                s(id),
                parent.map(s).unwrap_or(Value::Null),
                s("name"),
                Value::Null,
            ],
            key_hash: 0,
        }
    }

    fn indices(pairs: &[(usize, String)]) -> Vec<usize> {
        pairs.iter().map(|(i, _)| *i).collect()
    }

    #[test]
    fn unknown_parents_cycles_and_everything_below_them_are_rejected() {
        let rows = vec![
            unit("U1", None),
            unit("U2", Some("U1")),
            unit("U3", Some("U9")),
            unit("U4", Some("U5")),
            unit("U5", Some("U4")),
            unit("U6", Some("U3")),
            unit("U7", Some("U6")),
            unit("U8", Some("U4")),
        ];
        let outcome = check_tree(&rows, UnknownParent::Reject);
        assert_eq!(indices(&outcome.rejected), vec![2, 3, 4, 5, 6, 7]);
        assert!(outcome.rejected[0].1.contains("U9"));
        assert!(outcome.rejected[1].1.contains("cycle: U4 → U5 → U4"));
        assert!(outcome.rejected[3].1.contains("parent `U3` is rejected"));
        assert!(outcome.rejected[4].1.contains("parent `U6` is rejected"));
        assert!(outcome.rejected[5].1.contains("parent `U4` is rejected"));
        assert!(outcome.made_roots.is_empty());
    }

    #[test]
    fn the_reserved_unknown_unit_id_is_rejected_with_what_is_below_it() {
        let rows = vec![
            unit("U1", None),
            unit("_unknown", Some("U1")),
            unit("U2", Some("_unknown")),
        ];
        let outcome = check_tree(&rows, UnknownParent::Reject);
        assert_eq!(indices(&outcome.rejected), vec![1, 2]);
        assert!(outcome.rejected[0].1.contains("reserved"));
    }

    #[test]
    fn with_root_an_outside_parent_makes_a_root_and_keeps_its_subtree() {
        let rows = vec![
            unit("OPD1", Some("PEMDA")),
            unit("B1", Some("OPD1")),
            unit("S1", Some("B1")),
        ];
        let outcome = check_tree(&rows, UnknownParent::Root);
        assert!(outcome.rejected.is_empty());
        assert_eq!(outcome.made_roots, vec![(0, "PEMDA".to_string())]);
    }
}
