#!/usr/bin/env bash
# report_cli.sh - `mitsuke report` and `mitsuke timeline` on the seed-004-like
# store (tests/fixtures/report): the page is complete, safe and fast, the
# matrix matches the store cell for cell, and bad input fails cleanly.
set -euo pipefail
fx=$FIXTURES/report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/seed.db
sqlite3 "$db" ".read $fx/schema-v1.sql" ".read $fx/seed004.sql"
q() { sqlite3 "$db" "$1"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# --- the report ---------------------------------------------------------------
start=$(date +%s%N)
"$MITSUKE" report --db "$db" -o "$work/r.html" --events "$fx/seed004-events.csv" --json --lang en > "$work/summary.json"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "report for 31 terminals x 4 weeks: ${ms} ms, $(stat -c %s "$work/r.html") bytes"
[ "$ms" -lt 1000 ] || fail "report took ${ms} ms (target: under a second)"
python3 - "$work/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
want = {"terminals": 31, "failed_only_terminals": 6, "rows_drawn": 31, "suspicious_destinations": 23,
        "findings": 70, "gaps": 1, "view": "hour", "hour_view": True}
bad = {k: (s.get(k), v) for k, v in want.items() if s.get(k) != v}
assert not bad, bad
PY
python3 "$SRCDIR/tests/e2e/report_html_check.py" "$work/r.html" \
  --payload "mail IV received" --payload "files.x-storage.example.jp" --payload "10.21.1.11"
# the checker itself must catch an injected element and a changed script
sed 's|<footer>|<footer><img src=x>|' "$work/r.html" > "$work/bad.html"
! python3 "$SRCDIR/tests/e2e/report_html_check.py" "$work/bad.html" >/dev/null || fail "checker missed <img>"
sed 's|tip.hidden = true;|tip.hidden = false;|' "$work/r.html" > "$work/bad.html"
! python3 "$SRCDIR/tests/e2e/report_html_check.py" "$work/bad.html" >/dev/null || fail "checker missed a changed script"

# sections, kill chain and times in the store's zone (display_tz = JST)
for want in 'id="summary"' 'id="timeline"' 'id="destinations"' 'id="terminals"' 'id="killchain"' \
            'id="coverage"' 'id="events"' 'Command and control' 'Actions on objectives' 'T1567.002'; do
  grep -q -- "$want" "$work/r.html" || fail "missing $want"
done
grep -q '2015-05-10 20:01 – 23:58 JST' "$work/r.html" || fail "gap not shown in JST"
grep -q 'no logs 2015-05-10 20:01 – 23:58 JST' "$work/r.html" || fail "gap label missing on the chart"
# the per-source firewall gap is listed but not shaded as "no log at all"
grep -q 'fw/firewall.log</code></td><td class="t">2015-05-25 02:00' "$work/r.html" || fail "per-source gap missing"
[ "$(grep -o 'class="nolog"' "$work/r.html" | wc -l)" -eq 4 ] || fail "expected 4 no-log shapes (gap in 2 views x axis+cells)"

"$MITSUKE" report --db "$db" -o "$work/ja.html" --lang ja --tz UTC
grep -q '<html lang="ja">' "$work/ja.html" || fail "lang ja"
grep -q '感染端末と不審な通信' "$work/ja.html" || fail "Japanese chart title"
grep -q '遠隔操作' "$work/ja.html" || fail "Japanese kill-chain stage"
grep -q '2015-05-10 11:01 – 14:58 UTC' "$work/ja.html" || fail "--tz UTC not applied"
"$MITSUKE" report --db "$db" -o - --bucket day > "$work/stdout.html"
grep -q '<div class="chart" data-view="day">' "$work/stdout.html" || fail "--bucket day should open on days"
grep -q '<div class="chart" data-view="hour" hidden>' "$work/stdout.html" || fail "hour view should be hidden"

# --- the timeline matrix ----------------------------------------------------------
"$MITSUKE" timeline --db "$db" > "$work/t.csv"
head -1 "$work/t.csv" | grep -q '^row,terminal,start,end,destination,color,requests,ok_requests,failed_requests,bytes_out,bytes_in,state$' \
  || fail "CSV header"
[ "$(tail -n +2 "$work/t.csv" | wc -l)" -eq "$(q 'SELECT count(*) FROM hourly')" ] || fail "CSV rows != hourly rows"
[ "$(grep -c ',failed$' "$work/t.csv")" -eq "$(q 'SELECT count(*) FROM hourly WHERE ok_requests = 0')" ] || fail "failed cells"
grep -q '^1,10.21.1.11,2015-05-08T10:00:00+09:00,2015-05-08T11:00:00+09:00,update.mail-check.example,#0067a5,' "$work/t.csv" \
  || fail "first CSV cell"
"$MITSUKE" timeline --db "$db" --output jsonl --bucket hour > "$work/t.jsonl"
"$MITSUKE" timeline --db "$db" --output json --bucket day --tz UTC > "$work/t.json"
python3 - "$work/t.jsonl" "$work/t.json" "$db" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[3])
cells = [json.loads(l) for l in open(sys.argv[1])]
total = db.execute("SELECT count(*), sum(requests), sum(ok_requests), sum(bytes_out) FROM hourly").fetchone()
assert len(cells) == total[0], (len(cells), total)
assert sum(c["requests"] for c in cells) == total[1]
# every stored cell is in the matrix with its counts
got = {(c["terminal"], c["destination"], c["start"]): (c["requests"], c["ok_requests"], c["failed_requests"])
       for c in cells}
