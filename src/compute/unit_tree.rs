//! The unit tree of a roster snapshot, walked upward: the closure SQL needs (every unit with each
//! of its ancestors) and the agency a unit belongs to (for the finance workbook's sheets).

use std::collections::HashMap;

use polars::prelude::*;

pub struct UnitTree {
    ids: Vec<String>,
    parent_of: HashMap<String, Option<String>>,
}

impl UnitTree {
    pub fn from_frame(units: &DataFrame) -> PolarsResult<UnitTree> {
        let ids: Vec<String> = units
            .column("unit_id")?
            .str()?
            .iter()
            .map(|s| s.unwrap_or_default().to_string())
            .collect();
        let parents = units
            .column("parent_id")?
            .str()?
            .iter()
            .map(|s| s.map(str::to_string));
        let parent_of = ids.iter().cloned().zip(parents).collect();
        Ok(UnitTree { ids, parent_of })
    }

    /// The unit, then its parent, up to the root. Ingest refuses cycles; the bound guards
    /// against a hand-edited warehouse.
    pub fn path<'a>(&'a self, id: &'a str) -> Vec<&'a str> {
        let mut path = vec![id];
        let mut current = self.parent_of.get(id).cloned().flatten();
        while let Some(p) = current.filter(|_| path.len() <= self.ids.len()) {
            // A parent outside the snapshot ends the path (ingest rejects these).
            let Some((p, _)) = self.parent_of.get_key_value(&p) else {
                break;
            };
            path.push(p.as_str());
            current = self.parent_of.get(p).cloned().flatten();
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
