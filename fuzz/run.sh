#!/bin/sh
# fuzz/run.sh BUILD_DIR SECONDS - runs every libFuzzer harness for SECONDS each,
# with its seed corpus from fuzz/corpus/NAME/, or made by fuzz/seeds_NAME.sh
# (new inputs go to BUILD_DIR/corpus/).
set -eu
build=$1
secs=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
status=0
for h in "$build"/fuzz_*; do
  [ -x "$h" ] || continue
  name=$(basename "$h")
  mkdir -p "$build/corpus/$name"
  seeds="$here/corpus/${name#fuzz_}"
  [ -d "$seeds" ] || seeds=""
  # a harness whose seeds are made at run time (from the shared data)
  if [ -x "$here/seeds_${name#fuzz_}.sh" ]; then
    seeds="$build/seeds/${name#fuzz_}"
    "$here/seeds_${name#fuzz_}.sh" "$seeds" || seeds=""
  fi
  echo "== $name for ${secs}s"
  "$h" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 "$build/corpus/$name" $seeds || status=1
done
exit $status
