#!/usr/bin/env bash
# simulate_webtamper.sh - the web-tamper scenario: the backdoor appears in the
# daily manifests the day after it is planted and stays through the restore
# until the second detection; common.js changes on both tampering nights and
# is clean after the restore; the web log holds the password guesses, the
# upload and the calls to the dot-file; staff terminals that followed the
# injected frame are in the truth; the evidence copy holds the stand-in.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
out=$T/wt
"$MITSUKE" simulate --scenario web-tamper --out "$out" --terminals 8 --seed 4 --no-progress >/dev/null
python3 - "$out" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
t = json.load(open(out + "/truth.json", encoding="utf-8"))
w = t["web"]
bd = w["backdoor"]
assert bd.split("/")[-1].startswith("."), bd
assert t["counts"]["destinations"] == 2 and t["counts"]["terminals"] >= 2, t["counts"]
assert {x["campaign"] for x in t["terminals"]} == {"tamper-1", "tamper-2"}
def manifest(day):
    rows = {}
    for line in open(f"{out}/web/www01-webroot.sha256-{day}"):
        h, p = line.rstrip("\n").split("  ./")
        rows[p] = h
    return rows
days = sorted(os.path.basename(p).split("-")[-1] for p in glob.glob(out + "/web/www01-webroot.sha256-*"))
assert len(days) == 62, len(days)
with_bd = [d for d in days if bd in manifest(d)]
assert with_bd[0] == "20121004" and with_bd[-1] == "20121130", (with_bd[0], with_bd[-1])   # planted 10/3 02:xx, removed 11/30
assert "20121201" not in with_bd
js = [manifest(d)["js/common.js"] for d in days]
assert len(set(js)) == 3, "clean, first and second tampering"
clean = manifest("20121001")["js/common.js"]
assert manifest("20121110")["js/common.js"] == clean            # restored clean
assert manifest("20121103")["js/common.js"] != clean            # first tampering (11/2 night)
assert manifest("20121130")["js/common.js"] not in (clean, manifest("20121103")["js/common.js"])
log = open(out + "/web/www01-access_log-20121003").read()
guesses = log.count('"POST /cms/login.php HTTP/1.1" 200')
assert guesses == w["password_guesses"] - 1, (guesses, w["password_guesses"])
assert '"POST /cms/login.php HTTP/1.1" 302' in log and "mode=upload" in log
calls = sum(open(p).read().count('"POST /' + bd + ' HTTP/1.1"') for p in glob.glob(out + "/web/www01-access_log-*"))
assert calls == 6, calls
ev = open(f"{out}/web/{w['evidence']}/webroot/{bd}").read()
assert "MITSUKE DRILL SAMPLE" in ev and "system(" not in ev and "eval(" not in ev
assert w["redirect_urls"][1] in open(f"{out}/web/{w['evidence']}/webroot/js/common.js").read()
print("web-tamper ok:", len(with_bd), "days with the backdoor,", calls, "backdoor calls")
PY
for d in proxy firewall windows fileserver; do
  "$MITSUKE" events --output none --no-progress "$out/$d" 2>"$T/err.txt"
  [ ! -s "$T/err.txt" ] || { echo "unparsed records in $d"; head "$T/err.txt"; exit 1; }
done
if "$MITSUKE" events --help >"$T/help.txt" && grep -qE "^ +combined +" "$T/help.txt"; then
  "$MITSUKE" events --output none --no-progress --format combined "$out"/web/www01-access_log-* 2>"$T/err.txt"
  [ ! -s "$T/err.txt" ] || { echo "unparsed web log records"; head "$T/err.txt"; exit 1; }
else
  echo "SKIP: no 'combined' parser in this build yet (web access log not read back)"
fi
echo "web-tamper ok"
