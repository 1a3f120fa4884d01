#!/usr/bin/env bash
# scan_pension.sh - `mitsuke scan` reaches seed 004's answers by itself on four
# weeks of simulated proxy logs (`mitsuke simulate --scenario pension-2015` at
# its default size: 100 terminals, 28 days, about 2 million records), checked
# against the simulator's truth.json (tests/e2e/lib/check_scan_truth.py):
#   * every one of the 23 truth destinations is suspicious (>= medium), and no
#     other destination is (the benign pollers, updates, chat and widgets of
#     the background stay below medium);
#   * every one of the 31 truth terminals is listed, `success` as in the truth
#     (6 only ever failed), and no other terminal;
#   * the exfiltration server is critical with at least 20 terminals;
# and `--db`/`--html` write a store whose `gaps` table holds the gap planted in
# the proxy log (seed 004 footnote 7: 5/10 20:01 JST, about 4 hours) and a
# report. A second seed shows it is not one lucky draw.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/common.sh"

check() { python3 "$here/lib/check_scan_truth.py" "$1/truth.json" "$2" --report; }

# Seed 1 with the planted gap.
"$MITSUKE" simulate --scenario pension-2015 --out "$T/s1" --gap 2015-05-10T20:01,3.95 --no-progress >/dev/null
run "$MITSUKE" scan --no-progress -o jsonl --db "$T/s1.db" --html "$T/s1.html" "$T/s1/proxy"
expect_rc 1 "suspicious destinations found"
cp "$T/out" "$T/s1.jsonl"
check "$T/s1" "$T/s1.jsonl" || fail "seed 1: scan differs from truth.json"

q() { sqlite3 "$T/s1.db" "$1"; }
gap_start=$(python3 -c 'import datetime as d; print(int(d.datetime.fromisoformat("2015-05-10T20:01:00+09:00").timestamp() * 1000))')
[ "$(q "SELECT count(*) FROM gaps WHERE source_id IS NULL AND start_ms = $gap_start")" = 1 ] ||
  fail "store: no gap over all sources starting 2015-05-10 20:01 JST: $(q 'SELECT * FROM gaps')"
[ "$(q "SELECT (end_ms - start_ms) / 60000 FROM gaps WHERE start_ms = $gap_start")" -ge 230 ] || fail "store: gap too short"
[ "$(q "SELECT count(*) FROM destinations WHERE suspicious = 1")" = 23 ] || fail "store: suspicious destinations"
[ "$(q "SELECT count(*) FROM terminals WHERE success = 0")" = 6 ] || fail "store: failure-only terminals"
[ "$(q "SELECT count(*) FROM findings WHERE detector = 'session'")" -ge 5 ] || fail "store: session findings"
[ -s "$T/s1.html" ] || fail "no HTML report"
grep -q "198.51.100.81" "$T/s1.html" || fail "the report does not name the exfiltration server"

# The proxy and the Windows logs in one scan: the same gap (Windows events,
# sparse, neither make gaps nor fill the proxy's), and the Windows findings
# (the shared local Administrator) stored beside the proxy ones.
run "$MITSUKE" scan --no-progress -o none --db "$T/s1w.db" "$T/s1/proxy" "$T/s1/windows"
expect_rc 1 "suspicious destinations and Windows findings"
qw() { sqlite3 "$T/s1w.db" "$1"; }
[ "$(qw "SELECT count(*) FROM gaps")" = 1 ] && [ "$(qw "SELECT count(*) FROM gaps WHERE source_id IS NULL AND start_ms = $gap_start")" = 1 ] ||
  fail "proxy + windows: the gaps are not the proxy's one: $(qw 'SELECT * FROM gaps')"
[ "$(qw "SELECT count(*) FROM destinations WHERE suspicious = 1")" = 23 ] || fail "proxy + windows: suspicious destinations"
[ "$(qw "SELECT count(*) FROM findings WHERE detector = 'local-admin' AND severity = 'critical'")" = 1 ] ||
  fail "proxy + windows: no critical local-admin finding in the store"

# Another seed: other terminals, names, times and destinations.
"$MITSUKE" simulate --scenario pension-2015 --out "$T/s2" --seed 2 --no-progress >/dev/null
run "$MITSUKE" scan --no-progress -o jsonl "$T/s2/proxy"
expect_rc 1 "suspicious destinations found"
cp "$T/out" "$T/s2.jsonl"
check "$T/s2" "$T/s2.jsonl" || fail "seed 2: scan differs from truth.json"
echo "scan_pension ok"
