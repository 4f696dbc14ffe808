#!/usr/bin/env bash
# The benchmark harness: kinerja against DuckDB on the same generated data, stage by stage.
#   bench/run.sh                 10,000 and 100,000 employees, one month, 3 runs each
#   bench/run.sh 1000000         the national-scale run, on demand
# Writes BENCHMARKS.md at the repository root. Needs /usr/bin/time (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q duckdb==2.0.1
fi
cargo build --quiet
exec bench/.venv/bin/python bench/harness.py "$@"
