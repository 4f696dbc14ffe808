//! Rejected rows, stored in the warehouse under `_rejects/ingest=N/` so nothing is lost: source
//! file, line, column, value as written, reason, and the whole row.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;

use crate::ingest::validate::Reject;

pub fn rel_path(ingest: i64) -> String {
    format!(
        "_rejects/ingest={ingest:06}/{}",
        crate::warehouse::PART_FILE
    )
}

pub fn frame(
    rejects: &[Reject],
    kind: &str,
    source: &Path,
    sha256: &str,
) -> PolarsResult<DataFrame> {
    let n = rejects.len();
    let text = |f: &dyn Fn(&Reject) -> &str| rejects.iter().map(f).collect::<Vec<_>>();
    DataFrame::new(
        n,
        vec![
            Column::new_scalar("kind".into(), Scalar::from(PlSmallStr::from_str(kind)), n),
            Column::new_scalar(
                "source".into(),
                Scalar::from(PlSmallStr::from(source.display().to_string())),
                n,
            ),
            Column::new_scalar(
                "sha256".into(),
                Scalar::from(PlSmallStr::from_str(sha256)),
                n,
            ),
            Column::new(
                "line".into(),
                rejects.iter().map(|r| r.line as i64).collect::<Vec<_>>(),
            ),
            Column::new("column".into(), text(&|r| &r.column)),
            Column::new("value".into(), text(&|r| &r.value)),
            Column::new("reason".into(), text(&|r| &r.reason)),
            Column::new("row".into(), text(&|r| &r.raw)),
        ],
    )
}

/// The most frequent reasons: (count, first line, column, reason), most frequent first.
/// Reasons are grouped by their text with values stripped, so "`x` is not a date" and
/// "`y` is not a date" count together.
pub fn top_reasons(rejects: &[Reject], n: usize) -> Vec<(u64, u64, String, String)> {
    let mut groups: HashMap<(String, String), (u64, u64, String)> = HashMap::new();
    for r in rejects {
        let shape = strip_values(&r.reason);
        let entry =
            groups
                .entry((r.column.clone(), shape))
                .or_insert((0, r.line, r.reason.clone()));
        entry.0 += 1;
    }
    let mut top: Vec<(u64, u64, String, String)> = groups
        .into_iter()
        .map(|((column, _), (count, line, reason))| (count, line, column, reason))
        .collect();
    top.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    top.truncate(n);
    top
}

fn strip_values(reason: &str) -> String {
    let mut out = String::new();
    let mut in_tick = false;
    for ch in reason.chars() {
        if ch == '`' {
            in_tick = !in_tick;
        } else if !in_tick && !ch.is_ascii_digit() {
            out.push(ch);
        }
    }
    out
}
