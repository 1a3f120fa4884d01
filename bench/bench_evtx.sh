#!/usr/bin/env bash
# bench_evtx.sh - speed and memory of mitsuke on .evtx against libevtx's
# evtxexport (issue 7: >= 5 x faster than evtxexport; a 3 GB Security.evtx
# in <= 500 MB RSS).
#
# Builds (once, kept in $BENCH_DIR) with bench/gen_evtx.c a base Security.evtx
# of a busy domain controller (BENCH_EVTX_BASE_SIZE, default 64 MiB: 4624
# types 2/3/10, 4634, 4672, 4688 with command lines, 4776, 4768, 4769, 4625,
# 4648), then two files made of its chunks repeated with record ids, times and
# CRCs fixed: evtx-small.evtx (BENCH_EVTX_SMALL_SIZE, default 200 MiB) for the
# speed ratio and evtx-big.evtx (BENCH_EVTX_SIZE, default 3 GiB =
# 3,221,225,472 bytes) for memory. On the same page-cached files it runs,
# interleaved BENCH_RUNS times (default 3; bench/lib.sh says why):
#   evtxexport -f xml F >/dev/null                      the baseline
#   mitsuke events --output none --format evtx F        parse only
#   mitsuke winlog --output none F                      parse + detect
# on the small file, then each once on the big file (peak RSS), and reports
# CPU and elapsed time (minimum, median), MB per CPU second, the ratios and
# peak RSS. evtxexport takes long on 3 GB: with BENCH_EVTX_BASELINE_SIZE=bytes
# the baseline runs only on files up to that size (the report says so). A
# mitsuke build without the evtx format or the winlog command says "not
# available in this build" for those lines instead of failing.
#
#   MITSUKE=build/mitsuke BENCH_DIR=build/bench [BENCH_EVTX_SIZE=bytes] [BENCH_EVTX_SMALL_SIZE=bytes]
#     [BENCH_EVTX_BASELINE_SIZE=bytes] [BENCH_RUNS=n] bash bench/bench_evtx.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MITSUKE=$(realpath "${MITSUKE:-$here/../build/mitsuke}")
BENCH_DIR=$(realpath -m "${BENCH_DIR:-$here/../build/bench}")
BASE_SIZE=${BENCH_EVTX_BASE_SIZE:-67108864}
SMALL_SIZE=${BENCH_EVTX_SMALL_SIZE:-209715200}
BIG_SIZE=${BENCH_EVTX_SIZE:-3221225472}
BASELINE_SIZE=${BENCH_EVTX_BASELINE_SIZE:-$BIG_SIZE}
RUNS=${BENCH_RUNS:-3}
mkdir -p "$BENCH_DIR"
cd "$BENCH_DIR"
. "$here/lib.sh"

gen=$BENCH_DIR/gen_evtx
if [ ! -x "$gen" ] || [ "$here/gen_evtx.c" -nt "$gen" ] || [ "$here/../src/sim/windows/evtx.c" -nt "$gen" ]; then
  cc -O2 -I "$here/../src" -o "$gen" "$here/gen_evtx.c" "$here/../src/sim/windows/evtx.c" -lz
fi

# make_file NAME BYTES: NAME of about BYTES (whole chunks), unless already there
make_file() {
  local name=$1 bytes=$2 chunks
  chunks=$(((bytes - 4096) / 65536))
  [ "$chunks" -gt 65535 ] && chunks=65535
  if [ -s "$name" ] && [ "$(stat -c %s "$name")" -eq $((4096 + chunks * 65536)) ] && [ "$name" -nt evtx-base.evtx ]; then
    return
  fi
  echo "building $name ($((4096 + chunks * 65536)) bytes)..."
  "$gen" concat evtx-base.evtx "$name.tmp" "$bytes" && mv "$name.tmp" "$name"
}
if [ ! -s evtx-base.evtx ] || [ "$gen" -nt evtx-base.evtx ]; then
  echo "generating evtx-base.evtx ($BASE_SIZE bytes)..."
  "$gen" base evtx-base.evtx.tmp "$BASE_SIZE" 1 && mv evtx-base.evtx.tmp evtx-base.evtx
fi
make_file evtx-small.evtx "$SMALL_SIZE"
make_file evtx-big.evtx "$BIG_SIZE"
records() { python3 -c "import struct,sys; print(struct.unpack_from('<Q', open(sys.argv[1],'rb').read(32), 24)[0] - 1)" "$1"; }

# what this build can do
unavailable=()
have_evtxexport=false have_parse=false have_detect=false
command -v evtxexport >/dev/null && have_evtxexport=true || unavailable+=("evtxexport: not installed")
if "$MITSUKE" events --help 2>/dev/null | grep -qE '^ +evtx +'; then have_parse=true
else unavailable+=("mitsuke events --format evtx: not available in this build (no evtx format)"); fi
winlog_format=
if "$MITSUKE" --help 2>/dev/null | grep -qE '^ +winlog +'; then
  if $have_parse; then
    have_detect=true
    "$MITSUKE" winlog --help 2>/dev/null | grep -q -- '--format' && winlog_format="--format evtx"
  else
    unavailable+=("mitsuke winlog on .evtx: not available in this build (no evtx format)")
  fi
else
  unavailable+=("mitsuke winlog: not available in this build (no winlog command)")
fi
P="$MITSUKE events --output none --no-progress --format evtx"
D="$MITSUKE winlog --output none --no-progress $winlog_format"

