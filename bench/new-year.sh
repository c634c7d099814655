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
# year's folder, so each copy is laid out as plans/ is: organisation.yaml, <år>/….
# Every run gets its own copy, all made before the first timed run, and nothing is
# removed until the end: ext4 skips inode numbers freed in the last minute when it
# creates files, one by one, so 4,000 files created right after 4,000 were removed
# take several times as long (measured: 5–11 s instead of 2–3 s; see docs/prestanda.md).
copy() {
  mkdir -p "$1/city/$year" "$1/city/$next"
  cp -r "$city"/. "$1/city/$year/"
  mv "$1/city/$year/organisation.yaml" "$1/city/"
  sed -e "s/^år: $year\$/år: $next/" -e "s/$year-/$next-/g" "$city/kf-budget.yaml" > "$1/city/$next/kf-budget.yaml"
}
copy "$work/dry"
for i in $(seq "$runs"); do copy "$work/$i"; done
# Whatever the copies left unwritten is flushed now, not by the timed runs' syncfs.
sync
echo "dry run ($year → $next):"
measure "$runs" ./target/release/vp new-year "$year" "$next" "$work/dry/city" --dry-run
echo "skriver alla filer:"
for i in $(seq "$runs"); do
  measure 1 ./target/release/vp new-year "$year" "$next" "$work/$i/city"
done
written=$(find "$work/$runs/city/$next" -type f | wc -l)
echo "skrivna filer i sista körningen: $written"
# What was written must load: only the new-year findings (VP090, VP091) and no errors.
./target/release/vp validate "$work/$runs/city" --format json \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); c={}
for f in d["findings"]: c[f["code"]]=c.get(f["code"],0)+1
print("fynd efter körningen:", dict(sorted(c.items())), "fel:", d["summary"]["errors"])'
