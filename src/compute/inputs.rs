//! What one period reads from the warehouse, prepared for SQL: timestamps as local epoch seconds
//! and dates as day numbers (so the queries need no engine-specific date functions), NIPs as
//! numbers, the roster snapshot in force, and the helper tables SQL expresses badly: the calendar
//! and the unit tree.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use crate::calendar;
use crate::compute::description_key::employee_description_keys;
use crate::compute::params::{Holidays, PeriodParams, day_number};
use crate::compute::{ComputeError, sorted};
use crate::schema::{self, Kind};
use crate::warehouse::{Warehouse, parquet};

/// Tables for one period, ready to register, plus the values the SQL templates need.
pub struct PeriodInputs {
    pub period: String,
    pub snapshot: String,
    /// Small tables, read whole (the roster, the unit tree, the calendar...).
    pub tables: Vec<(&'static str, DataFrame)>,
    /// The period's large tables (activities, approvals, attendance...), left as scans so the
    /// queries stream them instead of holding them in memory.
    pub scans: Vec<(&'static str, LazyFrame)>,
    /// Activities of the period (from the Parquet footer), to size the work.
    pub activity_rows: u64,
    /// Warehouse files read (relative paths), for the manifest.
    pub files: Vec<String>,
}

fn kind(name: &str) -> &'static Kind {
    schema::kind(name).expect("kind in schema")
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("date")
}

fn previous_period(period: &str) -> String {
    let (first, _) = calendar::month_bounds(period).expect("valid period");
    first.pred_opt().expect("date").format("%Y-%m").to_string()
}

struct Reader<'a> {
    wh: &'a Warehouse,
    files: Vec<String>,
}

impl Reader<'_> {
    /// The partitions of `kind` for `periods` (those that exist), with `period` restored; an
    /// empty frame of the kind's schema when there are none.
    fn partitions(&mut self, kind: &Kind, periods: &[String]) -> PolarsResult<LazyFrame> {
        let files = self.existing(kind, periods);
        self.concatenated(kind, &files)
    }

    /// The rows of `files` one after another, as `partitions` gives them.
    fn concatenated(
        &mut self,
        kind: &Kind,
        files: &[(String, PathBuf)],
    ) -> PolarsResult<LazyFrame> {
        let frames = self.scans(kind, files)?;
        if frames.is_empty() {
            let mut schema = crate::warehouse::stored::stored_schema(kind);
            schema.insert("period".into(), DataType::String);
            return Ok(DataFrame::empty_with_schema(&schema).lazy());
        }
        concat(
            frames,
            UnionArgs {
                maintain_order: true,
                ..Default::default()
            },
        )
    }

    /// As `partitions`, for a kind stored sorted (`Kind::sorted_by`): when every partition read
    /// says it is sorted, and is (checked), their rows are merged in that order and the frame is marked sorted, so
    /// polars merge-joins on the column instead of hashing it. Otherwise (partitions written
    /// before they were sorted) as `partitions`, unmarked.
    fn sorted_partitions(&mut self, kind: &Kind, periods: &[String]) -> PolarsResult<LazyFrame> {
        let Some(column) = kind.sorted_by else {
            return self.partitions(kind, periods);
        };
        let files = self.existing(kind, periods);
        let mut marked = !files.is_empty();
        for (_, path) in &files {
            marked = marked
                && parquet::sorted_by(path)?.as_deref() == Some(column)
                && sorted::is_ascending(path, column)?;
        }
        if !marked {
            return self.concatenated(kind, &files);
        }
        let frames = self.scans(kind, &files)?;
        sorted::hint(parquet::merge_sorted(frames, column)?, column)
    }

    /// The partition files of `kind` for `periods` that exist, with their period.
    fn existing(&self, kind: &Kind, periods: &[String]) -> Vec<(String, PathBuf)> {
        periods
            .iter()
            .map(|p| (p.clone(), self.wh.partition_file(kind, p)))
            .filter(|(_, path)| path.exists())
            .collect()
    }

    /// A scan of each of `files`, with `period` restored, noted as read.
    fn scans(&mut self, kind: &Kind, files: &[(String, PathBuf)]) -> PolarsResult<Vec<LazyFrame>> {
        let mut frames = Vec::new();
        for (period, path) in files {
            self.files.push(Warehouse::partition_rel(kind, period));
            let scan = crate::warehouse::stored::as_stored(kind, parquet::scan(path)?)?;
            frames.push(scan.with_column(lit(period.as_str()).alias("period")));
        }
        Ok(frames)
    }

    fn all(&mut self, kind: &Kind) -> PolarsResult<LazyFrame> {
        let periods = self.wh.periods(kind);
        self.partitions(kind, &periods)
    }
}

