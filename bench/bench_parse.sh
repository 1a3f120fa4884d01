#!/usr/bin/env bash
# bench_parse.sh - parse speed of proxy logs against the tools that only read.
#
# Generates (once, kept in $BENCH_DIR) a Squid native log and a Blue Coat
# ELFF log of BENCH_SIZE bytes (default 1.1 GB) with bench/gen_proxy_log.c,
# plus a .gz of each, then times in the same run on the same warm files:
#   wc -l FILE                              vs  mitsuke events --output none FILE
#   zcat FILE.gz > /dev/null                vs  mitsuke events --output none FILE.gz
# and the peak RSS of mitsuke on the whole file and on a tenth of it (memory
# must not grow with the file). Uses hyperfine when installed (else date),
# taking the fastest of BENCH_RUNS (5) runs. Results: docs/performance.md, section Parsing.
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

# time_cmd NAME CMD: the fastest of RUNS wall times of CMD into $NAME (the
# fastest: this machine is shared, and other load only ever adds time)
declare -A secs
time_cmd() {
  local name=$1 cmd=$2
  if command -v hyperfine >/dev/null; then
    hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$BENCH_DIR/hf.json" "$cmd" >/dev/null
    secs[$name]=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f" % r["min"])' "$BENCH_DIR/hf.json")
  else
    local best=
    for _ in $(seq "$RUNS"); do
      local t0 t1
      t0=$(date +%s.%N)
      bash -c "$cmd" >/dev/null
      t1=$(date +%s.%N)
      best=$(python3 -c "import sys; a=float(sys.argv[2])-float(sys.argv[1]); b=sys.argv[3]; print('%.3f' % (a if not b else min(a, float(b))))" "$t0" "$t1" "$best")
    done
    secs[$name]=$best
  fi
  printf '  %-18s %7.3f s   %s\n' "$name" "${secs[$name]}" "$cmd"
}

mb() { python3 -c "import os,sys; print('%.0f' % (os.path.getsize(sys.argv[1]) / 1e6))" "$1"; }
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
rate() { python3 -c "import sys; print('%.0f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

cat squid.log squid.log.gz elff.log elff.log.gz >/dev/null # warm the page cache
echo "files: squid.log $(mb squid.log) MB ($(mb squid.log.gz) MB .gz), elff.log $(mb elff.log) MB ($(mb elff.log.gz) MB .gz)"
echo "timings (same run, warm page cache):"
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

echo "results:"
echo "  Squid plain: $(rate "$(mb squid.log)" "${secs[mitsuke_squid]}") MB/s, $(ratio "${secs[mitsuke_squid]}" "${secs[wc_squid]}") x the wc -l time (target <= 10)"
echo "  Squid plain, format sniffed: $(ratio "${secs[sniff_squid]}" "${secs[mitsuke_squid]}") x the --format squid time"
echo "  Squid .gz: $(ratio "${secs[mitsuke_squid_gz]}" "${secs[zcat_squid]}") x the zcat time (target <= 1)"
if $have_w3c; then
  echo "  ELFF plain: $(rate "$(mb elff.log)" "${secs[mitsuke_elff]}") MB/s, $(ratio "${secs[mitsuke_elff]}" "${secs[wc_elff]}") x the wc -l time"
  echo "  ELFF .gz: $(ratio "${secs[mitsuke_elff_gz]}" "${secs[zcat_elff]}") x the zcat time"
else
  echo "  ELFF: not timed, this build has no w3c format"
fi
echo "  peak RSS: ${rss_full} KB on $(mb squid.log) MB, ${rss_tenth} KB on $(mb squid-tenth.log) MB, ${rss_gz} KB on the .gz"
