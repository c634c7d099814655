#!/usr/bin/env bash
# Runs one fuzz target for a number of executions (default 1 000 000), from
# the corpus in fuzz/corpus/<target> (seed it first with ./seed-corpus.sh).
# Crashes, timeouts (an input taking over 10 s) and out-of-memory (over 2 GB)
# land in fuzz/artifacts/<target>/; the log in fuzz/logs/<target>-<date>.log
# ends with libFuzzer's final stats (stat::number_of_executed_units).
#
#   fuzz/run.sh validate            # 1 000 000 executions
#   fuzz/run.sh import 200000
#   VP_FUZZ_SECONDS=1800 fuzz/run.sh render   # at most half an hour
#
# Uses the nightly toolchain when there is one, else stable with RUSTC_BOOTSTRAP=1.
# No sanitizer (-s none): vp and its parsers are safe Rust, so AddressSanitizer
# finds little that a panic would not, and costs about five times the speed
# (48 against 440 executions a second on plan files here). Inputs are kept
# under 8 kB (-max_len): the pipeline is linear in the input, and small inputs
# reach the same code far more often.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?"usage: fuzz/run.sh validate|import|rollup|render|diff [executions]"}
runs=${2:-1000000}
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
mkdir -p "corpus/$target" "artifacts/$target" logs
log="logs/$target-$(date -u +%Y-%m-%dT%H%M%SZ).log"
echo "fuzz: $target, $runs executions, log $log"
# A build that fails, or a crash, timeout or out-of-memory found, fails the run.
set +e
"${fuzz[@]}" run -O -s none "$target" "corpus/$target" -- \
  -runs="$runs" ${VP_FUZZ_SECONDS:+-max_total_time="$VP_FUZZ_SECONDS"} -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="artifacts/$target/" -print_final_stats=1 2>&1 | tee "$log" | grep -E '^#[0-9]+.*(pulse|DONE)|ERROR|SUMMARY|stat::'
status=${PIPESTATUS[0]}
set -e
grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "fuzz: $target failed (exit $status); see $log" >&2
fi
exit "$status"
