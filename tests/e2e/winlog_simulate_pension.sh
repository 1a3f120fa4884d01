#!/usr/bin/env bash
# winlog_simulate_pension.sh - `mitsuke winlog` on the Windows logs of the
# simulated pension-2015 case (seed 004) against its truth.json: the shared
# local administrator's spread is found (critical, the truth's lateral
# targets among its hosts), and so are the domain-admin step (the ticket for
# krbtgt, the first special privileges of the user, the Domain Admins
# addition); every high finding is part of the intrusion (on or after its
# first lateral move); the helpdesk's weekly PsExec with a domain account,
# the background's false-positive trap, stays below high.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$MITSUKE" simulate --scenario pension-2015 --out "$T/sim" --seed 1 --days 16 --no-progress -q > /dev/null
set +e
"$MITSUKE" winlog --no-progress -q -o jsonl "$T/sim/windows" > "$T/out.jsonl"; rc=$?
set -e
[ "$rc" = 1 ] || { echo "expected exit 1, got $rc"; exit 1; }
python3 - "$T/sim/truth.json" "$T/out.jsonl" <<'PY'
import json, sys
from datetime import datetime
truth = json.load(open(sys.argv[1]))
lines = [json.loads(l) for l in open(sys.argv[2])]
found = [l for l in lines if l["kind"] == "finding"]
assert lines[-1]["kind"] == "summary", lines[-1]
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
lateral = truth["lateral"]
attack_start = min(t(m["time"]) for m in lateral)
targets = {m["target_host"] for m in lateral}
short = lambda h: h.split(".")[0].upper()

spread = [f for f in found if f["detector"] == "local-admin"]
assert len(spread) == 1 and spread[0]["severity"] == "critical", spread
hosts = {short(h) for h in spread[0]["hosts"]}
assert len(targets & hosts) >= 0.8 * len(targets), (sorted(targets - hosts), len(targets))
assert spread[0]["accounts"] == ["Administrator"], spread[0]["accounts"]

def has(det, cond=lambda f: True):
    assert any(f["detector"] == det and cond(f) for f in found), det
has("kerberos", lambda f: "T1068" in f["techniques"] and f["severity"] in ("high", "critical"))
has("privilege", lambda f: f["severity"] == "high")
has("group-add", lambda f: any("Domain Admins" in x for x in f["facts"]))
has("service", lambda f: f["severity"] in ("high", "critical") and "T1569.002" in f["techniques"])

for f in found:
    if f["severity"] in ("high", "critical"):
        assert t(f["last_seen"]) >= attack_start, ("high finding before the intrusion", f["title"], f["first_seen"])
    if any("helpdesk01" in a for a in f["accounts"]):
        assert f["severity"] in ("info", "low", "medium"), ("helpdesk routine reported high", f)
print("pension winlog ok:", len(found), "findings")
PY

# The same logs written as each computer's .evtx (--windows-format evtx, read
# by mitsuke's own reader) give the same findings: detector, severity, hosts.
"$MITSUKE" simulate --scenario pension-2015 --out "$T/simx" --seed 1 --days 16 --windows-format evtx \
    --no-progress -q > /dev/null
set +e
"$MITSUKE" winlog --no-progress -q -o jsonl "$T/simx/windows" > "$T/outx.jsonl"
set -e
summary() { jq -r 'select(.kind == "finding") | "\(.detector) \(.severity) \(.hosts | map(ascii_upcase | split(".")[0]) | sort | join(","))"' "$1" | sort; }
diff <(summary "$T/out.jsonl") <(summary "$T/outx.jsonl") || { echo "FAIL: .evtx input gives other findings"; exit 1; }
echo "pension winlog on .evtx: the same $(summary "$T/outx.jsonl" | wc -l) findings"
