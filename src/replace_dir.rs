//! Output folders replaced all at once (issue 19): a period's folder, or its report, is written
//! beside the one it replaces and switched in by one atomic exchange of the two, so a killed or
//! failed `compute` or `report` leaves the previous complete set or the new one, never a mix
//! that finance could pay from.
//!
//! Where the file system cannot exchange two folders, the old one is renamed aside first; a run
//! killed between the two renames leaves it aside, and the next run puts it back.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A folder being written in place of `target`.
pub struct Replacement {
    target: PathBuf,
    staging: PathBuf,
    switched: bool,
}

fn sibling(target: &Path, what: &str, pid: u32) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.{what}-{pid}"))
}

/// The stopped runs' leftovers beside `target`: (path, what, pid) of `.NAME.new-PID` and
/// `.NAME.old-PID`.
fn leftovers(target: &Path) -> Vec<(PathBuf, String, u32)> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    }) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let file: OsString = e.file_name();
            let rest = file.to_str()?.strip_prefix(&prefix)?.to_string();
            let (what, pid) = rest.split_once('-')?;
            let pid: u32 = pid.parse().ok()?;
            matches!(what, "new" | "old").then(|| (e.path(), what.to_string(), pid))
        })
        .collect()
}

/// Whether a process of that id is alive (this one, or one Linux lists under `/proc`): how a
/// stopped run's leftovers, or a killed holder's note, are told from a running one's.
pub fn running(pid: u32) -> bool {
    pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
}

impl Replacement {
    /// Starts writing a replacement of `target` (which need not exist): first puts back a
    /// previous set a stopped run left aside, and removes stopped runs' unfinished ones.
    pub fn begin(target: &Path) -> io::Result<Replacement> {
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        for (path, what, pid) in leftovers(target) {
            if running(pid) && pid != std::process::id() {
                continue;
            }
            if what == "old" && !target.exists() {
                fs::rename(&path, target)?;
            } else {
                fs::remove_dir_all(&path)?;
            }
        }
        let staging = sibling(target, "new", std::process::id());
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        Ok(Replacement {
            target: target.to_path_buf(),
            staging,
            switched: false,
        })
    }

    /// Where the new set is written.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// The folder the new set will be at once switched in.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Switches the new set in; the old one is removed.
    pub fn commit(mut self) -> io::Result<()> {
        crate::failpoint::hit("output.before_switch")?;
        if crate::exit::panicked() {
            return Err(io::Error::other(
                "stopped after an internal error; the previous outputs are kept",
            ));
        }
        if !self.target.exists() {
            fs::rename(&self.staging, &self.target)?;
        } else if exchange(&self.staging, &self.target).is_ok() {
            // `staging` now holds the old set.
            self.switched = true;
            return fs::remove_dir_all(&self.staging);
        } else {
            let aside = sibling(&self.target, "old", std::process::id());
            fs::rename(&self.target, &aside)?;
            crate::failpoint::hit("output.between_renames")?;
            fs::rename(&self.staging, &self.target)?;
            self.switched = true;
            return fs::remove_dir_all(&aside);
        }
        self.switched = true;
        Ok(())
    }
}

impl Drop for Replacement {
    /// A run that fails leaves the previous set and removes its own unfinished one.
    fn drop(&mut self) {
        if !self.switched {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Exchanges two paths in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if std::env::var_os("KINERJA_NO_EXCHANGE").is_some() {
        return Err(io::Error::other("exchange turned off"));
    }
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; the call only reads them.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::other("no atomic exchange here"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(dir: &Path) -> String {
        fs::read_to_string(dir.join("f")).unwrap()
    }

    #[test]
    fn a_replacement_is_all_new_once_committed_and_nothing_until_then() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("2026-10");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("f"), "old").unwrap();
        let r = Replacement::begin(&target).unwrap();
        fs::write(r.path().join("f"), "new").unwrap();
        assert_eq!(contents(&target), "old");
        r.commit().unwrap();
        assert_eq!(contents(&target), "new");
        assert_eq!(leftovers(&target), vec![]);
        // Dropped before its commit (a failed run): the old set stays, nothing is left over.
        let r = Replacement::begin(&target).unwrap();
        fs::write(r.path().join("f"), "half").unwrap();
        drop(r);
        assert_eq!(contents(&target), "new");
        assert_eq!(leftovers(&target), vec![]);
    }

    #[test]
    fn an_old_set_left_aside_by_a_stopped_run_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("2026-10");
        // A run (of a pid no process has) killed between its two renames.
        let aside = sibling(&target, "old", 999_999_999);
        let unfinished = sibling(&target, "new", 999_999_999);
        fs::create_dir_all(&aside).unwrap();
        fs::create_dir_all(&unfinished).unwrap();
        fs::write(aside.join("f"), "old").unwrap();
        let r = Replacement::begin(&target).unwrap();
        assert_eq!(contents(&target), "old");
        assert!(!unfinished.exists());
        drop(r);
    }
}
