//! Ingest of the worked example: row counts, types, partitions, idempotence, replacement,
//! the manifest, the lock and exit codes.

use polars::prelude::*;

use crate::harness::*;

const KINDS: &[(&str, &str)] = &[
    ("units", "units.csv"),
    ("employees", "employees.csv"),
    ("activities", "activities.csv"),
    ("approvals", "approvals.csv"),
    ("targets", "targets.csv"),
    ("evaluations", "evaluations.csv"),
    ("attendance", "attendance.csv"),
    ("holidays", "holidays.csv"),
    ("sanctions", "sanctions.csv"),
];

#[test]
fn worked_example_ingests_every_row_with_typed_columns() {
    let tmp = temp();
    let ex = worked_example();
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            ex.to_str().unwrap(),
            "--warehouse",
            "wh",
            "--strict",
        ],
    );
    run.success();
    let wh = tmp.path().join("wh");
    for (kind, file) in KINDS {
        let expected = csv_rows(&ex.join(file));
        assert_eq!(read_kind(&wh, kind).height(), expected, "{kind}");
    }
    let activities = read_kind(&wh, "activities");
    assert_eq!(activities.column("date").unwrap().dtype(), &DataType::Date);
    assert_eq!(
        activities.column("submitted_at").unwrap().dtype(),
        &DataType::Datetime(TimeUnit::Microseconds, None)
    );
    let employees = read_kind(&wh, "employees");
    assert_eq!(
        employees.column("tpp_base").unwrap().dtype(),
        &DataType::Int64
    );
    // "disetujui" is stored as its canonical word.
    let approvals = read_kind(&wh, "approvals");
    let decisions: Vec<&str> = approvals
        .column("decision")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .collect();
    assert!(
        decisions
            .iter()
            .all(|d| *d == "approved" || *d == "rejected"),
        "{decisions:?}"
    );
    // Approvals are partitioned by the month they were decided (one in November).
    assert!(wh.join("approvals/period=2026-11/part-0.parquet").exists());
    assert!(wh.join("activities/period=2026-10/part-0.parquet").exists());
    // Local 16:00 WIB is 09:00 UTC.
    let first = activities
        .clone()
        .lazy()
        .filter(col("activity_id").eq(lit("A1-001")))
        .select([col("submitted_at").dt().to_string("%Y-%m-%d %H:%M")])
        .collect()
        .unwrap();
    assert_eq!(
        first.column("submitted_at").unwrap().str().unwrap().get(0),
        Some("2026-10-01 09:00")
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(wh.join("_manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["files"].as_array().unwrap().len(), KINDS.len());
    assert!(manifest["files"][0]["sha256"].as_str().unwrap().len() == 64);
    assert!(
        run.stderr.contains(
            "activities.csv: activities (csv) read 92, accepted 92, replaced 0, rejected 0"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_same_file_twice_changes_nothing_and_says_so() {
    let tmp = temp();
    let ex = worked_example();
    ingest_into(tmp.path(), "wh", &[&ex]).success();
    let before = tree_digest(&tmp.path().join("wh"));
    let again = kinerja(
        tmp.path(),
        &[
            "ingest",
            ex.join("activities.csv").to_str().unwrap(),
            "--warehouse",
            "wh",
        ],
    );
    again.success();
    assert!(
        again.stderr.contains("already ingested"),
        "{}",
        again.stderr
    );
    assert_eq!(tree_digest(&tmp.path().join("wh")), before);
}

#[test]
fn a_corrected_re_export_replaces_rows_even_across_months() {
    let tmp = temp();
    let first = activities_file(
        tmp.path(),
        "aktivitas_a.csv",
        "K1,198609262015051001,2026-10-01,60,Rapat,submitted\n\
         K2,198609262015051001,2026-10-02,90,Surat,submitted\n\
         K3,198609262015051001,2026-10-03,30,Arsip,submitted\n",
    );
    ingest_into(tmp.path(), "wh", &[&first]).success();
    // K1 gets a new duration, K3 moves to September; K2 is unchanged.
    let second = activities_file(
        tmp.path(),
        "aktivitas_b.csv",
        "K1,198609262015051001,2026-10-01,75,Rapat,submitted\n\
         K3,198609262015051001,2026-09-30,30,Arsip,submitted\n",
    );
    let run = ingest_into(tmp.path(), "wh", &[&second]);
    run.success();
    assert!(
        run.stderr.contains("accepted 2, replaced 2, rejected 0"),
        "{}",
        run.stderr
    );
    let rows = read_kind(&tmp.path().join("wh"), "activities");
    assert_eq!(rows.height(), 3);
    let by_id = |id: &str, column: &str| {
        rows.clone()
            .lazy()
            .filter(col("activity_id").eq(lit(id)))
            .select([col(column)])
            .collect()
            .unwrap()
    };
    assert_eq!(
        by_id("K1", "duration_min")
            .column("duration_min")
            .unwrap()
            .i32()
            .unwrap()
            .get(0),
        Some(75)
    );
    assert_eq!(
        by_id("K3", "period")
            .column("period")
            .unwrap()
            .str()
            .unwrap()
            .get(0),
        Some("2026-09")
    );
    assert_eq!(
        by_id("K2", "_source")
            .column("_source")
            .unwrap()
            .str()
            .unwrap()
            .get(0),
        Some("aktivitas_a.csv")
    );
}

#[test]
fn strict_exits_1_on_rejects_and_unreadable_files_exit_2_and_ingest_nothing() {
    let tmp = temp();
    let bad_row = write(
        tmp.path(),
        "presensi.csv",
        "nip,tanggal,keterangan\n12345,2026-10-01,hadir\n",
    );
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            bad_row.to_str().unwrap(),
            "--warehouse",
            "wh",
            "--strict",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("rejected 1"));

    let good = write(
        tmp.path(),
        "libur.csv",
        "tanggal,keterangan\n2026-12-25,Natal\n",
    );
    let missing_column = write(
        tmp.path(),
        "aktivitas.csv",
        "id_aktivitas,nip,tanggal\nX,198609262015051001,2026-10-01\n",
    );
    let before = tree_digest(&tmp.path().join("wh"));
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            good.to_str().unwrap(),
            missing_column.to_str().unwrap(),
            "--warehouse",
            "wh",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("aktivitas.csv")
            && run
                .stderr
                .contains("`description` (expected one of: description, uraian"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was ingested"));
    assert_eq!(
        tree_digest(&tmp.path().join("wh")),
        before,
        "the good file must not land alone"
    );
}

#[test]
fn an_ambiguous_or_unknown_file_says_how_to_name_its_kind() {
    let tmp = temp();
    let unknown = write(tmp.path(), "export.csv", "a,b\n1,2\n");
    let run = ingest_into(tmp.path(), "wh", &[&unknown]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--kind"), "{}", run.stderr);
    // With --kind the same header problem names the missing columns instead.
    let run = kinerja(
        tmp.path(),
        &[
            "ingest",
            unknown.to_str().unwrap(),
            "--warehouse",
            "wh",
            "--kind",
            "holidays",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`date`"), "{}", run.stderr);
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
    let tmp = temp();
    let wh = tmp.path().join("wh");
    let _held = kinerja::warehouse::Warehouse::open_for_write(&wh).unwrap();
    let file = write(
        tmp.path(),
        "libur.csv",
        "tanggal,keterangan\n2026-12-25,Natal\n",
    );
    let run = ingest_into(tmp.path(), "wh", &[&file]);
    assert_eq!(run.code, 2);
    // The refusal names who holds it: here the test process, which opened it for writing.
    assert!(
        run.stderr
            .contains("another kinerja process is using the warehouse")
            && run
                .stderr
                .contains(&format!("(process {}, writing)", std::process::id())),
        "{}",
        run.stderr
    );
}

#[test]
fn roster_snapshots_need_a_period() {
    let tmp = temp();
    let units = write(tmp.path(), "unor.csv", "kode_unit,nama_unit\nU1,Dinas\n");
    let run = ingest_into(tmp.path(), "wh", &[&units]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--as-of"), "{}", run.stderr);
    kinerja(
        tmp.path(),
        &[
            "ingest",
            units.to_str().unwrap(),
            "--warehouse",
            "wh",
            "--as-of",
            "2026-10",
        ],
    )
    .success();
    assert!(
        tmp.path()
            .join("wh/units/period=2026-10/part-0.parquet")
            .exists()
    );
}

/// Replaced rows are counted per file: a key repeated inside one file, or a key an earlier file
/// of the same run brought; one file alone and two files together must agree.
#[test]
fn replaced_rows_are_counted_per_file_alone_and_together() {
    let tmp = temp();
    let a = activities_file(
        tmp.path(),
        "aktivitas_a.csv",
        "K1,198609262015051001,2026-10-01,60,Rapat,submitted\n\
         K2,198609262015051001,2026-10-02,90,Surat,submitted\n\
         K2,198609262015051001,2026-10-02,95,Surat,submitted\n",
    );
    let b = activities_file(
        tmp.path(),
        "aktivitas_b.csv",
        "K1,198609262015051001,2026-09-30,75,Rapat,submitted\n\
         K4,198609262015051001,2026-10-03,30,Arsip,submitted\n",
    );
    let alone = ingest_into(tmp.path(), "w1", &[&a]);
    alone.success();
    assert!(
        alone.stderr.contains("accepted 3, replaced 1,"),
        "{}",
        alone.stderr
    );

    let together = ingest_into(tmp.path(), "w2", &[&a, &b]);
    together.success();
    assert!(
        together
            .stderr
            .contains("aktivitas_a.csv: activities (csv) read 3, accepted 3, replaced 1,"),
        "{}",
        together.stderr
    );
    assert!(
        together
            .stderr
            .contains("aktivitas_b.csv: activities (csv) read 2, accepted 2, replaced 1,"),
        "{}",
        together.stderr
    );
    let rows = read_kind(&tmp.path().join("w2"), "activities");
    assert_eq!(
        rows.height(),
        3,
        "K1 (moved to September), K2 (last copy), K4"
    );
}

/// A file repeating a key keeps its later line even when that line is in an earlier month: rows
/// are staged by month, and month order must not decide which copy is newer.
#[test]
fn a_key_repeated_in_one_file_keeps_its_later_line_across_months() {
    let tmp = temp();
    let file = activities_file(
        tmp.path(),
        "aktivitas_a.csv",
        "K1,198609262015051001,2026-10-05,60,Rapat,submitted\n\
         K2,198609262015051001,2026-10-06,90,Surat,submitted\n\
         K1,198609262015051001,2026-09-29,45,Rapat,submitted\n",
    );
    let run = ingest_into(tmp.path(), "wh", &[&file]);
    run.success();
    assert!(
        run.stderr.contains("accepted 3, replaced 1,"),
        "{}",
        run.stderr
    );
    let rows = read_kind(&tmp.path().join("wh"), "activities")
        .sort(["activity_id"], Default::default())
        .unwrap();
    let ids: Vec<_> = rows
        .column("activity_id")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(ids, [Some("K1"), Some("K2")]);
    let k1 = rows.head(Some(1));
    assert_eq!(
        k1.column("period").unwrap().str().unwrap().get(0),
        Some("2026-09")
    );
    assert_eq!(
        k1.column("duration_min").unwrap().i32().unwrap().get(0),
        Some(45)
    );
    assert_eq!(k1.column("_line").unwrap().i64().unwrap().get(0), Some(4));
}

/// An activities export `name` in `dir`: the short header these tests use, then `rows`.
fn activities_file(dir: &std::path::Path, name: &str, rows: &str) -> std::path::PathBuf {
    write(
        dir,
        name,
        &format!("activity_id,nip,date,duration_min,description,status\n{rows}"),
    )
}

/// `kinerja ingest FILES --warehouse WAREHOUSE`, run in `dir`.
fn ingest_into(dir: &std::path::Path, warehouse: &str, files: &[&std::path::Path]) -> Run {
    let mut args = vec!["ingest"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(["--warehouse", warehouse]);
    kinerja(dir, &args)
}

#[test]
fn months_ingested_one_export_at_a_time_hold_what_one_run_of_them_all_holds() {
    // The usual monthly routine: each month's export is ingested as it comes, into a warehouse
    // that already holds the months before (a merge that leaves those months as they are).
    let tmp = temp();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let months = ["2026-08", "2026-09", "2026-10"];
    let files: Vec<std::path::PathBuf> = months
        .iter()
        .flat_map(|m| {
            [
                sample.join(format!("aktivitas_{m}.csv")),
                sample.join(format!("persetujuan_{m}.json")),
            ]
        })
        .collect();
    for file in &files {
        ingest_into(tmp.path(), "monthly", &[file]).success();
    }
    let all: Vec<&std::path::Path> = files.iter().map(|f| f.as_path()).collect();
    ingest_into(tmp.path(), "at_once", &all).success();
    for kind in ["activities", "approvals"] {
        // The ingest numbers differ between the two warehouses, nothing else.
        let stored = |warehouse: &str| {
            read_kind(&tmp.path().join(warehouse), kind)
                .drop("_ingest")
                .unwrap()
        };
        let monthly = stored("monthly");
        assert!(monthly.height() > 30_000, "{kind}: three months of rows");
        assert!(monthly.equals_missing(&stored("at_once")), "{kind}");
    }
}
