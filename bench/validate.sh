#!/usr/bin/env bash
# Benchmark: `vp validate` on a synthetic city-year (14 nämnder, 2,000 unit plans, ~100 MB).
# Prints wall time and peak memory for each of RUNS runs, and the input size.
# Usage: bench/validate.sh [RUNS]   (needs /usr/bin/time, from Debian's `time` package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
city=target/bench-city
cargo build --release --quiet --bin vp --example gen_city
if [ ! -f "$city/organisation.yaml" ] || [ examples/gen_city.rs -nt "$city/organisation.yaml" ]; then
  rm -rf "$city"
  ./target/release/examples/gen_city "$city" 2000 14
fi
bytes=$(du -sb "$city" | cut -f1)
files=$(find "$city" -type f | wc -l)
echo "indata: $files filer, $((bytes / 1000000)) MB ($bytes byte); maskin: $(nproc) kärnor, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
# Warm the page cache; the generated city must be clean, or the benchmark measures error reporting.
if ! ./target/release/vp validate "$city" >/dev/null; then
  echo "den genererade staden har fynd:" >&2
  ./target/release/vp validate "$city" | tail -3 >&2
  exit 1
fi
for _ in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" ./target/release/vp validate "$city" 2>&1 >/dev/null | tail -1
done | awk -v bytes="$bytes" '{ printf "vägg %.2f s, toppminne %d MB (%.2f × indata)\n", $1, $2/1024, $2*1024/bytes }'
