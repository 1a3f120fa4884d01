#!/usr/bin/env bash
# bench_report.sh - speed and size of `mitsuke report` and `mitsuke timeline`.
#
# Targets (issue 4): the report for 31 terminals x 4 weeks in under a second;
# for 2,000 terminals x 4 weeks an HTML file under 10 MB that opens in the
# browser within 5 s. Baseline, in the same run: the sqlite3 shell exporting
# the same cells as CSV (`SELECT ... FROM hourly JOIN ...`), the least work any
# program reading the store must do. Data: tests/fixtures/report (seed-004-like
# store) and gen_large.py (2,000 terminals), generated under $BENCH_DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
fx=$here/tests/fixtures/report
dir=$BENCH_DIR/report
mkdir -p "$dir"
[ -s "$dir/seed004.db" ] || sqlite3 "$dir/seed004.db" ".read $fx/schema-v1.sql" ".read $fx/seed004.sql"
[ -s "$dir/large.db" ] || python3 "$fx/gen_large.py" "$dir/large.db" --terminals 2000 --days 28

# median wall time in ms of N runs of a command
median_ms() {
  local n=$1; shift
  local times=()
  for _ in $(seq "$n"); do
    local s; s=$(date +%s%N)
    "$@" > /dev/null
    times+=($(( ($(date +%s%N) - s) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] / 1000}'
}
export_cells() {
  sqlite3 -csv "$1" "SELECT t.name, h.hour_ms, d.name, h.requests, h.ok_requests, h.failed_requests, h.bytes_out,
    h.bytes_in FROM hourly h JOIN terminals t ON t.id = h.terminal_id JOIN destinations d ON d.id = h.destination_id
    ORDER BY t.first_ms, t.name, h.hour_ms"
}

for case in seed004 large; do
  db=$dir/$case.db
  cells=$(sqlite3 "$db" 'SELECT count(*) FROM hourly')
  terms=$(sqlite3 "$db" 'SELECT count(*) FROM terminals')
  n=$([ "$case" = seed004 ] && echo 21 || echo 7)
  base=$(median_ms "$n" export_cells "$db")
  rep=$(median_ms "$n" "$MITSUKE" report --db "$db" -o "$dir/$case.html")
  tl=$(median_ms "$n" "$MITSUKE" timeline --db "$db")
  size=$(stat -c %s "$dir/$case.html")
  echo "$case: $terms terminals, $cells hourly cells"
  echo "  sqlite3 CSV export of the cells (baseline): ${base} ms"
  echo "  mitsuke report:   ${rep} ms  ($(awk -v a="$rep" -v b="$base" 'BEGIN{printf "%.2f", a/b}') x baseline), ${size} bytes"
  echo "  mitsuke timeline: ${tl} ms  ($(awk -v a="$tl" -v b="$base" 'BEGIN{printf "%.2f", a/b}') x baseline)"
done

# opening the large report in chromium (needs the browser test setup)
if [ -d "$here/tests/browser/node_modules/playwright-core" ] && [ -x /usr/bin/chromium ]; then
  MITSUKE=$MITSUKE FIXTURES=$here/tests/fixtures BUILDDIR=$BENCH_DIR SRCDIR=$here \
    node "$here/tests/browser/large.test.mjs" 2>&1 | grep '^# large report' || true
fi
