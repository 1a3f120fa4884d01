#!/usr/bin/env bash
# scan_seed004.sh - `mitsuke scan` on a seed-004-like week of Squid logs
# (tests/fixtures/scan/gen_seed004.py writes them from the case, with the
# ground truth): every infected terminal found, the failure-only ones marked,
# the exfiltration destination named, the benign pollers not high; the store
# holds the same answers.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$FIXTURES/scan/gen_seed004.py" "$tmp/logs"

set +e
"$MITSUKE" scan --tz JST -o jsonl --db "$tmp/case.db" "$tmp/logs/access.log.1" "$tmp/logs/access.log" > "$tmp/out.jsonl"
rc=$?
set -e
[ "$rc" = 1 ] || { echo "expected exit 1 (findings), got $rc"; exit 1; }

python3 - "$tmp/out.jsonl" "$tmp/logs/truth.json" <<'PY'
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
truth = json.load(open(sys.argv[2]))
dests = {o["destination"]: o for o in out if o["kind"] == "destination"}
terms = {o["terminal"]: o for o in out if o["kind"] == "terminal"}
summary = [o for o in out if o["kind"] == "summary"]
assert len(summary) == 1 and summary[0]["records"] > 100000, summary

# every C2 and the exfiltration server are suspicious, and rank above the rest
for d in truth["c2"] + [truth["exfil"]]:
    assert d in dests, f"{d} not reported"
    assert dests[d]["suspicious"] and dests[d]["severity"] in ("high", "critical"), (d, dests[d]["severity"])
    assert dests[d]["kill_chain"] in ("command-and-control", "actions-on-objectives"), dests[d]["kill_chain"]
    for k in ("score", "terminals", "first_seen", "last_seen", "evidence", "detectors", "attack"):
        assert k in dests[d], k
x = dests[truth["exfil"]]
assert "exfil" in x["detectors"] and x["kill_chain"] == "actions-on-objectives", x["detectors"]
assert "T1041" in x["attack"]
assert any("started uploading" in e for e in x["evidence"]), x["evidence"]
ranked = [o["destination"] for o in out if o["kind"] == "destination"]
top = set(truth["c2"] + [truth["exfil"]])
assert set(ranked[:len(top)]) == top, ranked[:8]

# benign pollers are not high (and not even suspicious)
for b in truth["benign"]:
    if b in dests:
        assert dests[b]["severity"] not in ("high", "critical"), (b, dests[b]["severity"])
        assert not dests[b]["suspicious"], (b, dests[b]["score"])

# all infected terminals found, failure-only ones marked
for t in truth["infected"]:
    assert t in terms, f"infected terminal {t} not listed"
for t in truth["failure_only"]:
    assert terms[t]["success"] is False, t
for t in set(truth["infected"]) - set(truth["failure_only"]):
    assert terms[t]["success"] is True, t
extra = set(terms) - set(truth["infected"])
assert not extra, f"terminals listed but not infected: {sorted(extra)}"
for t in terms.values():
    for k in ("first_seen", "last_seen", "destinations"):
        assert k in t
    assert t["first_seen"].endswith("+09:00")
print("jsonl ok:", len(dests), "destinations,", len(terms), "terminals")
PY

# The store: same destinations and terminals, chart cells for them.
q() { sqlite3 "$tmp/case.db" "$1"; }
[ "$(q 'PRAGMA user_version')" -ge 1 ]
[ "$(q "SELECT suspicious FROM destinations WHERE name = 'files.kobe-rental.jp'")" = 1 ]
[ "$(q 'SELECT count(*) FROM terminals')" = 21 ]
[ "$(q 'SELECT count(*) FROM terminals WHERE success = 0')" = 6 ]
[ "$(q "SELECT count(*) FROM hourly h JOIN destinations d ON d.id = h.destination_id WHERE d.name = 'www.kasumi-tec.jp' AND h.ok_requests = 0")" -gt 10 ]
[ "$(q "SELECT count(*) FROM hourly WHERE requests != ok_requests + failed_requests")" = 0 ]
[ "$(q 'SELECT count(*) FROM sources')" = 2 ]
[ "$(q 'SELECT sum(records) FROM coverage_hours')" = "$(q 'SELECT sum(records) FROM sources')" ]
[ "$(q "SELECT count(*) FROM findings WHERE destination = 'www.kasumi-tec.jp' AND detector = 'failures'")" = 1 ]
[ "$(q "SELECT kill_chain FROM findings WHERE detector = 'exfil' AND destination = 'files.kobe-rental.jp'")" = actions-on-objectives ]
q "SELECT evidence FROM findings WHERE detector = 'beacon' LIMIT 1" | grep -q '"offset"'

# The table, in both languages.
set +e
"$MITSUKE" scan --tz JST "$tmp/logs" > "$tmp/table.txt" 2>/dev/null
"$MITSUKE" scan --tz JST --lang ja "$tmp/logs" > "$tmp/table-ja.txt" 2>/dev/null
set -e
grep -q "files.kobe-rental.jp" "$tmp/table.txt"
grep -q "failed only" "$tmp/table.txt"
grep -q "失敗のみ" "$tmp/table-ja.txt"
grep -q "プロキシ認証要求 (407)" "$tmp/table-ja.txt"
echo ok
