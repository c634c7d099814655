#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/, not committed) from the bundled
# plans, the rule fixtures and the published seed plans in ../shared/seeds:
#   validate  every plan's YAML, followed by 0x1E and its Markdown when it has one
#   import    every seed text, whole and in pieces of about 8 kB cut at blank
#             lines, with the flag byte 0 (nothing given) and 7 (year, nämnd
#             and unit given), and every plan's Markdown (prose as the importer writes it)
set -euo pipefail
cd "$(dirname "$0")"
root=..
seeds=$root/../shared/seeds
mkdir -p corpus/validate corpus/import

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
echo "corpus/validate: $(ls corpus/validate | wc -l) files; corpus/import: $(ls corpus/import | wc -l) files"
