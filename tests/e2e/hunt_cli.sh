#!/usr/bin/env bash
# hunt_cli.sh - `mitsuke hunt` as a command: usage errors (exit 2), unusable
# indicator files (exit 3), --check, --ioc-format, compressed and several
# indicator files at once, STIX and MISP files end to end, --evidence, help.
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log=$FIXTURES/ioc/hunt-squid.log
expect_rc() { # expected-rc command...
  local want=$1; shift
  set +e
  "$@" >"$out/stdout" 2>"$out/stderr"
  local rc=$?
  set -e
  [ "$rc" -eq "$want" ] || { echo "expected exit $want, got $rc: $*"; cat "$out/stdout" "$out/stderr"; exit 1; }
}

expect_rc 2 "$MITSUKE" hunt "$log"                                        # no --ioc
grep -q -- '--ioc' "$out/stderr"
expect_rc 2 "$MITSUKE" hunt --ioc "$FIXTURES/ioc/iocs.txt" --output xml "$log"
expect_rc 2 "$MITSUKE" hunt --ioc "$FIXTURES/ioc/iocs.txt" --ioc-format yaml "$log"
expect_rc 2 "$MITSUKE" hunt --ioc "$FIXTURES/ioc/iocs.txt" --evidence 0 "$log"
expect_rc 3 "$MITSUKE" hunt --ioc "$out/missing.txt" "$log"
grep -q 'missing.txt: cannot open' "$out/stderr"
printf '{"type": "bundle", "objects": [' >"$out/broken.json"
expect_rc 3 "$MITSUKE" hunt --ioc "$out/broken.json" "$log"
grep -q 'broken.json: not valid JSON' "$out/stderr"
printf '# only comments\n\n' >"$out/empty.txt"
expect_rc 3 "$MITSUKE" hunt --ioc "$out/empty.txt" "$log"
grep -q 'no usable indicator' "$out/stderr"
expect_rc 3 "$MITSUKE" hunt --ioc "$FIXTURES/ioc/iocs.txt" "$out/no-such.log"

# --check loads and reports without reading logs
expect_rc 0 "$MITSUKE" hunt --check --ioc "$FIXTURES/ioc/stix-bundle.json" --output jsonl
grep -q '"kind":"ioc_summary".*"total":10}' "$out/stdout"
grep -q 'indicator--0f5a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b: pattern: FOLLOWEDBY' "$out/stderr"

# STIX and MISP end to end, several files at once, one of them gzipped
gzip -c "$FIXTURES/ioc/misp-event.json" >"$out/misp.json.gz"
expect_rc 1 "$MITSUKE" hunt --no-progress --ioc "$FIXTURES/ioc/stix-bundle.json" --ioc "$out/misp.json.gz" \
  --output jsonl --evidence 1 "$log"
python3 - "$out/stdout" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
hits = {(r["indicator"], r["terminal"]): r for r in rows if r["kind"] == "ioc_hit"}
# MISP: evil.com (C2) reached by 10.1.2.15 through a.evil.com; the label names the event
h = hits[("evil.com", "10.1.2.15")]
assert h["label"] == "OSINT - Targeted attack campaign: C2", h
assert h["ioc_origin"].endswith("attribute 5a3c5e2b-1111-4e0b-9d6e-000000000001"), h
assert len(h["evidence"]) == 1 and h["requests"] == 2, h                 # --evidence 1: only the first
assert h["evidence"][0]["line"] == 1, h
# STIX: the OR'd address 198.51.100.x is not in the log; the UA pattern is not either
assert not [k for k in hits if k[0].startswith("198.51.100.1")], hits
# MISP c2.example.net (no port) matches both tunnels
assert ("c2.example.net", "10.1.2.18") in hits and ("c2.example.net", "10.1.2.19") in hits, hits
s = rows[-1]
assert s["kind"] == "ioc_summary" and s["indicators"]["total"] == 20, s   # 10 + 11, evil.com... once
assert s["skipped"]["duplicates"] == 1 and s["skipped"]["excluded"] == 5, s
PY

# CSV exports named explicitly
expect_rc 0 "$MITSUKE" hunt --check --ioc-format csv --ioc "$FIXTURES/ioc/urlhaus.csv" --output jsonl
grep -q '"url":2' "$out/stdout"
# text forced onto a CSV file: its header line is a bad indicator
expect_rc 0 "$MITSUKE" hunt --check --ioc-format text --ioc "$FIXTURES/ioc/otx.csv" --output jsonl
grep -q '"bad":' "$out/stdout"

# help in both languages
"$MITSUKE" hunt --help | grep -q -- '--ioc FILE'
"$MITSUKE" hunt --lang ja --help | grep -q '指標ファイル'
"$MITSUKE" --help | grep -q '^  hunt'
echo ok
