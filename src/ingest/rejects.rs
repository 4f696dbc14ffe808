//! Rejected rows, stored in the warehouse under `_rejects/ingest=N/` so nothing is lost: source
//! file, line, column, value as written, reason, and the whole row.

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

/// A reason with its values (between backticks) and digits taken out: "`x` is not a date" and
/// "`y` is not a date" are one reason.
pub(crate) fn strip_values(reason: &str) -> String {
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
