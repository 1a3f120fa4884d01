#!/usr/bin/env bash
# bench_report.sh - speed and size of `mitsuke report` and `mitsuke timeline`.
#
# Targets (issue 4): the report for 31 terminals x 4 weeks in under a second;
# for 2,000 terminals x 4 weeks an HTML file under 10 MB that opens in the
# browser within 5 s. Baseline, in the same run: the sqlite3 shell exporting
# the same cells as CSV (SELECT ... FROM hourly JOIN terminals, destinations),
# the least work any program reading the store must do. Data: the
# seed-004-like store (tests/fixtures/report, hourly cells only), a real scan
# of `mitsuke simulate --scenario pension-2015` (17 days, 100 terminals, with
# 10-minute cells) and gen_large.py (2,000 terminals, with 2.7 million
# 10-minute cells), generated once under $BENCH_DIR/report.
#
# Each figure is the median of several runs, wall and CPU (user + sys) time;
# CPU time is the steadier one on a machine shared with other work.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
fx=$here/tests/fixtures/report
dir=$BENCH_DIR/report
mkdir -p "$dir"
[ -s "$dir/seed004.db" ] || sqlite3 "$dir/seed004.db" ".read $fx/schema-v1.sql" ".read $fx/seed004.sql"
if [ ! -s "$dir/pension.db" ]; then
  rm -rf "$dir/pension-sim"
  "$MITSUKE" simulate --scenario pension-2015 --days 17 --gap 2015-05-10T20:01,3.95 --out "$dir/pension-sim" -q --no-progress
  "$MITSUKE" scan --tz JST -o none --no-progress --db "$dir/pension.db" "$dir/pension-sim/proxy" || [ $? -eq 1 ]
  rm -rf "$dir/pension-sim"
fi
# a large store from before the 10-minute cells is made again
[ -s "$dir/large.db" ] && [ "$(sqlite3 "$dir/large.db" 'PRAGMA user_version')" -ge 3 ] ||
  python3 "$fx/gen_large.py" "$dir/large.db" --terminals 2000 --days 28

CELLS_SQL="SELECT t.name, h.hour_ms, d.name, h.requests, h.ok_requests, h.failed_requests, h.bytes_out, h.bytes_in
  FROM hourly h JOIN terminals t ON t.id = h.terminal_id JOIN destinations d ON d.id = h.destination_id
  ORDER BY t.first_ms, t.name, h.hour_ms"

# Prints "WALL CPU": medians in ms over N runs of a command (stdout discarded),
# CPU = user + sys of the child from getrusage, to the microsecond.
median_ms() {
  python3 - "$@" <<'PY'
import resource, statistics, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
wall, cpu = [], []
for _ in range(n):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    wall.append((time.perf_counter() - t) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
print("%.1f %.1f" % (statistics.median(wall), statistics.median(cpu)))
PY
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }

for case in seed004 pension large; do
  db=$dir/$case.db
  cells=$(sqlite3 "$db" 'SELECT count(*) FROM hourly')
  cells10=$(sqlite3 "$db" 'SELECT count(*) FROM cells10' 2>/dev/null || echo 0)
  terms=$(sqlite3 "$db" 'SELECT count(*) FROM terminals')
  n=$([ "$case" = large ] && echo 5 || echo 21)
  read -r base_w base_c < <(median_ms "$n" sqlite3 -csv "$db" "$CELLS_SQL")
  read -r rep_w rep_c < <(median_ms "$n" "$MITSUKE" report --db "$db" -o "$dir/$case.html")
  read -r tl_w tl_c < <(median_ms "$n" "$MITSUKE" timeline --db "$db")
  size=$(stat -c %s "$dir/$case.html")
  echo "$case: $terms terminals, $cells hourly cells, $cells10 10-minute cells (median of $n runs; wall / CPU ms)"
  echo "  sqlite3 CSV export of the cells (baseline): $base_w / $base_c"
  echo "  mitsuke report:   $rep_w / $rep_c  ($(ratio "$rep_c" "$base_c") x baseline CPU), $size bytes"
  echo "  mitsuke timeline: $tl_w / $tl_c  ($(ratio "$tl_c" "$base_c") x baseline CPU)"
done

# Opening the large report in chromium (the browser test prints its timing).
if [ -d "$here/tests/browser/node_modules/playwright-core" ] && [ -x /usr/bin/chromium ]; then
  MITSUKE=$MITSUKE FIXTURES=$here/tests/fixtures BUILDDIR=$BENCH_DIR SRCDIR=$here \
    node "$here/tests/browser/large.test.mjs" 2>&1 | grep '^# large report' || true
fi
