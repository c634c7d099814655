#!/usr/bin/env bash
# Benchmark (issue 21, point 2): `vp diff` of a section and a goal title that
# gain one very long word, for 1×, 2× and 4× the word's length, in every
# format. Linear work doubles the time with the length (loading both trees
# included); the text format's line cutting was once quadratic (×4 per doubling).
# Usage: bench/diff-word.sh [KB]   (the 1× length, default 450 kB; needs /usr/bin/time;
# VP_NO_BUILD=1 uses the release binary already built)
set -euo pipefail
cd "$(dirname "$0")/.."
kb=${1:-450}
[ -n "${VP_NO_BUILD:-}" ] || cargo build --release --quiet --bin vp
vp=${CARGO_TARGET_DIR:-target}/release/vp
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "maskin: $(nproc) kärnor, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for times in 1 2 4; do
  len=$((kb * 1000 * times))
  rm -rf "$work/a" "$work/b"
  cp -r tests/fixtures/_base "$work/a"
  cp -r tests/fixtures/_base "$work/b"
  python3 - "$work/b" "$len" <<'PY'
import sys, pathlib
d, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
word = "x" * n
md = d / "fritid.md"
md.write_text(md.read_text().replace("Alla sökande får", f"Alla {word} får"))
y = d / "fritid.yaml"
y.write_text(y.read_text().replace("titel: Unga får feriejobb", f"titel: Unga får {word}"))
PY
  for format in text md html json; do
    /usr/bin/time -f "$times× ($((len / 1000)) kB) $format: %e s, %M kB" \
      "$vp" diff --format "$format" "$work/a" "$work/b" >/dev/null 2>"$work/err" || true
    tail -1 "$work/err"
  done
done
