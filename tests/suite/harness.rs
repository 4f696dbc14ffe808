//! A small harness: run the real binary in a temp folder, read the warehouse back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use polars::prelude::*;
use sha2::{Digest, Sha256};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn kinerja_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kinerja"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("KINERJA_FAILPOINT");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("kinerja runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn kinerja(dir: &Path, args: &[&str]) -> Run {
    kinerja_env(dir, args, &[])
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn worked_example() -> PathBuf {
    fixture("worked-example")
}

pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Every file under `dir` (relative path → sha256 of its bytes).
pub fn tree_digest(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(
                    rel,
                    format!("{:x}", Sha256::digest(std::fs::read(&path).unwrap())),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// All stored rows of a kind, with `period` from the partition path, sorted by every column.
pub fn read_kind(warehouse: &Path, kind: &str) -> DataFrame {
    let dir = warehouse.join(kind);
    let mut frames = Vec::new();
    let mut periods: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    periods.sort();
    for p in periods {
        let period = p
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .strip_prefix("period=")
            .unwrap()
            .to_string();
        let file = std::fs::File::open(p.join("part-0.parquet")).unwrap();
        let mut df = ParquetReader::new(file).finish().unwrap();
        let n = df.height();
        df.with_column(Column::new_scalar(
            "period".into(),
            Scalar::from(PlSmallStr::from(period)),
            n,
        ))
        .unwrap();
        frames.push(df.lazy());
    }
    if frames.is_empty() {
        return DataFrame::empty();
    }
    let df = concat(frames, UnionArgs::default())
        .unwrap()
        .collect()
        .unwrap();
    let names: Vec<PlSmallStr> = df.get_column_names().into_iter().cloned().collect();
    df.sort(names, SortMultipleOptions::default()).unwrap()
}

/// Data lines of a CSV file (its rows when no field holds a newline).
pub fn csv_rows(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count()
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Every reject the warehouse keeps, over all its ingests, in ingest order.
pub fn read_rejects(warehouse: &Path) -> DataFrame {
    let mut ingests: Vec<PathBuf> = std::fs::read_dir(warehouse.join("_rejects"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    ingests.sort();
    let mut all: Option<DataFrame> = None;
    for dir in ingests {
        let file = std::fs::File::open(dir.join("part-0.parquet")).unwrap();
        let df = ParquetReader::new(file).finish().unwrap();
        all = Some(match all {
            Some(mut a) => {
                a.vstack_mut(&df).unwrap();
                a
            }
            None => df,
        });
    }
    all.unwrap_or_default()
}

/// Copies the folder `from` to `to`, every file and folder under it.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A file of the bundled `sample-data/`.
pub fn sample_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A temporary folder whose warehouse `wh` holds the whole bundled sample.
pub fn sample_ingested() -> tempfile::TempDir {
    let tmp = temp();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    kinerja(
        tmp.path(),
        &["ingest", data.to_str().unwrap(), "--warehouse", "wh", "-q"],
    )
    .success();
    tmp
}
