//! The month before a period (P−1) for the change since last month (SPEC section 10): its
//! tables in `--out` when they were computed from the same warehouse files, rules, queries and
//! engine as a run now would use; otherwise P−1 is computed now into a scratch folder beside the
//! outputs, read, and removed. Never an out-of-date month explaining this one.

use std::path::Path;

use polars::prelude::*;

use crate::compute::changes::{self, Months, Tables};
use crate::compute::{Changes, ComputeError, ComputeOptions, inputs, params, sources, trend};
use crate::schema;
use crate::warehouse::Warehouse;

fn output<'a>(outputs: &'a [(String, DataFrame)], name: &str) -> &'a DataFrame {
    &outputs
        .iter()
        .find(|(n, _)| n == name)
        .expect("computed before the changes")
        .1
}

/// Whether `dir` (a period's folder in `--out`) holds what computing `period` now would give:
/// its manifest names this engine, these rules and queries, and exactly the warehouse files a
/// run now reads, each with the hash it has now.
fn still_current(
    wh: &Warehouse,
    opts: &ComputeOptions,
    period: &str,
    dir: &Path,
) -> Result<bool, ComputeError> {
    let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) else {
        return Ok(false);
    };
    let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Ok(false);
    };
    let field = |name: &str| manifest[name].as_str().unwrap_or_default().to_string();
    if field("engine") != format!("kinerja {}", env!("CARGO_PKG_VERSION"))
        || field("rules_sha256") != opts.rules_sha256
        || field("queries_sha256") != opts.queries.hash
    {
        return Ok(false);
    }
    // The warehouse as it was then: nothing to hash again.
    if field("warehouse_manifest_sha256") == sources::warehouse_manifest_sha256(wh)? {
        return Ok(true);
    }
    let listed: Vec<(String, String)> = manifest["warehouse_files"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .map(|f| {
                    let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
                    (text("path"), text("sha256"))
                })
                .collect()
        })
        .unwrap_or_default();
    let started = std::time::Instant::now();
    let period_params =
        params::PeriodParams::new(&opts.rules, period, inputs::holidays(wh, period)?)?;
    let now = inputs::load(wh, &period_params)?;
    crate::trace::phase(&format!("changes: {period}'s inputs listed"), started);
    let started = std::time::Instant::now();
    let read_now: Vec<(String, String)> = sources::Sources::read(wh, &now)?
        .warehouse_files
        .into_iter()
        .map(|f| (f.path, f.sha256))
        .collect();
    crate::trace::phase(&format!("changes: {period}'s files hashed"), started);
    Ok(listed == read_now)
}

/// `columns` of the table `name` in `dir`, or None when it is not there.
fn columns(dir: &Path, name: &str, columns: &[&str]) -> PolarsResult<Option<DataFrame>> {
    let path = dir.join(format!("{name}.parquet"));
    if !path.exists() {
        return Ok(None);
    }
    crate::warehouse::parquet::scan(&path)?
        .select(columns.iter().map(|c| col(*c)).collect::<Vec<_>>())
        .collect()
        .map(Some)
}

/// P−1's `employee_month` and `allowance`, or why there are none: no activities for P−1 in
/// the warehouse, or not what computing it needs (a roster, holidays). The period's own pay does
/// not depend on P−1, so that only leaves its change unexplained, and the tables say why.
fn previous_tables(
    wh: &Warehouse,
    opts: &ComputeOptions,
    prev: &str,
) -> Result<Result<(DataFrame, DataFrame), String>, ComputeError> {
    let held = wh.periods(schema::kind("activities").expect("a kind"));
    if !held.iter().any(|p| p == prev) {
        return Ok(Err(format!("no data for {prev} in the warehouse")));
    }
    let read = |dir: &Path| -> Result<Option<(DataFrame, DataFrame)>, ComputeError> {
        let tables = dir.join("tables");
        Ok(
            match (
                columns(&tables, "employee_month", &changes::EMPLOYEE_MONTH_COLUMNS)?,
                columns(&tables, "allowance", &changes::ALLOWANCE_COLUMNS)?,
            ) {
                (Some(em), Some(al)) => Some((em, al)),
                _ => None,
            },
        )
    };
    let unavailable = |why: String| Ok(Err(format!("{prev} cannot be computed: {why}")));
    let in_out = opts.out.join(prev);
    match still_current(wh, opts, prev, &in_out) {
        Ok(true) => {
            if let Some(tables) = read(&in_out)? {
                return Ok(Ok(tables));
            }
        }
        Ok(false) => {}
        Err(ComputeError::Missing(why)) => return unavailable(why),
        Err(e) => return Err(e),
    }
    // Computed now, beside the outputs (same file system; removed whether it succeeds or not,
    // and a killed run's scratch is replaced by the next).
    let scratch = opts.out.join(format!(".previous-{prev}"));
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    std::fs::create_dir_all(&scratch)?;
    let computed = crate::compute::compute_period(wh, opts, prev, &scratch, Changes::Skip, &[])
        .and_then(|_| read(&scratch.join(prev)));
    std::fs::remove_dir_all(&scratch)?;
    match computed {
        Ok(Some(tables)) => Ok(Ok(tables)),
        Ok(None) => Err(ComputeError::Engine(format!(
            "{prev} was computed but has no tables"
        ))),
        Err(ComputeError::Missing(why)) => unavailable(why),
        Err(e) => Err(e),
    }
}

pub fn explain(
    wh: &Warehouse,
    opts: &ComputeOptions,
    period: &str,
    outputs: &[(String, DataFrame)],
    units: &DataFrame,
) -> Result<Tables, ComputeError> {
    let prev_period = trend::months_before(period, 1).unwrap_or_default();
    let prev = previous_tables(wh, opts, &prev_period)?;
    let months = Months {
        period,
        prev_period: &prev_period,
        employee_month: output(outputs, "employee_month"),
        allowance: output(outputs, "allowance"),
        prev,
        units,
    };
    changes::tables(&months, &opts.rules).map_err(|e| match e {
        PolarsError::ComputeError(message) => ComputeError::Engine(format!(
            "explaining the change since {prev_period}: {message}"
        )),
        other => other.into(),
    })
}

/// The stayers whose net moved beyond `change_alert_pct` join the period's `attention` list.
pub fn add_alerts(
    outputs: &mut [(String, DataFrame)],
    alerts: &[changes::Alert],
) -> Result<(), ComputeError> {
    let Some((_, attention)) = outputs.iter_mut().find(|(n, _)| n == "attention") else {
        return Ok(());
    };
    let items: Vec<crate::compute::allowance::Attention> = alerts
        .iter()
        .map(|a| crate::compute::allowance::Attention {
            nip: a.nip,
            name: a.name.clone(),
            unit_id: a.unit_id.clone(),
            reason: "change_alert",
            detail: a.detail.clone(),
        })
        .collect();
    let more = crate::compute::allowance::attention_frame(&items)?;
    attention.vstack_mut(&more)?;
    Ok(())
}
