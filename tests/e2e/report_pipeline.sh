#!/usr/bin/env bash
# report_pipeline.sh - the report against real scan output, not SQL fixtures:
# `mitsuke simulate --scenario pension-2015` (8-24 May, 100 terminals, the
# real case's missing proxy hours planted), `mitsuke scan --db --html
# --events` on its proxy log, then the store, the page and `mitsuke timeline`
# are checked against truth.json and against each other:
#   - one terminal per truth terminal (31), no other; the 6 failure-only ones
#     marked so; no terminal suspicious before truth says it was infected
#   - the hourly and 10-minute cells agree (same sums per terminal,
#     destination and hour); the gap is stored and labelled on the page
#   - mail IV arrived in the hour the spread began (the marker's column)
#   - the page is self-contained and safe; report and timeline run in < 1 s.
# (Which destinations reach "suspicious" is the detectors' business and is
# not pinned here: the store is what the report must follow.)
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$MITSUKE" simulate --scenario pension-2015 --days 17 --gap 2015-05-10T20:01,3.95 --out "$work/sim" \
  --no-progress -q > /dev/null
sh "$SRCDIR/scripts/truth-events" "$work/sim/truth.json" > "$work/events.csv"
grep -q '"mail IV received"' "$work/events.csv" || fail "events file: $(cat "$work/events.csv")"

set +e
"$MITSUKE" scan --tz JST --no-progress -o none --db "$work/case.db" --html "$work/report.html" \
  --events "$work/events.csv" "$work/sim/proxy"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "scan: expected exit 1 (findings), got $rc"
# keep only what the checks need: the simulated logs are ~800 MB
mv "$work/sim/truth.json" "$work/truth.json"
rm -rf "$work/sim"

python3 - "$work/case.db" "$work/truth.json" "$work/report.html" <<'PY'
import datetime, json, re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
truth = json.load(open(sys.argv[2]))
html = open(sys.argv[3], encoding="utf-8").read()
q = lambda sql: db.execute(sql).fetchall()
ms = lambda iso: int(datetime.datetime.fromisoformat(iso).timestamp() * 1000)
HOUR = 3600000

assert q("PRAGMA user_version")[0][0] == 4
assert q("SELECT value FROM meta WHERE key = 'cells10_ms'") == [("600000",)]
terms = {name: (first, success) for name, first, success in q("SELECT name, first_ms, success FROM terminals")}
want = {t["terminal"]: t for t in truth["terminals"]}
assert len(want) == 31 and sum(not t["success"] for t in want.values()) == 6
assert set(terms) == set(want), (sorted(set(terms) - set(want)), sorted(set(want) - set(terms)))
for name, t in want.items():
    first, success = terms[name]
    assert success == t["success"], (name, success)
    # nothing suspicious before the infection (the first may be later: not every
    # destination of the malware need reach "suspicious")
    assert ms(t["first_suspicious"]) - 1000 <= first <= ms(t["last_suspicious"]), (name, first, t)

# the 10-minute cells add up to the hourly ones, cell by cell
rows = q("""SELECT count(*) FROM (
  SELECT terminal_id t, destination_id d, start_ms / 3600000 * 3600000 h, sum(requests) r, sum(ok_requests) o,
         sum(failed_requests) f, sum(bytes_out) bo, sum(bytes_in) bi FROM cells10 GROUP BY 1, 2, 3) x
  FULL OUTER JOIN hourly y ON x.t = y.terminal_id AND x.d = y.destination_id AND x.h = y.hour_ms
  WHERE x.r IS NOT y.requests OR x.o IS NOT y.ok_requests OR x.f IS NOT y.failed_requests
     OR x.bo IS NOT y.bytes_out OR x.bi IS NOT y.bytes_in""")
assert rows == [(0,)], rows
assert q("SELECT count(*) FROM cells10")[0][0] > q("SELECT count(*) FROM hourly")[0][0] > 500
assert q("SELECT count(*) FROM destinations WHERE suspicious AND NOT cells10_complete") == [(0,)]

