#!/usr/bin/env bash
# Benchmark: `vp diff` of two generated city-years, the second a mutated copy of the
# first (goals reworded and renamed, indicators retargeted, activities moved), for
# 500, 1,000 and 2,000 unit plans: loading and validating both trees included.
# Prints wall time and peak memory for each of RUNS runs per size.
# Usage: bench/diff.sh [RUNS] [SIZES...]   (needs /usr/bin/time, from Debian's `time` package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
sizes=${*:-500 1000 2000}
cargo build --release --quiet --bin vp --example gen_city --example match_scaling
echo "maskin: $(nproc) kärnor, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for units in $sizes; do
  a=target/bench-diff/$units/a
  b=target/bench-diff/$units/b
  if [ ! -f "$b/organisation.yaml" ] || [ examples/gen_city.rs -nt "$b/organisation.yaml" ]; then
    rm -rf "target/bench-diff/$units"
    ./target/release/examples/gen_city "$a" "$units" 14 2>/dev/null
    ./target/release/examples/gen_city "$b" "$units" 14 --mutate 2>/dev/null
  fi
  bytes=$(du -sbc "$a" "$b" | tail -1 | cut -f1)
  # Warm the page cache; both trees must be clean, or the diff stops at their errors.
  ./target/release/vp diff "$a" "$b" --format json >"target/bench-diff/$units/diff.json"
  summary=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; print(f\"{s['plans_compared']} planer, {s['goals_reworded']} omformulerade mål, {s['targets_changed']} nya årsmål, {s['activity_dates_changed']} flyttade aktiviteter\")" "target/bench-diff/$units/diff.json" 2>/dev/null || echo "")
  echo "$units enheter: 2 × $(find "$a" -type f | wc -l) filer, $((bytes / 1000000)) MB; $summary"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M %U %S" ./target/release/vp diff "$a" "$b" --format json 2>&1 >/dev/null | tail -1
    # For comparison, at the same moment: validating one of the two trees.
    /usr/bin/time -f "%e" ./target/release/vp validate "$a" 2>&1 >/dev/null | tail -1
  done | paste - - | awk -v units="$units" '{ printf "  %s enheter: vägg %.2f s, processortid %.2f s, toppminne %d MB (vp validate av ett träd: %.2f s)\n", units, $1, $3 + $4, $2/1024, $5 }'
done
echo "belastning: $(cut -d' ' -f1-3 /proc/loadavg)"
# The matcher's worst case: every goal under one KF goal renamed, all matched by text.
cargo run --release --quiet --example match_scaling
