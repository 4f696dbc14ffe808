//! What a period's tables were computed from: the warehouse files read (with their hashes) and
//! the exported files whose rows they hold, for the manifest and the workbook's header.

use std::path::Path;

use polars::prelude::DataFrame;

use crate::compute::{ComputeError, ComputeOptions, inputs, output};
use crate::warehouse::Warehouse;

pub struct Sources {
    pub warehouse_manifest_sha256: String,
    pub warehouse_files: Vec<output::InputFile>,
    /// "file name (sha256 prefix)" of each exported file read, sorted.
    pub source_files: Vec<String>,
}

pub fn warehouse_manifest_sha256(wh: &Warehouse) -> std::io::Result<String> {
    output::sha256_file(&wh.root.join(crate::warehouse::manifest::MANIFEST_FILE))
}

impl Sources {
    pub fn read(wh: &Warehouse, inputs: &inputs::PeriodInputs) -> Result<Sources, ComputeError> {
        let warehouse_files = inputs
            .files
            .iter()
            .map(|rel| {
                Ok(output::InputFile {
                    path: rel.clone(),
                    sha256: output::sha256_file(&wh.root.join(rel))?,
                })
            })
            .collect::<Result<Vec<_>, std::io::Error>>()?;
        // The exported files whose rows the period read, from the warehouse manifest.
        let ingested = wh.manifest()?;
        let kinds_read: Vec<&str> = inputs
            .files
            .iter()
            .filter_map(|f| f.split('/').next())
            .collect();
        let mut source_files: Vec<String> = ingested
            .files
            .iter()
            .filter(|f| {
                kinds_read.contains(&f.kind.as_str())
                    && (f
                        .periods
                        .iter()
                        .any(|p| p == &inputs.period || p == &inputs.snapshot)
                        || f.kind == "sanctions"
                        || f.kind == "holidays")
            })
            .map(|f| {
                format!(
                    "{} (sha256 {})",
                    Path::new(&f.path)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    &f.sha256[..12]
                )
            })
            .collect();
        source_files.sort();
        source_files.dedup();
        Ok(Sources {
            warehouse_manifest_sha256: warehouse_manifest_sha256(wh)?,
            warehouse_files,
            source_files,
        })
    }

    pub fn manifest(
        self,
        opts: &ComputeOptions,
        inputs: &inputs::PeriodInputs,
        outputs: &[(String, DataFrame)],
    ) -> output::Manifest {
        output::Manifest {
            engine: format!("kinerja {}", env!("CARGO_PKG_VERSION")),
            period: inputs.period.clone(),
            roster_snapshot: inputs.snapshot.clone(),
            rules_sha256: opts.rules_sha256.clone(),
            queries_sha256: opts.queries.hash.clone(),
            warehouse_manifest_sha256: self.warehouse_manifest_sha256,
            warehouse_files: self.warehouse_files,
            source_files: self.source_files,
            tables: outputs
                .iter()
                .map(|(n, d)| (n.clone(), d.height()))
                .collect(),
        }
    }
}
