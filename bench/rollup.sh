#!/usr/bin/env bash
# Benchmark: `vp rollup alla` — every nämnd of the synthetic city-year (14 nämnder,
# 2,000 unit plans, ~100 MB), loading and validation included, as JSON (everything)
# and as the terminal table. Wall time and peak memory for each of RUNS runs.
# Usage: bench/rollup.sh [RUNS]   (needs /usr/bin/time, from Debian's `time` package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
. bench/city.sh
year=$(sed -n 's/^år: //p' "$city/kf-budget.yaml")
echo "json:"
measure "$runs" ./target/release/vp rollup alla "$year" "$city" --format json
echo "table:"
measure "$runs" ./target/release/vp rollup alla "$year" "$city" --format table
