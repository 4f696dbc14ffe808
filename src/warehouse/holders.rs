//! Who holds the warehouse: each process that opens it leaves its command and process id in
//! `.holders/`, removed when it closes, so a refusal can say whom to wait for. The lock itself
//! decides; these notes only explain it (a killed process's note is passed over).

use std::fs;
use std::path::{Path, PathBuf};

const HOLDERS_DIR: &str = ".holders";

/// A process's note; removed when dropped.
#[derive(Debug)]
pub struct Note {
    path: PathBuf,
}

impl Drop for Note {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Leaves this process's note: `mode` is "writing" or "reading".
pub fn note(root: &Path, mode: &str) -> Note {
    let dir = root.join(HOLDERS_DIR);
    let path = dir.join(format!("{mode}-{}", std::process::id()));
    let command: Vec<String> = std::env::args().skip(1).take(1).collect();
    let text = format!("kinerja {}", command.join(" "));
    // A note that cannot be written only makes a refusal less precise.
    let _ = fs::create_dir_all(&dir).and_then(|()| fs::write(&path, text.trim()));
    Note { path }
}

/// The live holders, as "`kinerja ingest` (process 123, writing)", joined; empty when none is
/// known.
pub fn describe(root: &Path) -> String {
    let Ok(entries) = fs::read_dir(root.join(HOLDERS_DIR)) else {
        return String::new();
    };
    let mut found: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let (mode, pid) = name.split_once('-')?;
            let pid: u32 = pid.parse().ok()?;
            if !crate::replace_dir::running(pid) {
                return None;
            }
            let command = fs::read_to_string(e.path()).unwrap_or_else(|_| "kinerja".into());
            Some(format!("`{command}` (process {pid}, {mode})"))
        })
        .collect();
    found.sort();
    found.join(", ")
}
