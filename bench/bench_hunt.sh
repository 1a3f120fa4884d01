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

# Also timed, for context: wc -l, parsing alone (mitsuke events --output
# none) and grep with the 10 indicators.
#
# Each timed command prints "elapsed cpu" seconds (cpu = user + sys, the
# fairer figure when other work shares the machine). Output goes to a file,
# not /dev/null: GNU grep notices /dev/null and stops at the first match.
seconds() { # command...
  local TIMEFORMAT='%R %U %S' t
  t=$({ time "$@" >"$data/out.tmp" 2>&1; } 2>&1) || true
  t=$(printf '%s\n' "$t" | tail -1)
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.2f %.2f", a[1], a[2] + a[3] }'
}

cat "$log" >/dev/null # same page cache for everyone
echo "log: $log ($mb MB, $(wc -l <"$log") lines); indicators: $(grep -vc '^#' "$iocs")"
t_wc=$(seconds wc -l "$log")
t_parse=$(seconds "$MITSUKE" events --no-progress --output none "$log")
t_grep10=$(seconds env LC_ALL=C grep -F -c -f "$data/iocs-10.txt" "$log")
t_grep=$(seconds env LC_ALL=C grep -F -c -f "$iocs" "$log")
grep_lines=$(cat "$data/out.tmp")
t_hunt=$(seconds "$MITSUKE" hunt --no-progress --output jsonl --ioc "$iocs" "$log")
matched=$(tail -1 "$data/out.tmp" | sed -n 's/.*"matched_requests":\([0-9]*\).*/\1/p')
t_hunt10=$(seconds "$MITSUKE" hunt --no-progress --output jsonl --ioc "$data/iocs-10.txt" "$log")
t_setup=$(seconds "$MITSUKE" hunt --no-progress --output jsonl --ioc "$iocs" "$data/empty.log")

# "elapsed cpu" -> "elapsed s, cpu s, MB/s of cpu"
show() { awk -v m="$mb" -v t="$1" 'BEGIN { split(t, a, " "); printf "%6.2f s elapsed %6.2f s cpu  %5.0f MB/s", a[1], a[2], (a[2] > 0 ? m / a[2] : 0) }'; }
echo "wc -l                            $(show "$t_wc")"
echo "mitsuke events --output none     $(show "$t_parse")  (parsing alone)"
echo "grep -F -f, 10 indicators        $(show "$t_grep10")"
echo "grep -F -f (LC_ALL=C)            $(show "$t_grep")  lines containing an indicator: $grep_lines"
echo "mitsuke hunt, $n_iocs indicators $(show "$t_hunt")  requests matched: $matched"
echo "mitsuke hunt, 10 indicators      $(show "$t_hunt10")"
echo "  load + build alone             $(awk -v t="$t_setup" 'BEGIN { split(t, a, " "); printf "%6.2f s elapsed %6.2f s cpu", a[1], a[2] }') ($n_iocs indicators, empty log)"
awk -v g="$t_grep" -v h="$t_hunt" -v h10="$t_hunt10" 'BEGIN {
  split(g, G, " "); split(h, H, " "); split(h10, T, " ");
  if (H[2] > 0) printf "ratio (cpu): mitsuke hunt is %.1fx as fast as grep -F -f (target >= 1); elapsed %.1fx\n", G[2] / H[2], G[1] / H[1];
  if (T[2] > 0) printf "ratio (cpu): %s indicators cost %.2fx the time of 10\n", "'"$n_iocs"'", H[2] / T[2] }'
rm -f "$data/out.tmp"
