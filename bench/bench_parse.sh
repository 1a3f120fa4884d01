#!/usr/bin/env bash
# bench_parse.sh - parse speed of proxy logs against the tools that only read
# (issue 2: plain Squid >= 400 MB/s on one core and <= 10 x `wc -l`; .gz no
# slower than zcat; ELFF timed the same way).
#
# Generates (once, kept in $BENCH_DIR) a Squid native log and a Blue Coat
# ELFF log of BENCH_SIZE bytes (default 1.1 GB) with bench/gen_proxy_log.c,
# plus a .gz of each, then, on the same page-cached files, runs these
# commands interleaved BENCH_RUNS times (default 5; bench/lib.sh says why):
#   wc -l squid.log            mitsuke events --output none --format squid squid.log
#   zcat squid.log.gz          mitsuke events --output none --format squid squid.log.gz
#                              mitsuke events --output none squid.log (format sniffed)
#   wc -l elff.log             mitsuke events --output none --format w3c elff.log
#   zcat elff.log.gz           mitsuke events --output none --format w3c elff.log.gz
# and reports CPU and elapsed time (minimum and median), the ratios, peak
# RSS on the whole file and on a tenth of it (memory must not grow with the
# file), and instructions per line (perf or callgrind, on the first 20 MB).
# With BASELINE=path/to/older/mitsuke the older build is timed in the same
# runs, for a before/after comparison. Results: docs/performance.md.
#
#   MITSUKE=build/mitsuke BENCH_DIR=build/bench [BENCH_SIZE=bytes] [BENCH_RUNS=n] bash bench/bench_parse.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MITSUKE=$(realpath "${MITSUKE:-$here/../build/mitsuke}")
BENCH_DIR=$(realpath -m "${BENCH_DIR:-$here/../build/bench}")
SIZE=${BENCH_SIZE:-1100000000}
RUNS=${BENCH_RUNS:-5}
BASELINE=${BASELINE:+$(realpath "$BASELINE")}
mkdir -p "$BENCH_DIR"
cd "$BENCH_DIR"
. "$here/lib.sh"

gen=$BENCH_DIR/gen_proxy_log
if [ ! -x "$gen" ] || [ "$here/gen_proxy_log.c" -nt "$gen" ]; then
  cc -O2 -o "$gen" "$here/gen_proxy_log.c"
fi

# make_data KIND FILE: the log of SIZE bytes and its .gz, unless already there
make_data() {
  local kind=$1 file=$2
  if [ ! -s "$file" ] || [ "$(stat -c %s "$file")" -lt "$SIZE" ]; then
    echo "generating $file ($SIZE bytes)..."
    "$gen" "$kind" "$SIZE" 1 >"$file.tmp" && mv "$file.tmp" "$file"
    rm -f "$file.gz"
  fi
  if [ ! -s "$file.gz" ] || [ "$file" -nt "$file.gz" ]; then
    echo "compressing $file..."
    gzip -c "$file" >"$file.gz.tmp" && mv "$file.gz.tmp" "$file.gz"
  fi
}
make_data squid squid.log
make_data elff elff.log
# a tenth of the Squid log, for the memory comparison; 20 MB slices for instruction counts
if [ ! -s squid-tenth.log ] || [ squid.log -nt squid-tenth.log ]; then
  head -c $((SIZE / 10)) squid.log | sed '$d' >squid-tenth.log
fi
if [ ! -s squid-20mb.log ] || [ squid.log -nt squid-20mb.log ]; then
  head -c 20000000 squid.log | sed '$d' >squid-20mb.log
  head -c 20000000 elff.log | sed '$d' >elff-20mb.log
fi

M="$MITSUKE events --output none --no-progress"
bench_add wc_squid "wc -l squid.log"
bench_add squid "$M --format squid squid.log"
bench_add zcat_squid "zcat squid.log.gz"
bench_add squid_gz "$M --format squid squid.log.gz"
bench_add sniff_squid "$M squid.log"
bench_add wc_elff "wc -l elff.log"
bench_add elff "$M --format w3c elff.log"
bench_add zcat_elff "zcat elff.log.gz"
bench_add elff_gz "$M --format w3c elff.log.gz"
if [ -n "$BASELINE" ]; then
  bench_add base_squid "$BASELINE events --output none --no-progress --format squid squid.log"
  bench_add base_elff "$BASELINE events --output none --no-progress --format w3c elff.log"
