#!/usr/bin/env bash
# Benchmark: follow-up on the generated city-year (14 nämnder, 2,000 unit plans)
# with T1, T2 and VB for every plan: `vp validate`, `vp rollup alla --period VB`
# (which loads and validates the tree too) and one nämnd's follow-up as HTML.
# Targets: validate + rollup ≤ 1.5 s wall; the HTML ≤ 50 ms.
# Usage: bench/uppfoljning.sh [RUNS]   (needs /usr/bin/time, from Debian's `time` package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
city=target/bench-city-uppfoljning
cargo build --release --quiet --bin vp --example gen_city --example bench_followup_html
if [ ! -f "$city/organisation.yaml" ] || [ examples/gen_city.rs -nt "$city/organisation.yaml" ]; then
  rm -rf "$city"
  ./target/release/examples/gen_city "$city" 2000 14 --uppfoljning
fi
bytes=$(du -sb "$city" | cut -f1)
files=$(find "$city" -type f | wc -l)
echo "indata: $files filer, $((bytes / 1000000)) MB; maskin: $(nproc) kärnor, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
if ! ./target/release/vp validate "$city" >/dev/null; then
  echo "den genererade staden har fynd:" >&2
  ./target/release/vp validate "$city" | tail -3 >&2
  exit 1
fi
measure() {
  local runs=$1; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
  done | awk '{ printf "vägg %.2f s, toppminne %d MB\n", $1, $2/1024 }'
}
echo "vp validate:"
measure "$runs" ./target/release/vp validate "$city"
echo "vp rollup alla 2024 --period VB --format json:"
measure "$runs" ./target/release/vp rollup alla 2024 "$city" --period VB --format json
./target/release/examples/bench_followup_html "$city" namnd-00 2024 VB 20
