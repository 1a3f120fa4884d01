#!/usr/bin/env python3
"""check_scan_truth.py TRUTH.json SCAN.jsonl [--report] - `mitsuke scan -o jsonl`
against the ground truth of `mitsuke simulate`:

  * every truth destination is suspicious (>= medium);
  * no other destination is >= medium (false positives);
  * every truth terminal is listed, with `success` equal to the truth, and no
    other terminal is listed;
  * the exfiltration destination is critical and lists at least 20 terminals.

With --report it prints one line per truth destination (score, severity,
detectors) and the false positives, then checks as usual. Exits non-zero with
every failed check listed."""
import json
import sys

SUSPICIOUS = ("medium", "high", "critical")


def main():
    truth = json.load(open(sys.argv[1], encoding="utf-8"))
    out = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
    report = "--report" in sys.argv[3:]
    dests = {o["destination"]: o for o in out if o["kind"] == "destination"}
    terms = {o["terminal"]: o for o in out if o["kind"] == "terminal"}
    errors = []

    want = truth["destinations"]
    for d in want:
        o = dests.get(d)
        if report:
            if o:
                print("%-34s %3d %-8s %s" % (d, o["score"], o["severity"], ",".join(o["detectors"])))
            else:
                print("%-34s   - (not reported)" % d)
        if not o or o["severity"] not in SUSPICIOUS:
            errors.append("truth destination %s is %s" % (d, o["severity"] + " " + str(o["score"]) if o else "missing"))
    fps = [o for d, o in dests.items() if d not in want and o["severity"] in SUSPICIOUS]
    for o in fps:
        errors.append("false positive %s: %d %s %s" % (o["destination"], o["score"], o["severity"], o["detectors"]))
    if report:
        print("false positives >= medium:", len(fps))
        below = sorted((o for d, o in dests.items() if d not in want), key=lambda o: -o["score"])[:5]
        for o in below:
            print("  top non-truth: %-30s %3d %s" % (o["destination"], o["score"], ",".join(o["detectors"])))

    for t in truth["terminals"]:
        o = terms.get(t["terminal"])
        if not o:
            errors.append("truth terminal %s not listed" % t["terminal"])
        elif o["success"] != t["success"]:
            errors.append("terminal %s success %s, truth %s" % (t["terminal"], o["success"], t["success"]))
    extra = set(terms) - {t["terminal"] for t in truth["terminals"]}
    if extra:
        errors.append("terminals listed but not infected: %s" % sorted(extra))

    ex = truth["exfiltration"]
    x = dests.get(ex["destination"])
    if not x or x["severity"] != "critical":
        errors.append("exfiltration destination %s is %s" % (ex["destination"], x["severity"] if x else "missing"))
    elif len(x["terminals"]) < 20:
        errors.append("exfiltration destination lists %d terminals" % len(x["terminals"]))

    if errors:
        print("\n".join("FAIL: " + e for e in errors), file=sys.stderr)
        sys.exit(1)
    print("scan matches truth: %d destinations, %d terminals (%d failure-only), exfiltration %s critical"
          % (len(want), len(truth["terminals"]), sum(1 for t in truth["terminals"] if not t["success"]),
             ex["destination"]))


main()
