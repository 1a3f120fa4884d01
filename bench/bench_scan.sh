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

# best_of CMD...: prints "elapsed cpu peak_kb" of the run with the least
# CPU time (user + system) of two. On a shared machine elapsed time also
# measures the neighbours; CPU time is the program's own.
best_of() {
  local best="" line=""
  for _ in 1 2; do
    /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/time.out" "$@" > /dev/null 2> "$log" || true
    read -r e u s kb < <(tail -n 1 "$BENCH_DIR/time.out")
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN{print u + s}')
    if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$cpu; line="$e $cpu $kb"; fi
  done
  echo "$line"
}

read -r e_wc c_wc _ < <(best_of wc -l "$DATA")
read -r e_parse c_parse _ < <(best_of "$MITSUKE" events --output none --no-progress "$DATA")
read -r e_scan c_scan rss < <(best_of "$MITSUKE" scan -v -o none --no-progress "$DATA")
tables=$(grep "scan tables" "$log" | tail -n 1 || true)

awk -v b="$bytes" -v ew="$e_wc" -v cw="$c_wc" -v ep="$e_parse" -v cp="$c_parse" -v es="$e_scan" -v cs="$c_scan" -v r="$rss" 'BEGIN {
  mb = b / 1e6
  printf "file: %.0f MB                 elapsed            CPU (user+sys)\n", mb
  printf "wc -l                      %6.2f s %6.0f MB/s   %6.2f s %6.0f MB/s\n", ew, mb / ew, cw, mb / cw
  printf "mitsuke events (parse)     %6.2f s %6.0f MB/s   %6.2f s %6.0f MB/s\n", ep, mb / ep, cp, mb / cp
  printf "mitsuke scan               %6.2f s %6.0f MB/s   %6.2f s %6.0f MB/s   peak RSS %.0f MB\n", es, mb / es, cs, mb / cs, r / 1024
  printf "scan / parse: %.2f (elapsed), %.2f (CPU)\n", es / ep, cs / cp
}'
grep "read and observed\|detectors and scoring" "$log" | sed 's/^mitsuke: //' || true
echo "${tables#mitsuke: }"
