//! The Parquet warehouse: one hive-partitioned dataset per record kind
//! (`activities/period=2026-10/part-0.parquet`, zstd), rejected rows under `_rejects/`, and
//! `_manifest.json`. Writers hold an exclusive lock and change it only through a [`txn::Txn`].

pub mod holders;
pub mod manifest;
pub mod merge;
pub mod parquet;
pub mod stored;
pub mod txn;

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

use crate::schema::Kind;

pub const LOCK_FILE: &str = ".lock";
pub const PART_FILE: &str = "part-0.parquet";

#[derive(Debug, thiserror::Error)]
pub enum WarehouseError {
    /// Refused: another process holds the lock; the text names the holders known.
    #[error(
        "another kinerja process is using the warehouse {}{}; wait for it to finish, then run again",
        path.display(),
        if holders.is_empty() { String::new() } else { format!(": {holders}") }
    )]
    Busy { path: PathBuf, holders: String },
    #[error(
        "no warehouse at {0}; ingest some exports first (kinerja ingest FILES --warehouse {0})"
    )]
    Missing(PathBuf),
    #[error("warehouse {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub struct Warehouse {
    pub root: PathBuf,
    _lock: File,
    _note: holders::Note,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WarehouseError + '_ {
    move |source| WarehouseError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn busy(root: &Path) -> WarehouseError {
    WarehouseError::Busy {
        path: root.to_path_buf(),
        holders: holders::describe(root),
    }
}

impl Warehouse {
    /// Opens (creating if needed) for writing: exclusive lock, then recovery of a stopped run.
    pub fn open_for_write(root: &Path) -> Result<Warehouse, WarehouseError> {
        fs::create_dir_all(root).map_err(io(root))?;
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(root.join(LOCK_FILE))
            .map_err(io(root))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(busy(root)),
            Err(TryLockError::Error(e)) => return Err(io(root)(e)),
        }
        let note = holders::note(root, "writing");
        txn::recover(root).map_err(io(root))?;
        Ok(Warehouse {
            root: root.to_path_buf(),
            _lock: lock,
            _note: note,
        })
    }

    /// Opens an existing warehouse for reading: finishes a stopped run if one is pending, then
    /// holds a shared lock so no ingest changes files underneath.
    pub fn open_for_read(root: &Path) -> Result<Warehouse, WarehouseError> {
        if !root.join(manifest::MANIFEST_FILE).exists() {
            return Err(WarehouseError::Missing(root.to_path_buf()));
        }
        if root.join(txn::TXN_DIR).exists() {
            drop(Warehouse::open_for_write(root)?);
        }
        let lock = File::open(root.join(LOCK_FILE)).map_err(io(root))?;
        match lock.try_lock_shared() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(busy(root)),
            Err(TryLockError::Error(e)) => return Err(io(root)(e)),
        }
        Ok(Warehouse {
            root: root.to_path_buf(),
            _lock: lock,
            _note: holders::note(root, "reading"),
        })
    }

    /// Path of a partition's file relative to the root.
    pub fn partition_rel(kind: &Kind, period: &str) -> String {
        format!("{}/period={period}/{PART_FILE}", kind.name)
    }

    pub fn partition_file(&self, kind: &Kind, period: &str) -> PathBuf {
        self.root.join(Self::partition_rel(kind, period))
    }

    /// The periods that have a partition for this kind, sorted.
    pub fn periods(&self, kind: &Kind) -> Vec<String> {
        let mut periods: Vec<String> = fs::read_dir(self.root.join(kind.name))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_prefix("period=")
                    .map(str::to_string)
            })
            .filter(|p| self.partition_file(kind, p).exists())
            .collect();
        periods.sort();
        periods
    }

    pub fn manifest(&self) -> Result<manifest::Manifest, WarehouseError> {
        manifest::Manifest::load(&self.root).map_err(io(&self.root))
    }
}
