//! The `entries` step: a row per activity with the decision that counts. In one go for a small
//! period; for a large one bucket by bucket of activity-id hashes (see `buckets`), each bucket's
//! result streamed to its own scratch file.

use std::time::Instant;

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::compute::{ComputeError, Step, buckets};
use crate::warehouse::parquet;

/// Runs `entries` in `buckets` buckets and returns a scan of the result, registered as
/// `entries`.
pub(crate) fn run(
    ctx: &mut SQLContext,
    step: &Step,
    buckets: u32,
) -> Result<LazyFrame, ComputeError> {
    if buckets == 1 {
        let path = step.work.join("entries.parquet");
        step.query_to_file(ctx, "entries", &path)?;
        return Ok(parquet::scan(&path)?);
    }
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
    let mut parts = Vec::new();
    for (bucket, files) in activity_files.iter().enumerate() {
        if files.is_empty() {
            continue;
        }
        ctx.register("activities", buckets::scan(files, &activities)?);
        ctx.register(
            "approvals",
            buckets::scan(&approval_files[bucket], &approvals)?,
        );
        let path = step.work.join(format!("entries-{bucket:04}.parquet"));
        step.query_to_file(ctx, "entries", &path)?;
        parts.push(path);
    }
    ctx.register("activities", activities);
    ctx.register("approvals", approvals);
    let entries = parquet::scan_many(&parts)?;
    ctx.register("entries", entries.clone());
    Ok(entries)
}
