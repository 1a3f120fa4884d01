#!/usr/bin/env bash
# bench_scan.sh - speed and memory of `mitsuke scan` (issue 3: >= 200 MB/s on
# one core; peak RSS under 1 GB for 10 GB of logs with 20,000 terminals and
# 2 million destinations), against `wc -l` and against parsing alone
# (`mitsuke events --output none`) on the same file, interleaved in the same
# runs (bench/lib.sh), with CPU time, elapsed time and peak RSS.
#
# The data (about SCAN_BENCH_MB megabytes of Squid log, default 1000) is made
# once by bench/gen_scan_logs.py and kept in $BENCH_DIR. SCAN_BENCH_RUNS
# rounds (default 3). With SCAN_BENCH_BIG_MB=10000 a second, larger file of
# the same terminals and destinations is made and scanned once, to measure
# how the memory grows with the size of the logs (it needs that much disk).
# With BASELINE=path/to/older/mitsuke the older build is timed in the same
# runs. Results: docs/performance.md, "Scan and IOC sweep".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MITSUKE=$(realpath "${MITSUKE:-$here/../build/mitsuke}")
BENCH_DIR=$(realpath -m "${BENCH_DIR:-$here/../build/bench}")
MB=${SCAN_BENCH_MB:-1000}
RUNS=${SCAN_BENCH_RUNS:-3}
BIG_MB=${SCAN_BENCH_BIG_MB:-}
BASELINE=${BASELINE:+$(realpath "$BASELINE")}
mkdir -p "$BENCH_DIR"
. "$here/lib.sh"

# data FILE MB: the log, generated once
data() {
  if [ ! -s "$1" ]; then
    echo "generating $1 (once)..."
    python3 "$here/gen_scan_logs.py" "$1.tmp" --terminals 20000 --destinations 2000000 --mb "$2"
    mv "$1.tmp" "$1"
  fi
}
DATA="$BENCH_DIR/scan-20k-2m-${MB}mb.log"
data "$DATA" "$MB"
mb=$(bench_mb "$DATA")

bench_add wc "wc -l '$DATA'"
bench_add parse "'$MITSUKE' events --output none --no-progress '$DATA'"
[ -n "$BASELINE" ] && bench_add base_scan "'$BASELINE' scan -o none --no-progress '$DATA'"
bench_add scan "'$MITSUKE' scan -v -o none --no-progress '$DATA'" # last: its -v lines are read below

cat "$DATA" >/dev/null # same page cache for everyone
bench_machine
echo "file: $DATA, $mb MB; $RUNS rounds of ${#BENCH_NAMES[@]} commands, interleaved"
bench_runs "$RUNS"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
tables=$(grep "scan tables" "$BENCH_DIR/bench-stderr.out" | tail -n 1 | sed 's/^mitsuke: //' || true)
phases=$(grep "read and observed\|detectors and scoring" "$BENCH_DIR/bench-stderr.out" | sed 's/^mitsuke: /  /' || true)

printf '  %-10s %9s %9s %11s %9s %9s %10s\n' "" "CPU min" "CPU med" "MB/CPU s" "wall min" "wall med" "peak RSS"
for n in "${BENCH_NAMES[@]}"; do
  c=$(bench_stat "$n" cpu min)
  printf '  %-10s %8.2fs %8.2fs %11s %8.2fs %8.2fs %7.0f MB\n' "$n" "$c" "$(bench_stat "$n" cpu median)" \
    "$(bench_rate "$mb" "$c")" "$(bench_stat "$n" wall min)" "$(bench_stat "$n" wall median)" \
    "$(awk -v k="$(bench_stat "$n" rss max)" 'BEGIN { print k / 1024 }')"
done
ratio() { bench_ratio "$(bench_stat "$1" cpu "$3")" "$(bench_stat "$2" cpu "$3")"; }
echo "scan: $(bench_rate "$mb" "$(bench_stat scan cpu min)") MB per CPU second (median run $(bench_rate "$mb" "$(bench_stat scan cpu median)")), target >= 200"
echo "scan / parse: $(ratio scan parse min) x CPU (median $(ratio scan parse median)); scan / wc -l: $(ratio scan wc min) x CPU"
[ -n "$BASELINE" ] && echo "this build / BASELINE: $(ratio scan base_scan min) x CPU (median $(ratio scan base_scan median))"
echo "$phases"
echo "  $tables"

if [ -n "$BIG_MB" ]; then
  BIG="$BENCH_DIR/scan-20k-2m-${BIG_MB}mb.log"
  data "$BIG" "$BIG_MB"
  BENCH_NAMES=()
  bench_add scan_big "'$MITSUKE' scan -v -o none --no-progress '$BIG'"
  bench_runs 1
  echo "larger file: $(bench_mb "$BIG") MB: CPU $(bench_stat scan_big cpu min) s ($(bench_rate "$(bench_mb "$BIG")" "$(bench_stat scan_big cpu min)") MB per CPU second), elapsed $(bench_stat scan_big wall min) s, peak RSS $(awk -v k="$(bench_stat scan_big rss max)" 'BEGIN { printf "%.0f", k / 1024 }') MB"
  grep "scan tables" "$BENCH_DIR/bench-stderr.out" | tail -n 1 | sed 's/^mitsuke: /  /' || true
fi
