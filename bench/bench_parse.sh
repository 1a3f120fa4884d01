#!/usr/bin/env bash
# bench_parse.sh - parse speed of proxy logs against the tools that only read.
#
# Generates (once, kept in $BENCH_DIR) a Squid native log and a Blue Coat
# ELFF log of BENCH_SIZE bytes (default 1.1 GB) with bench/gen_proxy_log.c,
# plus a .gz of each, then times in the same run on the same warm files:
#   wc -l FILE                              vs  mitsuke events --output none FILE
#   zcat FILE.gz > /dev/null                vs  mitsuke events --output none FILE.gz
# and the peak RSS of mitsuke on the whole file and on a tenth of it (memory
# must not grow with the file). Each command runs BENCH_RUNS (5) times. Results: docs/performance.md, section Parsing.
#
#   MITSUKE=build/mitsuke BENCH_DIR=build/bench [BENCH_SIZE=bytes] bash bench/bench_parse.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MITSUKE=$(realpath "${MITSUKE:-$here/../build/mitsuke}")
BENCH_DIR=${BENCH_DIR:-$here/../build/bench}
SIZE=${BENCH_SIZE:-1100000000}
RUNS=${BENCH_RUNS:-5}
mkdir -p "$BENCH_DIR"
cd "$BENCH_DIR"

gen=$BENCH_DIR/gen_proxy_log
if [ ! -x "$gen" ] || [ "$here/gen_proxy_log.c" -nt "$gen" ]; then
  cc -O2 -o "$gen" "$here/gen_proxy_log.c"
fi

# make KIND FILE: the log of SIZE bytes and its .gz, unless already there
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
# a tenth of the Squid log, for the memory comparison
if [ ! -s squid-tenth.log ] || [ squid.log -nt squid-tenth.log ]; then
  head -c $((SIZE / 10)) squid.log | sed '$d' >squid-tenth.log
fi

have_w3c=false
"$MITSUKE" events --help | grep -q '^ *w3c ' && have_w3c=true

# time_cmd NAME CMD: runs CMD RUNS times; the fastest wall time goes into
# wall[NAME] and the smallest CPU time (user + system) into cpu[NAME]. The
# fastest, because this machine is shared and other load only ever adds
# time; CPU time as well, because it hardly depends on that load (but it does
# not show the second core at work, which wall time does).
declare -A wall cpu
time_cmd() {
  local name=$1 cmd=$2 w= c=
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %U %S' -o "$BENCH_DIR/time.out" bash -c "$cmd" >/dev/null
    read -r tw tu ts <"$BENCH_DIR/time.out"
    w=$(python3 -c 'import sys; a=float(sys.argv[1]); b=sys.argv[2]; print("%.2f" % (min(a, float(b)) if b else a))' "$tw" "$w")
    c=$(python3 -c 'import sys; a=float(sys.argv[1])+float(sys.argv[2]); b=sys.argv[3]; print("%.2f" % (min(a, float(b)) if b else a))' "$tu" "$ts" "$c")
  done
  wall[$name]=$w
  cpu[$name]=$c
  printf '  %-17s wall %6.2f s  cpu %6.2f s   %s\n' "$name" "$w" "$c" "$cmd"
}

mb() { python3 -c "import os,sys; print('%.0f' % (os.path.getsize(sys.argv[1]) / 1e6))" "$1"; }
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
rate() { python3 -c "import sys; print('%.0f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

cat squid.log squid.log.gz elff.log elff.log.gz >/dev/null # warm the page cache
echo "files: squid.log $(mb squid.log) MB ($(mb squid.log.gz) MB .gz), elff.log $(mb elff.log) MB ($(mb elff.log.gz) MB .gz)"
load=$(cut -d' ' -f1 /proc/loadavg)
echo "timings (same run, warm page cache, best of $RUNS):"
time_cmd wc_squid "wc -l squid.log"
time_cmd mitsuke_squid "$MITSUKE events --output none --format squid squid.log"
time_cmd zcat_squid "zcat squid.log.gz > /dev/null"
time_cmd mitsuke_squid_gz "$MITSUKE events --output none --format squid squid.log.gz"
time_cmd sniff_squid "$MITSUKE events --output none squid.log"
if $have_w3c; then
  time_cmd wc_elff "wc -l elff.log"
  time_cmd mitsuke_elff "$MITSUKE events --output none --format w3c elff.log"
  time_cmd zcat_elff "zcat elff.log.gz > /dev/null"
  time_cmd mitsuke_elff_gz "$MITSUKE events --output none --format w3c elff.log.gz"
fi

# every line really parsed
"$MITSUKE" coverage --output json --format squid squid-tenth.log >cov.json
python3 - cov.json squid-tenth.log <<'PY'
import json, sys
o = [json.loads(l) for l in open(sys.argv[1])][0]
lines = sum(1 for _ in open(sys.argv[2], "rb"))
assert o["records"] == lines and o["unparsed"] == 0, (o["records"], o["unparsed"], lines)
print(f"check: {o['records']} of {lines} lines of squid-tenth.log parsed, 0 unparsed")
PY

rss() { /usr/bin/time -f '%M' "$MITSUKE" events --output none --format squid "$1" 2>&1 >/dev/null | tail -1; }
rss_full=$(rss squid.log)
rss_tenth=$(rss squid-tenth.log)
rss_gz=$(/usr/bin/time -f '%M' "$MITSUKE" events --output none --format squid squid.log.gz 2>&1 >/dev/null | tail -1)

# both: wall ratio (CPU ratio)
both() { echo "$(ratio "${wall[$1]}" "${wall[$2]}") x wall ($(ratio "${cpu[$1]}" "${cpu[$2]}") x CPU)"; }
echo "results (load average before: $load):"
echo "  Squid plain: $(rate "$(mb squid.log)" "${wall[mitsuke_squid]}") MB/s wall, $(rate "$(mb squid.log)" "${cpu[mitsuke_squid]}") MB/s per CPU second; $(both mitsuke_squid wc_squid) the wc -l time (target <= 10)"
echo "  Squid plain, format sniffed: $(both sniff_squid mitsuke_squid) the --format squid time"
echo "  Squid .gz: $(both mitsuke_squid_gz zcat_squid) the zcat time (target <= 1)"
if $have_w3c; then
  echo "  ELFF plain: $(rate "$(mb elff.log)" "${wall[mitsuke_elff]}") MB/s wall; $(both mitsuke_elff wc_elff) the wc -l time"
  echo "  ELFF .gz: $(both mitsuke_elff_gz zcat_elff) the zcat time"
else
  echo "  ELFF: not timed, this build has no w3c format"
fi
echo "  peak RSS: ${rss_full} KB on $(mb squid.log) MB, ${rss_tenth} KB on $(mb squid-tenth.log) MB, ${rss_gz} KB on the .gz"
