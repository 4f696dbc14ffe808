//! The `approvers` query, for a large period bucket by bucket of approver NIP ranges: each
//! bucket reads the `decisions` of its approvers only. Pending entries are counted per
//! supervisor over the whole roster, so each bucket keeps the rows of its own range; the ranges
//! ascend, so the stacked rows stay in NIP order, the order the query sorts by.

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::compute::{ComputeError, Step, buckets};

pub(crate) fn run(
    ctx: &mut SQLContext,
    step: &Step,
    decisions: &LazyFrame,
    bounds: &[i64],
) -> Result<DataFrame, ComputeError> {
    if bounds.len() == 1 {
        return step.query(ctx, "approvers");
    }
    let started = std::time::Instant::now();
    let count = bounds.len() as u32;
    let files = buckets::split(
        decisions.clone(),
        buckets::by_range("approver_nip", bounds.to_vec()),
        count,
        &step.work.join("decisions-by-approver"),
    )?;
    crate::trace::phase(&format!("split into {count} approver ranges"), started);
    let mut parts = Vec::new();
    for (bucket, files) in files.iter().enumerate() {
        ctx.register("decisions", buckets::scan(files, decisions)?);
        let rows = step.query(ctx, "approvers")?;
        parts.push(
            rows.lazy()
                .filter(buckets::in_range("approver_nip", bounds, bucket))
                .collect()?,
        );
    }
    ctx.register("decisions", decisions.clone());
    let all = buckets::stack(parts)?;
    ctx.register("approvers", all.clone().lazy());
    Ok(all)
}
