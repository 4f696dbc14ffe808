//! The what-if page (`whatif.html`, SPEC 11): the cost under A and B and for a year, a chart of
//! the change per agency, the agencies' totals, the largest gains and losses, and the proposal's
//! grade-class checks. Self-contained like the report's pages (CSS inline, the chart embedded).

use std::path::Path;

use minijinja::{Value, context};

use super::error::ReportError;
use crate::report::charts;
use crate::report::format::{self, Lang};
use crate::report::labels::{all as all_labels, label};
use crate::report::pages::{chart, clip, render_html};
use crate::whatif::checks::{Finding, listed};
use crate::whatif::tables::{Employee, Totals, UnitInfo};
use crate::whatif::{Computed, Tables, WhatifOptions};

/// A change in rupiah with its sign: `+Rp 1.000`, `−Rp 1.000`, `Rp 0`.
fn change(v: i64, lang: Lang) -> String {
    let plain = format::rupiah(v.abs(), lang);
    match v.signum() {
        1 => format!("+{plain}"),
        -1 => format!("−{plain}"),
        _ => plain,
    }
}

/// Agencies (SPEC 12: children of a root, or roots without children) with their rollup totals,
/// and a root's own employees under the root (its direct totals), so the rows add up to the
/// whole; the largest gain first, units without employees left out.
fn agencies<'a>(
    units: &'a [UnitInfo],
    totals: &'a [(Totals, Totals)],
) -> Vec<(&'a UnitInfo, &'a Totals)> {
    let roots: std::collections::HashSet<&str> = units
        .iter()
        .filter(|u| u.parent_id.is_none())
        .map(|u| u.unit_id.as_str())
        .collect();
    let parents: std::collections::HashSet<&str> = units
        .iter()
        .filter_map(|u| u.parent_id.as_deref())
        .collect();
    let mut list: Vec<(&UnitInfo, &Totals)> = units
        .iter()
        .zip(totals)
        .filter_map(|(u, (direct, rollup))| match &u.parent_id {
            Some(p) if roots.contains(p.as_str()) => Some((u, rollup)),
            Some(_) => None,
            None if parents.contains(u.unit_id.as_str()) => Some((u, direct)),
            None => Some((u, rollup)),
        })
        .filter(|(_, t)| t.employees > 0)
        .collect();
    list.sort_by(|a, b| {
        (b.1.b.gross - b.1.a.gross)
            .cmp(&(a.1.b.gross - a.1.a.gross))
            .then_with(|| a.0.unit_id.cmp(&b.0.unit_id))
    });
    list
}

fn people(employees: &[Employee], gains: bool, lang: Lang) -> Vec<serde_json::Value> {
    let mut list: Vec<&Employee> = employees
        .iter()
        .filter(|e| {
            if gains {
                e.delta_net() > 0
            } else {
                e.delta_net() < 0
            }
        })
        .collect();
    list.sort_by_key(|e| {
        (
            if gains { -e.delta_net() } else { e.delta_net() },
            e.nip.clone(),
        )
    });
    list.into_iter()
        .take(10)
        .map(|e| {
            serde_json::json!({
                "nip": e.nip, "name": e.name, "unit_id": e.unit_id,
                "net_a": format::rupiah(e.a.net, lang), "net_b": format::rupiah(e.b.net, lang),
                "delta_net": change(e.delta_net(), lang),
            })
        })
        .collect()
}

/// A grade-class finding in the page's language, amounts in rupiah.
fn finding(f: &Finding, lang: Lang) -> String {
    let money = |v: i64| format::rupiah(v, lang);
    if f.check == "grade_order" {
        let template = match lang {
            Lang::Id => {
                "Kelas jabatan {c}: besaran {b} (NIP {n}) di bawah kelas {oc} dengan {ob} (NIP {on}), pohon unit {u}"
            }
            Lang::En => {
                "Grade class {c}: a base of {b} (NIP {n}) below class {oc}'s {ob} (NIP {on}), unit tree {u}"
            }
        };
        return [
            ("{c}", f.grade_class.to_string()),
            ("{b}", money(f.base)),
            ("{n}", f.nip.clone()),
            ("{oc}", f.other_grade_class.to_string()),
            ("{ob}", money(f.other_base)),
            ("{on}", f.other_nip.clone()),
            ("{u}", f.unit_id.clone()),
        ]
        .iter()
        .fold(template.to_string(), |text, (k, v)| text.replace(k, v));
    }
    let (word, at, more) = match lang {
        Lang::Id => ("besaran", "di", "dan {} lainnya"),
        Lang::En => ("bases", "in", "and {} more"),
    };
    let list = listed(
        f.bases.iter().map(|(b, agencies)| {
            format!(
                "{} {at} {}",
                money(*b),
                listed(agencies.iter().cloned(), ", ", more)
            )
        }),
        "; ",
        more,
    );
    let class = match lang {
        Lang::Id => "Kelas jabatan",
        Lang::En => "Grade class",
    };
    format!(
        "{class} {}: {} {word} — {list}",
        f.grade_class,
        f.bases.len()
    )
}

