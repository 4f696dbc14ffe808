//! The leadership dashboard's charts: productivity by unit against the target, the trend over
//! periods, predikat by unit, approval latency, submissions per day, and where the flags are.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::error::ReportError;
use crate::report::charts;
use crate::report::format::{self, Lang};
use crate::report::labels::label;
use crate::report::pages::*;

/// A trend chart: file stem, title label, axis label, values, target line.
type TrendSeries = (
    &'static str,
    &'static str,
    &'static str,
    Vec<f64>,
    Option<f64>,
);

/// The year at a glance: productivity, gross TPP, entries pending at close and logging
/// compliance over the computed months; months the warehouse holds but nobody computed are
/// named in the note, not drawn.
fn trend_charts(
    trend: &[TrendPoint],
    lang: Lang,
    dir: &Path,
) -> Result<Vec<ChartView>, ReportError> {
    let l = |k| label(k, lang);
    let shown: Vec<&TrendPoint> = trend.iter().filter(|p| p.computed).collect();
    let missing: Vec<String> = trend
        .iter()
        .filter(|p| !p.computed)
        .map(|p| format::period(&p.period, lang))
        .collect();
    let note = if missing.is_empty() {
        String::new()
    } else {
        format!("{}: {}", l("trend_not_computed"), missing.join(", "))
    };
    let labels: Vec<String> = shown
        .iter()
        .map(|p| format::period(&p.period, lang))
        .collect();
    let series: [TrendSeries; 4] = [
        (
            "trend",
            "chart_trend",
            "axis_productivity",
            shown
                .iter()
                .map(|p| p.productivity.unwrap_or(0.0) * 100.0)
                .collect(),
            Some(100.0),
        ),
        (
            "trend_gross",
            "chart_trend_gross",
            "axis_million_rupiah",
            shown
                .iter()
                .map(|p| p.gross.unwrap_or(0) as f64 / 1e6)
                .collect(),
            None,
        ),
        (
            "trend_pending",
            "chart_trend_pending",
            "axis_entries",
            shown
                .iter()
                .map(|p| p.pending.unwrap_or(0) as f64)
                .collect(),
            None,
        ),
        (
            "trend_compliance",
            "chart_trend_compliance",
            "axis_compliance",
            shown
                .iter()
                .map(|p| p.compliance.unwrap_or(0.0) * 100.0)
                .collect(),
            None,
        ),
    ];
    let mut out = Vec::new();
    for (stem, title, axis, values, target) in series {
        out.push(chart(dir, stem, l(title), note.clone(), || {
            charts::trend(
                l(title),
                l("axis_period"),
                l(axis),
                &labels,
                &values,
                target.map(|t| (t, l("target_line"))),
            )
        })?);
    }
    Ok(out)
}