fi

cat squid.log squid.log.gz elff.log elff.log.gz >/dev/null # warm the page cache
bench_machine
echo "files: squid.log $(bench_mb squid.log) MB ($(bench_mb squid.log.gz) MB .gz), elff.log $(bench_mb elff.log) MB ($(bench_mb elff.log.gz) MB .gz)"
echo "running $RUNS rounds of ${#BENCH_NAMES[@]} commands, interleaved..."
bench_runs "$RUNS"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

printf '  %-12s %9s %9s %9s %9s   %s\n' "" "CPU min" "CPU med" "wall min" "wall med" "command"
for n in "${BENCH_NAMES[@]}"; do
  printf '  %-12s %8.2fs %8.2fs %8.2fs %8.2fs   %s\n' "$n" "$(bench_stat "$n" cpu min)" "$(bench_stat "$n" cpu median)" \
    "$(bench_stat "$n" wall min)" "$(bench_stat "$n" wall median)" "${BENCH_CMD[$n]}"
done

# every line really parsed
"$MITSUKE" coverage --output json --format squid squid-tenth.log >cov.json
python3 - cov.json squid-tenth.log <<'PY'
import json, sys
o = [json.loads(l) for l in open(sys.argv[1])][0]
lines = sum(1 for _ in open(sys.argv[2], "rb"))
assert o["records"] == lines and o["unparsed"] == 0, (o["records"], o["unparsed"], lines)
print(f"check: {o['records']} of {lines} lines of squid-tenth.log parsed, 0 unparsed")
PY

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ { print $2 }'; }
rss_full=$(rss $M --format squid squid.log)
rss_tenth=$(rss $M --format squid squid-tenth.log)
rss_gz=$(rss $M --format squid squid.log.gz)

: >empty.log
# per_line FILE FORMAT: instructions per line of FILE, less the start-up (an empty file)
per_line() {
  local total empty
  total=$(bench_instructions $M --format "$2" "$1")
  empty=$(bench_instructions $M --format "$2" empty.log)
  awk -v t="$total" -v e="$empty" -v n="$(wc -l <"$1")" \
    'BEGIN { if (t ~ /^[0-9]+$/ && e ~ /^[0-9]+$/) printf "%.0f", (t - e) / n; else print "-" }'
}
ins_squid=$(per_line squid-20mb.log squid)
ins_elff=$(per_line elff-20mb.log w3c)

# ratio NAME BASE STAT: NAME's CPU time over BASE's
cpu_ratio() { bench_ratio "$(bench_stat "$1" cpu "$3")" "$(bench_stat "$2" cpu "$3")"; }
wall_ratio() { bench_ratio "$(bench_stat "$1" wall "$3")" "$(bench_stat "$2" wall "$3")"; }
both() { echo "$(cpu_ratio "$1" "$2" min) x CPU min, $(cpu_ratio "$1" "$2" median) x CPU median ($(wall_ratio "$1" "$2" min) x wall min)"; }
sq=$(bench_mb squid.log)
el=$(bench_mb elff.log)
echo "results:"
echo "  Squid plain: $(bench_rate "$sq" "$(bench_stat squid cpu min)") MB per CPU second ($(bench_rate "$sq" "$(bench_stat squid wall min)") MB/s wall); $(both squid wc_squid) the wc -l time (target <= 10)"
echo "  Squid .gz: $(both squid_gz zcat_squid) the zcat time (target <= 1)"
echo "  Squid, format sniffed: $(both sniff_squid squid) the --format squid time"
echo "  ELFF plain: $(bench_rate "$el" "$(bench_stat elff cpu min)") MB per CPU second; $(both elff wc_elff) the wc -l time"
echo "  ELFF .gz: $(both elff_gz zcat_elff) the zcat time"
if [ -n "$BASELINE" ]; then
  echo "  this build vs BASELINE, CPU min: Squid $(cpu_ratio squid base_squid min) x, ELFF $(cpu_ratio elff base_elff min) x"
fi
echo "  instructions per line (first 20 MB, start-up subtracted): Squid $ins_squid, ELFF $ins_elff"
echo "  peak RSS: ${rss_full} KB on $sq MB, ${rss_tenth} KB on $(bench_mb squid-tenth.log) MB, ${rss_gz} KB on the .gz"
