//! The one rule that spans rows: within a snapshot, every `parent_id` names a unit of the same
//! snapshot and following parents never loops.

use std::collections::{HashMap, HashSet};

use crate::ingest::validate::{Parsed, Value};

/// Indices (into `rows`) of units that break the tree, each with its reason.
/// `rows` are parsed units rows: values in schema order (unit_id, parent_id, name, period).
pub fn tree_problems(rows: &[Parsed]) -> Vec<(usize, String)> {
    let text = |v: &Value| match v {
        Value::Str(s) if !s.is_empty() => Some(s.to_string()),
        _ => None,
    };
    let mut by_period: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        by_period.entry(row.period.as_str()).or_default().push(i);
    }
    let mut problems = Vec::new();
    for (period, indices) in by_period {
        let parent_of: HashMap<String, Option<String>> = indices
            .iter()
            .filter_map(|&i| Some((text(&rows[i].values[0])?, text(&rows[i].values[1]))))
            .collect();
        for &i in &indices {
            let Some(id) = text(&rows[i].values[0]) else {
                continue;
            };
            let parent = text(&rows[i].values[1]);
            if let Some(p) = &parent
                && !parent_of.contains_key(p)
            {
                problems.push((
                    i,
                    format!("parent_id `{p}` is not a unit of the {period} snapshot"),
                ));
                continue;
            }
            // Walk up; meeting `id` again is a cycle.
            let mut seen = HashSet::from([id.clone()]);
            let mut path = vec![id.clone()];
            let mut current = parent;
            while let Some(p) = current {
                path.push(p.clone());
                if !seen.insert(p.clone()) {
                    if p == id {
                        problems.push((
                            i,
                            format!("the unit tree has a cycle: {}", path.join(" → ")),
                        ));
                    }
                    break;
                }
                current = parent_of.get(&p).cloned().flatten();
            }
        }
    }
    problems.sort();
    problems
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

    #[test]
    fn unknown_parents_and_cycles_are_found() {
        let rows = vec![
            unit("U1", None),
            unit("U2", Some("U1")),
            unit("U3", Some("U9")),
            unit("U4", Some("U5")),
            unit("U5", Some("U4")),
        ];
        let problems = tree_problems(&rows);
        let indices: Vec<usize> = problems.iter().map(|(i, _)| *i).collect();
        assert_eq!(indices, vec![2, 3, 4]);
        assert!(problems[0].1.contains("U9"));
        assert!(problems[1].1.contains("cycle: U4 → U5 → U4"));
    }
}
