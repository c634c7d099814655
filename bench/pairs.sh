#!/usr/bin/env bash
# Paired benchmark: two builds of vp (A, the one before a change; B, the one
# after) run in turn on the same inputs in the same minutes, so that a machine
# whose speed varies (other jobs, a shared host) slows both alike. Each pair runs
# A then B, the next pair B then A. Prints, per command, the median wall time and
# processor time of each build and the median of the pairs' ratios B/A, with the
# load average before and after.
#
# Inputs: the generated city (target/bench-city, as bench/city.sh makes it), a
# mutated copy for diff (target/bench-diff/1000, as bench/diff.sh makes it), the
# bundled plans (plans/) and the seeds (../shared/seeds) for import.
#
# Usage: bench/pairs.sh VP_A VP_B [PAIRS]   (needs /usr/bin/time and python3)
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1
b=$2
pairs=${3:-10}
city=target/bench-city
da=target/bench-diff/1000/a
db=target/bench-diff/1000/b
seeds=../shared/seeds
for t in "$city/organisation.yaml" "$da/organisation.yaml" "$db/organisation.yaml"; do
  if [ ! -f "$t" ]; then
    echo "$t saknas: kör bench/city.sh och bench/diff.sh 1 1000 först" >&2
    exit 2
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
big="$work/002x100.txt"
for _ in $(seq 100); do cat "$seeds"/002_*.txt; done >"$big"
year=$(sed -n 's/^år: //p' "$city/kf-budget.yaml")

# name|arguments (VP stands for the binary)
cases=(
  "validate stad|VP validate $city"
  "rollup alla stad json|VP rollup alla $year $city --format json"
  "diff stad 2×1000 json|VP diff $da $db --format json"
  "import 002×100|VP import $big --out $work/out --dry-run --format json"
  "validate plans|VP validate plans"
  "rollup plans|VP rollup hagersten-liljeholmen 2020 plans"
  "diff plans 2020 2022|VP diff 2020 2022 plans"
  "diff plans md|VP diff 2020 2022 plans --format md"
  "import fem frön|VP import $seeds/000_*.txt $seeds/001_*.txt $seeds/002_*.txt $seeds/003_*.txt $seeds/004_*.txt --out $work/out --dry-run --format json"
)

run() { # BIN ARGS... → "wall cpu"
  local bin=$1; shift
  # `|| true`: a run that reports findings exits 1, which pipefail would
  # otherwise turn into the end of the loop (the five seeds give findings).
  /usr/bin/time -f "%e %U %S" "$bin" "$@" 2>&1 >/dev/null | tail -1 | awk '{ print $1, $2 + $3 }' || true
}

echo "maskin: $(nproc) kärnor, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); belastning före: $(cut -d' ' -f1-3 /proc/loadavg)"
for c in "${cases[@]}"; do
  name=${c%%|*}
  # Unquoted on purpose: split at spaces, and the seeds' globs expanded.
  # shellcheck disable=SC2206
  args=(${c#*|})
  args=("${args[@]:1}")
  # Warm the page cache, and check that both builds run.
  "$a" "${args[@]}" >/dev/null 2>&1 || true
  "$b" "${args[@]}" >/dev/null 2>&1 || true
  for i in $(seq "$pairs"); do
    if [ $((i % 2)) -eq 1 ]; then
      ra=$(run "$a" "${args[@]}")
      rb=$(run "$b" "${args[@]}")
    else
      rb=$(run "$b" "${args[@]}")
      ra=$(run "$a" "${args[@]}")
    fi
    echo "$ra $rb"
  done | python3 -c '
import statistics as st, sys
name = sys.argv[1]
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
wa, ca, wb, cb = (st.median(r[k] for r in rows) for k in range(4))
def ratio(b, a):
    q = [r[b] / r[a] for r in rows if r[a] > 0]
    return f"{st.median(q):.3f}" if q else "–"
print(f"{name}: vägg A {wa:.3f} s, B {wb:.3f} s, kvot B/A {ratio(2, 0)}; processortid A {ca:.3f} s, B {cb:.3f} s, kvot {ratio(3, 1)} ({len(rows)} par)")
' "$name"
done
echo "belastning efter: $(cut -d' ' -f1-3 /proc/loadavg)"
