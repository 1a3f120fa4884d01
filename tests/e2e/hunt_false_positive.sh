#!/usr/bin/env bash
# hunt_false_positive.sh - indicators that are not in the logs find nothing:
# exit 0, no ioc_hit, a summary with zero hits. Uses the hand-written Squid
# fixture and the real Squid lines in $SHARED/data/proxy/fail2ban_squid.log,
# with names chosen to be near misses (suffixes, parents, other ports).
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat >"$out/absent.txt" <<'IOCS'
# near misses for hunt-squid.log and fail2ban_squid.log
otevil.com
vil.com
xample.net
proxy-listen.de:8080
www.proxy-listen.de:443
biglobe.ne.jp.example
http://www.proxy-listen.de/azenv.php5
http://a.evil.com/index
/wp-content/gate.php.bak
ua:Mozilla/5.0
198.51.101.0/24
2001:db9::/32
203.0.113.78
IOCS
for log in "$FIXTURES/ioc/hunt-squid.log" "$SHARED/data/proxy/fail2ban_squid.log"; do
  set +e
  "$MITSUKE" hunt --no-progress --ioc "$out/absent.txt" --output jsonl "$log" >"$out/res.jsonl" 2>"$out/err"
  rc=$?
  set -e
  [ "$rc" -eq 0 ] || { echo "$log: expected exit 0, got $rc"; cat "$out/res.jsonl" "$out/err"; exit 1; }
  if grep -q '"kind":"ioc_hit"' "$out/res.jsonl"; then echo "$log: unexpected hit"; cat "$out/res.jsonl"; exit 1; fi
  grep -q '"kind":"ioc_summary".*"indicators":{[^}]*"total":13}.*"hits":0,' "$out/res.jsonl" || { cat "$out/res.jsonl"; exit 1; }
done
# The table says so in words.
"$MITSUKE" hunt --no-progress --lang en --ioc "$out/absent.txt" "$FIXTURES/ioc/hunt-squid.log" >"$out/table.txt"
grep -q '^No indicator matched: 13 indicators checked against 19 records.' "$out/table.txt"
echo ok
