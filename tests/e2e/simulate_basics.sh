#!/usr/bin/env bash
# simulate_basics.sh - the simulate command's contract: help in both
# languages, usage errors (exit 2), determinism (same seed -> identical
# files, other seed -> different files), exact record counts read back by
# mitsuke, a planted proxy-log gap, and the other proxy formats (SKIP while
# mitsuke has no parser for them).
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
M=$MITSUKE

"$M" simulate --help | grep -q -- "--proxy-format"
"$M" simulate --lang ja --help | grep -q "シナリオ"
"$M" simulate --help | grep -q "pension-2015"

usage() {  # usage EXPECTED-TEXT ARGS...: must exit 2
  local want=$1; shift
  set +e
  "$M" simulate "$@" >"$T/out.txt" 2>&1
  local rc=$?
  set -e
  if [ $rc -ne 2 ] || ! grep -q -- "$want" "$T/out.txt"; then
    echo "expected exit 2 and '$want' for: $*"; cat "$T/out.txt"; exit 1
  fi
}
usage "--scenario" --out "$T/u1"
usage "unknown scenario" --scenario nosuch --out "$T/u2"
usage "--gap" --scenario pension-2015 --out "$T/u3" --gap 2015-05-10
usage "--proxy-format" --scenario pension-2015 --out "$T/u4" --proxy-format csv
usage "at least" --scenario pension-2015 --out "$T/u5" --terminals 10
usage "--start" --scenario pension-2015 --out "$T/u6" --start 2015-13-01
mkdir -p "$T/full" && touch "$T/full/x"
usage "not empty" --scenario pension-2015 --out "$T/full"

# determinism
run() { "$M" simulate --scenario pension-2015 --terminals 60 --days 2 --no-progress "$@" >/dev/null; }
run --seed 7 --out "$T/a"
run --seed 7 --out "$T/b"
diff -r "$T/a" "$T/b" >/dev/null || { echo "same seed, different files"; diff -rq "$T/a" "$T/b" | head; exit 1; }
run --seed 8 --out "$T/c"
if cmp -s "$T/a/proxy/access.log-20150508" "$T/c/proxy/access.log-20150508"; then
  echo "different seeds gave the same proxy log"; exit 1
fi
run --seed 7 --gzip --out "$T/gz1"
run --seed 7 --gzip --out "$T/gz2"
diff -r "$T/gz1" "$T/gz2" >/dev/null || { echo "gzip output not reproducible"; exit 1; }
cmp -s <(zcat "$T/gz1/proxy/access.log-20150508.gz") "$T/a/proxy/access.log-20150508"

# exact counts read back: every record written is a record read, no line is lost
"$M" simulate --scenario pension-2015 --terminals 60 --days 1 --seed 5 --json --no-progress --out "$T/one" >"$T/one.json"
count() { "$M" events --no-progress "$@" 2>"$T/err.txt" | wc -l; }
check_count() {  # check_count KEY PATH...
  local key=$1; shift
  local want got
  want=$(python3 -c "import json,sys; print(json.load(open('$T/one.json'))['$key']['records'])")
  got=$(count "$@")
  if [ "$want" != "$got" ] || [ -s "$T/err.txt" ]; then
    echo "$key: wrote $want records, mitsuke read $got"; cat "$T/err.txt"; exit 1
  fi
}
check_count proxy "$T/one/proxy"
check_count firewall_edge "$T/one/firewall/"fgt-edge01-*
check_count firewall_core "$T/one/firewall/"corefw01-*
check_count windows_json "$T/one/windows/"winlogbeat-*
check_count windows_xml "$T/one/windows/"DC01-*
check_count fileserver "$T/one/fileserver"
# the kinds are the ones each file should give
"$M" events "$T/one/firewall" >"$T/fw.jsonl"
"$M" events "$T/one/windows" >"$T/win.jsonl"
"$M" events "$T/one/fileserver" >"$T/fs.jsonl"
[ "$(grep -vc '"kind":"conn"' "$T/fw.jsonl")" = 0 ]
[ "$(grep -vc '"kind":"win"' "$T/win.jsonl")" = 0 ]
[ "$(grep -vc '"kind":"file"' "$T/fs.jsonl")" = 0 ]
grep -q '"event_id":4624' "$T/win.jsonl"

# a planted gap: no proxy record inside it, the firewall still has the traffic
"$M" simulate --scenario pension-2015 --terminals 60 --days 1 --seed 5 --no-progress --out "$T/gap" \
  --gap 2015-05-08T11:00,2.5 >/dev/null
python3 - "$T/gap" <<'PY'
import json, sys
out = sys.argv[1]
t = json.load(open(out + "/truth.json"))
g = t["gaps"]
assert g == [{"log": "proxy", "start": "2015-05-08T11:00:00+09:00", "end": "2015-05-08T13:30:00+09:00"}], g
lo, hi = 1431050400, 1431050400 + 9000   # 11:00 and 13:30 JST
inside = [l for l in open(out + "/proxy/access.log-20150508") if lo <= float(l.split()[0]) < hi]
assert not inside, inside[:2]
before = [l for l in open(out + "/proxy/access.log-20150508") if float(l.split()[0]) < lo]
assert before
fw = [l for l in open(out + "/firewall/fgt-edge01-20150508.log") if "time=12:" in l]
assert fw, "the edge firewall must still log the gap's traffic"
PY

# the other proxy formats: every record read back, with the format found by
# sniffing (simulate's "elff" is mitsuke's "w3c" parser)
for f in elff combined zeek; do
  "$M" simulate --scenario pension-2015 --terminals 60 --days 1 --seed 5 --json --no-progress \
    --proxy-format "$f" --out "$T/pf-$f" >"$T/pf-$f.json"
  n=$(python3 -c "import json; print(json.load(open('$T/pf-$f.json'))['proxy']['records'])")
  [ "$n" -gt 10000 ]
  case $f in elff) parser=w3c ;; *) parser=$f ;; esac
  got=$("$M" events --no-progress "$T/pf-$f/proxy" 2>"$T/err.txt" | wc -l)
  if [ "$got" != "$n" ] || [ -s "$T/err.txt" ]; then
    echo "$f: wrote $n, read $got"; head "$T/err.txt"; exit 1
  fi
  "$M" coverage --no-progress --output json "$T/pf-$f/proxy" >"$T/cov-$f.json"
  python3 - "$T/cov-$f.json" "$parser" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
srcs = [o for o in objs if "source" in o and o.get("source")]
assert srcs, objs
for o in srcs:
    assert o["format"] == sys.argv[2], (o["source"], o["format"])
    assert o["unparsed"] == 0, o
PY
  echo "proxy format $f: $n records read back as $parser"
done
echo "simulate basics ok"
