#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/, not committed) from the bundled
# plans, the rule fixtures and the published seed plans in ../shared/seeds:
#   validate  every plan's YAML, followed by 0x1E and its Markdown when it has one
#   rollup, render
#             the same, and the fixtures' unit plan with the marker byte 0x1F in
#             its titles and prose (render reads it as `<x-fuzz>`)
#   diff      each of those as the new side, 0x1D before it: the unit plan as
#             the old side, and no file; and the unit plan carried to 2021 as
#             the new side
#   import    every seed text, whole and in pieces of about 8 kB cut at blank
#             lines, with the flag byte 0 (nothing given) and 7 (year, nämnd
#             and unit given), and every plan's Markdown (prose as the importer writes it)
set -euo pipefail
cd "$(dirname "$0")"
root=..
seeds=$root/../shared/seeds
mkdir -p corpus/validate corpus/import corpus/rollup corpus/render corpus/diff

n=0
while IFS= read -r -d '' yaml; do
  n=$((n + 1))
  out=corpus/validate/plan-$n
  md=${yaml%.*}.md
  if [ -f "$md" ]; then
    { cat "$yaml"; printf '\x1e'; cat "$md"; } > "$out"
  else
    cp "$yaml" "$out"
  fi
done < <(find "$root/plans" "$root/tests/fixtures" -name '*.yaml' -print0 | sort -z)

# The fixtures' unit plan serving the clean tree's nämnd, the one that rolls up
# and renders as it is, once plain and once with the marker in its text.
unit=$root/tests/fixtures/_base/fritid
{ cat "$unit.yaml"; printf '\x1e'; cat "$unit.md"; } > corpus/validate/unit
{
  sed 's/\(titel\|namn\|beskrivning\): /\1: \x1f/' "$unit.yaml"
  printf '\x1e'
  sed 's/^\([A-Z]\)/\x1f \1/; s/\. /. \x1f/' "$unit.md"
} > corpus/render/unit-marked
for f in corpus/validate/*; do
  cp "$f" corpus/rollup/
  cp "$f" corpus/render/
  cp "$f" "corpus/diff/new-$(basename "$f")"
  { cat corpus/validate/unit; printf '\x1d'; cat "$f"; } > "corpus/diff/unit-$(basename "$f")"
done
{ cat corpus/validate/unit; printf '\x1d'; cat corpus/render/unit-marked; } > corpus/diff/unit-marked
# The unit plan carried to 2021 as `vp new-year` carries it (year, dates and
# `fortsätter`), as the new side: what `vp diff 2020 2021` pairs by its link.
{
  cat corpus/validate/unit
  printf '\x1d'
  sed 's/2020/2021/g; s/^\(  avdelning: .*\)$/\1\n  fortsätter: norrmalm\/fritid/' "$unit.yaml"
  printf '\x1e'
  cat "$unit.md"
} > corpus/diff/unit-next-year

with_flags() { # flag-byte file out
  { printf "\\x$1"; cat "$2"; } > "$3"
}
n=0
if [ -d "$seeds" ]; then
  for seed in "$seeds"/*.txt; do
    base=$(basename "$seed" .txt)
    with_flags 00 "$seed" "corpus/import/$base-0"
    with_flags 07 "$seed" "corpus/import/$base-7"
    # Pieces: split at the first blank line after every 8 kB.
    awk -v prefix="corpus/import/$base-piece-" '
      BEGIN { part = 0; size = 0; file = prefix part }
      { print > file; size += length($0) + 1
        if (size > 8192 && $0 ~ /^[ \f]*$/) { close(file); part++; size = 0; file = prefix part } }
    ' "$seed"
    for piece in corpus/import/"$base"-piece-*; do
      with_flags 07 "$piece" "$piece.tmp" && mv "$piece.tmp" "$piece"
    done
  done
else
  echo "seed-corpus: ../shared/seeds saknas; importkorpusen får bara planernas text" >&2
fi
while IFS= read -r -d '' md; do
  n=$((n + 1))
  with_flags 07 "$md" "corpus/import/prose-$n"
done < <(find "$root/plans" -name '*.md' -print0 | sort -z)
for t in validate rollup render diff import; do
  echo "corpus/$t: $(ls "corpus/$t" | wc -l) files"
done