# register FILE SUFFIX: the commands on FILE
register() {
  local f=$1 s=$2
  BENCH_NAMES=()
  if $have_evtxexport && [ "$(stat -c %s "$f")" -le "$BASELINE_SIZE" ]; then
    bench_add "evtxexport_$s" "evtxexport -f xml $f"
  fi
  $have_parse && bench_add "parse_$s" "$P $f"
  $have_detect && bench_add "detect_$s" "$D $f"
  return 0
}

report() {
  printf '  %-18s %9s %9s %9s %9s %9s %8s   %s\n' "" "CPU min" "CPU med" "wall min" "wall med" "MB/CPU s" "RSS MiB" "command"
  local n mb=$1
  for n in "${BENCH_NAMES[@]}"; do
    printf '  %-18s %8.2fs %8.2fs %8.2fs %8.2fs %9s %8.1f   %s\n' "$n" "$(bench_stat "$n" cpu min)" \
      "$(bench_stat "$n" cpu median)" "$(bench_stat "$n" wall min)" "$(bench_stat "$n" wall median)" \
      "$(bench_rate "$mb" "$(bench_stat "$n" cpu min)")" "$(awk -v k="$(bench_stat "$n" rss max)" 'BEGIN { printf "%.1f", k / 1024 }')" \
      "${BENCH_CMD[$n]}"
  done
}

bench_machine
echo "evtxexport: $(evtxexport -V 2>/dev/null | head -1 || echo none); mitsuke: $("$MITSUKE" --version 2>/dev/null | head -1)"
for u in "${unavailable[@]}"; do echo "  $u"; done
small_mb=$(bench_mb evtx-small.evtx)
big_mb=$(bench_mb evtx-big.evtx)
echo "files: evtx-base.evtx $(bench_mb evtx-base.evtx) MB, evtx-small.evtx $small_mb MB ($(records evtx-small.evtx) records)," \
  "evtx-big.evtx $big_mb MB ($(records evtx-big.evtx) records)"

cat evtx-small.evtx >/dev/null # warm the page cache
register evtx-small.evtx small
if [ ${#BENCH_NAMES[@]} -gt 0 ]; then
  echo "small file: $RUNS rounds of ${#BENCH_NAMES[@]} commands, interleaved..."
  bench_runs "$RUNS"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  report "$small_mb"
  cp "$BENCH_DIR/bench-runs.tsv" "$BENCH_DIR/bench-evtx-small.tsv"
fi
ratio() {  # ratio NAME: evtxexport's CPU (min, median) over NAME's
  if [ -n "${BENCH_CMD[evtxexport_small]:-}" ] && [ -n "${BENCH_CMD[$1]:-}" ]; then
    cp "$BENCH_DIR/bench-evtx-small.tsv" "$BENCH_DIR/bench-runs.tsv"
    echo "$(bench_ratio "$(bench_stat evtxexport_small cpu min)" "$(bench_stat "$1" cpu min)") x faster (CPU min)," \
      "$(bench_ratio "$(bench_stat evtxexport_small cpu median)" "$(bench_stat "$1" cpu median)") x (CPU median)," \
      "$(bench_ratio "$(bench_stat evtxexport_small wall min)" "$(bench_stat "$1" wall min)") x (wall min)"
  elif [ -z "${BENCH_CMD[$1]:-}" ]; then
    echo "not available in this build"
  else
    echo "no baseline (evtxexport not installed or BENCH_EVTX_BASELINE_SIZE below the small file)"
  fi
}
parse_ratio=$(ratio parse_small)
detect_ratio=$(ratio detect_small)

cat evtx-big.evtx >/dev/null
register evtx-big.evtx big
if [ "$(stat -c %s evtx-big.evtx)" -gt "$BASELINE_SIZE" ]; then
  if [ "$(stat -c %s evtx-small.evtx)" -le "$BASELINE_SIZE" ]; then
    echo "big file: evtxexport not run (BENCH_EVTX_BASELINE_SIZE=$BASELINE_SIZE): the baseline is timed on the small file only"
  else
    echo "evtxexport not run on either file (BENCH_EVTX_BASELINE_SIZE=$BASELINE_SIZE)"
  fi
fi
if [ ${#BENCH_NAMES[@]} -gt 0 ]; then
  echo "big file: 1 round of ${#BENCH_NAMES[@]} commands..."
  bench_runs 1
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  report "$big_mb"
fi
rss_of() {  # rss_of NAME: peak RSS of NAME's run on the big file, or why there is none
  if [ -n "${BENCH_CMD[$1]:-}" ]; then awk -v k="$(bench_stat "$1" rss max)" 'BEGIN { printf "%.0f MiB", k / 1024 }'
  elif [ "$1" = evtxexport_big ] && $have_evtxexport; then echo "not run (BENCH_EVTX_BASELINE_SIZE)"
  else echo "not available in this build"; fi
}

echo "results:"
echo "  parse only vs evtxexport on $small_mb MB: $parse_ratio (target >= 5)"
echo "  parse + detect vs evtxexport on $small_mb MB: $detect_ratio (target >= 5)"
echo "  peak RSS on $big_mb MB: evtxexport $(rss_of evtxexport_big), parse only $(rss_of parse_big)," \
  "parse + detect $(rss_of detect_big) (target <= 500 MB)"
if $have_parse; then
  # every record parsed, none unparsed
  if "$MITSUKE" coverage --output json --format evtx evtx-small.evtx >cov-evtx.json 2>/dev/null; then
    python3 - cov-evtx.json "$(records evtx-small.evtx)" <<'PY'
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][0]
want = int(sys.argv[2])
print(f"  check: mitsuke read {o.get('records')} records of {want} in evtx-small.evtx, {o.get('unparsed')} unparsed")
PY
  else
    echo "  check: mitsuke coverage --format evtx failed; records not checked"
  fi
fi
