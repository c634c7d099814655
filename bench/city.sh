# Shared by the benchmarks over the generated city-year: sourced, not run.
# Builds vp and gen_city, generates target/bench-city (2,000 unit plans under
# 14 nämnder, ~100 MB) once, checks that it is clean, and defines `measure`.
city=target/bench-city
cargo build --release --quiet --bin vp --example gen_city
if [ ! -f "$city/organisation.yaml" ] || [ examples/gen_city.rs -nt "$city/organisation.yaml" ]; then
  rm -rf "$city"
  ./target/release/examples/gen_city "$city" 2000 14
fi
bytes=$(du -sb "$city" | cut -f1)
files=$(find "$city" -type f | wc -l)
echo "indata: $files filer, $((bytes / 1000000)) MB ($bytes byte); maskin: $(nproc) kärnor, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
# Warm the page cache; the generated city must be clean, or the benchmark measures error reporting.
if ! ./target/release/vp validate "$city" >/dev/null; then
  echo "den genererade staden har fynd:" >&2
  ./target/release/vp validate "$city" | tail -3 >&2
  exit 1
fi

# measure RUNS COMMAND...: wall time and peak memory of each run, against the input size.
measure() {
  local runs=$1; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
  done | awk -v bytes="$bytes" '{ printf "vägg %.2f s, toppminne %d MB (%.2f × indata)\n", $1, $2/1024, $2*1024/bytes }'
}
