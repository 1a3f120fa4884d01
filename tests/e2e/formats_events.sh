#!/usr/bin/env bash
# formats_events.sh - `mitsuke events` on each proxy-format fixture: the
# format is sniffed, every record comes out, and the JSON fields are the
# expected ones (checked with python3's json module). Also --format and
# --field-map from the command line, and a header-less W3C file.
set -euo pipefail
: "${MITSUKE:?}" "${FIXTURES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx="$FIXTURES/proxy"

# check FILE EXPECTED_COUNT PYTHON_ASSERTIONS [mitsuke options...]
# The assertions see `ev`, the list of parsed JSON objects.
check() {
  local file=$1 count=$2 code=$3
  shift 3
  "$MITSUKE" events --no-progress "$@" "$file" >"$tmp/out.jsonl" 2>"$tmp/err"
  if [ -s "$tmp/err" ]; then
    echo "unexpected diagnostics for $file:" >&2
    cat "$tmp/err" >&2
    exit 1
  fi
  python3 - "$tmp/out.jsonl" "$count" "$file" <<EOF
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(ev) == int(sys.argv[2]), (sys.argv[3], len(ev))
for e in ev:
    assert e["kind"] == "http" and e["source"].endswith(sys.argv[3].split("/")[-1]), e
$code
EOF
}

check "$fx/squid-native.log" 4 '
assert ev[0]["host"] == "www.example.com" and ev[0]["result"] == "allowed" and ev[0]["time"] == "2015-05-20T09:04:00.123Z"
assert ev[1]["method"] == "CONNECT" and ev[1]["port"] == 443 and ev[1]["result"] == "auth-required"
assert ev[3]["result"] == "error" and ev[3]["duration_ms"] == 30001'

check "$fx/combined.log" 10 '
assert ev[0]["action"] == "TCP_MISS" and ev[0]["user_agent"].startswith("Mozilla/5.0 (Windows")
assert ev[0]["time"] == "2015-05-20T04:04:05Z"
assert ev[3]["result"] == "denied" and ev[3]["referer"] == "http://www.example.com/"
assert ev[5]["host"] is None and ev[5]["path"] == "/index.html" and ev[5]["bytes_in"] == 0
assert ev[7]["method"] is None and ev[7]["host"] is None and ev[7]["url"].startswith("\\x16")'

check "$fx/common.log" 4 '
assert ev[0]["user"] == "frank" and ev[0]["time"] == "2000-10-10T20:55:36Z" and ev[0]["user_agent"] is None
assert ev[2]["host"] is None and ev[2]["path"] == "error:method-not-allowed" and ev[2]["result"] == "error"'

check "$fx/w3c-proxysg.log" 6 '
assert [e["result"] for e in ev] == ["allowed", "denied", "auth-required", "error", "allowed", "allowed"]
assert ev[0]["query"] == "q=1" and ev[0]["bytes_out"] == 567 and ev[0]["server"] is None
assert ev[4]["user_agent"] == "Mozilla/5.0 \"quoted\" agent"
assert ev[5]["url"] == "http://www.example.com:8080/a/b?x=y" and ev[5]["server"] == "93.184.216.34"'

check "$fx/w3c-iis.log" 2 '
assert ev[0]["user_agent"] == "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" and ev[0]["server"] == "192.0.2.80"
assert ev[1]["user"] == "CORP\\alice" and ev[1]["port"] == 443'

for f in zeek-http.log zeek-http.json; do
  check "$fx/$f" 4 '
assert ev[0]["server"] == "31.3.245.133" and ev[0]["port"] == 80 and ev[0]["content_type"] == "text/plain"
assert ev[1]["host"] == "c2.example.net" and ev[1]["server"] is None and ev[1]["result"] == "auth-required"
assert ev[2]["user"] == "alice" and ev[2]["query"] == "x=1"
assert ev[3]["status"] is None and ev[3]["result"] == "error" and ev[3]["bytes_out"] == 512'
done

check "$fx/ecs.jsonl" 4 '
assert ev[0]["duration_ms"] == 467 and ev[0]["server"] == "93.184.216.34" and ev[0]["user"] == "alice"
assert ev[0]["time"] == "2015-05-20T04:04:05.123Z"
assert ev[1]["host"] == "c2.example.net" and ev[1]["result"] == "auth-required"
assert ev[2]["user_agent"] == "Emoji \U0001F600 agent" and ev[2]["result"] == "denied"
assert ev[3]["result"] == "unknown"'

# Display zone: the same record in JST.
check "$fx/squid-native.log" 4 'assert ev[0]["time"] == "2015-05-20T18:04:00.123+09:00"' --tz JST

# --format overrides sniffing; --field-map names the keys.
printf '{"when":"2015-05-20T04:00:00Z","src":"10.9.9.9","target":"http://x.example/p"}\n' >"$tmp/custom.log"
check "$tmp/custom.log" 1 '
assert ev[0]["client"] == "10.9.9.9" and ev[0]["host"] == "x.example" and ev[0]["path"] == "/p"' \
  --format jsonl --field-map "time=when,client=src,url=target"

# A bad field map is a usage error with a clear message.
set +e
"$MITSUKE" events --no-progress --format jsonl --field-map "colour=red" "$tmp/custom.log" >/dev/null 2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "bad field map: exit $rc, want 2" >&2; exit 1; }
grep -q 'unknown field "colour"' "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }

# A W3C file without its #Fields header: every record is reported, none kept.
grep -v '^#' "$fx/w3c-proxysg.log" >"$tmp/headerless.log"
"$MITSUKE" events --no-progress --format w3c "$tmp/headerless.log" >"$tmp/out" 2>"$tmp/err" || true
[ ! -s "$tmp/out" ] || { echo "header-less W3C produced events" >&2; exit 1; }
grep -q 'W3C record before any #Fields header' "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
echo ok
