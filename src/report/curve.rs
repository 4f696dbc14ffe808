//! The distribution curve on the pages (SPEC section 9): each rated unit's spread of predikat
//! against its bounds, as a table, a chart and sentences that say which bound fails and how
//! many employees would have to move. Guidance for the evaluator: no amount depends on it.

use std::collections::BTreeMap;
use std::path::Path;

use super::error::ReportError;
use super::format::{self, Lang};
use super::labels::label;
use super::pages::{ChartView, chart, predikat_label};
use super::tables::Table;
use crate::report::charts;

/// The five predikat a rated employee can have, in the tables' column order.
const RATED: [&str; 5] = [
    "sangat_baik",
    "baik",
    "butuh_perbaikan",
    "kurang",
    "sangat_kurang",
];

pub(crate) struct Bound {
    /// As the rules write it: `baik ≤ 70 %`, `butuh_perbaikan + kurang ≥ 1 employee`.
    text: String,
    kind: String,
    limit: f64,
    actual: Option<f64>,
    holds: bool,
    to_move: i64,
}

pub(crate) struct RatedUnit {
    org_predikat: String,
    rated: i64,
    counts: [i64; 5],
    shares: [Option<f64>; 5],
    bounds: Vec<Bound>,
}

/// Every rated unit's curve, by unit id.
pub(crate) struct Curves(pub BTreeMap<String, RatedUnit>);

impl Curves {
    pub(crate) fn read(distribution: &Table, bounds: &Table) -> Result<Curves, ReportError> {
        let ids = distribution.str("unit_id")?;
        let orgs = distribution.str("org_predikat")?;
        let rated = distribution.i64("rated_employees")?;
        let mut counts = Vec::new();
        let mut shares = Vec::new();
        for p in RATED {
            counts.push(distribution.i64(p)?);
            shares.push(distribution.f64(&format!("{p}_share"))?);
        }
        let mut units = BTreeMap::new();
        for (i, id) in ids.iter().enumerate() {
            units.insert(
                id.clone(),
                RatedUnit {
                    org_predikat: orgs[i].clone(),
                    rated: rated[i],
                    counts: std::array::from_fn(|k| counts[k][i]),
                    shares: std::array::from_fn(|k| shares[k][i]),
                    bounds: Vec::new(),
                },
            );
        }
        let (b_ids, texts, kinds, limits, actual, holds, moves) = (
            bounds.str("unit_id")?,
            bounds.str("bound")?,
            bounds.str("kind")?,
            bounds.f64("limit")?,
            bounds.f64("actual")?,
            bounds.bool("holds")?,
            bounds.i64("employees_to_move")?,
        );
        for i in 0..b_ids.len() {
            if let Some(unit) = units.get_mut(&b_ids[i]) {
                unit.bounds.push(Bound {
                    text: texts[i].clone(),
                    kind: kinds[i].clone(),
                    limit: limits[i].unwrap_or(0.0),
                    actual: actual[i],
                    holds: holds[i],
                    to_move: moves[i],
                });
            }
        }
        Ok(Curves(units))
    }
}

fn org_label(org: &str, lang: Lang) -> &'static str {
    label(&format!("org_{org}"), lang)
}

/// A bound in the page's language: predikat by their names, `employee` as `pegawai`.
fn bound_text(text: &str, lang: Lang) -> String {
    let (names, rest) = match text.find(['≤', '≥']) {
        Some(at) => text.split_at(at),
        None => return text.to_string(),
    };
    let names: Vec<String> = names
        .trim()
        .split(" + ")
        .map(|n| match RATED.iter().position(|p| *p == n) {
            Some(k) => predikat_label(k, lang).to_string(),
            None => n.to_string(),
        })
        .collect();
    let rest = if lang == Lang::Id {
        rest.replace("employees", "pegawai")
            .replace("employee", "pegawai")
    } else {
        rest.to_string()
    };
    format!("{} {}", names.join(" + "), rest.trim())
}

fn actual_text(b: &Bound, lang: Lang) -> String {
    match (b.kind.as_str(), b.actual) {
        ("at_least_employees", Some(n)) => {
            format!(
                "{} {}",
                format::integer(n as i64, lang),
                label("curve_employees", lang)
            )
        }
        (_, share) => format::percent(share, lang),
    }
}

/// What a unit's bounds say, in words: each failing bound and how many would have to move, or
/// that every bound holds.
fn sentences(unit: &RatedUnit, lang: Lang) -> Vec<String> {
    let failing: Vec<&Bound> = unit.bounds.iter().filter(|b| !b.holds).collect();
    if failing.is_empty() {
        return vec![label("curve_all_hold", lang).to_string()];
    }
    failing
        .iter()
        .map(|b| {
            let text = bound_text(&b.text, lang);
            let actual = actual_text(b, lang);
            let n = format::integer(b.to_move, lang);
            match lang {
                Lang::Id => format!(
                    "Batas «{text}» tidak terpenuhi (sekarang {actual}): {n} pegawai perlu \
                     berpindah predikat agar terpenuhi."
                ),
                Lang::En => format!(
                    "Bound «{text}» fails (now {actual}): {n} employee{} would have to move to \
                     another predikat for it to hold.",
                    if b.to_move == 1 { "" } else { "s" }
                ),
            }
        })
        .collect()
}

