#!/usr/bin/env bash
# Benchmark: `vp lsp` driven through the protocol like an editor (bench/lsp.py)
# on the generated city-year (14 nämnder, 2,000 unit plans, ~100 MB): first
# load, one unit plan edited → its findings, the nämnd plan edited → every
# affected unit's findings, peak memory against the tree.
# Usage: bench/lsp.sh [EDITS]
set -euo pipefail
cd "$(dirname "$0")/.."
edits=${1:-20}
. bench/city.sh
python3 bench/lsp.py ./target/release/vp "$city" "$edits"
