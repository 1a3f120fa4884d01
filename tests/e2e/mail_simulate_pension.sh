#!/usr/bin/env bash
# mail_simulate_pension.sh - the pension-2015 exercise (mitsuke simulate, issue 5):
# every attack mail I-IV is flagged, they form one campaign, and none of the
# organisation's ordinary mail is flagged. Skipped (with a message) while the
# program has no `simulate` command.
source "$(dirname "$0")/lib/mail.sh"
if ! "$MITSUKE" simulate --help >/dev/null 2>&1; then
  echo "skip: this build has no 'mitsuke simulate'"
  exit 0
fi
run "$MITSUKE" simulate --scenario pension-2015 --out "$T/sim" --days 13 --terminals 60 --quiet
expect_rc 0
[ -f "$T/sim/truth.json" ] || fail "no truth.json"
run "$MITSUKE" mail --campaigns --output jsonl "$T/sim/mail"
expect_rc 1
python3 - "$T/sim/truth.json" "$T/out" <<'PY' || fail "pension-2015 mails"
import json, sys
truth = json.load(open(sys.argv[1]))
attack = {m["file"].split("/")[-1]: m["campaign"] for m in truth["mails"]}
mails, camps = [], []
for line in open(sys.argv[2]):
    d = json.loads(line)
    (mails if d["kind"] == "mail" else camps).append(d)
name = lambda f: f.split("/")[-1]
missed = [name(m["file"]) for m in mails if name(m["file"]) in attack and m["verdict"] == "benign"]
false_pos = [name(m["file"]) for m in mails if name(m["file"]) not in attack and m["verdict"] != "benign"]
assert not missed, "attack mails not flagged: %s" % missed[:5]
assert not false_pos, "ordinary mails flagged: %s" % false_pos[:5]
assert set(attack.values()) >= {"I", "II", "III", "IV"}, "truth lacks a campaign"
holding = [c for c in camps if any(name(x["file"]) in attack for x in c["members"])]
assert len(holding) == 1, "attack mails spread over %d campaigns" % len(holding)
members = {name(x["file"]) for x in holding[0]["members"]}
assert members == set(attack), "campaign members differ from the attack mails"
print("pension-2015: %d attack mails (I-IV) in one campaign, %d ordinary mails not flagged"
      % (len(attack), len(mails) - len(attack)))
PY
echo ok
