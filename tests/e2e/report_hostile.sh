#!/usr/bin/env bash
# report_hostile.sh - a store whose strings are HTML/JS payloads (hostile.sql)
# and a hostile --events file give a page where every payload is text: no
# element, attribute or script of the attacker's survives (report_html_check.py).
# tests/browser/hostile.test.mjs proves the same in a real browser.
set -euo pipefail
fx=$FIXTURES/report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sqlite3 "$work/h.db" ".read $fx/schema-v1.sql" ".read $fx/hostile.sql"
"$MITSUKE" report --db "$work/h.db" -o "$work/h.html" --events "$fx/hostile-events.csv" 2>"$work/err"
grep -q 'line 4: the time is not ISO 8601' "$work/err"
grep -q 'line 5: no label' "$work/err"
for lang in en ja; do
  "$MITSUKE" report --db "$work/h.db" -o "$work/h-$lang.html" --events "$fx/hostile-events.csv" --lang $lang 2>/dev/null
  python3 "$SRCDIR/tests/e2e/report_html_check.py" "$work/h-$lang.html" \
    --payload '<script>window.__pwned="terminal"</script>' \
    --payload '"><img src=x onerror="window.__pwned='"'"'attr'"'"'">' \
    --payload 'javascript:window.__pwned="jsurl"//x.example' \
    --payload '<script>window.__pwned="dest"</script>.example' \
    --payload '<iframe src="javascript:window.__pwned='"'"'title'"'"'"></iframe>' \
    --payload '<img src=x onerror=window.__pwned="evidence">' \
    --payload 'not json <script>window.__pwned="raw"</script>' \
    --payload '<script>window.__pwned="event"</script>' \
    --payload '/var/log/squid/<script>window.__pwned="source"</script>.log' \
    --payload '{{constructor.constructor('"'"'window.__pwned=1'"'"')()}}'
done
# the JSON data block cannot be closed early: no "<" inside it at all
python3 - "$work/h.html" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
start = s.index('<script type="application/json" id="mitsuke-data">') + len('<script type="application/json" id="mitsuke-data">')
block = s[start:s.index("</script>", start)]
assert "<" not in block and ">" not in block and "&" not in block, "unescaped markup in the data block"
import json
data = json.loads(block)
assert '<script>window.__pwned="terminal"</script>' in data["chart"]["terms"]
# invalid UTF-8 became U+FFFD, the bidi override is not shown as one
assert "\u202e" not in s, "a bidi override reached the page"
assert "\ufffd" in s
# the 100,000-byte host name is cut
assert "A" * 400 not in s
PY
# the orphaned hourly cell is reported, the page still has all four terminals
grep -q '1 hourly cells name a terminal or destination the store does not list' "$work/h.html"
[ "$(grep -o '<text x="4" y=' "$work/h.html" | wc -l)" -eq 8 ] # 4 rows x (hour + day views)

# the same store upgraded to the current schema, with 10-minute cells all marked
# incomplete: the 10-minute view and its note (which names every destination) are safe too
cp "$work/h.db" "$work/h3.db"
python3 "$fx/docschema.py" upgrade "$work/h3.db"
sqlite3 -bail "$work/h3.db" "INSERT INTO meta VALUES ('cells10_ms', '600000');
  INSERT INTO cells10 SELECT terminal_id, destination_id, hour_ms + 600000, requests, ok_requests, failed_requests,
    bytes_out, bytes_in FROM hourly;
  UPDATE destinations SET cells10_complete = 0;"
"$MITSUKE" report --db "$work/h3.db" -o "$work/h3.html" --bucket 10min --events "$fx/hostile-events.csv" 2>/dev/null
grep -q 'data-view="10min" data-focus=' "$work/h3.html"
grep -q 'not kept for every request to: &lt;script&gt;window.__pwned=&quot;dest&quot;&lt;/script&gt;.example' "$work/h3.html"
python3 "$SRCDIR/tests/e2e/report_html_check.py" "$work/h3.html" \
  --payload '<script>window.__pwned="terminal"</script>' \
  --payload '<script>window.__pwned="dest"</script>.example' \
  --payload 'javascript:window.__pwned="jsurl"//x.example'
"$MITSUKE" timeline --db "$work/h3.db" --bucket 10min --output jsonl > "$work/t10.jsonl" 2>"$work/err"
[ "$(wc -l < "$work/t10.jsonl")" -eq 7 ] # 8 cells, one naming a terminal the store does not list
grep -q '1 10-minute cells name a terminal' "$work/err"
echo ok
