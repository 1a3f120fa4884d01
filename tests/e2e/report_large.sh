#!/usr/bin/env bash
# report_large.sh - 2,000 terminals over four weeks (gen_large.py, ~450,000
# hourly and 2.7 million 10-minute cells): the report stays under 10 MB, still
# offers the hourly view, and a 10-minute view of the hours it can hold.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$FIXTURES/report/gen_large.py" "$work/big.db" --terminals 2000 --days 28
start=$(date +%s%N)
"$MITSUKE" report --db "$work/big.db" -o "$work/big.html" --json > "$work/summary.json"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
size=$(stat -c %s "$work/big.html")
echo "report for 2,000 terminals x 4 weeks: ${ms} ms, ${size} bytes"
[ "$size" -lt 10000000 ] || { echo "FAIL: $size bytes (limit 10 MB)" >&2; exit 1; }
python3 - "$work/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["terminals"] == 2000 and s["rows_drawn"] == 2000, s
assert s["hour_view"] and s["view"] == "hour", s
# 60,000 10-minute cells at most: some hours of the day most terminals were first seen
from datetime import datetime, timedelta
w = s["ten_minute_view"]
span = datetime.fromisoformat(w["end"]) - datetime.fromisoformat(w["start"])
assert timedelta(hours=1) <= span < timedelta(days=1), w
PY
grep -q '10-minute columns cover' "$work/big.html" || fail "the 10-minute window is not explained"
python3 "$SRCDIR/tests/e2e/report_html_check.py" "$work/big.html"
# the timeline matrix has every cell even when the page must summarise
[ "$("$MITSUKE" timeline --db "$work/big.db" --output jsonl | wc -l)" -eq "$(sqlite3 "$work/big.db" 'SELECT count(*) FROM hourly')" ]
[ "$("$MITSUKE" timeline --db "$work/big.db" --bucket 10min | tail -n +2 | wc -l)" -eq \
  "$(sqlite3 "$work/big.db" 'SELECT count(*) FROM cells10')" ]
echo ok
