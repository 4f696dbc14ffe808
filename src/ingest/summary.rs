//! What a run did, file by file, as the printer and the manifest tell it.

use std::path::{Path, PathBuf};

use super::FileError;

/// What happened to one file.
#[derive(Debug, Clone)]
pub struct FileSummary {
    pub path: PathBuf,
    pub kind: String,
    pub format: String,
    pub sha256: String,
    pub rows_read: u64,
    pub accepted: u64,
    pub replaced: u64,
    pub rejected: u64,
    /// Most frequent reject reasons: (count, first line, column, reason).
    pub top_reasons: Vec<(u64, u64, String, String)>,
    pub ignored_columns: Vec<String>,
    /// Things done to accepted rows that the reader should know of (units kept as roots).
    pub notes: Vec<String>,
    /// The units kept as roots (`unknown_parent = "root"`), for the manifest.
    pub made_roots: Vec<crate::warehouse::manifest::MadeRoot>,
    /// Set when the same bytes were ingested before as the same kind: nothing was done.
    pub already_ingested: Option<String>,
    pub periods: Vec<String>,
}

#[derive(Debug, Default)]
pub struct IngestReport {
    pub files: Vec<FileSummary>,
    /// Files that could not be read as their kind; when any, nothing was committed.
    pub errors: Vec<FileError>,
    pub committed: bool,
}

impl IngestReport {
    pub fn rejected(&self) -> u64 {
        self.files.iter().map(|f| f.rejected).sum()
    }
}

impl FileSummary {
    /// A summary of nothing done yet.
    pub(crate) fn new(path: &Path, kind: &str, format: &str, sha256: &str) -> FileSummary {
        FileSummary {
            path: path.to_path_buf(),
            kind: kind.to_string(),
            format: format.to_string(),
            sha256: sha256.to_string(),
            rows_read: 0,
            accepted: 0,
            replaced: 0,
            rejected: 0,
            top_reasons: Vec::new(),
            ignored_columns: Vec::new(),
            notes: Vec::new(),
            made_roots: Vec::new(),
            already_ingested: None,
            periods: Vec::new(),
        }
    }
}
