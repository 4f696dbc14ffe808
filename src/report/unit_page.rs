//! A page per unit: its figures, sub-units, employees with their flags, and a chart.

use std::collections::HashMap;
use std::path::Path;

use minijinja::{Environment, context};

use super::error::ReportError;
use crate::report::charts;
use crate::report::format::{self, Lang};
use crate::report::labels::label;
use crate::report::pages::*;
use crate::report::tables::Table;

fn flag_names(it: &Table, lang: Lang) -> Result<HashMap<String, Vec<String>>, ReportError> {
    let nips = it.str("nip")?;
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
    let columns: Vec<Vec<bool>> = checks
        .iter()
        .map(|(c, _, _)| it.bool(c))
        .collect::<Result<_, _>>()?;
    Ok(nips
        .iter()
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
        .collect())
}

/// The employee columns every unit page reads, loaded and indexed by unit once (13,600 pages at
/// 100,000 employees must not each scan the whole roster).
pub(crate) struct People {
    nips: Vec<String>,
    names: Vec<String>,
    productivity: Vec<Option<f64>>,
    attainment: Vec<Option<f64>>,
    predikat: Vec<String>,
    net_by_nip: HashMap<String, i64>,
    flags: HashMap<String, Vec<String>>,
    by_unit: HashMap<String, Vec<usize>>,
}

impl People {
    pub(crate) fn new(model: &Model) -> Result<People, ReportError> {
        let em = &model.tables.employee_month;
        let al = &model.tables.allowance;
        let mut by_unit: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, unit) in em.str("unit_id")?.into_iter().enumerate() {
            by_unit.entry(unit).or_default().push(i);
        }
        Ok(People {
            nips: em.str("nip")?,
            names: em.str("name")?,
            productivity: em.f64("productivity")?,
            attainment: em.f64("attainment")?,
            predikat: em.str("predikat")?,
            net_by_nip: al.str("nip")?.into_iter().zip(al.i64("net")?).collect(),
            flags: flag_names(&model.tables.integrity, model.lang)?,
            by_unit,
        })
    }
}

pub(crate) fn render(
    env: &Environment,
    model: &Model,
    people: &People,
    unit: &Unit,
    dir: &Path,
) -> Result<usize, ReportError> {
    let lang = model.lang;
    let People {
        nips,
        names,
        productivity,
        attainment,
        predikat,
        net_by_nip,
        flags,
        ..
    } = people;
    let members: Vec<usize> = people.by_unit.get(&unit.id).cloned().unwrap_or_default();
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
            || {
                let labels: Vec<String> = shown.iter().map(|&i| names[i].clone()).collect();
                let values: Vec<f64> = shown
                    .iter()
                    .map(|&i| productivity[i].unwrap_or(0.0) * 100.0)
                    .collect();
                charts::hbar(
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
        charts.push(chart(dir, &stem, t, note, || {
            let labels: Vec<String> = shown.iter().map(|u| u.name.clone()).collect();
            let values: Vec<f64> = shown
                .iter()
                .map(|u| u.rollup.productivity.unwrap_or(0.0) * 100.0)
                .collect();
            charts::hbar(
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
    let curve = match model.curves.0.get(&unit.id) {
        Some(rated) => {
            let view = crate::report::curve::unit_view(rated, lang);
            let chart = crate::report::curve::chart_of(
                dir,
                &format!("{stem}_curve"),
                &unit.name,
                rated,
                lang,
            )?;
            Some(serde_json::json!({ "view": view, "chart": chart }))
        }
        None => None,
    };
    let change_stem = format!("{stem}_change");
    let change = model.changes.view(
        &unit.id,
        &unit.name,
        dir,
        (!children.is_empty()).then_some(change_stem.as_str()),
        lang,
    )?;
    let sub_units: Vec<(String, String, String)> = children
        .iter()
        .map(|u| (u.id.clone(), u.name.clone(), unit_href(&u.id)))
        .collect();
    let movers = model.changes.movers(&sub_units, 10, lang);
    let n = charts.len() + usize::from(curve.is_some()) + usize::from(!change["chart"].is_null());
    render_html(
        env,
        "unit.html",
        context! { unit => figures, parent => parent, units => model.unit_rows(&children, true), employees => employees, charts => charts, curve => curve, coaching => model.coaching.unit_view(&unit.id), change => change, movers => movers, ..model.base.clone() },
        &dir.join(unit_href(&unit.id)),
    )?;
    Ok(n)
}
