//! A file that cannot be read as its kind: nothing of it enters the warehouse, and the message
//! names the file and what to do (exit code 2).

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

impl FileError {
    pub fn unreadable(path: &Path, message: &str) -> Self {
        FileError {
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }

    pub fn io(path: &Path, err: std::io::Error) -> Self {
        FileError {
            path: path.to_path_buf(),
            message: format!("cannot be read: {err}"),
        }
    }
}
