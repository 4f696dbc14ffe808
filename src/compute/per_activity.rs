//! The per-activity queries: `entries` (a row per activity with the decision that counts), then
//! `decisions` (a row per approval, for `approvers`) and `entry_latency` (a row per decided
//! entry, for the latency figures), which read it. In one go for a small period; for a large one
//! bucket by bucket of activity-id hashes (see `buckets`): an activity and its approvals land in
//! the same bucket. Each result is streamed to scratch files and scanned from there.

use std::path::PathBuf;
use std::time::Instant;

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::compute::{ComputeError, Step, buckets};
use crate::warehouse::parquet;

pub const QUERIES: [&str; 3] = ["entries", "decisions", "entry_latency"];

/// Scans of the three results, each registered under its name.
pub struct PerActivity {
    pub entries: LazyFrame,
    pub decisions: LazyFrame,
    pub entry_latency: LazyFrame,
}

/// Runs the three queries in `buckets` buckets.
pub(crate) fn run(
    ctx: &mut SQLContext,
    step: &Step,
    buckets: u32,
) -> Result<PerActivity, ComputeError> {
    let mut parts: [Vec<PathBuf>; 3] = Default::default();
    if buckets == 1 {
        run_bucket(ctx, step, "", &mut parts)?;
    } else {
        let started = Instant::now();
        let activities = step.inputs.scan("activities");
        let approvals = step.inputs.scan("approvals");
        let split = |lf: &LazyFrame, name: &str| {
            buckets::split(
                lf.clone(),
                buckets::by_activity(buckets),
                buckets,
                &step.work.join(name),
            )
        };
        let activity_files = split(&activities, "activities")?;
        let approval_files = split(&approvals, "approvals")?;
        crate::trace::phase(&format!("split into {buckets} buckets"), started);
        for (bucket, files) in activity_files.iter().enumerate() {
            if files.is_empty() {
                continue;
            }
            ctx.register("activities", buckets::scan(files, &activities)?);
            ctx.register(
                "approvals",
                buckets::scan(&approval_files[bucket], &approvals)?,
            );
            run_bucket(ctx, step, &format!("-{bucket:04}"), &mut parts)?;
        }
        ctx.register("activities", activities);
        ctx.register("approvals", approvals);
    }
    let [entries, decisions, entry_latency] = parts.map(|files| parquet::scan_many(&files));
    let results = PerActivity {
        entries: entries?,
        decisions: decisions?,
        entry_latency: entry_latency?,
    };
    ctx.register("entries", results.entries.clone());
    ctx.register("decisions", results.decisions.clone());
    ctx.register("entry_latency", results.entry_latency.clone());
    Ok(results)
}

/// Runs the three queries over the activities and approvals registered now; `entries` is this
/// bucket's while the other two run.
fn run_bucket(
    ctx: &mut SQLContext,
    step: &Step,
    suffix: &str,
    parts: &mut [Vec<PathBuf>; 3],
) -> Result<(), ComputeError> {
    for (name, files) in QUERIES.iter().zip(parts.iter_mut()) {
        let path = step.work.join(format!("{name}{suffix}.parquet"));
        step.query_to_file(ctx, name, &path)?;
        files.push(path);
    }
    Ok(())
}
