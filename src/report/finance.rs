//! The finance page: totals by unit that equal the allowance table, the deductions, and who
//! to look at before paying.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::{Environment, context};

use super::error::ReportError;
use crate::report::format::{self};
use crate::report::labels::label;
use crate::report::pages::*;

pub(crate) fn render(env: &Environment, model: &Model, dir: &Path) -> Result<(), ReportError> {
    let lang = model.lang;
    let al = &model.tables.allowance;
    let columns: Vec<&str> = crate::money_columns::MONEY_COLUMNS
        .iter()
        .map(|(c, _)| *c)
        .collect();
    let values: Vec<Vec<i64>> = columns
        .iter()
        .map(|c| al.i64(c))
        .collect::<Result<_, _>>()?;
    let unit_ids = al.str("unit_id")?;
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
    let name_of = |u: &str| {
        model
            .units
            .get(u)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let line = |mut row: serde_json::Value, sums: &[i64]| {
        for (k, c) in columns.iter().enumerate() {
            row[*c] = money(sums[k]).into();
        }
        row
    };
    // The units of each agency (OPD), then the agency's subtotal: what each OPD's treasurer pays.
    type Sums = (i64, Vec<i64>);
    let mut by_agency: BTreeMap<String, Vec<(&String, &Sums)>> = BTreeMap::new();
    for (u, sums) in &per_unit {
        by_agency
            .entry(agency_of(&model.units, u))
            .or_default()
            .push((u, sums));
    }
    let mut units: Vec<serde_json::Value> = Vec::new();
    for (agency, members) in &by_agency {
        let mut subtotal = (0, vec![0; columns.len()]);
        for (u, (n, sums)) in members {
            units.push(line(
                serde_json::json!({"unit_id": u, "name": name_of(u), "href": unit_href(u), "employees": n, "subtotal": false}),
                sums,
            ));
            subtotal.0 += n;
            for (k, v) in sums.iter().enumerate() {
                subtotal.1[k] += v;
            }
        }
        units.push(line(
            serde_json::json!({"unit_id": agency, "name": format!("{} {}", label("subtotal_agency", lang), name_of(agency)), "href": unit_href(agency), "employees": subtotal.0, "subtotal": true}),
            &subtotal.1,
        ));
    }
    let mut totals = serde_json::json!({"employees": al.height()});
    for (k, c) in columns.iter().enumerate() {
        totals[*c] = money(values[k].iter().sum()).into();
    }
    let total = |name: &str| -> i64 {
        columns
            .iter()
            .position(|c| *c == name)
            .map(|k| values[k].iter().sum())
            .unwrap_or(0)
    };
    let discipline_cut: i64 = al.i64("discipline_cut")?.iter().sum();
    let deductions = vec![
        serde_json::json!({"label": label("discipline_cut", lang), "amount": money(discipline_cut)}),
        serde_json::json!({"label": label("sanction_cut", lang), "amount": money(total("sanction_cut"))}),
        serde_json::json!({"label": label("bpjs", lang), "amount": money(total("bpjs"))}),
        serde_json::json!({"label": label("tax", lang), "amount": money(total("tax"))}),
        serde_json::json!({"label": label("forfeited_amount", lang), "amount": money(total("forfeited_amount"))}),
    ];
    let at = &model.tables.attention;
    let (nips, names, attention_units, reasons, details) = (
        at.str("nip")?,
        at.str("name")?,
        at.str("unit_id")?,
        at.str("reason")?,
        at.str("detail")?,
    );
    let words = crate::report::labels::all(lang);
    let attention: Vec<serde_json::Value> = (0..at.height())
        .map(|i| {
            let key = format!("reason_{}", reasons[i]);
            let reason = words.get(key.as_str()).copied().unwrap_or(reasons[i].as_str());
            serde_json::json!({"nip": nips[i], "name": names[i], "unit_id": attention_units[i], "reason": reason, "detail": details[i]})
        })
        .collect();
    let readiness = readiness_rows(&model.tables.readiness, lang)?;
    let downloads: Vec<serde_json::Value> = [
        "allowance.xlsx",
        "allowance.csv",
        "allowance.parquet",
        "attention.csv",
        "readiness.csv",
        "unit_month.csv",
        "employee_month.csv",
    ]
    .iter()
    .map(|f| serde_json::json!({"name": f, "href": format!("../tables/{f}")}))
    .collect();
    render_html(
        env,
        "allowance.html",
        context! { readiness => readiness, units => units, totals => totals, deductions => deductions, attention => attention, downloads => downloads, ..model.base.clone() },
        &dir.join("allowance.html"),
    )
}

/// The agency (OPD, SPEC 12) a unit belongs to: the root's child on its path, or the root.
fn agency_of(units: &BTreeMap<String, Unit>, id: &str) -> String {
    let mut path = vec![id.to_string()];
    while let Some(parent) = units
        .get(path.last().expect("not empty"))
        .and_then(|u| u.parent.clone())
    {
        if path.contains(&parent) || path.len() > units.len() {
            break;
        }
        path.push(parent);
    }
    path[path.len().saturating_sub(2)].clone()
}

/// Pay readiness per agency (SPEC 12), those not ready first, each reason's count beside it.
fn readiness_rows(
    t: &crate::report::tables::Table,
    lang: format::Lang,
) -> Result<Vec<serde_json::Value>, ReportError> {
    let (ids, names, ready) = (t.str("unit_id")?, t.str("name")?, t.bool("ready")?);
    let (employees, pending, share, pending_ok) = (
        t.i64("employees")?,
        t.i64("pending_entries")?,
        t.f64("pending_share")?,
        t.bool("pending_ok")?,
    );
    let counts: Vec<Vec<i64>> = ["no_evaluation", "no_base", "no_attendance", "unknown_unit"]
        .iter()
        .map(|c| t.i64(c))
        .collect::<Result<_, _>>()?;
    let mut order: Vec<usize> = (0..t.height()).collect();
    order.sort_by_key(|&i| (ready[i], names[i].clone()));
    Ok(order
        .into_iter()
        .map(|i| {
            serde_json::json!({
                "name": names[i],
                "href": unit_href(&ids[i]),
                "ready": ready[i],
                "employees": format::integer(employees[i], lang),
                "pending": format!("{} ({})", format::integer(pending[i], lang), format::percent(share[i], lang)),
                "pending_ok": pending_ok[i],
                "counts": counts.iter().map(|c| c[i]).collect::<Vec<_>>(),
            })
        })
        .collect())
}