/// The stored rows of kind `name` that period P reads: the newest snapshot at or before P (a
/// roster kind, whose snapshot period is returned) or P's own partition; with the warehouse
/// files read. For steps that need the rows as stored, not a computed period (the SIASN export).
pub fn stored_rows(
    wh: &Warehouse,
    name: &str,
    period: &str,
) -> Result<(Option<String>, DataFrame, Vec<String>), ComputeError> {
    let kind = kind(name);
    let mut reader = Reader {
        wh,
        files: Vec::new(),
    };
    let (snapshot, periods) = match kind.partition {
        crate::schema::PartitionBy::Snapshot => {
            let snapshot = wh.periods(kind).into_iter().rfind(|s| s.as_str() <= period);
            let periods = snapshot.iter().cloned().collect::<Vec<_>>();
            (snapshot, periods)
        }
        _ => (None, vec![period.to_string()]),
    };
    let rows = reader.partitions(kind, &periods)?.collect()?;
    Ok((snapshot, rows, reader.files))
}

/// The evaluations that rate the period's employees (SPEC 13), with the period each is of
/// (`evaluation_period`): the period's own, and under `evaluation_carry = "latest"`, for an
/// employee without one, their newest of the `evaluation_carry_months` months before it.
fn evaluations(
    reader: &mut Reader,
    period: &str,
    rules: &crate::rules::Rules,
) -> PolarsResult<DataFrame> {
    let mut periods = vec![period.to_string()];
    if rules.evaluation_carry == crate::rules::EvaluationCarry::Latest {
        periods.extend(
            (1..=rules.evaluation_carry_months as usize)
                .filter_map(|k| crate::compute::trend::months_before(period, k)),
        );
    }
    reader
        .partitions(kind("evaluations"), &periods)?
        .select([
            nip_number("nip"),
            col("work_result"),
            col("behaviour"),
            col("period").alias("evaluation_period"),
        ])
        .sort(
            ["nip", "evaluation_period"],
            SortMultipleOptions::default().with_order_descending_multi([false, true]),
        )
        .unique_stable_generic(Some(vec![col("nip")]), UniqueKeepStrategy::First)
        .collect()
}

/// A NIP as a number. NIPs are 18 digits starting with a birth year (checked at ingest), so they
/// fit a 64-bit integer and read the same when printed; and integers join and group far faster
/// than 18-byte text: at 100k employees `employee_month` took 2.8 s instead of 6.5, `entries` 3.1
/// instead of 4.3. Output tables print them back as text (`output::nips_as_text`).
fn nip_number(column: &str) -> Expr {
    col(column).strict_cast(DataType::Int64).alias(column)
}

/// UTC datetime → local epoch seconds; and the local day number.
fn local_seconds(column: &str, offset_min: i32) -> Expr {
    (col(column)
        .cast(DataType::Int64)
        .floor_div(lit(1_000_000i64))
        + lit(offset_min as i64 * 60))
    .alias(format!("{}_s", column.trim_end_matches("_at")))
}

fn local_day(column: &str, offset_min: i32) -> Expr {
    (col(column)
        .cast(DataType::Int64)
        .floor_div(lit(1_000_000i64))
        + lit(offset_min as i64 * 60))
    .floor_div(lit(86_400i64))
    .cast(DataType::Int32)
    .alias(format!("{}_day", column.trim_end_matches("_at")))
}

impl PeriodInputs {
    pub fn table(&self, name: &str) -> &DataFrame {
        self.tables
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, df)| df)
            .expect("a prepared table")
    }

    pub fn scan(&self, name: &str) -> LazyFrame {
        self.scans
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, lf)| lf.clone())
            .expect("a prepared scan")
    }
}

