#!/usr/bin/env bash
# hunt_real_squid.sh - real Squid lines ($SHARED/data/proxy/fail2ban_squid.log,
# open-proxy probes that the proxy denied): a parent domain finds its
# sub-domain, a path finds its request, and both are failed-only because the
# proxy denied every request.
set -euo pipefail
log=$SHARED/data/proxy/fail2ban_squid.log
[ -r "$log" ] || { echo "SKIP: $log not found"; exit 0; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf 'biglobe.ne.jp\n/proxyc/engine.php\n' >"$out/iocs.txt"
set +e
"$MITSUKE" hunt --no-progress --ioc "$out/iocs.txt" --output jsonl "$log" >"$out/res.jsonl"
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "expected exit 1, got $rc"; exit 1; }
python3 - "$out/res.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
hits = {(r["indicator"], r["terminal"]): r for r in rows if r["kind"] == "ioc_hit"}
assert set(hits) == {("biglobe.ne.jp", "198.74.125.200"), ("/proxyc/engine.php", "175.42.91.151")}, hits
b = hits[("biglobe.ne.jp", "198.74.125.200")]
assert b["match"] == ["subdomain"] and b["destinations"] == ["www2t.biglobe.ne.jp"], b
assert b["success"] is False and b["results"]["denied"] == 1, b
assert b["evidence"][0]["line"] == 10 and b["evidence"][0]["status"] == 403, b
assert hits[("/proxyc/engine.php", "175.42.91.151")]["success"] is False
PY
echo ok
