#!/usr/bin/env bash
# bench/run.sh - runs every bench/bench_*.sh with the mitsuke binary given as $1
# (bench_evtx.sh included: it builds a 3 GiB .evtx and times evtxexport on it,
# which takes minutes; BENCH_EVTX_BASELINE_SIZE=209715200 limits the baseline
# to the 200 MiB file).
# Each benchmark generates its own data under build/bench/ (kept between runs)
# and prints its ratios; see docs/performance.md for recorded results.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MITSUKE=$(realpath "${1:-build/mitsuke}")
export MITSUKE
export BENCH_DIR=${BENCH_DIR:-$here/../build/bench}
mkdir -p "$BENCH_DIR"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for b in "$here"/bench_*.sh; do
  [ -e "$b" ] || continue
  echo "== $(basename "$b")"
  bash "$b"
done