pub fn load(wh: &Warehouse, params: &PeriodParams) -> Result<PeriodInputs, ComputeError> {
    let period = params.period.as_str();
    let offset = params.utc_offset_min;
    let mut reader = Reader {
        wh,
        files: params.holidays.files.clone(),
    };
    let p = vec![period.to_string()];

    // The roster snapshot in force: the newest as-of at or before the period.
    let snapshot_of = |k: &Kind| wh.periods(k).into_iter().rfind(|s| s.as_str() <= period);
    let snapshot = snapshot_of(kind("employees")).ok_or_else(|| {
        ComputeError::Missing(format!(
            "no employee roster for {period}: ingest a pegawai/employees export whose period (or --as-of) is {period} or earlier"
        ))
    })?;
    let unit_snapshot = snapshot_of(kind("units")).ok_or_else(|| {
        ComputeError::Missing(format!(
            "no unit tree for {period}: ingest a unor/units export whose period (or --as-of) is {period} or earlier"
        ))
    })?;

    // Approvals are partitioned by decision month: from the month before (decisions timed
    // before their entry) to every later one (a record after close still means "not pending
    // for lack of any approval").
    let approval_periods: Vec<String> = wh
        .periods(kind("approvals"))
        .into_iter()
        .filter(|q| q.as_str() >= previous_period(period).as_str())
        .collect();
    // Without any approvals (the SPEC allows it: an activity's own status decides), nothing is
    // merge-joined: polars 0.55's merge join panics on an empty side ("Unknown(Int(1))").
    let activities = if reader
        .existing(kind("approvals"), &approval_periods)
        .is_empty()
    {
        reader.partitions(kind("activities"), &p)?
    } else {
        reader.sorted_partitions(kind("activities"), &p)?
    };
    let activities_file = wh.partition_file(kind("activities"), period);
    let activity_rows = if activities_file.exists() {
        parquet::row_count(&activities_file)?
    } else {
        0
    };
    if activity_rows == 0 {
        return Err(ComputeError::Missing(format!(
            "no activities for {period} in the warehouse: ingest that month's aktivitas/activities export first"
        )));
    }
    let activities = activities
        .select([
            col("activity_id"),
            nip_number("nip"),
            col("date").cast(DataType::Int32).alias("day"),
            col("start_time").alias("start_min"),
            col("end_time").alias("end_min"),
            col("duration_min"),
            col("indicator_id"),
            col("volume").alias("volume_micro"),
            col("status"),
            local_seconds("submitted_at", offset),
            local_day("submitted_at", offset),
            col("description"),
        ])
        // Keyed from the NIP number just made, so each NIP text is parsed once.
        .with_column(
            col("description")
                .map_many(
                    |c| {
                        let nips = c[1].i64()?;
                        Ok(employee_description_keys(nips, c[0].str()?).into_column())
                    },
                    &[col("nip")],
                    |_, _| Ok(Field::new("description_key".into(), DataType::Int64)),
                )
                .alias("description_key"),
        )
        .drop(by_name(["description"], true, false))
        // A number for each activity, so `entries` keys its joins and groups by an integer.
        .with_row_index("activity_no", None);

    let approvals_all = reader.sorted_partitions(kind("approvals"), &approval_periods)?;
    let approvals = approvals_all.select([
        col("activity_id"),
        nip_number("approver_nip"),
        col("decision"),
        local_seconds("decided_at", offset),
        local_day("decided_at", offset),
        // Decided in the period itself (its partition), for the orphan count.
        col("period")
            .eq(lit(period))
            .cast(DataType::Int32)
            .alias("in_period"),
    ]);
    // Other periods' activity ids, not made unique: the one query reading them only asks
    // whether an id occurs, and a hash set of a national warehouse's ids does not fit.
    let other_periods: Vec<String> = wh
        .periods(kind("activities"))
        .into_iter()
        .filter(|q| q != period)
        .collect();
    let other_activity_ids = reader
        .partitions(kind("activities"), &other_periods)?
        .select([col("activity_id")]);

    let roster_scan = reader.partitions(kind("employees"), std::slice::from_ref(&snapshot))?;
    // A warehouse ingested before employees had a status holds no such columns: everyone is
    // `aktif` there, as the SPEC's default says.
    let has_status = roster_scan.clone().collect_schema()?.contains("status");
    let (status, status_from) = if has_status {
        (
            col("status").fill_null(lit("aktif")),
            col("status_from").cast(DataType::Int32),
        )
    } else {
        (lit("aktif"), lit(NULL).cast(DataType::Int32))
    };
    let roster = roster_scan
        .select([
            nip_number("nip"),
            col("name"),
            col("unit_id"),
            nip_number("supervisor_nip"),
            col("position"),
            col("grade_class"),
            col("rank"),
            col("asn_type"),
            col("tpp_base"),
            status.alias("status"),
            status_from.alias("status_from"),
            col(crate::schema::LISTED_ELSEWHERE_UNIT),
            col(crate::schema::LISTED_ELSEWHERE),
        ])
        // A number for each employee, so that `entries` can key an employee's day by one integer.
        .with_row_index("employee_no", None)
        .with_column(col("employee_no").cast(DataType::Int64))
        .collect()?;
    let units = reader
        .partitions(kind("units"), std::slice::from_ref(&unit_snapshot))?
        .select([col("unit_id"), col("parent_id"), col("name")])
        .collect()?;
    let made_roots = made_roots(wh, &unit_snapshot, &units)?;
    let (roster, units) = place_unknown_units(roster, units)?;
    let unit_tree = crate::unit_tree::UnitTree::from_frame(&units)?.closure()?;

    let attendance = reader.partitions(kind("attendance"), &p)?.select([
        nip_number("nip"),
        col("date").cast(DataType::Int32).alias("day"),
        col("status"),
        col("late_min").fill_null(lit(0)),
        col("early_leave_min").fill_null(lit(0)),
        col("missing_checkout")
            .cast(DataType::Int32)
            .fill_null(lit(0))
            .alias("missing_checkout"),
    ]);
    let targets = reader.partitions(kind("targets"), &p)?.select([
        col("indicator_id"),
        nip_number("nip"),
        col("description"),
        col("target").alias("target_micro"),
        col("output_unit"),
        col("direction"),
        col("weight").alias("weight_micro"),
    ]);
    let evaluations = evaluations(&mut reader, period, &params.rules)?;
    let sanctions = reader
        .all(kind("sanctions"))?
        .filter(
            col("period_from")
                .lt_eq(lit(period))
                .and(col("period_to").gt_eq(lit(period))),
        )
        .select([
            nip_number("nip"),
            col("kind"),
            col("cut_pct"),
            col("period_from"),
            col("period_to"),
        ])
        .collect()?;

    let calendar_df = calendar_table(params.first, params.last, &params.workdays)?;
    let unit_ratings = reader
        .partitions(kind("unit_ratings"), &p)?
        .select([col("unit_id"), col("org_predikat")])
        .collect()?;
    let (distribution_rules, bound_predikat) =
        crate::compute::distribution::rule_tables(&params.rules.distribution)?;

    let tables = vec![
        ("roster", roster),
        ("units", units),
        ("unit_tree", unit_tree),
        ("made_roots", made_roots),
        ("evaluations", evaluations),
        ("sanctions", sanctions),
        ("calendar", calendar_df),
        ("unit_ratings", unit_ratings),
        ("distribution_rules", distribution_rules),
        ("bound_predikat", bound_predikat),
    ];
    let scans = vec![
        ("activities", activities),
        ("approvals", approvals),
        ("other_activity_ids", other_activity_ids),
        ("attendance", attendance),
        ("targets", targets),
    ];
    let mut files = reader.files;
    files.sort();
    files.dedup();
    Ok(PeriodInputs {
        period: period.to_string(),
        snapshot,
        tables,
        scans,
        activity_rows,
        files,
    })
}

