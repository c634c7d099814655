#!/usr/bin/env bash
# Benchmark: how `vp import` grows with the number of items of one shape.
# For each shape, a unit plan as pdftotext gives it with 2 000, 4 000 and
# 8 000 items, and the wall time of `vp import --dry-run` (best of RUNS runs).
# A single pass is linear: doubling the items about doubles the time.
#
# Shapes (items sharing their opening words, as real activities often do, so
# that the ids made from them collide and get numbered):
#   aktiviteter-nämndmål   activities under one nämndmål
#   indikatorer-nämndmål   indicators under one nämndmål
#   aktiviteter-enhetsmål  activities under one enhetsmål
#   indikatorer-enhetsmål  indicators under one enhetsmål
#   kf-aktiviteter         KF activities under one KF goal
#   kf-indikatorer         KF indicators under one KF goal
#   kf-mål                 KF goals, each with a nämndmål and an enhetsmål
#
# Usage: bench/import-growth.sh [RUNS] [SIZES...]   (needs /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 4000 8000)
work=target/bench-import-growth
cargo build --release --quiet --bin vp
mkdir -p "$work"

# gen SHAPE N: the plan's text on stdout.
gen() {
  awk -v shape="$1" -v n="$2" '
  function act(k) { printf "Enheten ska arbeta systematiskt med att förbättra kvaliteten i verksamheten, insats %d. 2020-01-01 2020-12-31\n\n", k }
  function ind(k) { printf "Andel brukare som är nöjda med verksamhetens insatser i grupp %d enligt enkät 80 %% Tertial\n\n", k }
  BEGIN {
    print " Inledning"
    print "Enheten är en enhet inom Förskoleavdelningen i Hägersten-Liljeholmens stadsdelsförvaltning."
    print ""
    print "KF:s inriktningsmål:"
    print "1. En modern storstad med möjligheter och valfrihet för alla"
    print ""
    if (shape == "kf-mål") {
      for (k = 1; k <= n; k++) {
        printf "KF:s mål för verksamhetsområdet:\n1.%d. Stockholm är en stad där mål nummer %d nås\n\n", k, k
        printf "Nämndmål:\nVerksamheterna når mål nummer %d under året\n\n", k
        printf "Beskrivning\n\nText om nämndmål %d.\n\n", k
        printf "Enhetsmål:\nEnheten bidrar till mål nummer %d\n\n", k
        printf "Förväntat resultat\n\nText om enhetsmål %d.\n\n", k
      }
      exit
    }
    print "KF:s mål för verksamhetsområdet:"
    print "1.1. I Stockholm är människor självförsörjande"
    print ""
    if (shape == "kf-indikatorer") { print " Indikator Årsmål KF:s årsmål Periodicitet\n"; for (k = 1; k <= n; k++) ind(k) }
    if (shape == "kf-aktiviteter") { print " Aktivitet Startdatum Slutdatum\n"; for (k = 1; k <= n; k++) act(k) }
    print "Nämndmål:"
    print "Invånarna i stadsdelsområdet är självförsörjande"
    print ""
    print "Beskrivning"
    print ""
    print "Text om nämndmålet."
    print ""
    if (shape == "indikatorer-nämndmål") { print " Indikator Årsmål KF:s årsmål Periodicitet\n"; for (k = 1; k <= n; k++) ind(k) }
    if (shape == "aktiviteter-nämndmål") { print " Aktivitet Startdatum Slutdatum\n"; for (k = 1; k <= n; k++) act(k) }
    print "Enhetsmål:"
    print "Enhetens brukare är självförsörjande"
    print ""
    print "Förväntat resultat"
    print ""
    print "Text om enhetsmålet."
    print ""
    if (shape == "indikatorer-enhetsmål") { print " Indikator Årsmål KF:s årsmål Periodicitet\n"; for (k = 1; k <= n; k++) ind(k) }
    if (shape == "aktiviteter-enhetsmål") { print " Aktivitet Startdatum Slutdatum\n"; for (k = 1; k <= n; k++) act(k) }
  }'
}

echo "maskin: $(nproc) kärnor, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf "%-24s" "form"
for n in "${sizes[@]}"; do printf "%12s" "$n"; done
echo
for shape in aktiviteter-nämndmål indikatorer-nämndmål aktiviteter-enhetsmål indikatorer-enhetsmål kf-aktiviteter kf-indikatorer kf-mål; do
  printf "%-24s" "$shape"
  for n in "${sizes[@]}"; do
    file="$work/$shape-$n.txt"
    [ -f "$file" ] || gen "$shape" "$n" >"$file"
    best=""
    for _ in $(seq "$runs"); do
      t=$(/usr/bin/time -f "%e" ./target/release/vp import "$file" --dry-run --format json \
        --out "$work/out" --year 2020 --committee hagersten-liljeholmen --unit Enheten 2>&1 >/dev/null | tail -1 || true)
      if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done
    printf "%11ss" "$best"
  done
  echo
done