for term, dest, req, ok, failed in db.execute(
        "SELECT t.name, d.name, h.requests, h.ok_requests, h.failed_requests FROM hourly h "
        "JOIN terminals t ON t.id = h.terminal_id JOIN destinations d ON d.id = h.destination_id"):
    assert (req, ok, failed) in got.values()
doc = json.load(open(sys.argv[2]))
assert doc["bucket"] == "day" and doc["zone"] == "UTC", (doc["bucket"], doc["zone"])
assert len(doc["terminals"]) == 31 and sum(not t["success"] for t in doc["terminals"]) == 6
assert [t["row"] for t in doc["terminals"]] == list(range(1, 32))
assert sum(c["requests"] for c in doc["cells"]) == total[1]
assert sum(c["bytes_out"] for c in doc["cells"]) == total[3]
days = db.execute("SELECT count(*) FROM (SELECT DISTINCT terminal_id, destination_id, hour_ms / 86400000 "
                  "FROM hourly)").fetchone()[0]
assert len(doc["cells"]) == days, (len(doc["cells"]), days)
assert len(doc["columns"]) == 29 and doc["columns"][0]["start"] == "2015-05-07T00:00:00Z", doc["columns"][0]
assert len(doc["gaps"]) == 2 and doc["gaps"][0]["source"] is None
assert len([d for d in doc["destinations"] if d["color"]]) == 19
PY

# --- bad input ----------------------------------------------------------------------
set +e
"$MITSUKE" report -o "$work/x.html" 2>/dev/null; [ $? -eq 2 ] || fail "no --db should be a usage error"
"$MITSUKE" report --db "$db" 2>/dev/null; [ $? -eq 2 ] || fail "no -o should be a usage error"
# this store (schema v1) has no 10-minute cells: asking for them is a usage error that says so
"$MITSUKE" report --db "$db" -o "$work/x.html" --bucket 10min 2>"$work/err"; [ $? -eq 2 ] || fail "10min: exit 2"
grep -q 'no 10-minute cells' "$work/err" || fail "10min: the message should say the store has no 10-minute cells"
"$MITSUKE" timeline --db "$db" --bucket 10min 2>"$work/err" >/dev/null; [ $? -eq 2 ] || fail "timeline 10min: exit 2"
grep -q 'scan the logs again' "$work/err" || fail "timeline 10min: the message should say how to get them"
"$MITSUKE" report --db "$db" -o "$work/x.html" --day 2015-02-30 2>/dev/null; [ $? -eq 2 ] || fail "bad --day"
"$MITSUKE" report --db "$db" -o "$work/x.html" --bucket week 2>/dev/null; [ $? -eq 2 ] || fail "bad bucket"
"$MITSUKE" report --db "$work/none.db" -o "$work/x.html" 2>"$work/err"; [ $? -eq 3 ] || fail "missing store: exit 3"
grep -q 'none.db' "$work/err" || fail "missing store: name the file"
sqlite3 "$work/empty.db" 'CREATE TABLE x(y)'
"$MITSUKE" report --db "$work/empty.db" -o "$work/x.html" 2>"$work/err"; [ $? -eq 3 ] || fail "not a store: exit 3"
grep -q 'not a mitsuke store' "$work/err" || fail "not a store: message"
sqlite3 "$work/newer.db" 'PRAGMA user_version = 9'
"$MITSUKE" timeline --db "$work/newer.db" 2>"$work/err"; [ $? -eq 3 ] || fail "newer store: exit 3"
grep -q 'newer' "$work/err" || fail "newer store: message"
"$MITSUKE" report --db "$db" -o "$work/x.html" --events "$work/none.csv" 2>/dev/null; [ $? -eq 3 ] || fail "events file"
"$MITSUKE" report --db "$db" -o "$work/no/such/dir/x.html" 2>/dev/null; [ $? -eq 3 ] || fail "unwritable output"
set -e
# a scan of nothing: a store with no time at all still gives a page (and the 10-minute view nothing)
: > "$work/empty.log"
"$MITSUKE" scan --db "$work/empty.db" --html "$work/empty.html" -o none --no-progress "$work/empty.log"
grep -q 'nothing to draw' "$work/empty.html" || fail "empty store: the page should say there is nothing to draw"
"$MITSUKE" timeline --db "$work/empty.db" --bucket 10min | grep -q '^row,terminal' || fail "empty store: timeline"
[ ! -e "$work/x.html" ] || fail "a failed run left a report behind"
ls "$work" | grep -q '\.tmp-' && fail "a temporary file was left behind"
"$MITSUKE" report --help | grep -q -- '--events' || fail "help"
"$MITSUKE" timeline --lang ja --help | grep -q '端末×時間' || fail "Japanese help"
echo ok
