#!/usr/bin/env bash
# bench/run.sh - runs every bench/bench_*.sh with the mitsuke binary given as $1.
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
