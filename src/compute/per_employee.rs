//! The per-employee queries (`indicators`, `attainment`, `employee_month`): in one go for a small
//! period, else bucket by bucket of NIP ranges (see `buckets`), each bucket reading only its
//! employees' entries (written per range by the per-activity step), targets, attendance, roster
//! and evaluation rows. The buckets' results are stacked in range order, which is NIP order, the
//! order each query sorts by.

use std::path::PathBuf;

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::compute::{ComputeError, Step, buckets};

pub const QUERIES: [&str; 3] = ["indicators", "attainment", "employee_month"];

/// Runs the three queries and returns their results, registered in `ctx` under their names.
pub(crate) fn run(
    ctx: &mut SQLContext,
    step: &Step,
    entries: LazyFrame,
    bounds: &[i64],
    entry_files: &[Vec<PathBuf>],
) -> Result<Vec<(String, DataFrame)>, ComputeError> {
    let roster = step.inputs.table("roster");
    if bounds.len() == 1 {
        return QUERIES
            .iter()
            .map(|name| Ok((name.to_string(), step.query(ctx, name)?)))
            .collect();
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
        for (i, name) in QUERIES.iter().enumerate() {
            stacked[i].push(step.query(ctx, name)?);
        }
    }
    ctx.register("roster", roster.clone().lazy());
    ctx.register("evaluations", evaluations.clone().lazy());
    ctx.register("entries", entries);
    ctx.register("targets", targets);
    ctx.register("attendance", attendance);
    QUERIES
        .iter()
        .zip(stacked)
        .map(|(name, parts)| {
            let all = buckets::stack(parts)?;
            ctx.register(name, all.clone().lazy());
            Ok((name.to_string(), all))
        })
        .collect()
}