/// The units of the snapshot in force that ingest kept as roots although their parent was
/// outside the snapshot (`unknown_parent = "root"`), and are roots still: `unit_id`,
/// `parent_id` (the parent they named), by unit.
fn made_roots(
    wh: &Warehouse,
    snapshot: &str,
    units: &DataFrame,
) -> Result<DataFrame, ComputeError> {
    let roots: std::collections::HashSet<&str> = units
        .column("unit_id")?
        .str()?
        .iter()
        .zip(units.column("parent_id")?.str()?.iter())
        .filter_map(|(id, parent)| id.filter(|_| parent.is_none()))
        .collect();
    let mut named: std::collections::BTreeMap<String, String> = Default::default();
    for file in wh.manifest()?.files.iter().filter(|f| f.kind == "units") {
        for m in file.made_roots.iter().filter(|m| m.period == snapshot) {
            named.insert(m.unit_id.clone(), m.parent_id.clone());
        }
    }
    named.retain(|id, _| roots.contains(id.as_str()));
    Ok(df!(
        "unit_id" => named.keys().cloned().collect::<Vec<_>>(),
        "parent_id" => named.values().cloned().collect::<Vec<_>>(),
    )?)
}

/// The root unit that employees whose `unit_id` is not in the unit snapshot are counted under
/// (SPEC section 6), so the top-level rollups add up to the allowance totals.
pub use crate::schema::UNKNOWN_UNIT_ID;
pub const UNKNOWN_UNIT_NAME: &str = "(unit tidak dikenal)";

