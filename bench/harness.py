"""Times each stage of kinerja and of the DuckDB peer as separate processes, pair by pair, and
writes BENCHMARKS.md. See bench/README.md."""
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINERJA = os.path.join(ROOT, "target", "debug", "kinerja")
PEER = [os.path.join(ROOT, "bench", ".venv", "bin", "python"), os.path.join(ROOT, "bench", "duckdb_peer.py")]
WORK = os.path.join(ROOT, "target", "bench")
PERIOD = "2026-10"
# Seconds between timed processes (see `timed`); Linux reports free pages after 2 s.
PAUSE_S = 4
# The stages timed, and those DuckDB does too (its samples are `<stage>_duck`).
STAGES = ["ingest", "compute", "report", "run"]
PEERED = ["ingest", "compute"]


def timed(cmd):
    """(wall s, cpu s, peak RSS MiB, stdout) of one process, measured by /usr/bin/time.
    Each starts once what earlier processes wrote is on disk (the kernel writes dirty pages back
    up to 30 s later, so an ingest's writes would otherwise be flushed during the next stage),
    and after a pause in which the memory the previous process freed goes cold: on a virtual
    machine that reports free memory to its host, pages freed seconds ago are still backed and
    cheaper to touch, which favoured whichever process happened to follow a large one."""
    os.sync()
    time.sleep(PAUSE_S)
    stats = os.path.join(WORK, "time.txt")
    out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", stats] + cmd,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr[-3000:]}")
    wall, user, system, rss_kb = open(stats).read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss_kb) / 1024, out.stdout


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path


def bench(employees, runs):
    base = os.path.join(WORK, str(employees))
    data = os.path.join(base, "data")
    if not os.path.exists(os.path.join(data, f"aktivitas_{PERIOD}.csv")):
        subprocess.run([KINERJA, "sample", "--employees", str(employees), "--months", PERIOD,
                        "--format", "csv", "--out", fresh(data), "-q"], check=True)
    size_mb = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data)) / 1e6
    rows = {}
    samples = {k: [] for k in STAGES + [f"{s}_duck" for s in PEERED]}
    for _ in range(runs):
        wh, out, sql = fresh(os.path.join(base, "wh")), fresh(os.path.join(base, "out")), fresh(os.path.join(base, "sql"))
        samples["ingest"].append(timed([KINERJA, "ingest", data, "--warehouse", wh, "--json", "-q"]))
        rows = json.loads(samples["ingest"][-1][3])
        samples["ingest_duck"].append(timed(PEER + ["ingest", data, fresh(os.path.join(base, "duck_wh"))]))
        samples["compute"].append(timed([KINERJA, "compute", "--period", PERIOD, "--warehouse", wh, "--out", out, "--json", "-q"]))
        # The peer runs the engine's rendered queries over the engine's prepared inputs; the
        # export is a separate, untimed run so it does not slow the engine's measurement.
        subprocess.run([KINERJA, "compute", "--period", PERIOD, "--warehouse", wh, "--out",
                        os.path.join(base, "out_export"), "--export-sql", sql, "-q"], check=True)
        engine_tables, duck_out = os.path.join(out, PERIOD, "tables"), fresh(os.path.join(base, "duck_out"))
        samples["compute_duck"].append(timed(PEER + ["compute", os.path.join(sql, PERIOD), engine_tables, duck_out]))
        # The check reads both engines' tables back; it is not part of either's work, so it runs
        # untimed, after the timed run.
        check = subprocess.run(PEER + ["check", duck_out, engine_tables], capture_output=True, text=True)
        tables = json.loads(check.stdout)["tables"]
        if check.returncode != 0:
            sys.exit(f"DuckDB and kinerja disagree: {tables}")
        samples["report"].append(timed([KINERJA, "report", "--period", PERIOD, "--out", out, "--json", "-q"]))
        run_out = fresh(os.path.join(base, "run_out"))
        samples["run"].append(timed([KINERJA, "run", data, "--period", PERIOD, "--warehouse",
                                     fresh(os.path.join(base, "run_wh")), "--out", run_out, "--json", "-q"]))
    med = {k: (statistics.median(s[0] for s in v), statistics.median(s[1] for s in v), max(s[2] for s in v))
           for k, v in samples.items() if v}
    # Each round's engine / DuckDB ratio: the two ran one after the other, so a round's ratio is
    # less moved by this machine's drift from round to round than the ratio of the medians.
    ratios = {k: [e[0] / d[0] for e, d in zip(samples[k], samples[f"{k}_duck"])] for k in PEERED}
    return {"employees": employees, "runs": runs, "rows": rows.get("rows_read", 0), "csv_mb": size_mb,
            "median": med, "ratios": ratios}


def markdown(results):
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    lines = [
        "# Benchmarks", "",
        f"Machine: {os.cpu_count()} cores ({cpu}), {int(mem) // 1024 // 1024} GiB; commit `{commit}`; "
        f"kinerja built with `cargo build` (dev profile: dependencies at opt-level 3 without debug assertions or overflow checks, the crate at 1); DuckDB 2.0.1 (Python).",
        f"Command: `bench/run.sh {' '.join(sys.argv[1:])}`. Medians of the runs; peak RSS is the largest seen. "
        "Each round runs a stage of the engine and then DuckDB's; the ratio is the median of the rounds' "
        "engine / DuckDB ratios, and the range their lowest and highest.", "",
        "| employees | rows | CSV MB | stage | runs | kinerja s | DuckDB s | ratio | ratio range | kinerja CPU s | kinerja peak RSS MiB | DuckDB peak RSS MiB |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in results:
        m = r["median"]
        for stage in STAGES:
            e = m[stage]
            d = m.get(f"{stage}_duck")
            head = f"| {r['employees']:,} | {r['rows']:,} | {r['csv_mb']:.0f} | {stage} | {r['runs']} | {e[0]:.2f} | "
            if d:
                rs = r["ratios"][stage]
                lines.append(head + f"{d[0]:.2f} | {statistics.median(rs):.2f} | {min(rs):.2f}–{max(rs):.2f} | "
                                    f"{e[1]:.1f} | {e[2]:.0f} | {d[2]:.0f} |")
            else:
                lines.append(head + f"– | – | – | {e[1]:.1f} | {e[2]:.0f} | – |")
    lines += ["", "DuckDB's compute runs the engine's own `queries/*.sql` (rendered with the same rules) over the "
              "input tables the engine prepares and writes each result table as Parquet and CSV, as the engine "
              "does; every result is then checked equal to the engine's, outside the timed run. DuckDB's time "
              "does not include preparing those inputs or writing the XLSX workbook, which the engine's does. "
              "DuckDB's ingest writes activities and approvals ordered by activity id, as the engine stores them. "
              f"Every timed process starts after a sync and a {PAUSE_S} s pause (see bench/README.md).", ""]
    # The hand-written part: profiles, what changed, what is left (kept across harness runs).
    findings = os.path.join(ROOT, "bench", "FINDINGS.md")
    if os.path.exists(findings):
        lines += [open(findings).read()]
    return "\n".join(lines)


if __name__ == "__main__":
    os.makedirs(WORK, exist_ok=True)
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    runs = os.environ.get("BENCH_RUNS")
    results = [bench(n, int(runs) if runs else (3 if n <= 100_000 else 1)) for n in sizes]
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write(markdown(results))
    print(markdown(results))
