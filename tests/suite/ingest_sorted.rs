//! Activities and approvals are stored sorted by activity id (so compute merge-joins them), with
//! a mark in each file; sorting in runs, merging into a partition, and partitions written before
//! the mark (joined by hashing) change no row and no figure.

use std::path::{Path, PathBuf};

use kinerja::warehouse::parquet;
use polars::prelude::*;

use crate::compute_harness::october_args;
use crate::harness::*;

const SORTED_KINDS: [&str; 2] = ["activities", "approvals"];

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

fn partitions(warehouse: &Path, kind: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(warehouse.join(kind))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("part-0.parquet"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{kind} has partitions");
    files
}

fn read(path: &Path) -> DataFrame {
    parquet::scan(path).unwrap().collect().unwrap()
}

fn ids(df: &DataFrame) -> Vec<String> {
    df.column("activity_id")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|id| id.expect("activity ids are never null").to_string())
        .collect()
}

/// The sample's exports with the data lines of every CSV and JSON activities or approvals file
/// in reverse order, so nothing arrives sorted.
fn reversed_sample(dir: &Path) -> PathBuf {
    let out = dir.join("reversed");
    std::fs::create_dir_all(&out).unwrap();
    for entry in std::fs::read_dir(sample()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let target = out.join(&name);
        if name.starts_with("aktivitas_") && name.ends_with(".csv") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let mut lines: Vec<&str> = text.lines().collect();
            let header = lines.remove(0);
            lines.reverse();
            std::fs::write(&target, format!("{header}\n{}\n", lines.join("\n"))).unwrap();
        } else if name.starts_with("persetujuan_") && name.ends_with(".json") {
            let mut records: Vec<serde_json::Value> =
                serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
            records.reverse();
            std::fs::write(&target, serde_json::to_vec(&records).unwrap()).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    out
}

fn ingest(dir: &Path, data: &Path, warehouse: &str, extra: &[&str]) {
    let mut args = vec![
        "ingest",
        data.to_str().unwrap(),
        "--warehouse",
        warehouse,
        "-q",
    ];
    args.extend_from_slice(extra);
    kinerja(dir, &args).success();
}

/// The digests of October's tables computed from `warehouse`, but the workbook's: its header
/// names the source files by their hashes.
fn october_tables(
    dir: &Path,
    warehouse: &str,
    out: &str,
) -> std::collections::BTreeMap<String, String> {
    let mut args = october_args(out, &[]);
    args[4] = warehouse;
    kinerja(dir, &args).success();
    let mut digests = tree_digest(&dir.join(out).join("2026-10/tables"));
    assert!(digests.remove("allowance.xlsx").is_some());
    digests
}

#[test]
fn partitions_are_sorted_by_activity_id_and_say_so_whatever_the_input_order() {
    let tmp = temp();
    let reversed = reversed_sample(tmp.path());
    ingest(tmp.path(), &sample(), "as_given", &[]);
    // Runs of 1,000 rows: about 25 per month of activities, merged into each partition.
    ingest(tmp.path(), &reversed, "in_runs", &["--sort-rows", "1000"]);
    for kind in SORTED_KINDS {
        for (given, runs) in partitions(&tmp.path().join("as_given"), kind)
            .iter()
            .zip(partitions(&tmp.path().join("in_runs"), kind))
        {
            for path in [given, &runs] {
                let df = read(path);
                let ids = ids(&df);
                assert!(ids.len() > 100, "{} has rows", path.display());
                assert!(
                    ids.windows(2).all(|w| w[0] <= w[1]),
                    "{} is sorted by activity_id",
                    path.display()
                );
                assert_eq!(
                    parquet::sorted_by(path).unwrap().as_deref(),
                    Some("activity_id"),
                    "{} says it is sorted",
                    path.display()
                );
            }
            // The same rows, whatever the order they came in: compared by natural key, without
            // the line numbers, which the reversal changed.
            let key = ["activity_id", "approver_nip", "decided_at"];
            let comparable = |path: &Path| {
                let df = read(path).drop_many(["_line"]);
                let key: Vec<&str> = key
                    .iter()
                    .copied()
                    .filter(|c| df.schema().contains(c))
                    .collect();
                df.sort(key, Default::default()).unwrap()
            };
            assert!(
                comparable(given).equals_missing(&comparable(&runs)),
                "{} and {} hold the same rows",
                given.display(),
                runs.display()
            );
        }
    }
    // Other kinds keep the order they came in, unmarked.
    for path in partitions(&tmp.path().join("as_given"), "attendance") {
        assert_eq!(parquet::sorted_by(&path).unwrap(), None);
    }
    assert_eq!(
        october_tables(tmp.path(), "as_given", "out_given"),
        october_tables(tmp.path(), "in_runs", "out_runs"),
        "the same figures"
    );
}

#[test]
fn a_correction_merged_into_a_sorted_partition_keeps_it_sorted() {
    let tmp = temp();
    ingest(tmp.path(), &sample(), "wh", &[]);
    let file = tmp.path().join("aktivitas_koreksi.csv");
    // One activity corrected, one new with an id that sorts first, one that sorts last.
    std::fs::write(
        &file,
        "ID Aktivitas;NIP;Tanggal;Jam Mulai;Jam Selesai;Durasi Menit;Uraian Kegiatan;ID Indikator;Kuantitas;Satuan;Status;Waktu Kirim\n\
         AKT-202610-0000000-002;196601011992041001;01/10/2026;;;45;Menyusun rencana kerja;;;dokumen;diajukan;01/10/2026 15:20\n\
         ZZZ-LAST;196601011992041001;02/10/2026;;;30;Rapat koordinasi;;;kegiatan;diajukan;02/10/2026 15:00\n\
         AAA-FIRST;196601011992041001;03/10/2026;;;30;Rapat koordinasi;;;kegiatan;diajukan;03/10/2026 15:00\n",
    )
    .unwrap();
    let before = read(
        &tmp.path()
            .join("wh/activities/period=2026-10/part-0.parquet"),
    )
    .height();
    ingest(tmp.path(), &file, "wh", &[]);
    let path = tmp
        .path()
        .join("wh/activities/period=2026-10/part-0.parquet");
    let df = read(&path);
    let ids = ids(&df);
    assert_eq!(ids.len(), before + 2);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted, each id once");
    assert_eq!(ids.first().map(String::as_str), Some("AAA-FIRST"));
    assert_eq!(ids.last().map(String::as_str), Some("ZZZ-LAST"));
    assert_eq!(
        parquet::sorted_by(&path).unwrap().as_deref(),
        Some("activity_id")
    );
}

#[test]
fn partitions_written_before_they_were_sorted_give_the_same_figures() {
    let tmp = temp();
    ingest(tmp.path(), &sample(), "sorted", &[]);
    ingest(tmp.path(), &sample(), "unsorted", &[]);
    // Rewrite the second warehouse's sorted kinds as an older kinerja left them: in another
    // order (here reversed), without the mark.
    for kind in SORTED_KINDS {
        for path in partitions(&tmp.path().join("unsorted"), kind) {
            let reversed = read(&path).reverse();
            let scratch = path.with_extension("tmp");
            parquet::sink(reversed.lazy(), &scratch).unwrap();
            std::fs::rename(&scratch, &path).unwrap();
            assert_eq!(parquet::sorted_by(&path).unwrap(), None);
        }
    }
    assert_eq!(
        october_tables(tmp.path(), "sorted", "out_sorted"),
        october_tables(tmp.path(), "unsorted", "out_unsorted"),
        "the same figures by merging and by hashing"
    );
    // A correction merged into an unmarked partition leaves it unmarked. (New bytes: the same
    // file again would be recognised and skipped, and prove nothing.)
    let export = std::fs::read_to_string(sample().join("aktivitas_2026-10.csv")).unwrap();
    let mut lines = export.lines();
    let header = lines.next().unwrap();
    let first = lines.next().unwrap();
    let mut fields: Vec<&str> = first.split(';').collect();
    fields[6] = "KOREKSI uraian";
    let correction = write(
        tmp.path(),
        "aktivitas_koreksi_2026-10.csv",
        &format!("{header}\n{}\n", fields.join(";")),
    );
    ingest(tmp.path(), &correction, "unsorted", &[]);
    let path = tmp
        .path()
        .join("unsorted/activities/period=2026-10/part-0.parquet");
    let merged = read(&path);
    let corrected = merged
        .column("description")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .filter(|d| *d == Some("KOREKSI uraian"))
        .count();
    assert_eq!(corrected, 1, "the correction was merged");
    assert_eq!(parquet::sorted_by(&path).unwrap(), None);
}

#[test]
fn a_run_size_below_a_thousand_rows_is_refused_before_anything_is_read() {
    let tmp = temp();
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            sample().to_str().unwrap(),
            "--warehouse",
            "wh",
            "--sort-rows",
            "10",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--sort-rows"), "{}", run.stderr);
    assert!(!tmp.path().join("wh").exists());
}

#[test]
fn a_sorted_mark_on_rows_that_are_not_sorted_is_not_trusted() {
    let tmp = temp();
    ingest(tmp.path(), &sample(), "honest", &[]);
    ingest(tmp.path(), &sample(), "lying", &[]);
    // Rows reversed but the mark kept, as a tool that copied the metadata might leave them: a
    // merge join trusting the mark would pair the wrong activities and approvals.
    for kind in SORTED_KINDS {
        for path in partitions(&tmp.path().join("lying"), kind) {
            let reversed = read(&path).reverse();
            let scratch = path.with_extension("tmp");
            parquet::sink_sorted(reversed.lazy(), &scratch, Some("activity_id")).unwrap();
            std::fs::rename(&scratch, &path).unwrap();
            assert_eq!(
                parquet::sorted_by(&path).unwrap().as_deref(),
                Some("activity_id")
            );
        }
    }
    assert_eq!(
        october_tables(tmp.path(), "honest", "out_honest"),
        october_tables(tmp.path(), "lying", "out_lying"),
        "the same figures: the mark is checked against the rows"
    );
}
