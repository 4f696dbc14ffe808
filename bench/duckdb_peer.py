"""The DuckDB peer of the kinerja benchmark: the same work on the same machine.

  duckdb_peer.py ingest CSV_DIR WAREHOUSE   read the generated `;` CSV exports, type them as the
                                            engine does, dedupe by natural key and write the same
                                            hive-partitioned zstd Parquet warehouse
  duckdb_peer.py compute SQL_DIR TABLES OUT run the engine's rendered queries/*.sql (exported with
                                            `kinerja compute --export-sql`) over the engine's
                                            prepared input tables and write each result the
                                            engine writes (the tables in TABLES) to OUT as Parquet
                                            and CSV, as the engine does
  duckdb_peer.py check OUT TABLES           check every result in OUT equals the engine's table
                                            in TABLES (kept out of the timed run)

Each prints one JSON line: {"stage", "seconds", ...}. Exit 1 when results differ.
"""
import glob
import json
import math
import os
import sys
import time

import duckdb

OFFSET = "INTERVAL 7 HOUR"  # exports carry WIB local time; the warehouse stores UTC

# kind → (file glob, SELECT over the normalised CSV columns, natural key, partition expression)
KINDS = {
    "activities": ("aktivitas_*.csv", """
        id_aktivitas AS activity_id, nip, strptime(tanggal, '%d/%m/%Y')::DATE AS date,
        (split_part(jam_mulai, ':', 1)::INT * 60 + split_part(jam_mulai, ':', 2)::INT) AS start_time,
        (split_part(jam_selesai, ':', 1)::INT * 60 + split_part(jam_selesai, ':', 2)::INT) AS end_time,
        durasi_menit::INT AS duration_min, uraian_kegiatan AS description, id_indikator AS indicator_id,
        replace(kuantitas, ',', '.')::DOUBLE AS volume, satuan AS output_unit,
        CASE status WHEN 'diajukan' THEN 'submitted' WHEN 'draft' THEN 'draft' ELSE status END AS status,
        strptime(waktu_kirim, '%d/%m/%Y %H:%M') - {off} AS submitted_at""", "activity_id",
        "strftime(date, '%Y-%m')"),
    "approvals": ("persetujuan_*.csv", """
        id_aktivitas AS activity_id, nip_atasan AS approver_nip,
        CASE keputusan WHEN 'disetujui' THEN 'approved' WHEN 'ditolak' THEN 'rejected' ELSE keputusan END AS decision,
        strptime(waktu_persetujuan, '%d/%m/%Y %H:%M') - {off} AS decided_at, catatan AS note""",
        "activity_id, approver_nip, decided_at", "strftime(decided_at + {off}, '%Y-%m')"),
    "attendance": ("presensi_*.csv", """
        nip, strptime(tanggal, '%d/%m/%Y')::DATE AS date,
        CASE keterangan WHEN 'hadir' THEN 'present' WHEN 'tk' THEN 'absent' WHEN 'cuti' THEN 'leave'
             WHEN 'sakit' THEN 'sick' WHEN 'izin' THEN 'permit' WHEN 'dl' THEN 'duty_travel' END AS status,
        terlambat::INT AS late_min, pulang_cepat::INT AS early_leave_min,
        tidak_absen_pulang = '1' AS missing_checkout""", "nip, date", "strftime(date, '%Y-%m')"),
    "employees": ("pegawai_*.csv", """
        nip, nama AS name, kode_unit AS unit_id, nip_atasan AS supervisor_nip, jabatan AS position,
        kelas_jabatan::INT AS grade_class, golongan AS rank, jenis_asn AS asn_type,
        replace(besaran_tpp, '.', '')::BIGINT AS tpp_base, periode AS period""", "period, nip", "period"),
    "units": ("unor_*.csv", """
        kode_unit AS unit_id, id_induk AS parent_id, nama_unit AS name, periode AS period""",
        "period, unit_id", "period"),
    "targets": ("target_skp_*.csv", """
        id_indikator AS indicator_id, nip, periode AS period, indikator AS description,
        replace(src._target, ',', '.')::DOUBLE AS target, satuan AS output_unit,
        CASE arah WHEN 'naik' THEN 'higher' WHEN 'turun' THEN 'lower' END AS direction,
        replace(bobot, ',', '.')::DOUBLE AS weight""", "indicator_id, period", "period"),
    "evaluations": ("penilaian_*.csv", """
        nip, periode AS period,
        CASE hasil_kerja WHEN 'di_atas_ekspektasi' THEN 'above' WHEN 'di_bawah_ekspektasi' THEN 'below' ELSE 'meets' END AS work_result,
        CASE perilaku_kerja WHEN 'di_atas_ekspektasi' THEN 'above' WHEN 'di_bawah_ekspektasi' THEN 'below' ELSE 'meets' END AS behaviour""",
        "nip, period", "period"),
}

