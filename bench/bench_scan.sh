#!/usr/bin/env bash
# bench_scan.sh - speed and memory of `mitsuke scan`, against `wc -l` and
# against parsing alone (`mitsuke events --output none`) on the same file in
# the same run, and the scan's peak RSS with 20,000 terminals and 2 million
# destinations (docs/performance.md, "Scan and IOC sweep").
#
# The data (about SCAN_BENCH_MB megabytes of Squid log, default 1000) is made
# once by bench/gen_scan_logs.py and kept in $BENCH_DIR. Each command runs
# twice; the faster run counts (the machine is shared).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MITSUKE=${MITSUKE:-$here/../build/mitsuke}
BENCH_DIR=${BENCH_DIR:-$here/../build/bench}
MB=${SCAN_BENCH_MB:-1000}
DATA="$BENCH_DIR/scan-20k-2m-${MB}mb.log"
mkdir -p "$BENCH_DIR"
if [ ! -s "$DATA" ]; then
  echo "generating $DATA (once)..."
  python3 "$here/gen_scan_logs.py" "$DATA.tmp" --terminals 20000 --destinations 2000000 --mb "$MB"
  mv "$DATA.tmp" "$DATA"
fi
bytes=$(stat -c %s "$DATA")
log="$BENCH_DIR/bench_scan.out"

# best_of CMD...: prints "seconds peak_kb" of the faster of two runs.
best_of() {
  local best="" rss=""
  for _ in 1 2; do
    /usr/bin/time -f "%e %M" -o "$BENCH_DIR/time.out" "$@" > /dev/null 2> "$log" || true
    read -r s kb < <(tail -n 1 "$BENCH_DIR/time.out")
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$s; rss=$kb; fi
  done
  echo "$best $rss"
}

read -r t_wc _ < <(best_of wc -l "$DATA")
read -r t_parse _ < <(best_of "$MITSUKE" events --output none --no-progress "$DATA")
read -r t_scan rss < <(best_of "$MITSUKE" scan -v -o none --no-progress "$DATA")
tables=$(grep "scan tables" "$log" || true)

awk -v b="$bytes" -v w="$t_wc" -v p="$t_parse" -v s="$t_scan" -v r="$rss" 'BEGIN {
  mb = b / 1e6
  printf "file: %.0f MB\n", mb
  printf "wc -l                      %6.2f s  %7.0f MB/s\n", w, mb / w
  printf "mitsuke events (parse)     %6.2f s  %7.0f MB/s\n", p, mb / p
  printf "mitsuke scan               %6.2f s  %7.0f MB/s   peak RSS %.0f MB\n", s, mb / s, r / 1024
  printf "scan / parse time: %.2f   scan / wc -l time: %.1f\n", s / p, s / w
}'
echo "${tables#mitsuke: }"
