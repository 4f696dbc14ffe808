//! Page models built from the tables, and their rendering. Figures are formatted here (so the
//! templates only place text); unit pages are rendered in parallel.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine;
use minijinja::{Environment, Value, context};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::error::ReportError;
use crate::report::ReportOptions;
use crate::report::charts;
use crate::report::format::{self, Lang};
use crate::report::labels::{all as all_labels, label};
use crate::report::tables::{PeriodTables, Table};
use crate::report::{dashboard, finance, unit_page};

pub(crate) const PREDIKAT: [&str; 6] = [
    "sangat_baik",
    "baik",
    "butuh_perbaikan",
    "kurang",
    "sangat_kurang",
    "unrated",
];
const PREDIKAT_ID: [&str; 6] = [
    "Sangat baik",
    "Baik",
    "Butuh perbaikan",
    "Kurang",
    "Sangat kurang",
    "Belum dinilai",
];
const PREDIKAT_EN: [&str; 6] = [
    "Very good",
    "Good",
    "Needs improvement",
    "Poor",
    "Very poor",
    "Not rated",
];
/// Chart lists longer than this show the first and last halves.
pub(crate) const CHART_ROWS: usize = 40;

pub(crate) fn predikat_label(i: usize, lang: Lang) -> &'static str {
    if lang == Lang::Id {
        PREDIKAT_ID[i]
    } else {
        PREDIKAT_EN[i]
    }
}

/// The file name of a unit's page: only safe characters, so a unit id can never name a path
/// outside the report folder; ids that needed changing get a hash to stay unique.
pub fn unit_href(unit_id: &str) -> String {
    let safe: String = unit_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let plain = unit_id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        && !unit_id.is_empty();
    if plain && safe == unit_id.replace('.', "_") && !unit_id.contains('_') {
        format!("unit-{safe}.html")
    } else {
        let hash = format!("{:x}", Sha256::digest(unit_id.as_bytes()));
        format!("unit-{safe}-{}.html", &hash[..8])
    }
}

#[derive(Serialize, Clone)]
pub(crate) struct ChartView {
    title: String,
    note: String,
    file: String,
    data_uri: String,
    width: u32,
    height: u32,
}

/// Draws a chart into `dir/charts/<stem>.png` and returns how a page shows it.
pub(crate) fn chart(
    dir: &Path,
    stem: &str,
    title: &str,
    note: String,
    draw: impl FnOnce() -> charts::Drawn,
) -> Result<ChartView, ReportError> {
    let charts::Png {
        bytes,
        width,
        height,
    } = draw().map_err(|message| ReportError::Chart {
        name: stem.to_string(),
        message: message.to_string(),
    })?;
    let path = dir.join("charts").join(format!("{stem}.png"));
    std::fs::write(&path, &bytes).map_err(ReportError::io(&path))?;
    Ok(ChartView {
        title: title.to_string(),
        note,
        file: format!("charts/{stem}.png"),
        data_uri: format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&bytes)
        ),
        width,
        height,
    })
}

#[derive(Clone, Default)]
pub(crate) struct Figures {
    pub(crate) employees: i64,
    pub(crate) productivity: Option<f64>,
    pub(crate) attainment: Option<f64>,
    pub(crate) approval_rate: Option<f64>,
    pub(crate) latency_p50: Option<f64>,
    pub(crate) late_entries: i64,
    pub(crate) pile_up_share: Option<f64>,
    pub(crate) net: i64,
    pub(crate) predikat: [i64; 6],
}

pub(crate) struct Unit {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) parent: Option<String>,
    pub(crate) children: Vec<String>,
    pub(crate) direct: Figures,
    pub(crate) rollup: Figures,
}

#[derive(Serialize)]
pub(crate) struct UnitRow {
    rank: usize,
    unit_id: String,
    name: String,
    href: String,
    employees: i64,
    productivity: String,
    attainment: String,
    approval_rate: String,
    latency: String,
    late_entries: i64,
    pile_up: String,
    net: String,
}