SORTED_BY_ACTIVITY = {"activities", "approvals"}


def ingest(csv_dir, warehouse):
    con = duckdb.connect()
    started = time.perf_counter()
    rows = 0
    for kind, (pattern, select, key, partition) in KINDS.items():
        files = sorted(glob.glob(os.path.join(csv_dir, pattern)))
        if not files:
            continue
        source = (f"read_csv({files!r}, delim=';', header=true, all_varchar=true, "
                  f"normalize_names=true)")
        # The engine stores activities and approvals sorted by activity id (compute merge-joins
        # them); the peer writes the same order.
        order = " ORDER BY activity_id" if kind in SORTED_BY_ACTIVITY else ""
        query = f"""
            SELECT * EXCLUDE (rn) FROM (
                SELECT *, row_number() OVER (PARTITION BY {key}) AS rn
                FROM (SELECT {select.format(off=OFFSET)} FROM {source} src)
            ) WHERE rn = 1{order}"""
        out = os.path.join(warehouse, kind)
        os.makedirs(out, exist_ok=True)
        if partition != "period":
            query = f"SELECT *, {partition.format(off=OFFSET)} AS period FROM ({query})"
        con.execute(f"""COPY ({query}) TO '{out}' (FORMAT parquet, COMPRESSION zstd,
                        PARTITION_BY (period), OVERWRITE_OR_IGNORE)""")
        rows += con.execute(f"SELECT count(*) FROM read_parquet('{out}/**/*.parquet')").fetchone()[0]
    print(json.dumps({"stage": "ingest", "engine": "duckdb", "seconds": time.perf_counter() - started, "rows": rows}))


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is None and b is None
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def compute(sql_dir, tables, out):
    written = {os.path.basename(p)[:-len(".parquet")] for p in glob.glob(os.path.join(tables, "*.parquet"))}
    os.makedirs(out, exist_ok=True)
    con = duckdb.connect()
    started = time.perf_counter()
    for path in sorted(glob.glob(os.path.join(sql_dir, "inputs", "*.parquet"))):
        name = os.path.basename(path)[:-len(".parquet")]
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    for path in sorted(glob.glob(os.path.join(sql_dir, "queries", "*.sql"))):
        name = os.path.basename(path)[3:-len(".sql")]
        with open(path) as f:
            con.execute(f"CREATE TABLE {name} AS {f.read()}")
        if name in written:  # an output table, not an intermediate such as `entries`
            con.execute(f"COPY {name} TO '{os.path.join(out, name)}.parquet' (FORMAT parquet, COMPRESSION zstd)")
            con.execute(f"COPY {name} TO '{os.path.join(out, name)}.csv' (HEADER)")
    seconds = time.perf_counter() - started
    print(json.dumps({"stage": "compute", "engine": "duckdb", "seconds": seconds}))


def check(out, tables):
    con = duckdb.connect()
    results, ok = {}, True
    for path in sorted(glob.glob(os.path.join(out, "*.parquet"))):
        name = os.path.basename(path)[:-len(".parquet")]
        engine_file = os.path.join(tables, f"{name}.parquet")
        columns = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]
        order = ", ".join(f'"{c}"' for c in columns)
        # NIPs are numbers inside both engines; the engine's tables print them as text.
        as_written = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' if c == "nip" or c.endswith("_nip")
                               else f'"{c}"' for c in columns)
        mine = con.execute(f"SELECT {as_written} FROM read_parquet('{path}') ORDER BY ALL").fetchall()
        theirs = con.execute(f"SELECT {order} FROM read_parquet('{engine_file}') ORDER BY ALL").fetchall()
        equal = len(mine) == len(theirs) and all(
            all(same(x, y) for x, y in zip(r1, r2)) for r1, r2 in zip(mine, theirs))
        results[name] = {"rows": len(mine), "equal": equal}
        ok = ok and equal
    print(json.dumps({"stage": "check", "engine": "duckdb", "tables": results}))
    return ok and bool(results)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "ingest":
        ingest(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "compute":
        compute(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(0 if check(sys.argv[2], sys.argv[3]) else 1)
    else:
        sys.exit(__doc__)
