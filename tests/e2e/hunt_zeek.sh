#!/usr/bin/env bash
# hunt_zeek.sh - the IOC sweep over RITA's Zeek proxy sample: host 10.136.0.18
# reached www.honestimnotevil.com through the proxy (CONNECT ... 200), so the
# indicator finds that terminal with success true, and so does its parent
# domain; an unrelated domain or a mere suffix finds nothing, there or in the
# benign dnscat2 sample. Needs the Zeek http.log parser; prints SKIP until it
# is built in.
set -euo pipefail
log=$SHARED/data/zeek/rita-proxy/http.log
[ -r "$log" ] || { echo "SKIP: $log not found"; exit 0; }
if ! "$MITSUKE" events --help | grep -qi zeek; then
  echo "SKIP: this build has no Zeek parser yet"
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo 'www.honestimnotevil.com' >"$out/iocs.txt"
set +e
"$MITSUKE" hunt --no-progress --ioc "$out/iocs.txt" --output jsonl "$log" >"$out/res.jsonl"
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "expected exit 1, got $rc"; exit 1; }
python3 - "$out/res.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
hits = [r for r in rows if r["kind"] == "ioc_hit"]
assert [(h["indicator"], h["terminal"]) for h in hits] == [("www.honestimnotevil.com", "10.136.0.18")], hits
assert hits[0]["success"] is True and hits[0]["requests"] >= 397, hits[0]
PY
# the parent domain finds it as a sub-domain; a mere suffix does not
echo 'honestimnotevil.com' >"$out/parent.txt"
set +e
"$MITSUKE" hunt --no-progress --ioc "$out/parent.txt" --output jsonl "$log" >"$out/parent.jsonl"
rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q '"match":\["subdomain"\],"terminal":"10.136.0.18"' "$out/parent.jsonl"
printf 'unrelated-domain.example\nimnotevil.com\ngoogle.co\n' >"$out/none.txt"
for f in "$log" "$SHARED/data/zeek/rita-dnscat2/http.log.gz"; do
  "$MITSUKE" hunt --no-progress --ioc "$out/none.txt" --output jsonl "$f" >"$out/none.jsonl"
  if grep -q '"kind":"ioc_hit"' "$out/none.jsonl"; then echo "$f: unexpected hit"; exit 1; fi
done
echo ok
