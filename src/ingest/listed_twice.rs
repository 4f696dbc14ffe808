//! A NIP that two roster files of one snapshot list in different units (SPEC 12: "a NIP paid in
//! more than one agency's sheet"). The merge keeps one row per NIP (the newest file's), so before
//! it does, each of the run's employee rows is marked with the unit and place of another file's
//! row for its NIP: compute lists the employee for a check when that unit is in another agency.
//! Another file, not another row: a file repeating a NIP is a correction of itself, and a new
//! export of the same file path replaces its rows as before.

use std::collections::HashMap;

use polars::prelude::*;

use crate::frames::texts_or_empty as texts;

use crate::schema::{Kind, LINE_COL, LISTED_ELSEWHERE, LISTED_ELSEWHERE_UNIT, SOURCE_COL};
use crate::warehouse::merge::StagedPart;
use crate::warehouse::{Warehouse, parquet};

/// (unit_id, source file, line) of each row of a NIP in a snapshot.
type Listings = HashMap<(String, String), Vec<(String, String, i64)>>;

fn add(listings: &mut Listings, period: &str, df: &DataFrame) -> PolarsResult<()> {
    let (nips, units, sources) = (
        texts(df, "nip")?,
        texts(df, "unit_id")?,
        texts(df, SOURCE_COL)?,
    );
    let lines = df.column(LINE_COL)?.i64()?;
    for i in 0..df.height() {
        listings
            .entry((period.to_string(), nips[i].clone()))
            .or_default()
            .push((
                units[i].clone(),
                sources[i].clone(),
                lines.get(i).unwrap_or(0),
            ));
    }
    Ok(())
}

/// Marks the run's staged employee rows (rewriting their staged files) and returns how many were
/// marked. Other kinds are left as they are.
pub fn mark(wh: &Warehouse, kind: &Kind, parts: &[StagedPart]) -> PolarsResult<usize> {
    if kind.name != "employees" || parts.is_empty() {
        return Ok(0);
    }
    let columns = [col("nip"), col("unit_id"), col(SOURCE_COL), col(LINE_COL)];
    let mut listings = Listings::new();
    let mut periods: Vec<&str> = parts.iter().map(|p| p.period.as_str()).collect();
    periods.sort();
    periods.dedup();
    for period in &periods {
        let stored = wh.partition_file(kind, period);
        if stored.exists() {
            let df = parquet::scan(&stored)?.select(columns.clone()).collect()?;
            add(&mut listings, period, &df)?;
        }
    }
    let mut staged = Vec::new();
    for part in parts {
        let df = parquet::scan(&part.path)?.collect()?;
        add(&mut listings, &part.period, &df)?;
        staged.push(df);
    }
    let mut marked = 0;
    for (part, mut df) in parts.iter().zip(staged) {
        let (nips, units, sources) = (
            texts(&df, "nip")?,
            texts(&df, "unit_id")?,
            texts(&df, SOURCE_COL)?,
        );
        let mut other_unit: Vec<Option<String>> = Vec::with_capacity(df.height());
        let mut other_place: Vec<Option<String>> = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            let other = listings
                .get(&(part.period.clone(), nips[i].clone()))
                .and_then(|rows| {
                    rows.iter()
                        .find(|(unit, source, _)| *source != sources[i] && *unit != units[i])
                });
            other_unit.push(other.map(|(unit, _, _)| unit.clone()));
            other_place
                .push(other.map(|(unit, source, line)| format!("{unit} in {source} line {line}")));
        }
        let count = other_unit.iter().filter(|u| u.is_some()).count();
        if count == 0 {
            continue;
        }
        marked += count;
        df.replace(
            LISTED_ELSEWHERE_UNIT,
            Column::new(LISTED_ELSEWHERE_UNIT.into(), other_unit),
        )?;
        df.replace(
            LISTED_ELSEWHERE,
            Column::new(LISTED_ELSEWHERE.into(), other_place),
        )?;
        parquet::write(&mut df, &part.path)?;
    }
    Ok(marked)
}
