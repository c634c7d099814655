#!/usr/bin/env bash
# Benchmark: `vp site` over the generated city-year (14 nämnd plans, 2,000 unit
# plans; PDFs excluded), target ≤ 15 s wall:
#  1. the whole site with its search index into a new folder;
#  2. the same without the search index (--utan-sok);
#  3. the whole site again over the one from 1, nothing changed: no file is rewritten.
# Prints wall time, processor time (user + system) and peak memory for each of
# RUNS runs, the machine's load before each part, and the site's size.
# Usage: bench/site.sh [RUNS]   (needs /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
. bench/city.sh
vp=./target/release/vp
work=target/bench-site

# timed RUNS COMMAND...: wall, processor time and peak memory of each run.
timed() {
  local runs=$1; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" "$@" 2>&1 >/dev/null | tail -1
  done | awk '{ printf "vägg %.2f s, processortid %.2f s (användare %.2f + system %.2f), toppminne %d MB\n", $1, $2 + $3, $2, $3, $4/1024 }'
}
load() { echo "   belastning: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) kärnor)"; }

echo "1. webbplatsen med sökindex, i en ny katalog ($(find "$city" -name '*.yaml' | wc -l) planfiler):"
load
for _ in $(seq "$runs"); do
  rm -rf "$work"
  timed 1 $vp site "$city" --out "$work"
done
echo "   sidor: $(find "$work" -name '*.html' | wc -l), filer: $(find "$work" -type f | wc -l), $(( $(du -sb "$work" | cut -f1) / 1000000 )) MB, varav sökindex $(( $(du -sb "$work/sok" | cut -f1) / 1000000 )) MB i $(find "$work/sok" -type f | wc -l) filer (största $(( $(find "$work/sok" -type f -printf '%s\n' | sort -n | tail -1) / 1000 )) kB)"

echo "2. utan sökindex (--utan-sok), i en ny katalog:"
load
for _ in $(seq "$runs"); do
  rm -rf "$work-utan"
  timed 1 $vp site "$city" --out "$work-utan" --utan-sok
done
rm -rf "$work-utan"

echo "3. med sökindex igen över 1, inget ändrat:"
load
timed "$runs" $vp site "$city" --out "$work"
$vp site "$city" --out "$work" 2>&1 | tail -1
