#!/usr/bin/env bash
# simulate_spoof.sh - the mass-spoof-mail scenario: the waves of spoofed mail
# are delivered until their sender is refused (the rest only as SMTP sessions
# at the edge firewall), one opener reaches the suspicious address, the other
# only fails; every log parses, every mail opens with Python's email package.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
out=$T/spoof
"$MITSUKE" simulate --scenario mass-spoof-mail --out "$out" --terminals 30 --days 4 --seed 2 --no-progress >/dev/null
python3 - "$out" <<'PY'
import collections, json, re, sys
out = sys.argv[1]
t = json.load(open(out + "/truth.json", encoding="utf-8"))
c = t["counts"]
assert (c["destinations"], c["terminals"], c["failure_only_terminals"]) == (2, 2, 1), c
assert c["exfiltration_terminals"] == 0 and c["lateral"] == 0, c
camp = collections.Counter(m["campaign"] for m in t["mails"])
# 3 x 30 terminals = 90 mails: 54 in wave A, 36 in wave B, 20 reused; refused ones are not stored
refused = sum(int(re.search(r"\((\d+) of its", e["what"]).group(1)) for e in t["events"] if "refused" in e["what"])
assert camp["A"] + camp["B"] + refused == 90, (camp, refused)
assert camp["A-reuse"] == 20 and refused > 0, (camp, refused)
assert sum(1 for m in t["mails"] if m["public_address"]) > 0.8 * len(t["mails"])
opened = [m for m in t["mails"] if m["terminals"]]
assert len(opened) == 2 and {m["campaign"] for m in opened} == {"A", "B"}, opened
ok = {x["campaign"]: x["success"] for x in t["terminals"]}
assert ok == {"A": True, "B": False}, ok
print("spoof truth ok:", dict(camp), "refused", refused)
PY
python3 "$here/lib/check_mail.py" "$out"
# the refused mails left SMTP sessions at the edge: more sessions from the relay than stored mails
relay=$(grep -h -m1 -o 'mail\.[a-z]*-kyokai\.example\.or\.jp \[[0-9.]*\]' "$out"/mail/*.eml | head -1 | sed 's/.*\[\(.*\)\]/\1/')
sessions=$(cat "$out"/firewall/fgt-edge01-* | grep -c "srcip=$relay ")
stored=$(grep -l "\[$relay\]" "$out"/mail/*.eml | wc -l)
[ "$sessions" -eq 110 ] || { echo "relay sessions $sessions, want 110 (90 + 20 reused)"; exit 1; }
[ "$stored" -lt "$sessions" ]
for d in proxy firewall windows fileserver; do
  "$MITSUKE" events --output none --no-progress "$out/$d" 2>"$T/err.txt"
  [ ! -s "$T/err.txt" ] || { echo "unparsed records in $d"; head "$T/err.txt"; exit 1; }
done
echo "mass-spoof-mail ok"
