#!/usr/bin/env bash
# Benchmark: `vp render`.
#  1. The 2019 nämnd plan (seed 002) as HTML, loading plans/ included.
#  2. The same plan as PDF, against `typst compile` on the same typst project
#     (written by `vp render --typst-source`), one process each.
#  3. HTML for every plan of the synthetic city-year (14 nämnd plans, 2,000 unit plans).
#  4. With PDF=1: PDF for every plan of the city (long: about a minute per 100 plans per core).
# Prints wall time and peak memory for each of RUNS runs.
# Usage: bench/render.sh [RUNS]   (needs /usr/bin/time and typst)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
. bench/city.sh
vp=./target/release/vp
work=target/bench-render
rm -rf "$work"
mkdir -p "$work"
year=$(sed -n 's/^år: //p' "$city/kf-budget.yaml")

# average wall time of 20 runs, in milliseconds
ms() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq 20); do "$@" >/dev/null 2>&1; done
  end=$(date +%s%N)
  echo "vägg $(( (end - start) / 20000000 )) ms (medel av 20)"
}
echo "1. nämndens plan 2019 som HTML:"
ms $vp render plans --committee hagersten-liljeholmen --year 2019 --format html --out "$work/html"

echo "2. nämndens plan 2019 som PDF, vp render (en process):"
ms $vp render plans --committee hagersten-liljeholmen --year 2019 --format pdf --jobs 1 --out "$work/pdf"
$vp render plans --committee hagersten-liljeholmen --year 2019 --typst-source "$work/src" 2>/dev/null
root="$work/src/hagersten-liljeholmen-2019"
echo "   samma typst-projekt, typst compile direkt:"
ms typst compile --root "$root" --font-path "$work/src/fonts" --ignore-system-fonts --pdf-standard ua-1 "$root/plan.typ" "$work/direct.pdf"

echo "3. staden som HTML ($(find "$city" -name '*.yaml' | wc -l) filer):"
measure "$runs" $vp render "$city" --format html --out "$work/city-html"
echo "   dokument: $(find "$work/city-html" -name '*.html' | wc -l)"

if [ "${PDF:-0}" = 1 ]; then
  echo "4. staden som PDF (--jobs $(nproc)):"
  measure 1 $vp render "$city" --format pdf --out "$work/city-pdf"
  echo "   dokument: $(find "$work/city-pdf" -name '*.pdf' | wc -l)"
fi
