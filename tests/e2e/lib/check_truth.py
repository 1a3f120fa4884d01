#!/usr/bin/env python3
"""check_truth.py OUTDIR - the pension-2015 ground truth over the default
period: the counts of NISC's report, and consistency with the logs."""
import collections
import glob
import gzip
import json
import os
import sys

out = sys.argv[1]
t = json.load(open(os.path.join(out, "truth.json"), encoding="utf-8"))


def fail(msg):
    raise SystemExit("truth: " + msg)


c = t["counts"]
if (c["destinations"], c["terminals"], c["failure_only_terminals"], c["exfiltration_terminals"]) != (23, 31, 6, 21):
    fail("counts %r, want 23/31/6/21" % c)
if len(t["destinations"]) != 23 or len(set(t["destinations"])) != 23:
    fail("23 distinct destinations expected")
if len(t["terminals"]) != 31 or sum(1 for x in t["terminals"] if not x["success"]) != 6:
    fail("31 terminals, 6 failure-only expected")
for x in t["terminals"]:
    if not x["first_suspicious"].endswith("+09:00") or "T" not in x["first_suspicious"]:
        fail("first_suspicious not ISO 8601: %r" % x["first_suspicious"])
ex = t["exfiltration"]
if ex["destination"] not in t["destinations"] or len(ex["terminals"]) != 21:
    fail("exfiltration %r" % ex)
camp = collections.Counter(m["campaign"] for m in t["mails"])
if camp != {"I": 3, "II": 98, "III": 20, "IV": 3}:
    fail("mails per campaign %r" % camp)
pub = collections.Counter(m["campaign"] for m in t["mails"] if m["public_address"])
if pub != {"I": 2, "IV": 3}:
    fail("public-address mails %r, want I:2 IV:3" % pub)
opened = {m["id"]: m["terminals"] for m in t["mails"] if m["terminals"]}
if sorted(opened) != ["I-1", "II-01", "II-02", "II-03", "IV-1"]:
    fail("mails that infected: %r" % sorted(opened))
for m in t["mails"]:
    if m["campaign"] == "III" and m["terminals"]:
        fail("mail III infected someone")
if len(t["lateral"]) < 24 or any(e["account"] != "Administrator" for e in t["lateral"]):
    fail("lateral edges %d" % len(t["lateral"]))
first = {x["terminal"]: x["first_suspicious"] for x in t["terminals"]}
by_camp = collections.Counter(x["campaign"] for x in t["terminals"])
if by_camp != {"I": 1, "II": 3, "IV": 27}:
    fail("terminals per campaign %r" % by_camp)
# every listed destination really is in the proxy log
seen = set()
for p in glob.glob(os.path.join(out, "proxy", "*")):
    op = gzip.open if p.endswith(".gz") else open
    with op(p, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            for d in t["destinations"]:
                if d in line:
                    seen.add(d)
missing = set(t["destinations"]) - seen
if missing:
    fail("destinations not in the proxy log: %r" % missing)
# the story's key times
days = collections.Counter(v[:10] for v in first.values())
if days.get("2015-05-08") != 1 or days.get("2015-05-18") != 3:
    fail("first days %r" % days)
whats = " ".join(e["what"] for e in t["events"])
if "domain administrator" not in whats or "LAN cable" not in whats:
    fail("events %r" % whats)
print("truth ok: 23 destinations, 31 terminals (6 failure-only), 21 uploading, mails I-IV")
