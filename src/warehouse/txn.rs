//! All-or-nothing updates of the warehouse. New files are written under `_txn/files/`; the plan of
//! puts and deletes is then made durable by renaming it to `_txn/COMMIT` (one atomic step), and
//! only then applied. A run that stops before that rename leaves the warehouse untouched (its
//! staging is removed on the next open); one that stops after it is finished on the next open.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::failpoint;

pub const TXN_DIR: &str = "_txn";
const COMMIT_FILE: &str = "COMMIT";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Op {
    /// Move `_txn/files/<path>` to `<root>/<path>`, replacing what is there.
    Put(String),
    /// Remove `<root>/<path>`.
    Delete(String),
}

/// A commit that failed, before or after the point that decides it: the two call for opposite
/// messages ("nothing changed" against "changed, finished by the next run").
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    #[error("{0}")]
    NotCommitted(std::io::Error),
    #[error(
        "the change is committed, but putting its files in place failed ({0}); the next \
         kinerja ingest or compute on this warehouse finishes it"
    )]
    Unfinished(std::io::Error),
}

pub struct Txn {
    root: PathBuf,
    ops: Vec<Op>,
    finished: bool,
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

impl Txn {
    pub fn begin(root: &Path) -> std::io::Result<Txn> {
        let dir = root.join(TXN_DIR);
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(dir.join("files"))?;
        Ok(Txn {
            root: root.to_path_buf(),
            ops: Vec::new(),
            finished: false,
        })
    }

    /// Scratch space for intermediate files that never enter the warehouse.
    pub fn scratch(&self, name: &str) -> std::io::Result<PathBuf> {
        let dir = self.root.join(TXN_DIR).join("scratch").join(name);
        fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// Where to write the new version of `rel` (a path relative to the warehouse root); the file
    /// is put in place at commit.
    pub fn put(&mut self, rel: &str) -> std::io::Result<PathBuf> {
        let staged = self.root.join(TXN_DIR).join("files").join(rel);
        if let Some(parent) = staged.parent() {
            fs::create_dir_all(parent)?;
        }
        self.ops
            .retain(|op| !matches!(op, Op::Put(p) | Op::Delete(p) if p == rel));
        self.ops.push(Op::Put(rel.to_string()));
        Ok(staged)
    }

    pub fn delete(&mut self, rel: &str) {
        self.ops
            .retain(|op| !matches!(op, Op::Put(p) | Op::Delete(p) if p == rel));
        self.ops.push(Op::Delete(rel.to_string()));
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    pub fn commit(mut self) -> Result<(), CommitError> {
        let dir = self.root.join(TXN_DIR);
        let decide = || -> std::io::Result<()> {
            failpoint::hit("ingest.before_commit")?;
            let plan = serde_json::to_vec(&self.ops).expect("ops serialise");
            let pending = dir.join("COMMIT.tmp");
            fs::write(&pending, plan)?;
            fs::File::open(&pending)?.sync_all()?;
            fs::rename(&pending, dir.join(COMMIT_FILE))?;
            sync_dir(&dir)
        };
        decide().map_err(CommitError::NotCommitted)?;
        // From here on the change is decided: a failure below is finished by the next open.
        self.finished = true;
        apply(&self.root, &self.ops).map_err(CommitError::Unfinished)
    }
}

impl Drop for Txn {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(self.root.join(TXN_DIR));
        }
    }
}

fn apply(root: &Path, ops: &[Op]) -> std::io::Result<()> {
    let staged_root = root.join(TXN_DIR).join("files");
    for (i, op) in ops.iter().enumerate() {
        if i == 1 {
            failpoint::hit("ingest.mid_apply")?;
        }
        match op {
            Op::Put(rel) => {
                let staged = staged_root.join(rel);
                let target = root.join(rel);
                // Already moved by an earlier, interrupted apply.
                if !staged.exists() {
                    continue;
                }
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::rename(&staged, &target)?;
            }
            Op::Delete(rel) => {
                let target = root.join(rel);
                if target.exists() {
                    fs::remove_file(&target)?;
                }
                // An emptied partition folder goes too.
                if let Some(parent) = target.parent() {
                    let _ = fs::remove_dir(parent);
                }
            }
        }
    }
    sync_dir(root)?;
    fs::remove_dir_all(root.join(TXN_DIR))
}

/// Brings the warehouse to a consistent state after a run that stopped: finishes a decided
/// change, discards an undecided one. Returns whether anything was finished.
pub fn recover(root: &Path) -> std::io::Result<bool> {
    let dir = root.join(TXN_DIR);
    if !dir.exists() {
        return Ok(false);
    }
    let commit = dir.join(COMMIT_FILE);
    if commit.exists() {
        let ops: Vec<Op> = serde_json::from_slice(&fs::read(&commit)?)
            .map_err(|e| std::io::Error::other(format!("{} is damaged: {e}", commit.display())))?;
        apply(root, &ops)?;
        Ok(true)
    } else {
        fs::remove_dir_all(&dir)?;
        Ok(false)
    }
}
