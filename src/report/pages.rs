//! Page models built from the tables, and their rendering. Figures are formatted here (so the
//! templates only place text); unit pages are rendered in parallel.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use base64::Engine;
use minijinja::{Environment, Value, context};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::report::ReportOptions;
use crate::report::charts;
use crate::report::format::{self, Lang};
use crate::report::labels::{all as all_labels, label};
use crate::report::tables::{PeriodTables, Table};

const PREDIKAT: [&str; 6] = [
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
const CHART_ROWS: usize = 40;

fn predikat_label(i: usize, lang: Lang) -> &'static str {
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
struct ChartView {
    title: String,
    note: String,
    file: String,
    data_uri: String,
    width: u32,
    height: u32,
}

/// Draws a chart into `dir/charts/<stem>.png` and returns how a page shows it.
fn chart(
    dir: &Path,
    stem: &str,
    title: &str,
    note: String,
    draw: impl FnOnce(&Path) -> charts::ChartResult,
) -> Result<ChartView, String> {
    let path = dir.join("charts").join(format!("{stem}.png"));
    draw(&path).map_err(|e| format!("chart {stem}: {e}"))?;
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    // PNG: width and height are the first fields of the IHDR chunk.
    let width = u32::from_be_bytes(bytes[16..20].try_into().expect("png header"));
    let height = u32::from_be_bytes(bytes[20..24].try_into().expect("png header"));
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
struct Figures {
    employees: i64,
    productivity: Option<f64>,
    attainment: Option<f64>,
    approval_rate: Option<f64>,
    latency_p50: Option<f64>,
    late_entries: i64,
    pile_up_share: Option<f64>,
    net: i64,
    predikat: [i64; 6],
}

struct Unit {
    id: String,
    name: String,
    parent: Option<String>,
    children: Vec<String>,
    direct: Figures,
    rollup: Figures,
}

#[derive(Serialize)]
struct UnitRow {
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

struct Model<'a> {
    lang: Lang,
    tables: &'a PeriodTables,
    units: BTreeMap<String, Unit>,
    base: Value,
}

fn hours(v: Option<f64>, lang: Lang) -> String {
    v.map(|h| format::decimal(h, 1, lang))
        .unwrap_or_else(|| "–".into())
}

impl Model<'_> {
    fn unit_rows(&self, ids: &[&Unit], ranked: bool) -> Vec<UnitRow> {
        let mut list: Vec<&Unit> = ids.to_vec();
        if ranked {
            list.sort_by(|a, b| {
                b.rollup
                    .productivity
                    .unwrap_or(-1.0)
                    .total_cmp(&a.rollup.productivity.unwrap_or(-1.0))
                    .then(a.id.cmp(&b.id))
            });
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
    fn dashboard_units(&self) -> Vec<&Unit> {
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

fn load_units(t: &Table) -> BTreeMap<String, Unit> {
    let (ids, names, parents, scopes) = (
        t.str("unit_id"),
        t.str("name"),
        t.str("parent_id"),
        t.str("scope"),
    );
    let (employees, productivity, attainment, approval) = (
        t.i64("employees"),
        t.f64("productivity"),
        t.f64("attainment"),
        t.f64("approval_rate"),
    );
    let (latency, late, pile, net) = (
        t.f64("latency_p50_h"),
        t.i64("late_entries"),
        t.f64("pile_up_share"),
        t.i64("net"),
    );
    let predikat: Vec<Vec<i64>> = PREDIKAT.iter().map(|p| t.i64(p)).collect();
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
    units
}

/// (period, productivity %) for every computed period in the output folder, oldest first.
pub fn trend_points(out: &Path) -> Result<Vec<(String, f64)>, String> {
    let mut periods: Vec<String> = std::fs::read_dir(out)
        .map_err(|e| format!("{}: {e}", out.display()))?
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|p| crate::calendar::month_bounds(p).is_some())
        .filter(|p| out.join(p).join("tables/employee_month.parquet").exists())
        .collect();
    periods.sort();
    periods
        .into_iter()
        .map(|p| {
            let t = Table::read(&out.join(&p).join("tables"), "employee_month")?;
            let approved: i64 = t.i64("approved_min").iter().sum();
            let target: i64 = t.i64("target_min").iter().sum();
            Ok((
                p,
                if target > 0 {
                    approved as f64 / target as f64 * 100.0
                } else {
                    0.0
                },
            ))
        })
        .collect()
}

/// Long lists keep their first and last halves, with a note saying so.
fn clip<T: Clone>(items: Vec<T>, lang: Lang) -> (Vec<T>, String) {
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

fn render(env: &Environment, name: &str, ctx: Value, path: &Path) -> Result<(), String> {
    let html = env
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| format!("template {name}: {e:#}"))?;
    std::fs::write(path, html).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn render_all(
    env: &Environment,
    tables: &PeriodTables,
    trend: &[(String, f64)],
    opts: &ReportOptions,
    dir: &Path,
) -> Result<(usize, usize), String> {
    let lang = opts.lang;
    let css = crate::report::templates::css(env)?;
    let inputs: Vec<String> = tables.manifest["source_files"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let base = Value::from_serialize(serde_json::json!({
        "lang": lang.code(),
        "t": all_labels(lang),
        "period": opts.period,
        "period_label": format::period(&opts.period, lang),
        "rules_sha256": tables.manifest["rules_sha256"].as_str().unwrap_or(""),
        "inputs": inputs,
        "css": css,
    }));
    let model = Model {
        lang,
        tables,
        units: load_units(&tables.unit_month),
        base,
    };
    let mut chart_count = 0;

    // Dashboard.
    let charts = dashboard_charts(&model, trend, dir)?;
    chart_count += charts.len();
    let em = &tables.employee_month;
    let approved: i64 = em.i64("approved_min").iter().sum();
    let target: i64 = em.i64("target_min").iter().sum();
    let attainments: Vec<f64> = em.f64("attainment").into_iter().flatten().collect();
    let predikats = em.str("predikat");
    let headline = serde_json::json!({
        "employees": format::integer(em.height() as i64, lang),
        "productivity": format::percent((target > 0).then(|| approved as f64 / target as f64), lang),
        "attainment": format::percent((!attainments.is_empty()).then(|| attainments.iter().sum::<f64>() / attainments.len() as f64), lang),
        "net": format::rupiah(tables.allowance.i64("net").iter().sum(), lang),
        "gross": format::rupiah(tables.allowance.i64("gross").iter().sum(), lang),
        "pending": format::integer(em.i64("pending_entries").iter().sum(), lang),
        "predikat": PREDIKAT.iter().enumerate().map(|(i, p)| serde_json::json!({"label": predikat_label(i, lang), "count": predikats.iter().filter(|x| x == p).count()})).collect::<Vec<_>>(),
    });
    let ap = &tables.approvers;
    let (a_nip, a_name, a_dec, a_lat, a_pend, a_burst) = (
        ap.str("approver_nip"),
        ap.str("name"),
        ap.i64("decisions"),
        ap.f64("latency_p50_h"),
        ap.i64("pending_at_close"),
        ap.i64("burst_windows"),
    );
    let mut order: Vec<usize> = (0..ap.height()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(a_burst[i] + a_pend[i]), a_nip[i].clone()));
    let approvers: Vec<serde_json::Value> = order
        .iter()
        .take(25)
        .map(|&i| serde_json::json!({"nip": a_nip[i], "name": a_name[i], "decisions": a_dec[i], "latency": hours(a_lat[i], lang), "pending": a_pend[i], "burst": a_burst[i]}))
        .collect();
    let ranked = model.unit_rows(&model.dashboard_units(), true);
    render(
        env,
        "index.html",
        context! { headline => headline, units => ranked, charts => charts, approvers => approvers, ..model.base.clone() },
        &dir.join("index.html"),
    )?;

    // Finance page.
    render_finance(env, &model, dir)?;

    // A page per unit, in parallel.
    let unit_charts: Vec<usize> = model
        .units
        .values()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|u| render_unit(env, &model, u, dir))
        .collect::<Result<_, String>>()?;
    chart_count += unit_charts.iter().sum::<usize>();
    Ok((2 + model.units.len(), chart_count))
}

fn dashboard_charts(
    model: &Model,
    trend: &[(String, f64)],
    dir: &Path,
) -> Result<Vec<ChartView>, String> {
    let lang = model.lang;
    let l = |k| label(k, lang);
    let mut units = model.dashboard_units();
    units.sort_by(|a, b| {
        b.rollup
            .productivity
            .unwrap_or(-1.0)
            .total_cmp(&a.rollup.productivity.unwrap_or(-1.0))
            .then(a.id.cmp(&b.id))
    });
    let (shown, note) = clip(units.clone(), lang);
    let names: Vec<String> = shown.iter().map(|u| u.name.clone()).collect();
    let mut out = vec![chart(
        dir,
        "productivity_by_unit",
        l("chart_productivity"),
        note.clone(),
        |p| {
            let values: Vec<f64> = shown
                .iter()
                .map(|u| u.rollup.productivity.unwrap_or(0.0) * 100.0)
                .collect();
            charts::hbar(
                p,
                l("chart_productivity"),
                l("axis_productivity"),
                l("axis_unit"),
                &names,
                &values,
                Some((100.0, l("target_line"))),
            )
        },
    )?];
    out.push(chart(dir, "trend", l("chart_trend"), String::new(), |p| {
        let labels: Vec<String> = trend
            .iter()
            .map(|(per, _)| format::period(per, lang))
            .collect();
        let values: Vec<f64> = trend.iter().map(|(_, v)| *v).collect();
        charts::trend(
            p,
            l("chart_trend"),
            l("axis_period"),
            l("axis_productivity"),
            &labels,
            &values,
            l("target_line"),
        )
    })?);
    out.push(chart(
        dir,
        "predikat_by_unit",
        l("chart_predikat"),
        note,
        |p| {
            let series: Vec<(String, Vec<f64>)> = (0..6)
                .map(|k| {
                    (
                        predikat_label(k, lang).to_string(),
                        shown.iter().map(|u| u.rollup.predikat[k] as f64).collect(),
                    )
                })
                .collect();
            charts::stacked_hbar(
                p,
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
    for (b, n) in lh.i64("bucket").iter().zip(lh.i64("entries")) {
        if (1..=7).contains(b) {
            buckets[(*b - 1) as usize] = n as f64;
        }
    }
    out.push(chart(
        dir,
        "approval_latency",
        l("chart_latency"),
        String::new(),
        |p| {
            let labels: Vec<String> = ["< 4", "4–8", "8–24", "24–48", "48–72", "72–168", "≥ 168"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            charts::vbar(
                p,
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
    let days = ds.i64("day");
    out.push(chart(
        dir,
        "submissions_per_day",
        l("chart_daily"),
        String::new(),
        |p| {
            let labels: Vec<String> = days
                .iter()
                .map(|d| {
                    (chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("date")
                        + chrono::Duration::days(*d))
                    .format("%-d")
                    .to_string()
                })
                .collect();
            let submitted: Vec<f64> = ds.i64("submitted").iter().map(|v| *v as f64).collect();
            let dated: Vec<f64> = ds.i64("dated").iter().map(|v| *v as f64).collect();
            let dated_label = if lang == Lang::Id {
                "Entri bertanggal hari itu"
            } else {
                "Entries dated that day"
            };
            charts::vbar(
                p,
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
    let (nips_unit, flags) = (it.str("unit_id"), it.i64("flags"));
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
        |p| {
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
                p,
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
        ap.str("approver_nip"),
        ap.str("name"),
        ap.i64("pending_at_close"),
        ap.i64("burst_windows"),
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
        |p| {
            let labels: Vec<String> = ranked.iter().map(|r| r.0.clone()).collect();
            let values: Vec<f64> = ranked.iter().map(|r| r.1).collect();
            charts::hbar(
                p,
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

fn flag_names(it: &Table, lang: Lang) -> HashMap<String, Vec<String>> {
    let nips = it.str("nip");
    let checks: [(&str, &str, &str); 9] = [
        (
            "flag_over_cap",
            "melebihi batas harian",
            "over the daily cap",
        ),
        ("flag_overlap", "jam tumpang tindih", "overlapping times"),
        ("flag_non_workday", "di hari libur", "on non-workdays"),
        ("flag_late", "terlambat dikirim", "submitted late"),
        (
            "flag_pile_up",
            "menumpuk di akhir bulan",
            "month-end pile-up",
        ),
        ("flag_duplicate", "uraian berulang", "repeated descriptions"),
        ("flag_self_approval", "menyetujui sendiri", "self-approval"),
        (
            "flag_non_supervisor",
            "disetujui bukan atasan",
            "approved by non-supervisor",
        ),
        (
            "flag_decided_before_submission",
            "disetujui sebelum dikirim",
            "decided before submission",
        ),
    ];
    let columns: Vec<Vec<bool>> = checks.iter().map(|(c, _, _)| it.bool(c)).collect();
    nips.iter()
        .enumerate()
        .map(|(i, nip)| {
            let names = checks
                .iter()
                .zip(&columns)
                .filter(|(_, col)| col[i])
                .map(|((_, id, en), _)| {
                    if lang == Lang::Id {
                        id.to_string()
                    } else {
                        en.to_string()
                    }
                })
                .collect();
            (nip.clone(), names)
        })
        .collect()
}

fn render_unit(env: &Environment, model: &Model, unit: &Unit, dir: &Path) -> Result<usize, String> {
    let lang = model.lang;
    let em = &model.tables.employee_month;
    let (nips, names, units, productivity, attainment, predikat) = (
        em.str("nip"),
        em.str("name"),
        em.str("unit_id"),
        em.f64("productivity"),
        em.f64("attainment"),
        em.str("predikat"),
    );
    let al = &model.tables.allowance;
    let net_by_nip: HashMap<String, i64> = al.str("nip").into_iter().zip(al.i64("net")).collect();
    let flags = flag_names(&model.tables.integrity, lang);
    let members: Vec<usize> = (0..em.height()).filter(|&i| units[i] == unit.id).collect();
    let employees: Vec<serde_json::Value> = members
        .iter()
        .map(|&i| {
            let k = PREDIKAT.iter().position(|p| *p == predikat[i]).unwrap_or(5);
            serde_json::json!({
                "nip": nips[i],
                "name": names[i],
                "productivity": format::percent(productivity[i], lang),
                "attainment": format::percent(attainment[i], lang),
                "predikat": predikat_label(k, lang),
                "net": net_by_nip.get(&nips[i]).map(|n| format::rupiah(*n, lang)).unwrap_or_else(|| "–".into()),
                "flags": flags.get(&nips[i]).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let children: Vec<&Unit> = unit
        .children
        .iter()
        .filter_map(|c| model.units.get(c))
        .collect();
    let stem = unit_href(&unit.id).trim_end_matches(".html").to_string();
    let title = label("chart_employees", lang);
    let mut charts = Vec::new();
    if !members.is_empty() {
        let (shown, note) = clip(members.clone(), lang);
        charts.push(chart(
            dir,
            &stem,
            &format!("{title} — {}", unit.name),
            note,
            |p| {
                let labels: Vec<String> = shown.iter().map(|&i| names[i].clone()).collect();
                let values: Vec<f64> = shown
                    .iter()
                    .map(|&i| productivity[i].unwrap_or(0.0) * 100.0)
                    .collect();
                charts::hbar(
                    p,
                    &format!("{title} — {}", unit.name),
                    label("axis_productivity", lang),
                    label("axis_employee", lang),
                    &labels,
                    &values,
                    Some((100.0, label("target_line", lang))),
                )
            },
        )?);
    } else if !children.is_empty() {
        let (shown, note) = clip(children.clone(), lang);
        let t = label("chart_productivity", lang);
        charts.push(chart(dir, &stem, t, note, |p| {
            let labels: Vec<String> = shown.iter().map(|u| u.name.clone()).collect();
            let values: Vec<f64> = shown
                .iter()
                .map(|u| u.rollup.productivity.unwrap_or(0.0) * 100.0)
                .collect();
            charts::hbar(
                p,
                t,
                label("axis_productivity", lang),
                label("axis_unit", lang),
                &labels,
                &values,
                Some((100.0, label("target_line", lang))),
            )
        })?);
    }
    let figures = serde_json::json!({
        "unit_id": unit.id,
        "name": unit.name,
        "employees": unit.rollup.employees,
        "productivity": format::percent(unit.rollup.productivity, lang),
        "attainment": format::percent(unit.rollup.attainment, lang),
        "approval_rate": format::percent(unit.rollup.approval_rate, lang),
        "net": format::rupiah(unit.rollup.net, lang),
    });
    let parent = unit
        .parent
        .as_ref()
        .and_then(|p| model.units.get(p))
        .map(|p| serde_json::json!({"name": p.name, "href": unit_href(&p.id)}));
    let _ = &unit.direct;
    let n = charts.len();
    render(
        env,
        "unit.html",
        context! { unit => figures, parent => parent, units => model.unit_rows(&children, true), employees => employees, charts => charts, ..model.base.clone() },
        &dir.join(unit_href(&unit.id)),
    )?;
    Ok(n)
}

fn render_finance(env: &Environment, model: &Model, dir: &Path) -> Result<(), String> {
    let lang = model.lang;
    let al = &model.tables.allowance;
    let columns = [
        "base",
        "perf_amount",
        "discipline_amount",
        "sanction_cut",
        "gross",
        "bpjs",
        "tax",
        "net",
    ];
    let values: Vec<Vec<i64>> = columns.iter().map(|c| al.i64(c)).collect();
    let unit_ids = al.str("unit_id");
    let mut per_unit: BTreeMap<String, (i64, Vec<i64>)> = BTreeMap::new();
    for (i, u) in unit_ids.iter().enumerate() {
        let entry = per_unit
            .entry(u.clone())
            .or_insert((0, vec![0; columns.len()]));
        entry.0 += 1;
        for (k, v) in values.iter().enumerate() {
            entry.1[k] += v[i];
        }
    }
    let money = |v: i64| format::rupiah(v, lang);
    let units: Vec<serde_json::Value> = per_unit
        .iter()
        .map(|(u, (n, sums))| {
            let mut row = serde_json::json!({"unit_id": u, "name": model.units.get(u).map(|x| x.name.clone()).unwrap_or_default(), "href": unit_href(u), "employees": n});
            for (k, c) in columns.iter().enumerate() {
                row[*c] = money(sums[k]).into();
            }
            row
        })
        .collect();
    let mut totals = serde_json::json!({"employees": al.height()});
    for (k, c) in columns.iter().enumerate() {
        totals[*c] = money(values[k].iter().sum()).into();
    }
    let discipline_cut: i64 = al.i64("discipline_cut").iter().sum();
    let deductions = vec![
        serde_json::json!({"label": label("discipline_cut", lang), "amount": money(discipline_cut)}),
        serde_json::json!({"label": label("sanction_cut", lang), "amount": money(values[3].iter().sum())}),
        serde_json::json!({"label": label("bpjs", lang), "amount": money(values[5].iter().sum())}),
        serde_json::json!({"label": label("tax", lang), "amount": money(values[6].iter().sum())}),
    ];
    let at = &model.tables.attention;
    let reasons = at.str("reason");
    let attention: Vec<serde_json::Value> = (0..at.height())
        .map(|i| {
            let key = format!("reason_{}", reasons[i]);
            let reason = crate::report::labels::all(lang).get(key.as_str()).copied().unwrap_or(reasons[i].as_str()).to_string();
            serde_json::json!({"nip": at.str("nip")[i], "name": at.str("name")[i], "unit_id": at.str("unit_id")[i], "reason": reason, "detail": at.str("detail")[i]})
        })
        .collect();
    let downloads: Vec<serde_json::Value> = [
        "allowance.xlsx",
        "allowance.csv",
        "allowance.parquet",
        "attention.csv",
        "unit_month.csv",
        "employee_month.csv",
    ]
    .iter()
    .map(|f| serde_json::json!({"name": f, "href": format!("../tables/{f}")}))
    .collect();
    render(
        env,
        "allowance.html",
        context! { units => units, totals => totals, deductions => deductions, attention => attention, downloads => downloads, ..model.base.clone() },
        &dir.join("allowance.html"),
    )
}
