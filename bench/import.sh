#!/usr/bin/env bash
# Benchmark: `vp import` on the largest seed (002, the nämnd plan 2019) repeated
# 100 times in one text (~17 MB), and on the five seeds as they are.
# Prints wall time and peak memory for each of RUNS runs.
# Usage: bench/import.sh [RUNS]   (needs /usr/bin/time and the seeds in ../shared/seeds)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
seeds=../shared/seeds
work=target/bench-import
cargo build --release --quiet --bin vp
mkdir -p "$work"
big="$work/002x100.txt"
if [ ! -f "$big" ]; then
  for _ in $(seq 100); do cat "$seeds"/002_*.txt; done >"$big"
fi
bytes=$(stat -c %s "$big")
echo "maskin: $(nproc) kärnor, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
measure() {
  local label=$1; shift
  "$@" >/dev/null 2>&1 || true   # warm the page cache
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
  done | awk -v label="$label" '{ printf "%s: vägg %.2f s, toppminne %d MB\n", label, $1, $2/1024 }'
}
echo "indata: frö 002 × 100 = $((bytes / 1000000)) MB ($bytes byte)"
measure "002 × 100" ./target/release/vp import "$big" --out "$work/out" --dry-run --format json
measure "alla fem frön" ./target/release/vp import "$seeds"/*.txt --out "$work/out" --dry-run --format json
