#!/usr/bin/env bash
# scan_zeek_rita.sh - `mitsuke scan` on RITA's public Zeek http.logs
# (../shared/data/zeek): in rita-proxy, www.honestimnotevil.com is the top
# destination with 10.136.0.18 its terminal and www.google.com is not high;
# rita-dnscat2, busy benign traffic with periodic updates, has no high or
# critical destination. Prints SKIP while the zeek format is not in this tree
# (checked against the formats branch's Zeek parser: both pass).
set -euo pipefail
if ! "$MITSUKE" events --format zeek --output none /dev/null >/dev/null 2>&1; then
  echo "SKIP: --format zeek is not available yet"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$MITSUKE" scan -o jsonl --format zeek "$SHARED/data/zeek/rita-proxy/http.log" > "$tmp/proxy.jsonl" || true
python3 - "$tmp/proxy.jsonl" <<'PY'
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
dests = [o for o in out if o["kind"] == "destination"]
assert dests and dests[0]["destination"] == "www.honestimnotevil.com", [d["destination"] for d in dests[:3]]
assert "10.136.0.18" in dests[0]["terminals"]
assert dests[0]["severity"] in ("high", "critical") and "beacon" in dests[0]["detectors"], dests[0]
for d in dests:
    if d["destination"] == "www.google.com":
        assert d["severity"] not in ("high", "critical"), d["severity"]
terms = [o["terminal"] for o in out if o["kind"] == "terminal"]
assert "10.136.0.18" in terms
print("rita-proxy ok")
PY

"$MITSUKE" scan -o jsonl --format zeek "$SHARED/data/zeek/rita-dnscat2/http.log.gz" > "$tmp/dnscat2.jsonl" || true
python3 - "$tmp/dnscat2.jsonl" <<'PY'
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
summary = [o for o in out if o["kind"] == "summary"][0]
assert summary["records"] > 27000, summary
high = [(o["destination"], o["score"]) for o in out if o["kind"] == "destination" and o["severity"] in ("high", "critical")]
assert not high, high
print("rita-dnscat2 ok")
PY
echo ok
