//! `kinerja export`: the warehouse's records in another system's format. `siasn` (SPEC 13) writes
//! `OUT/P/export/` (replaced whole): `siasn_kinerja_periodik.csv` and `.json`, and
//! `siasn_not_exported.csv` with the reason for every employee left out. It reads the stored
//! roster, units and evaluations of P, not a computed period: what SIASN gets is what was
//! ingested, whatever the pay rules derive or carry.

pub mod siasn;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::compute::ComputeError;
use crate::compute::inputs::stored_rows;
use crate::warehouse::Warehouse;

pub struct ExportOptions {
    pub warehouse: PathBuf,
    pub out: PathBuf,
    pub period: String,
}

pub struct ExportSummary {
    pub dir: PathBuf,
    pub exported: usize,
    pub not_exported: usize,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ComputeError + '_ {
    move |e| ComputeError::Engine(format!("writing {}: {e}", path.display()))
}

pub fn siasn(opts: &ExportOptions) -> Result<ExportSummary, ComputeError> {
    let period = &opts.period;
    crate::calendar::month_bounds(period).ok_or_else(|| {
        ComputeError::Usage(format!("--period {period}: give a month as YYYY-MM"))
    })?;
    let wh = Warehouse::open_for_read(&opts.warehouse)?;
    let (roster_snapshot, employees, mut files) = stored_rows(&wh, "employees", period)?;
    if roster_snapshot.is_none() {
        return Err(ComputeError::Missing(format!(
            "no employee roster for {period}: ingest a pegawai/employees export whose period (or --as-of) is {period} or earlier"
        )));
    }
    let (unit_snapshot, units, unit_files) = stored_rows(&wh, "units", period)?;
    if unit_snapshot.is_none() {
        return Err(ComputeError::Missing(format!(
            "no unit tree for {period}: ingest a unor/units export whose period (or --as-of) is {period} or earlier"
        )));
    }
    let (_, evaluations, evaluation_files) = stored_rows(&wh, "evaluations", period)?;
    files.extend(unit_files);
    files.extend(evaluation_files);
    let unit_names: BTreeMap<String, String> = {
        let ids = units.column("unit_id")?.str()?;
        let names = units.column("name")?.str()?;
        ids.iter()
            .zip(names.iter())
            .filter_map(|(i, n)| Some((i?.to_string(), n.unwrap_or_default().to_string())))
            .collect()
    };
    let (rows, left) = siasn::rows(
        period,
        &siasn::people(&employees)?,
        &siasn::evaluations(&evaluations)?,
        &unit_names,
    );
    let target = opts.out.join(period).join("export");
    let replacement = crate::replace_dir::Replacement::begin(&target).map_err(io(&target))?;
    let dir = replacement.path();
    crate::compute::output::write_csv(
        &dir.join("siasn_kinerja_periodik.csv"),
        &siasn::frame(&rows)?,
    )?;
    let json = dir.join("siasn_kinerja_periodik.json");
    std::fs::write(&json, siasn::json(&rows)).map_err(io(&json))?;
    crate::compute::output::write_csv(
        &dir.join("siasn_not_exported.csv"),
        &siasn::left_frame(&left)?,
    )?;
    let manifest = dir.join("manifest.json");
    std::fs::write(
        &manifest,
        serde_json::to_string_pretty(&serde_json::json!({
            "engine": env!("CARGO_PKG_VERSION"),
            "period": period,
            "roster_snapshot": roster_snapshot,
            "unit_snapshot": unit_snapshot,
            "warehouse_files": files,
            "exported": rows.len(),
            "not_exported": left.len(),
        }))
        .expect("serialises")
            + "\n",
    )
    .map_err(io(&manifest))?;
    replacement.commit().map_err(io(&target))?;
    Ok(ExportSummary {
        dir: target,
        exported: rows.len(),
        not_exported: left.len(),
    })
}
