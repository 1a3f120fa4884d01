#!/usr/bin/env bash
# hunt_squid.sh - `mitsuke hunt` over a hand-written Squid log with the
# plain-text indicator list: what must be found (sub-domains, ports, CIDR v4
# and v6, upstream server address, URL prefix, CONNECT tunnel to a URL's host,
# path, whole and partial User-Agent), what must not (notevil.com, other
# ports, other paths, a longer User-Agent), success versus failed-only, exit 1.
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log=$FIXTURES/ioc/hunt-squid.log

set +e
"$MITSUKE" hunt --no-progress --ioc "$FIXTURES/ioc/iocs.txt" --output jsonl "$log" >"$out/hits.jsonl" 2>"$out/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "expected exit 1 (matches), got $rc"; cat "$out/err"; exit 1; }
grep -q 'iocs.txt:14: cannot tell what kind of indicator' "$out/err" || { echo "bad line not reported"; cat "$out/err"; exit 1; }

python3 - "$out/hits.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
hits = [r for r in rows if r["kind"] == "ioc_hit"]
summary = rows[-1]
assert summary["kind"] == "ioc_summary", summary
def hit(ind, term):
    m = [h for h in hits if h["indicator"] == ind and h["terminal"] == term]
    assert len(m) <= 1, m
    return m[0] if m else None
def must(ind, term, success, how):
    h = hit(ind, term)
    assert h, f"missing {ind} for {term}: {[(x['indicator'], x['terminal']) for x in hits]}"
    assert h["success"] is success, (ind, term, h)
    assert how in h["match"], (ind, term, h["match"])
    return h

h = must("evil.com", "10.1.2.15", True, "subdomain")      # HTTP 404 still reached the server
assert h["requests"] == 2 and h["destinations"] == ["a.evil.com"], h
assert h["first_seen"] == "2015-05-20T09:04:00Z" and h["last_seen"] == "2015-05-20T09:05:00Z", h
assert [e["line"] for e in h["evidence"]] == [1, 2], h["evidence"]
assert h["evidence"][1]["status"] == 404 and h["evidence"][1]["result"] == "allowed"
h = must("evil.com", "10.1.2.17", False, "domain")         # denied, then 407: failed only
assert h["results"]["denied"] == 1 and h["results"]["auth-required"] == 1, h
must("c2.example.net:8080", "10.1.2.18", True, "domain")
must("198.51.100.0/24", "10.1.2.20", True, "cidr")         # via the upstream server address
must("2001:db8::/32", "10.1.2.21", True, "cidr")
must("203.0.113.77", "10.1.2.22", True, "ip")
must("http://dl.example.org/payload", "10.1.2.23", True, "url")
assert hit("http://dl.example.org/payload", "10.1.2.23")["requests"] == 1   # not /payloads/
must("https://secure.example.org/login.php", "10.1.2.24", True, "tunnel")
h = must("/wp-content/gate.php", "10.1.2.25", True, "path")
assert h["requests"] == 1, h                                 # not gate.php5
must("BadBot/1.0", "10.1.2.26", True, "user-agent")
must("meterpreter", "10.1.2.28", True, "user-agent-part")
must("tracker.example.info", "10.1.2.29", False, "subdomain")

# must not be flagged
for term in ("10.1.2.16", "10.1.2.19", "10.1.2.27"):
    assert not [x for x in hits if x["terminal"] == term], term
assert len(hits) == 12, [(x["indicator"], x["terminal"]) for x in hits]
assert summary["indicators"]["total"] == 11 and summary["skipped"]["bad"] == 1, summary
assert summary["skipped"]["unsupported"] == 1 and summary["skipped"]["duplicates"] == 1, summary
assert summary["unsupported_types"] == {"hash": 1}, summary
assert summary["records"] == 19 and summary["terminals"] == 12 and summary["terminals_success"] == 10, summary
assert summary["hits"] == 12 and summary["indicators_hit"] == 11 and summary["matched_requests"] == 14, summary
PY

# The table, in Japanese: failed-only terminals are marked as such.
set +e
"$MITSUKE" hunt --no-progress --lang ja --ioc "$FIXTURES/ioc/iocs.txt" "$log" >"$out/table.txt" 2>/dev/null
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "table run: expected exit 1, got $rc"; exit 1; }
grep -q '^evil.com  (domain' "$out/table.txt"
grep -q '10.1.2.17 .*失敗のみ (拒否 1、認証要求 1)' "$out/table.txt" || { cat "$out/table.txt"; exit 1; }
grep -q '10.1.2.15 .*到達' "$out/table.txt"
grep -q 'IOC 照合: 指標 11 件中 11 件が一致。該当端末 12 台、うち接続に成功 10 台。' "$out/table.txt"
echo "ok"