pub(crate) fn charts(
    model: &Model,
    trend: &[TrendPoint],
    dir: &Path,
) -> Result<Vec<ChartView>, ReportError> {
    let lang = model.lang;
    let l = |k| label(k, lang);
    let mut units = model.dashboard_units();
    rank_by_productivity(&mut units);
    let (shown, note) = clip(units.clone(), lang);
    let names: Vec<String> = shown.iter().map(|u| u.name.clone()).collect();
    let mut out = vec![chart(
        dir,
        "productivity_by_unit",
        l("chart_productivity"),
        note.clone(),
        || {
            let values: Vec<f64> = shown
                .iter()
                .map(|u| u.rollup.productivity.unwrap_or(0.0) * 100.0)
                .collect();
            charts::hbar(
                l("chart_productivity"),
                l("axis_productivity"),
                l("axis_unit"),
                &names,
                &values,
                Some((100.0, l("target_line"))),
            )
        },
    )?];
    out.extend(trend_charts(trend, lang, dir)?);
    out.push(chart(
        dir,
        "predikat_by_unit",
        l("chart_predikat"),
        note,
        || {
            let series: Vec<(String, Vec<f64>)> = (0..6)
                .map(|k| {
                    (
                        predikat_label(k, lang).to_string(),
                        shown.iter().map(|u| u.rollup.predikat[k] as f64).collect(),
                    )
                })
                .collect();
            charts::stacked_hbar(
                l("chart_predikat"),
                l("axis_employees"),
                l("axis_unit"),
                &names,
                &series,
            )
        },
    )?);
    let lh = &model.tables.latency_histogram;
    let mut buckets = [0f64; 7];
    for (b, n) in lh.i64("bucket")?.iter().zip(lh.i64("entries")?) {
        if (1..=7).contains(b) {
            buckets[(*b - 1) as usize] = n as f64;
        }
    }
    out.push(chart(
        dir,
        "approval_latency",
        l("chart_latency"),
        String::new(),
        || {
            let labels: Vec<String> = ["< 4", "4–8", "8–24", "24–48", "48–72", "72–168", "≥ 168"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            charts::vbar(
                l("chart_latency"),
                l("axis_hours"),
                l("axis_entries"),
                &labels,
                &buckets,
                None,
            )
        },
    )?);
    let ds = &model.tables.daily_submissions;
    let days = ds.i64("day")?;
    out.push(chart(
        dir,
        "submissions_per_day",
        l("chart_daily"),
        String::new(),
        || {
            let labels: Vec<String> = days
                .iter()
                .map(|d| {
                    (chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("date")
                        + chrono::Duration::days(*d))
                    .format("%-d")
                    .to_string()
                })
                .collect();
            let submitted: Vec<f64> = ds.i64("submitted")?.iter().map(|v| *v as f64).collect();
            let dated: Vec<f64> = ds.i64("dated")?.iter().map(|v| *v as f64).collect();
            let dated_label = if lang == Lang::Id {
                "Entri bertanggal hari itu"
            } else {
                "Entries dated that day"
            };
            charts::vbar(
                l("chart_daily"),
                l("axis_day"),
                l("axis_entries"),
                &labels,
                &submitted,
                Some((&dated, dated_label)),
            )
        },
    )?);
    // Integrity flags by dashboard unit (rollup over their employees).
    let it = &model.tables.integrity;
    let (nips_unit, flags) = (it.str("unit_id")?, it.i64("flags")?);
    let agency: HashMap<&str, &str> = model
        .units
        .values()
        .map(|u| {
            let mut cur = u;
            while let Some(p) = cur.parent.as_ref().and_then(|p| model.units.get(p)) {
                if units.iter().any(|d| d.id == cur.id) {
                    break;
                }
                cur = p;
            }
            (u.id.as_str(), cur.id.as_str())
        })
        .collect();
    let mut by_unit: BTreeMap<&str, i64> = BTreeMap::new();
    for (u, f) in nips_unit.iter().zip(&flags) {
        *by_unit
            .entry(agency.get(u.as_str()).copied().unwrap_or(u.as_str()))
            .or_default() += f;
    }
    let mut flagged: Vec<(&str, i64)> = by_unit.into_iter().filter(|(_, f)| *f > 0).collect();
    flagged.sort_by_key(|(u, f)| (std::cmp::Reverse(*f), u.to_string()));
    flagged.truncate(15);
    out.push(chart(
        dir,
        "integrity_units",
        l("chart_flags"),
        String::new(),
        || {
            let labels: Vec<String> = flagged
                .iter()
                .map(|(u, _)| {
                    model
                        .units
                        .get(*u)
                        .map(|x| x.name.clone())
                        .unwrap_or_else(|| u.to_string())
                })
                .collect();
            let values: Vec<f64> = flagged.iter().map(|(_, f)| *f as f64).collect();
            charts::hbar(
                l("chart_flags"),
                l("axis_flags"),
                l("axis_unit"),
                &labels,
                &values,
                None,
            )
        },
    )?);
    let ap = &model.tables.approvers;
    let (a_nip, a_name, a_pend, a_burst) = (
        ap.str("approver_nip")?,
        ap.str("name")?,
        ap.i64("pending_at_close")?,
        ap.i64("burst_windows")?,
    );
    let mut ranked: Vec<(String, f64)> = (0..ap.height())
        .filter(|&i| a_burst[i] + a_pend[i] > 0)
        .map(|i| {
            (
                if a_name[i].is_empty() {
                    a_nip[i].clone()
                } else {
                    format!("{} ({})", a_name[i], a_nip[i])
                },
                (a_burst[i] + a_pend[i]) as f64,
            )
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(15);
    let title = if lang == Lang::Id {
        "Verifikator: persetujuan massal dan entri tertunda"
    } else {
        "Approvers: bulk approvals and entries left pending"
    };
    out.push(chart(
        dir,
        "integrity_approvers",
        title,
        String::new(),
        || {
            let labels: Vec<String> = ranked.iter().map(|r| r.0.clone()).collect();
            let values: Vec<f64> = ranked.iter().map(|r| r.1).collect();
            charts::hbar(
                title,
                l("axis_flags"),
                label("approvers", lang),
                &labels,
                &values,
                None,
            )
        },
    )?);
    Ok(out)
}
