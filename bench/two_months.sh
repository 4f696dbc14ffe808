#!/usr/bin/env bash
# Issue 20's measure: one month's compute and report at N employees (default 100,000) with two
# months (2026-09, 2026-10) in the warehouse, for this build and, given BEFORE=<binary>, another.
#   warm: 2026-09 is already in --out (its tables are read for the change since last month)
#   cold: --out is empty (this build computes 2026-09 into scratch first; a build without the
#         change table does not)
# Prints a Markdown table: wall s, CPU s, peak RSS MiB per binary and step, one run each.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
cargo build --quiet
work=target/bench/two-$N
if [ ! -f "$work/data/aktivitas_2026-10.csv" ]; then
  rm -rf "$work/data"
  target/debug/kinerja sample --employees "$N" --months 2026-09..2026-10 --format csv --out "$work/data" -q
fi
rm -rf "$work/wh"
target/debug/kinerja ingest "$work/data" --warehouse "$work/wh" -q
. bench/timed.sh
echo "| binary | step | wall s | CPU s | peak RSS MiB |"
echo "|---|---|---:|---:|---:|"
for bin in ${BEFORE:-} target/debug/kinerja; do
  name=$([ "$bin" = target/debug/kinerja ] && git rev-parse --short HEAD || basename "$bin")
  out="$work/out-$name"
  rm -rf "$out" "$out-cold"
  "$bin" compute --period 2026-09 --warehouse "$work/wh" --out "$out" -q
  echo "| $name | compute 2026-10, warm | $(timed "$bin" compute --period 2026-10 --warehouse "$work/wh" --out "$out" -q) |"
  echo "| $name | compute 2026-10, cold | $(timed "$bin" compute --period 2026-10 --warehouse "$work/wh" --out "$out-cold" -q) |"
  echo "| $name | report 2026-10 | $(timed "$bin" report --period 2026-10 --out "$out" -q) |"
done
