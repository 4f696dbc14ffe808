//! Running compute on the worked example (ingested once per test) with a rules file, and reading
//! one figure back.

use std::path::{Path, PathBuf};

use crate::harness::*;

pub struct Computed {
    pub tmp: tempfile::TempDir,
}

impl Computed {
    pub fn dir(&self) -> &Path {
        self.tmp.path()
    }

    pub fn tables(&self, out: &str) -> PathBuf {
        self.dir().join(out).join("2026-10/tables")
    }

    /// Runs compute with `rules` (TOML text; empty for the defaults) into `out`.
    pub fn compute(&self, out: &str, rules: &str) -> Run {
        let rules_path = write(self.dir(), &format!("{out}.toml"), rules);
        let args = october_args(out, &["--rules", rules_path.to_str().unwrap()]);
        kinerja(self.dir(), &args)
    }
}

/// The arguments computing October 2026 from the warehouse `wh` into `out`, then `extra`.
pub fn october_args<'a>(out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "compute",
        "--period",
        "2026-10",
        "--warehouse",
        "wh",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    args
}

/// The worked example ingested, with `edit` applied to a copy of its files first.
pub fn worked_example_with(edit: impl Fn(&Path)) -> Computed {
    let tmp = temp();
    let copy = tmp.path().join("input");
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(worked_example()).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "csv") {
            std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    edit(&copy);
    kinerja(
        tmp.path(),
        &["ingest", "input", "--warehouse", "wh", "--strict"],
    )
    .success();
    Computed { tmp }
}

/// Appends `lines` (each ending in a newline) to the input file `file` in `dir`.
pub fn append(dir: &Path, file: &str, lines: &str) {
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(lines);
    std::fs::write(&path, text).unwrap();
}

pub fn worked_example_ingested() -> Computed {
    worked_example_with(|_| {})
}

/// Rows of a CSV table as header → value maps.
pub fn rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// One figure: the `column` of the row of `table` whose `key` columns have these values.
pub fn figure(tables: &Path, table: &str, key: &[(&str, &str)], column: &str) -> String {
    let all = rows(&tables.join(format!("{table}.csv")));
    let row = all
        .iter()
        .find(|r| {
            key.iter()
                .all(|(k, v)| r.get(*k).map(String::as_str) == Some(*v))
        })
        .unwrap_or_else(|| panic!("{table}: no row {key:?}"));
    row.get(column)
        .unwrap_or_else(|| panic!("{table}: no column {column}"))
        .clone()
}

/// Equal as numbers to `decimals` places, or equal as text (case-insensitive for booleans).
pub fn same(got: &str, expected: &str, decimals: i32) -> bool {
    match (got.parse::<f64>(), expected.parse::<f64>()) {
        (Ok(g), Ok(e)) => (g - e).abs() <= 0.5 * 10f64.powi(-decimals),
        _ => got.eq_ignore_ascii_case(expected),
    }
}
