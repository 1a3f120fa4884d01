#!/usr/bin/env bash
# bench_hunt.sh - IOC sweep speed: `mitsuke hunt` with 100,000 indicators
# against `grep -F -f` with the same list, on the same >= 1 GB Squid log, in
# the same run. Also times the sweep with 10 indicators, to show that 100,000
# cost about as much as ten, and the fixed cost of loading and compiling the
# list (an empty log).
#
# What each does: grep -F -f reports every line containing any indicator as a
# substring anywhere (an IP 1.2.3.4 also hits 11.2.3.45, a domain also hits
# notevil.com, a URL also hits a Referer); mitsuke parses each record and
# matches domains with their sub-domains, addresses against the destination
# and the upstream server, URLs by prefix at path boundaries, and folds the
# matches per terminal. Data: bench/gen_hunt.py (this sweep's own generator,
# written before the foundation's proxy-log generator).
#
# Environment: MITSUKE (binary), BENCH_DIR (data, kept between runs),
# HUNT_BENCH_MB (log size, default 1100), HUNT_BENCH_IOCS (default 100000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MITSUKE=${MITSUKE:-$here/../build/mitsuke}
BENCH_DIR=${BENCH_DIR:-$here/../build/bench}
size_mb=${HUNT_BENCH_MB:-1100}
n_iocs=${HUNT_BENCH_IOCS:-100000}
data=$BENCH_DIR/hunt
mkdir -p "$data"
log=$data/access-${size_mb}mb.log
iocs=$data/iocs-${n_iocs}.txt
if [ ! -s "$log" ] || [ ! -s "$iocs" ]; then
  echo "generating $n_iocs indicators and a ${size_mb} MB Squid log in $data ..."
  python3 "$here/gen_hunt.py" "$iocs" "$log" "$size_mb" "$n_iocs"
fi
awk '!/^#/ && n++ < 10' "$iocs" >"$data/iocs-10.txt"
: >"$data/empty.log"
bytes=$(stat -c %s "$log")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')

seconds() { # command... ; prints elapsed seconds, output to /dev/null
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

cat "$log" >/dev/null # same page cache for everyone
echo "log: $log ($mb MB, $(wc -l <"$log") lines); indicators: $(grep -vc '^#' "$iocs")"
t_wc=$(seconds wc -l "$log")
t_grep=$(seconds env LC_ALL=C grep -F -c -f "$iocs" "$log")
t_hunt=$(seconds "$MITSUKE" hunt --no-progress --output jsonl --ioc "$iocs" "$log")
t_hunt10=$(seconds "$MITSUKE" hunt --no-progress --output jsonl --ioc "$data/iocs-10.txt" "$log")
t_setup=$(seconds "$MITSUKE" hunt --no-progress --output jsonl --ioc "$iocs" "$data/empty.log")
grep_lines=$(LC_ALL=C grep -F -c -f "$iocs" "$log" || true)
hunt_summary=$("$MITSUKE" hunt --no-progress --output jsonl --ioc "$iocs" "$log" | tail -1 || true)
matched=$(printf '%s' "$hunt_summary" | sed -n 's/.*"matched_requests":\([0-9]*\).*/\1/p')

rate() { awk -v m="$mb" -v t="$1" 'BEGIN { if (t > 0) printf "%.0f MB/s", m / t; else print "-" }'; }
echo "wc -l                          ${t_wc} s  ($(rate "$t_wc"))"
echo "grep -F -f (LC_ALL=C)          ${t_grep} s  ($(rate "$t_grep"))  lines containing an indicator: $grep_lines"
echo "mitsuke hunt, $n_iocs IOCs     ${t_hunt} s  ($(rate "$t_hunt"))  requests matched: $matched"
echo "mitsuke hunt, 10 IOCs          ${t_hunt10} s  ($(rate "$t_hunt10"))"
echo "  of which load + compile      ${t_setup} s (100,000 indicators, empty log)"
awk -v g="$t_grep" -v h="$t_hunt" -v h10="$t_hunt10" 'BEGIN {
  if (h > 0) printf "ratio: mitsuke hunt is %.1fx as fast as grep -F -f (target >= 1)\n", g / h;
  if (h10 > 0) printf "ratio: 100,000 indicators cost %.2fx the time of 10\n", h / h10 }'
