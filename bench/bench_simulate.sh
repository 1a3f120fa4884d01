#!/usr/bin/env bash
# bench_simulate.sh - how fast `mitsuke simulate` writes, against the same
# bytes merely copied (cat of the output into one file on the same disk): the
# ratio says how close generation is to the disk's own write speed. Also
# reports MB/s, records/s and peak RSS. Size: BENCH_SIM_TERMINALS terminals
# (default 1000) x BENCH_SIM_DAYS working days (default 2), from a Monday.
# The data lives under $BENCH_DIR/simulate and is removed afterwards.
set -euo pipefail
M=${MITSUKE:-build/mitsuke}
B=${BENCH_DIR:-build/bench}/simulate
terminals=${BENCH_SIM_TERMINALS:-1000}
days=${BENCH_SIM_DAYS:-2}
rm -rf "$B" && mkdir -p "$B"
trap 'rm -rf "$B"' EXIT

/usr/bin/time -v "$M" simulate --scenario pension-2015 --start 2015-05-11 --terminals "$terminals" --days "$days" \
  --no-progress --json --out "$B/out" >"$B/summary.json" 2>"$B/time.txt"
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$1"; }
sim_s=$(wall "$B/time.txt")
rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$B/time.txt")
read -r bytes records < <(python3 -c "import json; j = json.load(open('$B/summary.json')); print(j['bytes'], j['records'])")
sync
/usr/bin/time -v sh -c "find '$B/out' -type f -exec cat {} + > '$B/copy.bin'; sync" 2>"$B/copy.txt"
copy_s=$(wall "$B/copy.txt")
python3 - "$terminals" "$days" "$bytes" "$records" "$sim_s" "$copy_s" "$rss" <<'PY'
import sys
t, d, b, r, s, c, rss = sys.argv[1:]
b, r, s, c = int(b), int(r), float(s), float(c)
print(f"simulate pension-2015: {t} terminals x {d} working days: {b/1e6:.0f} MB, {r} records")
print(f"  simulate  {s:6.2f} s  {b/1e6/s:7.1f} MB/s  {r/s:10.0f} records/s  peak RSS {int(rss)/1024:.1f} MB")
print(f"  cat copy  {c:6.2f} s  {b/1e6/max(c,1e-3):7.1f} MB/s")
print(f"  ratio simulate/copy time: {s/max(c,1e-3):.2f}")
PY
