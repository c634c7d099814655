#!/usr/bin/env bash
# Benchmark: `vp site` over the generated city-year (14 nämnd plans, 2,000 unit
# plans; PDFs excluded), target ≤ 15 s wall:
#  1. the whole site with its search index (Pagefind) into a new folder;
#  2. the same without the search index (--utan-sok): vp's own part;
#  3. the whole site again over the one from 1, nothing changed: no file is rewritten.
# Prints wall time and peak memory for each of RUNS runs, and the site's size.
# Usage: bench/site.sh [RUNS]   (needs /usr/bin/time and pagefind: `npm ci` in
# tests/browser, or VP_PAGEFIND=path)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
export VP_PAGEFIND=${VP_PAGEFIND:-tests/browser/node_modules/.bin/pagefind}
if ! "$VP_PAGEFIND" --version >/dev/null 2>&1; then
  echo "pagefind saknas ($VP_PAGEFIND): kör npm ci i tests/browser eller ange VP_PAGEFIND" >&2
  exit 2
fi
. bench/city.sh
vp=./target/release/vp
work=target/bench-site

echo "1. webbplatsen med sökindex, i en ny katalog ($(find "$city" -name '*.yaml' | wc -l) planfiler):"
for _ in $(seq "$runs"); do
  rm -rf "$work"
  measure 1 $vp site "$city" --out "$work"
done
echo "   sidor: $(find "$work" -name '*.html' | wc -l), filer: $(find "$work" -type f | wc -l), $(( $(du -sb "$work" | cut -f1) / 1000000 )) MB, varav sökindex $(( $(du -sb "$work/pagefind" | cut -f1) / 1000000 )) MB"

echo "2. utan sökindex (--utan-sok), i en ny katalog:"
for _ in $(seq "$runs"); do
  rm -rf "$work-utan"
  measure 1 $vp site "$city" --out "$work-utan" --utan-sok
done
rm -rf "$work-utan"

echo "3. med sökindex igen över 1, inget ändrat:"
measure "$runs" $vp site "$city" --out "$work"
$vp site "$city" --out "$work" 2>&1 | tail -1