# the planted gap (truth) is the store's gap in all sources together, to the minute
g = truth["gaps"][0]
gaps = q("SELECT start_ms, end_ms FROM gaps WHERE source_id IS NULL")
assert len(gaps) == 1, gaps
assert abs(gaps[0][0] - ms(g["start"])) <= 60000 and abs(gaps[0][1] - ms(g["end"])) <= 2 * 60000, (gaps, g)
assert "no logs 2015-05-10 20:01 – 23:5" in html

# mail IV arrived in the hour column where its spread began
iv = min(ms(m["time"]) for m in truth["mails"] if m["campaign"] == "IV")
spread = min(terms[t["terminal"]][0] for t in truth["terminals"] if t["campaign"] == "IV")
assert iv < spread and iv // HOUR == spread // HOUR, (iv, spread)
assert ">mail IV received</text>" in html

# all three views are in the page, hourly first (17 days), 10 minutes for every day
for view in ("10min", "hour", "day"):
    assert f'<svg class="cells" data-view="{view}"' in html, view
assert '<div class="chart zoomable" data-view="hour">' in html
assert "10-minute columns cover" not in html
assert len(re.findall(r'<button type="button" data-col="\d+">', html)) == 17
PY

python3 "$SRCDIR/tests/e2e/report_html_check.py" "$work/report.html" --payload "mail IV received"

# report and timeline from the store: fast, and the matrix has every cell
start=$(date +%s%N)
"$MITSUKE" report --db "$work/case.db" -o "$work/again.html" --events "$work/events.csv" --json > "$work/summary.json"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "report from the simulated store: ${ms} ms, $(stat -c %s "$work/again.html") bytes"
[ "$ms" -lt 1000 ] || fail "report took ${ms} ms"
python3 - "$work/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["terminals"] == 31 and s["failed_only_terminals"] == 6 and s["rows_drawn"] == 31, s
assert s["view"] == "hour" and s["hour_view"], s
assert s["ten_minute_view"] == {"start": "2015-05-08T00:00:00+09:00", "end": "2015-05-25T00:00:00+09:00"}, s
PY
q() { sqlite3 "$work/case.db" "$1"; }
[ "$("$MITSUKE" timeline --db "$work/case.db" --bucket 10min --output jsonl | wc -l)" -eq "$(q 'SELECT count(*) FROM cells10')" ] \
  || fail "timeline --bucket 10min: one line per 10-minute cell"
[ "$("$MITSUKE" timeline --db "$work/case.db" --bucket hour --output jsonl | wc -l)" -eq "$(q 'SELECT count(*) FROM hourly')" ] \
  || fail "timeline --bucket hour: one line per hourly cell"
"$MITSUKE" timeline --db "$work/case.db" --bucket 10min --output json > "$work/t.json"
python3 - "$work/t.json" "$(q 'SELECT sum(requests) FROM cells10')" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["bucket"] == "10min" and len(doc["columns"]) == 17 * 144, (doc["bucket"], len(doc["columns"]))
assert doc["columns"][0] == {"start": "2015-05-08T00:00:00+09:00", "end": "2015-05-08T00:10:00+09:00",
                             "records": doc["columns"][5]["records"]}, doc["columns"][0]
assert sum(c["requests"] for c in doc["cells"]) == int(sys.argv[2])
assert all(c["end"][14:16] in ("00", "10", "20", "30", "40", "50") for c in doc["cells"])
PY
# a window: --day moves the 10-minute view's focus, the page keeps every day (they fit)
"$MITSUKE" report --db "$work/case.db" -o "$work/day.html" --bucket 10min --day 2015-05-20
grep -q '<div class="chart" data-view="10min" data-focus="1728">' "$work/day.html" || fail "--day 2015-05-20: focus column 12 x 144"
"$MITSUKE" report --db "$work/case.db" -o "$work/day.html" --day 2016-01-01 2>"$work/err"
grep -q 'outside the logs' "$work/err" || fail "--day outside the logs: no warning"
echo ok