pub(crate) struct Model<'a> {
    pub(crate) lang: Lang,
    pub(crate) tables: &'a PeriodTables,
    pub(crate) units: BTreeMap<String, Unit>,
    /// Each rated unit's distribution curve (SPEC section 9).
    pub(crate) curves: crate::report::curve::Curves,
    /// Logging compliance and the coaching lists (SPEC section 7).
    pub(crate) coaching: crate::report::coaching::Coaching,
    /// The change since last month (SPEC section 10).
    pub(crate) changes: crate::report::changes::Changes,
    pub(crate) base: Value,
}

pub(crate) fn hours(v: Option<f64>, lang: Lang) -> String {
    v.map(|h| format::decimal(h, 1, lang))
        .unwrap_or_else(|| "–".into())
}

/// Highest rollup productivity first (units without a figure last), ties by unit id.
pub(crate) fn rank_by_productivity(units: &mut [&Unit]) {
    units.sort_by(|a, b| {
        b.rollup
            .productivity
            .unwrap_or(-1.0)
            .total_cmp(&a.rollup.productivity.unwrap_or(-1.0))
            .then(a.id.cmp(&b.id))
    });
}

impl Model<'_> {
    pub(crate) fn unit_rows(&self, ids: &[&Unit], ranked: bool) -> Vec<UnitRow> {
        let mut list: Vec<&Unit> = ids.to_vec();
        if ranked {
            rank_by_productivity(&mut list);
        }
        let l = self.lang;
        list.iter()
            .enumerate()
            .map(|(i, u)| UnitRow {
                rank: i + 1,
                unit_id: u.id.clone(),
                name: u.name.clone(),
                href: unit_href(&u.id),
                employees: u.rollup.employees,
                productivity: format::percent(u.rollup.productivity, l),
                attainment: format::percent(u.rollup.attainment, l),
                approval_rate: format::percent(u.rollup.approval_rate, l),
                latency: hours(u.rollup.latency_p50, l),
                late_entries: u.rollup.late_entries,
                pile_up: format::percent(u.rollup.pile_up_share, l),
                net: format::rupiah(u.rollup.net, l),
            })
            .collect()
    }

    /// Units the dashboard ranks: the children of the root(s), with the roots themselves.
    pub(crate) fn dashboard_units(&self) -> Vec<&Unit> {
        let roots: Vec<&Unit> = self.units.values().filter(|u| u.parent.is_none()).collect();
        let mut list: Vec<&Unit> = roots
            .iter()
            .flat_map(|r| r.children.iter().filter_map(|c| self.units.get(c)))
            .collect();
        if list.is_empty() {
            list = roots.clone();
        }
        list
    }
}

fn load_units(t: &Table) -> Result<BTreeMap<String, Unit>, ReportError> {
    let (ids, names, parents, scopes) = (
        t.str("unit_id")?,
        t.str("name")?,
        t.str("parent_id")?,
        t.str("scope")?,
    );
    let (employees, productivity, attainment, approval) = (
        t.i64("employees")?,
        t.f64("productivity")?,
        t.f64("attainment")?,
        t.f64("approval_rate")?,
    );
    let (latency, late, pile, net) = (
        t.f64("latency_p50_h")?,
        t.i64("late_entries")?,
        t.f64("pile_up_share")?,
        t.i64("net")?,
    );
    let predikat: Vec<Vec<i64>> = PREDIKAT
        .iter()
        .map(|p| t.i64(p))
        .collect::<Result<_, _>>()?;
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    for i in 0..t.height() {
        let figures = Figures {
            employees: employees[i],
            productivity: productivity[i],
            attainment: attainment[i],
            approval_rate: approval[i],
            latency_p50: latency[i],
            late_entries: late[i],
            pile_up_share: pile[i],
            net: net[i],
            predikat: std::array::from_fn(|k| predikat[k][i]),
        };
        let unit = units.entry(ids[i].clone()).or_insert_with(|| Unit {
            id: ids[i].clone(),
            name: names[i].clone(),
            parent: Some(parents[i].clone()).filter(|p| !p.is_empty()),
            children: Vec::new(),
            direct: Figures::default(),
            rollup: Figures::default(),
        });
        if scopes[i] == "direct" {
            unit.direct = figures
        } else {
            unit.rollup = figures
        }
    }
    let links: Vec<(String, String)> = units
        .values()
        .filter_map(|u| Some((u.parent.clone()?, u.id.clone())))
        .collect();
    for (parent, child) in links {
        if let Some(p) = units.get_mut(&parent) {
            p.children.push(child);
        }
    }
    Ok(units)
}

