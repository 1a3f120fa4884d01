#!/usr/bin/env bash
# simulate_evtx.sh - `simulate --windows-format evtx`: every computer's
# Security.evtx and System.evtx, read back with libevtx's evtxexport (the
# reference reader), hold exactly the events the default output holds for the
# same seed (DC01's Event XML field for field, the terminals' Winlogbeat JSON
# for ids, times, providers and every data field); every CRC is right; the
# files are byte-identical for the same seed; the other logs do not change.
. "$(dirname "$0")/lib/common.sh"
command -v evtxexport >/dev/null || { echo "SKIP: evtxexport (libevtx-utils) not installed"; exit 0; }
M=$MITSUKE
CHECK="python3 $SRCDIR/tests/e2e/check_evtx.py"

run "$M" simulate --help
expect_out "--windows-format"
run "$M" simulate --scenario pension-2015 --out "$T/u" --windows-format csv
expect_rc 2 "bad --windows-format"
expect_err "--windows-format"

sim() { "$M" simulate --scenario pension-2015 --terminals 150 --days 2 --seed 11 --no-progress "$@" >/dev/null; }
sim --out "$T/default"
sim --out "$T/evtx" --windows-format evtx
sim --out "$T/evtx2" --windows-format evtx
diff -r "$T/evtx" "$T/evtx2" >/dev/null || fail "same seed, different .evtx files"
for d in proxy firewall fileserver mail; do
  diff -r "$T/default/$d" "$T/evtx/$d" >/dev/null || fail "$d/ differs with --windows-format evtx"
done
[ -f "$T/evtx/windows/DC01/Security.evtx" ] || fail "no windows/DC01/Security.evtx"
[ -f "$T/evtx/windows/PC00001/System.evtx" ] || fail "no windows/PC00001/System.evtx"
ls "$T/evtx/windows" | grep -qv '^[A-Z0-9-]*$' && fail "unexpected files in windows/: $(ls "$T/evtx/windows")"
grep -q "Security.evtx" "$T/evtx/README.md" || fail "README does not name the .evtx files"
# 300 files for 150 terminals: more than the writer keeps in memory (256), so chunks
# were parked and read back
[ "$(find "$T/evtx/windows" -name '*.evtx' | wc -l)" -gt 256 ] || fail "too few .evtx files to park any"
$CHECK compare "$T/default" "$T/evtx" >"$T/out" 2>"$T/err" || fail "evtxexport's events differ from the default output's"
cat "$T/out"

# mitsuke's own reader, when this build has it, reads the same events
if "$M" events --help | grep -qE '^ +evtx +'; then
  "$M" events --no-progress "$T/default/windows" >"$T/a.jsonl"
  "$M" events --no-progress "$T/evtx/windows" >"$T/b.jsonl"
  $CHECK events "$T/a.jsonl" "$T/b.jsonl" >"$T/out" 2>"$T/err" || fail "mitsuke events differ between XML/JSON and .evtx"
  cat "$T/out"
else
  echo "(this build has no evtx reader: mitsuke's events not compared)"
fi

# the summary counts what the default output counts
"$M" simulate --scenario pension-2015 --terminals 60 --days 2 --seed 11 --no-progress --json --out "$T/j2" >"$T/j2.json"
"$M" simulate --scenario pension-2015 --terminals 60 --days 2 --seed 11 --no-progress --json --windows-format evtx \
  --out "$T/j3" >"$T/j3.json"
python3 - "$T/j2.json" "$T/j3.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
assert "windows_evtx" in b and "windows_json" not in b, b.keys()
assert b["windows_evtx"]["records"] == a["windows_json"]["records"] + a["windows_xml"]["records"], (a, b)
assert b["records"] == a["records"], (a["records"], b["records"])
PY
echo "ok"
