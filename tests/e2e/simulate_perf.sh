#!/usr/bin/env bash
# simulate_perf.sh - a 100-terminal day is written in under a second, and
# memory does not grow with the size of the output (peak RSS of a ten-day run
# stays within a few MB of a one-day run). Skipped under the sanitizers,
# whose overhead is not what is measured here.
#
# The day is written to /dev/shm when there is one, so the disk's speed (and
# other tests writing at the same time) is not what is measured. The hard
# limit is on the CPU time the run needs (user + system < 1 s); the wall time
# must also stay under a second in one of three tries unless the machine is
# overloaded (load average above the number of cores), when it is reported.
set -euo pipefail
case "${BUILDDIR:-}" in *asan*) echo "SKIP: timing and memory are not measured under ASan"; exit 0 ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
M=$MITSUKE
rss() {  # rss OUT ARGS...: peak RSS in kB of one simulate run
  local out=$1; shift
  /usr/bin/time -v "$M" simulate --scenario pension-2015 --no-progress --out "$out" "$@" 2>"$T/time.txt" >/dev/null
  awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$T/time.txt"
}
secs() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$T/time.txt"; }
cpu() { awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$T/time.txt"; }

day=$T/day
if [ -d /dev/shm ] && [ -w /dev/shm ]; then day=$(mktemp -d /dev/shm/mitsuke-sim.XXXXXX); fi
trap 'rm -rf "$T" "$day"' EXIT
wall_ok=0
for attempt in 1 2 3; do
  rm -rf "$day"
  rss "$day" --terminals 100 --days 1 >/dev/null
  s=$(secs)
  c=$(cpu)
  echo "100 terminals x 1 day: ${s}s wall, ${c}s CPU (attempt $attempt)"
  awk -v c="$c" 'BEGIN { exit !(c < 1.0) }' || { echo "a 100-terminal day needed more than a second of CPU"; exit 1; }
  if awk -v s="$s" 'BEGIN { exit !(s < 1.0) }'; then wall_ok=1; break; fi
done
if [ $wall_ok = 0 ]; then
  load=$(cut -d' ' -f1 /proc/loadavg)
  if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n) }'; then
    echo "note: wall time over a second with load average $load on $(nproc) cores"
  else
    echo "a 100-terminal day took more than a second"; exit 1
  fi
fi
rm -rf "$day"

small=$(rss "$T/small" --terminals 60 --days 1 --gzip)
large=$(rss "$T/large" --terminals 60 --days 10 --gzip)
echo "peak RSS: 1 day ${small} kB, 10 days ${large} kB"
[ "$large" -lt 65536 ]
[ $((large - small)) -lt 4096 ]
echo "simulate perf ok"