/// A month of the year at a glance (the period's `trend` table): figures only where computed.
pub struct TrendPoint {
    pub period: String,
    pub computed: bool,
    pub productivity: Option<f64>,
    pub gross: Option<i64>,
    pub pending: Option<i64>,
    pub compliance: Option<f64>,
}

pub fn trend_points(t: &Table) -> Result<Vec<TrendPoint>, ReportError> {
    let (periods, computed) = (t.str("period")?, t.bool("computed")?);
    let (productivity, compliance) = (t.f64("productivity")?, t.f64("compliance")?);
    let (gross, pending) = (t.opt_i64("gross")?, t.opt_i64("pending_entries")?);
    Ok((0..periods.len())
        .map(|i| TrendPoint {
            period: periods[i].clone(),
            computed: computed[i],
            productivity: productivity[i],
            gross: gross[i],
            pending: pending[i],
            compliance: compliance[i],
        })
        .collect())
}

/// Long lists keep their first and last halves, with a note saying so.
pub(crate) fn clip<T: Clone>(items: Vec<T>, lang: Lang) -> (Vec<T>, String) {
    if items.len() <= CHART_ROWS {
        return (items, String::new());
    }
    let n = items.len();
    let mut kept: Vec<T> = items[..CHART_ROWS / 2].to_vec();
    kept.extend_from_slice(&items[n - CHART_ROWS / 2..]);
    let note = match lang {
        Lang::Id => format!(
            "{} teratas dan {} terbawah dari {n}",
            CHART_ROWS / 2,
            CHART_ROWS / 2
        ),
        Lang::En => format!(
            "top {} and bottom {} of {n}",
            CHART_ROWS / 2,
            CHART_ROWS / 2
        ),
    };
    (kept, note)
}

pub(crate) fn render_html(
    env: &Environment,
    name: &str,
    ctx: Value,
    path: &Path,
) -> Result<(), ReportError> {
    let html = env
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| ReportError::Template {
            name: name.to_string(),
            // An include's own error is its source: say it, so a template's author can find it.
            detail: crate::error::chain(&e),
        })?;
    std::fs::write(path, html).map_err(ReportError::io(path))
}

