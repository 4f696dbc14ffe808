//! A file opened as its record kind, and the validator of its rows: shared by ingest and the
//! dry run so both read a file the same way.

use std::path::Path;

use super::validate::Validator;
use super::{FileError, IngestOptions, detect, source};
use crate::schema::{self, Kind};
use crate::values::ParseContext;

/// Opens `path` and tells its kind: `--kind`, else the file name, else the header (found below
/// a report's title rows).
pub fn open_as_kind(
    path: &Path,
    opts: &IngestOptions,
    bar: &indicatif::ProgressBar,
) -> Result<(source::Source, &'static Kind), FileError> {
    let named = match &opts.kind {
        Some(k) => Some(schema::kind(k).ok_or_else(|| {
            FileError::unreadable(
                path,
                &format!("--kind {k}: no such kind ({})", schema::kind_names()),
            )
        })?),
        None => detect::kind_from_file_name(path),
    };
    let is_header =
        |headers: &[String]| detect::names_required_columns(named, headers, opts.extensions);
    let src = source::open(path, opts.sheet.as_deref(), bar, &is_header)?;
    let kind = match named {
        Some(k) => k,
        None if src.headers.is_empty() => {
            return Err(FileError::unreadable(
                path,
                &format!(
                    "holds no rows, and its name does not say its kind; name the kind with \
                     --kind ({}) or rename the file (e.g. aktivitas.json)",
                    schema::kind_names()
                ),
            ));
        }
        None => detect::kind_from_headers(path, &src.headers, opts.extensions)?,
    };
    Ok((src, kind))
}

/// The validator of a file's rows, with the file's number format and the run's rules.
pub fn validator_for<'a>(
    kind: &'static Kind,
    map: &'a detect::ColumnMap,
    headers: &'a [String],
    format: &source::Format,
    opts: &IngestOptions,
) -> Validator<'a> {
    Validator::new(
        kind,
        map,
        headers,
        ParseContext {
            decimal_comma: format.decimal_comma(),
            utc_offset_min: opts.utc_offset_min,
            extensions: Some(opts.extensions),
        },
        opts.as_of.clone(),
    )
}
