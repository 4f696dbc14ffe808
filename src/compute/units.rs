//! The unit queries: `unit_scopes` (which units each unit's figures cover), `unit_latency` and
//! `unit_month`. The latency percentiles need every decided entry of a scope at once, so each
//! entry joins once per unit above it; for a large period `unit_latency` runs bucket by bucket of
//! unit-id ranges, each range holding about `rows_per_bucket` joined rows (see `buckets`).

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::compute::{ComputeError, Step, buckets};

/// Joined rows (scope number, hours) per bucket, per activity of `--bucket-rows`: a joined row
/// is a small fraction of an activity row.
pub const JOINED_ROWS_PER_BUCKET_ROW: u64 = 16;

/// Runs the three queries and returns `unit_month`; the others stay registered for the queries
/// after it.
pub(crate) fn run(
    ctx: &mut SQLContext,
    step: &Step,
    entry_latency: &LazyFrame,
    rows_per_bucket: u64,
) -> Result<DataFrame, ComputeError> {
    let scopes = step.query(ctx, "unit_scopes")?;
    let bounds = latency_bounds(&scopes, entry_latency, rows_per_bucket)?;
    if bounds.len() > 1 {
        let started = std::time::Instant::now();
        let mut parts = Vec::new();
        for bucket in 0..bounds.len() {
            let in_range = buckets::in_range("unit", &bounds, bucket);
            ctx.register("unit_scopes", scopes.clone().lazy().filter(in_range));
            parts.push(step.query(ctx, "unit_latency")?);
        }
        ctx.register("unit_scopes", scopes.lazy());
        ctx.register("unit_latency", buckets::stack(parts)?.lazy());
        crate::trace::phase(
            &format!("unit_latency in {} unit ranges", bounds.len()),
            started,
        );
    } else {
        step.query(ctx, "unit_latency")?;
    }
    step.query(ctx, "unit_month")
}

/// Unit-id ranges whose scopes join to at most `rows_per_bucket` decided entries each (a unit
/// that alone joins to more gets a range of its own).
fn latency_bounds(
    scopes: &DataFrame,
    entry_latency: &LazyFrame,
    rows_per_bucket: u64,
) -> PolarsResult<Vec<String>> {
    let per_unit = entry_latency
        .clone()
        .group_by([col("unit_id")])
        .agg([len().cast(DataType::UInt64).alias("rows")]);
    let joined = scopes
        .clone()
        .lazy()
        .join(
            per_unit,
            [col("member_unit")],
            [col("unit_id")],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by([col("unit")])
        .agg([col("rows").sum()])
        .sort(["unit"], Default::default())
        .collect_with_engine(Engine::Streaming)?
        .unwrap_single();
    let units = joined.column("unit")?.str()?;
    let rows = joined.column("rows")?.u64()?;
    Ok(buckets::weighted_bounds(
        units
            .iter()
            .zip(rows.iter())
            .filter_map(|(unit, rows)| Some((unit?, rows.unwrap_or(0)))),
        rows_per_bucket,
    ))
}
