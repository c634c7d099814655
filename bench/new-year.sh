#!/usr/bin/env bash
# Benchmark: `vp new-year` — every plan of the synthetic city-year (14 nämnder,
# 2,000 unit plans, ~100 MB) carried to the next year, loading and validation
# included, with the next year's KF budget in the tree (so every nämndmål is
# re-linked). A dry run (everything but the writing), then a run that writes all
# files (staged, then moved into place), each on a fresh copy of the city.
# Wall time and peak memory for each of RUNS runs.
# Usage: bench/new-year.sh [RUNS]   (needs /usr/bin/time, from Debian's `time` package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
. bench/city.sh
year=$(sed -n 's/^år: //p' "$city/kf-budget.yaml")
next=$((year + 1))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The generated city is one year without a year folder; new-year writes beside the
# year's folder, so the copy is laid out as plans/ is: organisation.yaml, <år>/….
mkdir -p "$work/city/$year" "$work/city/$next"
cp -r "$city"/. "$work/city/$year/"
mv "$work/city/$year/organisation.yaml" "$work/city/"
sed -e "s/^år: $year\$/år: $next/" -e "s/$year-/$next-/g" "$city/kf-budget.yaml" > "$work/city/$next/kf-budget.yaml"
sync
echo "dry run ($year → $next):"
measure "$runs" ./target/release/vp new-year "$year" "$next" "$work/city" --dry-run
echo "skriver alla filer:"
for _ in $(seq "$runs"); do
  rm -rf "$work/city/$next" && mkdir -p "$work/city/$next"
  sed -e "s/^år: $year\$/år: $next/" -e "s/$year-/$next-/g" "$city/kf-budget.yaml" > "$work/city/$next/kf-budget.yaml"
  # vp new-year flushes what it wrote with one syncfs, which also flushes whatever
  # else is pending on the file system: the copy and the removal above are
  # flushed first, so that the timed run pays for its own writes only.
  sync
  measure 1 ./target/release/vp new-year "$year" "$next" "$work/city"
done
written=$(find "$work/city/$next" -type f | wc -l)
echo "skrivna filer i sista körningen: $written"
# What was written must load: only the new-year findings (VP090, VP091) and no errors.
./target/release/vp validate "$work/city" --format json \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); c={}
for f in d["findings"]: c[f["code"]]=c.get(f["code"],0)+1
print("fynd efter körningen:", dict(sorted(c.items())), "fel:", d["summary"]["errors"])'
