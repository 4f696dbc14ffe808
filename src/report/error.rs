//! What can stop a report: a table or file that cannot be read or written, a template, a chart,
//! or an input it refuses (a period not computed, a column missing), each with its source.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}")]
    Table {
        path: String,
        #[source]
        source: polars::error::PolarsError,
    },
    /// minijinja's own text, with the template's line (`{:#}`).
    #[error("template {name}: {detail}")]
    Template { name: String, detail: String },
    #[error("chart {name}: {message}")]
    Chart { name: String, message: String },
    /// A complete message that says what to do.
    #[error("{0}")]
    Input(String),
}

impl ReportError {
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> ReportError {
        let path = path.into();
        move |source| ReportError::Io { path, source }
    }
}
