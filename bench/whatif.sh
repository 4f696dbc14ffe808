#!/usr/bin/env bash
# Issue 21's measure: `kinerja whatif` at N employees (default 100,000) beside a plain compute,
# for one month and for three (2026-08..2026-10), with the bundled proposal (allowance rules
# only: B shares A's month) and with a proposal that also changes the daily target (B computed in
# full). Prints a Markdown table: wall s, CPU s, peak RSS MiB per step, one run each.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
cargo build --quiet
work=target/bench/whatif-$N
if [ ! -f "$work/data/aktivitas_2026-08.csv" ]; then
  rm -rf "$work/data"
  target/debug/kinerja sample --employees "$N" --months 2026-08..2026-10 --format csv --out "$work/data" -q
fi
rm -rf "$work/wh" "$work/out"
target/debug/kinerja ingest "$work/data" --warehouse "$work/wh" -q
full="$work/full.toml"
{ echo "daily_target_min = 270"; cat sample-data/usulan_tpp_2027.toml; } > "$full"
. bench/timed.sh
k=target/debug/kinerja
args=(--warehouse "$work/wh" --out "$work/out" -q)
echo "| step | wall s | CPU s | peak RSS MiB |"
echo "|---|---:|---:|---:|"
# The plain compute with 2026-09 already in --out (its change since last month reads it).
$k compute --period 2026-09 "${args[@]}"
echo "| compute 2026-10 (2026-09 in --out) | $(timed $k compute --period 2026-10 "${args[@]}") |"
echo "| whatif 2026-10, allowance rules only (shared) | $(timed $k whatif --period 2026-10 --against sample-data/usulan_tpp_2027.toml "${args[@]}") |"
echo "| whatif 2026-10, daily target too (B in full) | $(timed $k whatif --period 2026-10 --against "$full" "${args[@]}") |"
rm -rf "$work/out"
echo "| compute 2026-08..2026-10 | $(timed $k compute --periods 2026-08..2026-10 "${args[@]}") |"
echo "| whatif 2026-08..2026-10, shared | $(timed $k whatif --periods 2026-08..2026-10 --against sample-data/usulan_tpp_2027.toml "${args[@]}") |"
echo "| whatif 2026-08..2026-10, B in full | $(timed $k whatif --periods 2026-08..2026-10 --against "$full" "${args[@]}") |"
