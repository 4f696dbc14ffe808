//! Writing a period's tables: Parquet for machines, CSV for people (text neutralised against
//! formula injection), and the manifest that says what went in. Same inputs, same bytes.

use std::fs::File;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading
/// apostrophe, so it shows as text.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

fn neutralised(df: &DataFrame) -> PolarsResult<DataFrame> {
    let mut out = df.clone();
    for name in df.get_column_names_owned() {
        let column = df.column(&name)?;
        if column.dtype() == &DataType::String {
            let safe: StringChunked = column
                .str()?
                .iter()
                .map(|v| v.map(|t| neutralise(t).into_owned()))
                .collect();
            out.replace(&name, safe.with_name(name.clone()).into_series().into())?;
        }
    }
    Ok(out)
}

/// NIPs are numbers inside compute (`inputs::nip_number`); the tables give them as the 18-digit
/// text people and spreadsheets know (a spreadsheet keeps only 15 digits of a number), zero-padded
/// so a NIP is always 18 digits. A NIP column is `nip` or ends in `_nip`.
pub fn nips_as_text(df: &mut DataFrame) -> PolarsResult<()> {
    for name in df.get_column_names_owned() {
        let column = df.column(&name)?;
        if (name == "nip" || name.ends_with("_nip")) && column.dtype() == &DataType::Int64 {
            let text: StringChunked = column
                .i64()?
                .iter()
                .map(|n| n.map(|n| format!("{n:018}")))
                .collect();
            df.replace(&name, text.with_name(name.clone()).into_series().into())?;
        }
    }
    Ok(())
}

pub fn write_table(dir: &Path, name: &str, df: &mut DataFrame) -> PolarsResult<()> {
    crate::warehouse::parquet::write(df, &dir.join(format!("{name}.parquet")))?;
    write_csv(&dir.join(format!("{name}.csv")), df)
}

/// `df` as CSV with a header, text neutralised.
pub fn write_csv(path: &Path, df: &DataFrame) -> PolarsResult<()> {
    let mut safe = neutralised(df)?;
    let mut file = File::create(path)?;
    CsvWriter::new(&mut file)
        .include_header(true)
        .finish(&mut safe)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn every_formula_lead_gets_an_apostrophe() {
        for lead in ['=', '+', '-', '@', '\t', '\r'] {
            let text = format!("{lead}1+2");
            assert_eq!(neutralise(&text), format!("'{text}"), "{lead:?}");
        }
        assert_eq!(neutralise("Andi"), "Andi");
        assert_eq!(neutralise(""), "");
    }
}

/// The exported files a written manifest names (`source_files`), for the pages' footers.
pub fn manifest_source_files(manifest: &serde_json::Value) -> Vec<String> {
    manifest["source_files"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(format!("{:x}", hasher.finalize()))
}

#[derive(Serialize)]
pub struct InputFile {
    pub path: String,
    pub sha256: String,
}

/// `manifest.json`: what a period's tables were computed from. No times: it must be
/// byte-identical for the same inputs (timings go to `timings.json`).
#[derive(Serialize)]
pub struct Manifest {
    pub engine: String,
    pub period: String,
    pub roster_snapshot: String,
    pub rules_sha256: String,
    pub queries_sha256: String,
    /// sha256 of the warehouse's `_manifest.json`, which every ingest rewrites: while it is
    /// unchanged, so is every file a period reads (the month after uses this to trust the
    /// tables without hashing them again).
    pub warehouse_manifest_sha256: String,
    pub warehouse_files: Vec<InputFile>,
    pub source_files: Vec<String>,
    pub tables: Vec<(String, usize)>,
}
