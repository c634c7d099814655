#!/usr/bin/env bash
# Benchmark: `vp validate` on a synthetic city-year (14 nämnder, 2,000 unit plans, ~100 MB).
# Prints wall time and peak memory for each of RUNS runs, and the input size.
# Usage: bench/validate.sh [RUNS]   (needs /usr/bin/time, from Debian's `time` package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
. bench/city.sh
measure "$runs" ./target/release/vp validate "$city"
