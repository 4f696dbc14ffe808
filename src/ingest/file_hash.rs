//! A file's SHA-256, which tells a repeated export from a new one. It is computed on its own thread
//! while the file is read and validated (it took a second of one core, before any reading, for a
//! 1.4 GB export); a repeat is still noticed as soon as the hash is known.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};

use crate::ingest::error::FileError;

pub struct FileHash {
    pending: Option<JoinHandle<Result<String, FileError>>>,
    done: Option<String>,
}

impl FileHash {
    pub fn start(path: &Path) -> FileHash {
        let path: PathBuf = path.to_path_buf();
        FileHash {
            pending: Some(std::thread::spawn(move || sha256_of(&path))),
            done: None,
        }
    }

    /// The hash once it is known, without waiting.
    pub fn ready(&mut self) -> Result<Option<&str>, FileError> {
        if self.pending.as_ref().is_some_and(JoinHandle::is_finished) {
            self.wait()?;
        }
        Ok(self.done.as_deref())
    }

    pub fn wait(&mut self) -> Result<&str, FileError> {
        if let Some(handle) = self.pending.take() {
            self.done = Some(handle.join().expect("hashing does not panic")?);
        }
        Ok(self.done.as_deref().expect("joined above"))
    }
}

fn sha256_of(path: &Path) -> Result<String, FileError> {
    let mut file = std::fs::File::open(path).map_err(|e| FileError::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(|e| FileError::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}
