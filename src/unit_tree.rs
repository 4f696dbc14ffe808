//! A unit tree as each unit's parent, walked upward: the one walk both stages use. Ingest refuses
//! units whose walk loops (SPEC section 1); compute builds from it the closure SQL needs (every
//! unit with each of its ancestors) and the agency a unit belongs to (the finance workbook's
//! sheets).

use std::collections::{HashMap, HashSet};

use polars::prelude::*;

/// How walking up from a unit ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum End {
    /// At a unit without a parent.
    Root,
    /// At a unit already on the walk: the path ends with it a second time.
    Cycle,
    /// At a parent that is not a unit of the tree (not on the path).
    Outside,
}

pub struct UnitTree {
    ids: Vec<String>,
    parent_of: HashMap<String, Option<String>>,
}

impl UnitTree {
    /// Units as (id, parent); a later row of an id replaces an earlier one, as the merge by
    /// natural key does.
    pub fn new(units: impl IntoIterator<Item = (String, Option<String>)>) -> UnitTree {
        let mut ids = Vec::new();
        let mut parent_of = HashMap::new();
        for (id, parent) in units {
            if parent_of.insert(id.clone(), parent).is_none() {
                ids.push(id);
            }
        }
        UnitTree { ids, parent_of }
    }

    /// A unit snapshot's `unit_id` and `parent_id` columns.
    pub fn from_frame(units: &DataFrame) -> PolarsResult<UnitTree> {
        let ids = units.column("unit_id")?.str()?;
        let parents = units.column("parent_id")?.str()?;
        Ok(UnitTree::new(ids.iter().zip(parents.iter()).map(
            |(id, p)| (id.unwrap_or_default().to_string(), p.map(str::to_string)),
        )))
    }

    pub fn contains(&self, id: &str) -> bool {
        self.parent_of.contains_key(id)
    }

    /// The unit, then its parent, and so on up to where the walk ends (see [`End`]).
    pub fn walk<'a>(&'a self, id: &'a str) -> (Vec<&'a str>, End) {
        let mut path = vec![id];
        let mut seen: HashSet<&str> = HashSet::from([id]);
        let mut current = id;
        loop {
            let Some(parent) = self.parent_of.get(current).and_then(Option::as_deref) else {
                return (path, End::Root);
            };
            let Some((parent, _)) = self.parent_of.get_key_value(parent) else {
                return (path, End::Outside);
            };
            path.push(parent);
            if !seen.insert(parent) {
                return (path, End::Cycle);
            }
            current = parent;
        }
    }

    /// The unit, then its parent, up to the root. Ingest refuses cycles and parents outside the
    /// snapshot; should a hand-edited warehouse hold one, the path stops before it.
    pub fn path<'a>(&'a self, id: &'a str) -> Vec<&'a str> {
        let (mut path, end) = self.walk(id);
        if end == End::Cycle {
            path.pop();
        }
        path
    }

    /// (ancestor_id, unit_id, depth) for every unit and each of its ancestors, itself at depth 0.
    pub fn closure(&self) -> PolarsResult<DataFrame> {
        let (mut ancestors, mut members, mut depths) = (Vec::new(), Vec::new(), Vec::new());
        for id in &self.ids {
            for (depth, ancestor) in self.path(id).into_iter().enumerate() {
                ancestors.push(ancestor.to_string());
                members.push(id.clone());
                depths.push(depth as i32);
            }
        }
        df!("ancestor_id" => ancestors, "unit_id" => members, "depth" => depths)
    }

    /// The top-level unit a unit belongs to: the root's child on its path, or the root itself.
    pub fn agency(&self, id: &str) -> String {
        let path = self.path(id);
        path[path.len().saturating_sub(2)].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(units: &[(&str, Option<&str>)]) -> UnitTree {
        UnitTree::new(
            units
                .iter()
                .map(|(id, p)| (id.to_string(), p.map(str::to_string))),
        )
    }

    #[test]
    fn walks_end_at_a_root_a_cycle_or_outside() {
        let t = tree(&[
            ("A", None),
            ("B", Some("A")),
            ("C", Some("B")),
            ("X", Some("Y")),
            ("Y", Some("X")),
            ("Z", Some("X")),
            ("O", Some("NOWHERE")),
        ]);
        assert_eq!(t.walk("C"), (vec!["C", "B", "A"], End::Root));
        assert_eq!(t.walk("X"), (vec!["X", "Y", "X"], End::Cycle));
        assert_eq!(t.walk("Z"), (vec!["Z", "X", "Y", "X"], End::Cycle));
        assert_eq!(t.walk("O"), (vec!["O"], End::Outside));
        assert_eq!(t.agency("C"), "B");
        assert_eq!(t.agency("A"), "A");
    }
}