pub fn render_all(
    env: &Environment,
    tables: &PeriodTables,
    trend: &[TrendPoint],
    opts: &ReportOptions,
    dir: &Path,
) -> Result<(usize, usize), ReportError> {
    let lang = opts.lang;
    let css = crate::report::templates::css(env)?;
    let inputs = crate::compute::output::manifest_source_files(&tables.manifest);
    let base = Value::from_serialize(serde_json::json!({
        "lang": lang.code(),
        "t": all_labels(lang),
        "period": opts.period,
        "period_label": format::period(&opts.period, lang),
        "period_dates": crate::calendar::month_bounds(&opts.period)
            .map(|(first, last)| format!("{} – {}", format::date(first, lang), format::date(last, lang)))
            .unwrap_or_default(),
        "rules_sha256": tables.manifest["rules_sha256"].as_str().unwrap_or(""),
        "inputs": inputs,
        "css": css,
    }));
    let model = Model {
        lang,
        tables,
        units: load_units(&tables.unit_month)?,
        curves: crate::report::curve::Curves::read(
            &tables.distribution,
            &tables.distribution_bounds,
        )?,
        coaching: crate::report::coaching::Coaching::read(
            &tables.compliance,
            &tables.compliance_units,
            &tables.approvers,
            lang,
        )?,
        changes: crate::report::changes::Changes::read(&tables.changes)?,
        base,
    };
    let mut chart_count = 0;

    // Dashboard.
    let charts = dashboard::charts(&model, trend, dir)?;
    chart_count += charts.len();
    let em = &tables.employee_month;
    let approved: i64 = em.i64("approved_min")?.iter().sum();
    let target: i64 = em.i64("target_min")?.iter().sum();
    let attainments: Vec<f64> = em.f64("attainment")?.into_iter().flatten().collect();
    let predikats = em.str("predikat")?;
    let headline = serde_json::json!({
        "employees": format::integer(em.height() as i64, lang),
        "productivity": format::percent((target > 0).then(|| approved as f64 / target as f64), lang),
        "attainment": format::percent((!attainments.is_empty()).then(|| attainments.iter().sum::<f64>() / attainments.len() as f64), lang),
        "net": format::rupiah(tables.allowance.i64("net")?.iter().sum(), lang),
        "gross": format::rupiah(tables.allowance.i64("gross")?.iter().sum(), lang),
        "pending": format::integer(em.i64("pending_entries")?.iter().sum(), lang),
        "predikat": PREDIKAT.iter().enumerate().map(|(i, p)| serde_json::json!({"label": predikat_label(i, lang), "count": predikats.iter().filter(|x| x == p).count()})).collect::<Vec<_>>(),
    });
    let ap = &tables.approvers;
    let (a_nip, a_name, a_dec, a_lat, a_pend, a_burst) = (
        ap.str("approver_nip")?,
        ap.str("name")?,
        ap.i64("decisions")?,
        ap.f64("latency_p50_h")?,
        ap.i64("pending_at_close")?,
        ap.i64("burst_windows")?,
    );
    let mut order: Vec<usize> = (0..ap.height()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(a_burst[i] + a_pend[i]), a_nip[i].clone()));
    let approvers: Vec<serde_json::Value> = order
        .iter()
        .take(25)
        .map(|&i| serde_json::json!({"nip": a_nip[i], "name": a_name[i], "decisions": a_dec[i], "latency": hours(a_lat[i], lang), "pending": a_pend[i], "burst": a_burst[i]}))
        .collect();
    let ranked = model.unit_rows(&model.dashboard_units(), true);
    let compliance_rows: Vec<serde_json::Value> = model
        .dashboard_units()
        .iter()
        .map(|u| {
            let mut row = model.coaching.rollup_counts(&u.id, lang);
            row["name"] = u.name.clone().into();
            row["href"] = unit_href(&u.id).into();
            row
        })
        .collect();
    let mut curve: Vec<serde_json::Value> = model
        .curves
        .0
        .iter()
        .map(|(id, c)| {
            let name = model.units.get(id).map(|u| u.name.as_str()).unwrap_or(id);
            crate::report::curve::dashboard_row(id, name, &unit_href(id), c, lang)
        })
        .collect();
    crate::report::curve::dashboard_order(&mut curve);
    let predikat_labels: Vec<&str> = (0..5).map(|k| predikat_label(k, lang)).collect();
    let curve_chart = crate::report::curve::spread_chart(
        dir,
        &model.curves,
        |id| {
            model
                .units
                .get(id)
                .map(|u| u.name.clone())
                .unwrap_or_else(|| id.to_string())
        },
        lang,
    )?;
    chart_count += usize::from(curve_chart.is_some());
    let organisation = label("change_organisation", lang);
    let change = model
        .changes
        .view("_all", organisation, dir, Some("change"), lang)?;
    chart_count += usize::from(!change["chart"].is_null());
    let agencies: Vec<(String, String, String)> = model
        .dashboard_units()
        .iter()
        .map(|u| (u.id.clone(), u.name.clone(), unit_href(&u.id)))
        .collect();
    let movers = model.changes.movers(&agencies, 10, lang);
    render_html(
        env,
        "index.html",
        context! { headline => headline, units => ranked, charts => charts, approvers => approvers, curve => curve, curve_chart => curve_chart, compliance_rows => compliance_rows, predikat_labels => predikat_labels, change => change, movers => movers, ..model.base.clone() },
        &dir.join("index.html"),
    )?;

    // Finance page.
    finance::render(env, &model, dir)?;

    // A page per unit, in parallel.
    let people = unit_page::People::new(&model)?;
    let bar = crate::progress::items(
        model.units.len() as u64,
        format!("report {}: unit pages", opts.period),
    );
    let unit_charts: Vec<usize> = model
        .units
        .values()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|u| {
            let charts = unit_page::render(env, &model, &people, u, dir);
            bar.inc(1);
            charts
        })
        .collect::<Result<_, ReportError>>()?;
    bar.finish_and_clear();
    chart_count += unit_charts.iter().sum::<usize>();
    Ok((2 + model.units.len(), chart_count))
}
