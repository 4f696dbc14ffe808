//! `_manifest.json`: every file ever ingested (path, sha256, kind, counts, when), so later stages
//! can say where each figure came from, and a re-ingest of the same bytes is recognised.

use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Number of ingest runs that committed; the next run's rows carry `_ingest = ingests + 1`.
    pub ingests: u64,
    pub files: Vec<IngestedFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IngestedFile {
    pub ingest: u64,
    pub path: String,
    pub sha256: String,
    pub kind: String,
    pub format: String,
    pub as_of: Option<String>,
    pub rows_read: u64,
    pub accepted: u64,
    pub replaced: u64,
    pub rejected: u64,
    pub periods: Vec<String>,
    pub ingested_at: String,
    /// The local time zone timestamps without an offset were read in (rules `timezone`, as
    /// `+07:00`); compute refuses other rules, whose days would not match. Absent in manifests
    /// written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Units kept as roots because their parent was outside the snapshot (`unknown_parent =
    /// "root"`), for the dataset table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub made_roots: Vec<MadeRoot>,
}

/// A unit kept as a root: its snapshot and the parent it named.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MadeRoot {
    pub period: String,
    pub unit_id: String,
    pub parent_id: String,
}

pub const MANIFEST_FILE: &str = "_manifest.json";

/// Minutes east of UTC as `+07:00`.
pub fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

impl Manifest {
    pub fn load(root: &Path) -> std::io::Result<Manifest> {
        let path = root.join(MANIFEST_FILE);
        if !path.exists() {
            return Ok(Manifest::default());
        }
        let text = std::fs::read_to_string(&path)?;
        serde_json::from_str(&text).map_err(|e| {
            std::io::Error::other(format!(
                "{} is damaged ({e}); restore it from a backup",
                path.display()
            ))
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("manifest serialises") + "\n"
    }

    /// The earlier ingest of the same bytes as the same kind, if any.
    pub fn find(&self, sha256: &str, kind: &str) -> Option<&IngestedFile> {
        self.files
            .iter()
            .find(|f| f.sha256 == sha256 && f.kind == kind)
    }
}
