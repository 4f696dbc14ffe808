//! Which files a run reads: the files named, and a folder's export files in name order.

use std::path::PathBuf;

use super::IngestError;

const EXTENSIONS: &[&str] = &[
    "csv", "tsv", "txt", "json", "ndjson", "jsonl", "xlsx", "xlsm",
];

/// Files named on the command line; a folder stands for the export files in it, sorted by name.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .filter(|p| {
                    !p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
                })
                .filter(|p| {
                    let ext = p
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    EXTENSIONS.contains(&ext.as_str())
                })
                .collect();
            inside.sort();
            files.extend(inside);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(IngestError::Usage(format!(
                "{} does not exist",
                path.display()
            )));
        }
    }
    Ok(files)
}
