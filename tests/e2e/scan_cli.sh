#!/usr/bin/env bash
# scan_cli.sh - `mitsuke scan` as a command: help in both languages, exit
# codes (0 nothing, 1 findings, 2 usage or config error, 3 unreadable input),
# config errors that name file and line, --detectors, JSON lines fields, and
# a store created from the documented schema v1 being migrated and filled.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
F="$FIXTURES/scan"
expect_rc() { # expected-code command...
  local want=$1; shift
  set +e; "$@" > "$tmp/stdout" 2> "$tmp/stderr"; local rc=$?; set -e
  [ "$rc" = "$want" ] || { echo "expected exit $want, got $rc: $*"; cat "$tmp/stderr"; exit 1; }
}

expect_rc 0 "$MITSUKE" scan --help
grep -q -- "--min-severity" "$tmp/stdout"
grep -q "beacon" "$tmp/stdout"
expect_rc 0 "$MITSUKE" --lang ja scan --help
grep -q "終了コード" "$tmp/stdout"

expect_rc 0 "$MITSUKE" scan "$F/benign.log"
grep -q "Destinations by score: 0" "$tmp/stdout"
expect_rc 1 "$MITSUKE" scan "$F/auth-storm.log"
grep -q "c2.example.net" "$tmp/stdout"
expect_rc 2 "$MITSUKE" scan --bogus "$F/benign.log"
expect_rc 2 "$MITSUKE" scan --detectors beacon,nosuch "$F/benign.log"
grep -q "nosuch" "$tmp/stderr"
expect_rc 2 "$MITSUKE" scan --min-severity severe "$F/benign.log"
expect_rc 3 "$MITSUKE" scan "$tmp/does-not-exist.log"

# Config errors stop the run and name the file and line.
printf '[network]\ninternal = 10.0.0.0/8\n[scan]\nbeacon_min_strenght = 0.5\n' > "$tmp/bad.conf"
expect_rc 2 "$MITSUKE" scan --config "$tmp/bad.conf" "$F/benign.log"
grep -q "bad.conf:4: unknown key 'beacon_min_strenght'" "$tmp/stderr"
# A good one changes the verdict: the storm's destination on the allow-list.
printf '[allow]\ndestinations = example.net\n' > "$tmp/allow.conf"
expect_rc 0 "$MITSUKE" scan --config "$tmp/allow.conf" "$F/auth-storm.log"
# ./mitsuke.conf is read when no --config is given.
( cd "$tmp" && cp allow.conf mitsuke.conf && expect_rc 0 "$MITSUKE" scan "$F/auth-storm.log" && rm mitsuke.conf )

# Only the failures detector: its finding alone still makes the destination suspicious.
expect_rc 1 "$MITSUKE" scan -o jsonl --detectors failures "$F/auth-storm.log"
python3 - "$tmp/stdout" <<'PY'
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
d = [o for o in out if o["kind"] == "destination"]
assert len(d) == 1 and d[0]["destination"] == "c2.example.net" and d[0]["detectors"] == ["failures"], d
t = [o for o in out if o["kind"] == "terminal"]
assert t == [o for o in out if o["kind"] == "terminal" and o["terminal"] == "10.1.2.16" and o["success"] is False], t
f = d[0]["findings"][0]
assert f["kill_chain"] == "command-and-control" and f["references"] and f["references"][0]["line"] > 0, f
PY

# A store made from the schema of docs/store.md (version 1) is migrated and filled.
# (the first ```sql block: "Schema version 1")
awk '/^```sql$/ { n++; if (n == 1) { on = 1; next } } /^```$/ { on = 0 } on' "$SRCDIR/docs/store.md" > "$tmp/v1.sql"
grep -q "CREATE TABLE findings" "$tmp/v1.sql"
sqlite3 "$tmp/v1.db" < "$tmp/v1.sql"
sqlite3 "$tmp/v1.db" "PRAGMA user_version = 1"
expect_rc 1 "$MITSUKE" scan --db "$tmp/v1.db" "$F/auth-storm.log"
[ "$(sqlite3 "$tmp/v1.db" 'PRAGMA user_version')" -gt 1 ]
[ "$(sqlite3 "$tmp/v1.db" "SELECT name || ' ' || severity || ' ' || hourly_complete FROM destinations WHERE suspicious = 1")" = "c2.example.net critical 1" ]
[ "$(sqlite3 "$tmp/v1.db" "SELECT name, success FROM terminals")" = "10.1.2.16|0" ]
[ "$(sqlite3 "$tmp/v1.db" "SELECT sum(requests) FROM hourly")" = 40 ]
# A second scan replaces the first.
expect_rc 0 "$MITSUKE" scan --db "$tmp/v1.db" "$F/benign.log"
[ "$(sqlite3 "$tmp/v1.db" "SELECT count(*) FROM terminals")" = 0 ]
# A store from a newer mitsuke is refused before reading any log.
sqlite3 "$tmp/v1.db" "PRAGMA user_version = 999"
expect_rc 2 "$MITSUKE" scan --db "$tmp/v1.db" "$F/benign.log"
grep -q "newer than this mitsuke" "$tmp/stderr"
echo ok