/// Moves employees whose unit is not in `units` to [`UNKNOWN_UNIT_ID`], keeping the unit they
/// were listed in as `unknown_unit` (null for everyone else), and adds that root unit to
/// `units` when anyone is in it.
fn place_unknown_units(
    mut roster: DataFrame,
    units: DataFrame,
) -> PolarsResult<(DataFrame, DataFrame)> {
    let known: std::collections::HashSet<&str> =
        units.column("unit_id")?.str()?.iter().flatten().collect();
    let listed = roster.column("unit_id")?.str()?;
    let unknown: StringChunked = listed
        .iter()
        .map(|u| u.filter(|u| !known.contains(u)))
        .collect();
    if unknown.null_count() == unknown.len() {
        let none = StringChunked::full_null("unknown_unit".into(), roster.height());
        roster.with_column(none.into_series().into())?;
        return Ok((roster, units));
    }
    let placed: StringChunked = listed
        .iter()
        .zip(unknown.iter())
        .map(|(u, x)| {
            if x.is_some() {
                Some(UNKNOWN_UNIT_ID)
            } else {
                u
            }
        })
        .collect();
    roster.replace(
        "unit_id",
        placed.with_name("unit_id".into()).into_series().into(),
    )?;
    roster.with_column(
        unknown
            .with_name("unknown_unit".into())
            .into_series()
            .into(),
    )?;
    let root = df!(
        "unit_id" => [UNKNOWN_UNIT_ID],
        "parent_id" => [None::<&str>],
        "name" => [UNKNOWN_UNIT_NAME],
    )?;
    let units = units.vstack(&root)?;
    Ok((roster, units))
}

/// The region's holidays of `period`'s year when the warehouse has any, else the shipped list,
/// with where they came from (`none` when neither has the year).
pub fn holidays(wh: &Warehouse, period: &str) -> Result<Holidays, ComputeError> {
    let (first, _) = calendar::month_bounds(period)
        .ok_or_else(|| ComputeError::Usage(format!("`{period}` is not a period; use YYYY-MM")))?;
    let year = first.year();
    let mut reader = Reader {
        wh,
        files: Vec::new(),
    };
    let periods: Vec<String> = wh
        .periods(kind("holidays"))
        .into_iter()
        .filter(|p| p.starts_with(&format!("{year}-")))
        .collect();
    if periods.is_empty() {
        let dates: BTreeSet<NaiveDate> = calendar::default_holidays()
            .into_iter()
            .map(|h| h.0)
            .filter(|d| d.year() == year)
            .collect();
        let source = if dates.is_empty() { "none" } else { "shipped" };
        return Ok(Holidays {
            dates,
            source,
            files: Vec::new(),
        });
    }
    let df = reader
        .partitions(kind("holidays"), &periods)?
        .select([col("date").cast(DataType::Int32)])
        .collect()?;
    let dates = df
        .column("date")?
        .i32()?
        .iter()
        .flatten()
        .map(|d| epoch() + chrono::Duration::days(d as i64))
        .collect();
    Ok(Holidays {
        dates,
        source: "warehouse",
        files: reader.files,
    })
}

fn calendar_table(
    first: NaiveDate,
    last: NaiveDate,
    workdays: &[NaiveDate],
) -> PolarsResult<DataFrame> {
    let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
    let from_end: HashMap<NaiveDate, i32> = workdays
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| (*d, i as i32 + 1))
        .collect();
    df!(
        "day" => days.iter().map(|d| day_number(*d)).collect::<Vec<_>>(),
        "is_workday" => days.iter().map(|d| from_end.contains_key(d) as i32).collect::<Vec<_>>(),
        "workday_from_end" => days.iter().map(|d| from_end.get(d).copied()).collect::<Vec<_>>(),
    )
}