pub fn render(
    built: &Tables,
    computed: &Computed,
    opts: &WhatifOptions,
    dir: &Path,
) -> Result<(), ReportError> {
    let lang = opts.lang;
    let env = crate::report::templates::environment(opts.templates.clone())?;
    let css = crate::report::templates::css(&env)?;
    std::fs::create_dir_all(dir.join("charts")).map_err(ReportError::io(dir))?;
    let summary = &built.frames[0].1;
    let value = |name: &str| -> i64 {
        summary
            .column(name)
            .ok()
            .and_then(|c| c.i64().ok().and_then(|c| c.get(0)))
            .unwrap_or(0)
    };
    let money = |v: i64| format::rupiah(v, lang);
    let row = |key: &str, a: i64, b: i64| serde_json::json!({"label": label(key, lang), "a": money(a), "b": money(b), "delta": change(b - a, lang)});
    let all = &built.all;
    let figures = vec![
        row("gross", all.a.gross, all.b.gross),
        row("net", all.a.net, all.b.net),
        row("employer_bpjs", all.a.employer_bpjs, all.b.employer_bpjs),
        row("cost", value("cost_a"), value("cost_b")),
        serde_json::json!({"label": label("payments_per_year", lang), "a": value("payments_per_year_a"), "b": value("payments_per_year_b"), "delta": ""}),
        row("year_cost", value("year_cost_a"), value("year_cost_b")),
    ];
    let agencies = agencies(&built.units, &built.unit_totals);
    let (shown, note) = clip(agencies.clone(), lang);
    let chart_title = label("whatif_chart", lang);
    let charts = vec![chart(dir, "whatif-delta", chart_title, note, || {
        charts::hbar_signed(
            chart_title,
            label("million_rupiah", lang),
            &shown
                .iter()
                .map(|(u, _)| u.name.clone())
                .collect::<Vec<_>>(),
            &shown
                .iter()
                .map(|(_, t)| (t.b.gross - t.a.gross) as f64 / 1e6)
                .collect::<Vec<_>>(),
        )
    })?];
    let units: Vec<serde_json::Value> = agencies
        .iter()
        .map(|(u, t)| {
            serde_json::json!({
                "unit_id": u.unit_id, "name": u.name,
                "employees": format::integer(t.employees, lang),
                "gross_a": money(t.a.gross), "gross_b": money(t.b.gross),
                "delta_gross": change(t.b.gross - t.a.gross, lang),
                "winners": t.winners, "losers": t.losers, "unchanged": t.unchanged,
            })
        })
        .collect();
    let people = vec![
        serde_json::json!({"id": "whatif-gains", "title": label("largest_gains", lang), "rows": people(&built.employees, true, lang)}),
        serde_json::json!({"id": "whatif-losses", "title": label("largest_losses", lang), "rows": people(&built.employees, false, lang)}),
    ];
    let checks: Vec<serde_json::Value> = built
        .findings
        .iter()
        .map(|f| serde_json::json!({"check": label(&format!("check_{}", f.check), lang), "detail": finding(f, lang)}))
        .collect();
    let mut downloads: Vec<String> = built
        .frames
        .iter()
        .map(|(n, _)| format!("{n}.csv"))
        .collect();
    downloads.push("whatif.xlsx".into());
    let period_dates = match computed.periods.as_slice() {
        [] => String::new(),
        [first, ..] => {
            let last = &computed.periods[computed.periods.len() - 1];
            match (
                crate::calendar::month_bounds(first),
                crate::calendar::month_bounds(last),
            ) {
                (Some((from, _)), Some((_, to))) => {
                    format!("{} – {}", format::date(from, lang), format::date(to, lang))
                }
                _ => String::new(),
            }
        }
    };
    let period_label = computed
        .periods
        .iter()
        .map(|p| format::period(p, lang))
        .collect::<Vec<_>>();
    let period_label = match period_label.as_slice() {
        [one] => one.clone(),
        [first, .., last] => format!("{first} – {last}"),
        _ => String::new(),
    };
    let base = Value::from_serialize(serde_json::json!({
        "lang": lang.code(),
        "t": all_labels(lang),
        "period": computed.label,
        "period_label": period_label,
        "period_dates": period_dates,
        "rules_sha256": opts.compute.rules_sha256,
        "inputs": computed.source_files,
        "css": css,
    }));
    // A single month's page sits beside its report (`OUT/P/whatif/` and `OUT/P/report/`).
    let report_href = (computed.periods.len() == 1).then_some("../report/");
    let shared_note = label(
        if computed.shared {
            "whatif_shared"
        } else {
            "whatif_full"
        },
        lang,
    );
    render_html(
        &env,
        "whatif.html",
        context! {
            summary => serde_json::json!({
                "employees": format::integer(all.employees, lang),
                "gross_a": money(all.a.gross), "gross_b": money(all.b.gross),
                "delta_gross": change(all.b.gross - all.a.gross, lang),
                "delta_year_cost": change(value("delta_year_cost"), lang),
                "winners": format::integer(all.winners, lang),
                "losers": format::integer(all.losers, lang),
                "unchanged": format::integer(all.unchanged, lang),
            }),
            figures => figures, charts => charts, units => units, people => people,
            checks => checks, downloads => downloads, report_href => report_href,
            rules_a => opts.compute.rules_sha256, rules_b => opts.proposal_sha256,
            shared_note => shared_note,
            ..base
        },
        &dir.join("whatif.html"),
    )
}