/// A unit's curve for its page: the spread, each bound and the sentences.
pub(crate) fn unit_view(unit: &RatedUnit, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "org_predikat": org_label(&unit.org_predikat, lang),
        "rated": format::integer(unit.rated, lang),
        "spread": (0..5).map(|k| serde_json::json!({
            "label": predikat_label(k, lang),
            "count": format::integer(unit.counts[k], lang),
            "share": format::percent(unit.shares[k], lang),
        })).collect::<Vec<_>>(),
        "bounds": unit.bounds.iter().map(|b| serde_json::json!({
            "text": bound_text(&b.text, lang),
            "actual": actual_text(b, lang),
            "holds": b.holds,
            "to_move": format::integer(b.to_move, lang),
        })).collect::<Vec<_>>(),
        "sentences": sentences(unit, lang),
        "holds": unit.bounds.iter().all(|b| b.holds),
    })
}

/// A row of the dashboard's curve table.
pub(crate) fn dashboard_row(
    unit_id: &str,
    name: &str,
    href: &str,
    unit: &RatedUnit,
    lang: Lang,
) -> serde_json::Value {
    let failing = unit.bounds.iter().filter(|b| !b.holds).count();
    let to_move: i64 = unit.bounds.iter().map(|b| b.to_move).sum();
    let status = if failing == 0 {
        label("curve_holds", lang).to_string()
    } else {
        match lang {
            Lang::Id => {
                format!("{failing} batas tidak terpenuhi; {to_move} pegawai perlu berpindah")
            }
            Lang::En => format!("{failing} bound(s) fail; {to_move} employee(s) to move"),
        }
    };
    serde_json::json!({
        "unit_id": unit_id,
        "name": name,
        "href": href,
        "org_predikat": org_label(&unit.org_predikat, lang),
        "rated": format::integer(unit.rated, lang),
        "shares": unit.shares.iter().map(|s| format::percent(*s, lang)).collect::<Vec<_>>(),
        "holds": failing == 0,
        "status": status,
        "to_move": to_move,
    })
}

/// The dashboard's order: units whose curve fails first, most employees to move first, then
/// by name, so a leader reads the problems before the rest.
pub(crate) fn dashboard_order(rows: &mut [serde_json::Value]) {
    rows.sort_by(|a, b| {
        let key = |r: &serde_json::Value| {
            (
                r["holds"].as_bool().unwrap_or(true),
                std::cmp::Reverse(r["to_move"].as_i64().unwrap_or(0)),
                r["name"].as_str().unwrap_or("").to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// The chart of one unit's bounds: each bound's actual share against its limit, in percent of
/// the rated employees (a bound of "≥ k employees" as k of them).
pub(crate) fn chart_of(
    dir: &Path,
    stem: &str,
    name: &str,
    unit: &RatedUnit,
    lang: Lang,
) -> Result<ChartView, ReportError> {
    let title = format!("{} — {name}", label("chart_curve", lang));
    let n = unit.rated.max(1) as f64;
    let as_share = |b: &Bound, v: f64| {
        if b.kind == "at_least_employees" {
            v / n * 100.0
        } else {
            v * 100.0
        }
    };
    let labels: Vec<String> = unit
        .bounds
        .iter()
        .map(|b| bound_text(&b.text, lang))
        .collect();
    let actual: Vec<f64> = unit
        .bounds
        .iter()
        .map(|b| as_share(b, b.actual.unwrap_or(0.0)))
        .collect();
    let limits: Vec<f64> = unit.bounds.iter().map(|b| as_share(b, b.limit)).collect();
    let holds: Vec<bool> = unit.bounds.iter().map(|b| b.holds).collect();
    chart(
        dir,
        stem,
        &title,
        label("curve_chart_note", lang).to_string(),
        || {
            charts::bounds(
                &title,
                label("axis_rated_share", lang),
                &labels,
                &actual,
                &limits,
                &holds,
            )
        },
    )
}

/// The dashboard's chart: each rated unit's spread of predikat, stacked, in percent of its rated
/// employees; `names` gives each unit's name by id.
pub(crate) fn spread_chart(
    dir: &Path,
    curves: &Curves,
    name_of: impl Fn(&str) -> String,
    lang: Lang,
) -> Result<Option<ChartView>, ReportError> {
    if curves.0.is_empty() {
        return Ok(None);
    }
    let title = label("chart_curve_units", lang);
    let names: Vec<String> = curves.0.keys().map(|id| name_of(id)).collect();
    let series: Vec<(String, Vec<f64>)> = (0..5)
        .map(|k| {
            (
                predikat_label(k, lang).to_string(),
                curves
                    .0
                    .values()
                    .map(|u| u.shares[k].unwrap_or(0.0) * 100.0)
                    .collect(),
            )
        })
        .collect();
    chart(dir, "curve_units", title, String::new(), || {
        charts::stacked_hbar(
            title,
            label("axis_rated_share", lang),
            label("axis_unit", lang),
            &names,
            &series,
        )
    })
    .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_read_in_the_pages_language() {
        assert_eq!(
            bound_text("butuh_perbaikan + kurang ≥ 1 employee", Lang::Id),
            "Butuh perbaikan + Kurang ≥ 1 pegawai"
        );
        assert_eq!(
            bound_text("sangat_baik ≤ 70 %", Lang::En),
            "Very good ≤ 70 %"
        );
    }
}
