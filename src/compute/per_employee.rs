//! The per-employee steps (the `indicators` query, the exact `attainment` step, the
//! `employee_month` query): in one go for a small
//! period, else bucket by bucket of NIP ranges (see `buckets`), each bucket reading only its
//! employees' entries (written per range by the per-activity step), targets, attendance, roster
//! and evaluation rows. The buckets' results are stacked in range order, which is NIP order, the
//! order each query sorts by.

use std::path::PathBuf;

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::compute::{ComputeError, Step, attainment, buckets};

pub const QUERIES: [&str; 3] = ["indicators", "attainment", "employee_month"];

/// Runs step `name` over what is registered in `ctx` and registers its result; `attainment` is
/// computed in Rust from the `indicators` just computed.
fn run_step(
    ctx: &mut SQLContext,
    step: &Step,
    name: &str,
    done: &[DataFrame],
) -> Result<DataFrame, ComputeError> {
    if name != "attainment" {
        return step.query(ctx, name);
    }
    let started = std::time::Instant::now();
    let df = attainment::compute(&done[0], &step.period.rules)?;
    ctx.register(name, df.clone().lazy());
    crate::trace::phase(&format!("attainment ({} rows)", df.height()), started);
    Ok(df)
}

/// Runs the three steps and returns their results, registered in `ctx` under their names.
pub(crate) fn run(
    ctx: &mut SQLContext,
    step: &Step,
    entries: LazyFrame,
    bounds: &[i64],
    entry_files: &[Vec<PathBuf>],
) -> Result<Vec<(String, DataFrame)>, ComputeError> {
    let roster = step.inputs.table("roster");
    if bounds.len() == 1 {
        let mut done = Vec::new();
        for name in QUERIES {
            done.push(run_step(ctx, step, name, &done)?);
        }
        export_attainment(step, &done[1])?;
        return Ok(QUERIES.iter().map(|n| n.to_string()).zip(done).collect());
    }
    let count = bounds.len() as u32;
    let started = std::time::Instant::now();
    let split = |lf: LazyFrame, name: &str| {
        buckets::split(
            lf,
            buckets::by_range("nip", bounds.to_vec()),
            count,
            &step.work.join(format!("{name}-by-nip")),
        )
    };
    let targets = step.inputs.scan("targets");
    let attendance = step.inputs.scan("attendance");
    let target_files = split(targets.clone(), "targets")?;
    let attendance_files = split(attendance.clone(), "attendance")?;
    crate::trace::phase(&format!("split into {count} NIP ranges"), started);

    let evaluations = step.inputs.table("evaluations");
    let mut stacked: Vec<Vec<DataFrame>> = vec![Vec::new(); QUERIES.len()];
    for bucket in 0..count as usize {
        let in_range = buckets::in_range("nip", bounds, bucket);
        ctx.register("roster", roster.clone().lazy().filter(in_range.clone()));
        ctx.register("evaluations", evaluations.clone().lazy().filter(in_range));
        let range_entries = entry_files.get(bucket).map(Vec::as_slice).unwrap_or(&[]);
        ctx.register("entries", buckets::scan(range_entries, &entries)?);
        ctx.register("targets", buckets::scan(&target_files[bucket], &targets)?);
        ctx.register(
            "attendance",
            buckets::scan(&attendance_files[bucket], &attendance)?,
        );
        let mut done = Vec::new();
        for name in QUERIES {
            done.push(run_step(ctx, step, name, &done)?);
        }
        for (i, df) in done.into_iter().enumerate() {
            stacked[i].push(df);
        }
    }
    ctx.register("roster", roster.clone().lazy());
    ctx.register("evaluations", evaluations.clone().lazy());
    ctx.register("entries", entries);
    ctx.register("targets", targets);
    ctx.register("attendance", attendance);
    let results: Vec<(String, DataFrame)> = QUERIES
        .iter()
        .zip(stacked)
        .map(|(name, parts)| {
            let all = buckets::stack(parts)?;
            ctx.register(name, all.clone().lazy());
            Ok::<_, ComputeError>((name.to_string(), all))
        })
        .collect::<Result<_, _>>()?;
    export_attainment(step, &results[1].1)?;
    Ok(results)
}

/// Another SQL engine running the exported queries reads the attainment as an input, as it
/// reads the allowance.
fn export_attainment(step: &Step, attainment: &DataFrame) -> Result<(), ComputeError> {
    if let Some(dir) = step.export {
        crate::warehouse::parquet::write(
            &mut attainment.clone(),
            &dir.join("inputs").join("attainment.parquet"),
        )?;
    }
    Ok(())
}
