#!/usr/bin/env bash
# bad_input.sh - broken inputs: truncated gzip, a 1 MiB line, NUL bytes,
# invalid UTF-8, an empty file, unreadable files, a header-less W3C file.
# Each time: a message that names the file and the line/offset, the record
# skipped and counted, the run goes on, and the counts appear in `coverage`.
source "$(dirname "$0")/lib/common.sh"

good="$T/good.log"
squid_lines 100 >"$good"

# --- truncated gzip: the lines before the cut are used, the message names the byte
squid_lines 40000 >"$T/big.log"
gzip -c "$T/big.log" >"$T/full.gz"
size=$(stat -c %s "$T/full.gz")
head -c $((size / 2)) "$T/full.gz" >"$T/cut.log.gz"
run "$MITSUKE" coverage --output json "$T/cut.log.gz" "$good"
expect_rc 3 "truncated gzip is an input error"
expect_err "cut.log.gz: truncated gzip data: the compressed file ends at byte $((size / 2))"
expect_err "lines before it were used"
json_check "$T/out" 'src("cut.log.gz")["complete"] is False'
json_check "$T/out" '"truncated gzip" in src("cut.log.gz")["error"]'
json_check "$T/out" '10000 < src("cut.log.gz")["records"] < 40000'
json_check "$T/out" 'src("cut.log.gz")["unparsed"] == 0'
json_check "$T/out" 'src("good.log")["records"] == 100'  # the run went on
json_check "$T/out" 'allsrc["sources_failed"] == 1'
# events prints what it could read, then exits 3
run "$MITSUKE" events "$T/cut.log.gz"
expect_rc 3 "events on a truncated gzip"
n=$(wc -l <"$T/out")
[ "$n" -gt 10000 ] || fail "events printed only $n records before the cut"

# --- a line of 1 MiB + 1 byte between good lines: skipped, reported, counted
{
  squid_lines 2
  head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' 'A'
  echo
  squid_lines 3
} >"$T/long.log"
long_off=$(head -2 "$T/long.log" | wc -c)
run "$MITSUKE" coverage --output json "$T/long.log"
expect_rc 0 "a long line is not an input error"
expect_err "long.log: line 3 (offset $long_off): line of 1048577 bytes is longer than the limit"
json_check "$T/out" 'src("long.log")["records"] == 5'
json_check "$T/out" 'src("long.log")["too_long"] == 1 and src("long.log")["unparsed"] == 1'
json_check "$T/out" "src('long.log')['unparsed_samples'] == [{'line': 3, 'offset': $long_off}]"
# a smaller limit on the command line
run "$MITSUKE" coverage --output json --max-line 256 "$T/long.log"
json_check "$T/out" 'src("long.log")["too_long"] == 1'
# the text table shows the counts and the first bad line
run "$MITSUKE" coverage "$T/long.log"
expect_out "line 3 (offset $long_off)"

# --- NUL bytes: inside a field the record still parses (escaped on output);
# a line of NULs is not a record
{
  squid_lines 1
  printf '1431216001.000 5 10.0.0.9 TCP_MISS/200 10 GET http://nul.example/a\0b - HIER_DIRECT/1.2.3.4 text/html\n'
  printf '\0\0\0\0\0\0\n'
  squid_lines 1
} >"$T/nul.log"
nul_off=$(head -2 "$T/nul.log" | wc -c)
run "$MITSUKE" events "$T/nul.log"
expect_rc 0 "NUL bytes"
expect_out 'a\u0000b'
expect_err "nul.log: line 3 (offset $nul_off)"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/out" || fail "events JSON with NUL is not valid"
run "$MITSUKE" coverage --output json "$T/nul.log"
json_check "$T/out" 'src("nul.log")["records"] == 3 and src("nul.log")["unparsed"] == 1'
json_check "$T/out" "src('nul.log')['unparsed_samples'][0] == {'line': 3, 'offset': $nul_off}"

# --- invalid UTF-8: parsed, replaced by U+FFFD in JSON, valid JSON and CSV
{
  squid_lines 1
  printf '1431216001.000 5 10.0.0.9 TCP_MISS/200 10 GET http://bad.example/\xff\xfe\xc3 - HIER_DIRECT/1.2.3.4 text/html\n'
} >"$T/utf8.log"
run "$MITSUKE" events "$T/utf8.log"
expect_rc 0 "invalid UTF-8"
expect_out '\ufffd\ufffd\ufffd'
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' "$T/out" ||
  fail "events JSON with invalid UTF-8 is not valid UTF-8 JSON"
run "$MITSUKE" events --output csv "$T/utf8.log"
expect_rc 0 "invalid UTF-8 to CSV"
[ "$(wc -l <"$T/out")" -eq 3 ] || fail "CSV should have a header and two rows"
run "$MITSUKE" coverage --output json "$T/utf8.log"
json_check "$T/out" 'src("utf8.log")["records"] == 2 and src("utf8.log")["unparsed"] == 0'

# --- an empty file: nothing to read, nothing wrong
: >"$T/empty.log"
run "$MITSUKE" coverage --output json "$T/empty.log"
expect_rc 0 "empty file"
json_check "$T/out" 'src("empty.log")["records"] == 0 and src("empty.log")["format"] is None'
json_check "$T/out" 'src("empty.log")["complete"] is True and src("empty.log")["first"] is None'
run "$MITSUKE" events "$T/empty.log"
expect_rc 0 "events on an empty file"
[ ! -s "$T/out" ] || fail "events printed something for an empty file"

# --- unreadable files: permission denied (as root, run as nobody, for whom
# chmod 000 still holds), and a file that opens but fails to read
mkdir "$T/perm"
cp "$good" "$T/perm/secret.log"
chmod 000 "$T/perm/secret.log"
chmod 755 "$T" "$T/perm"
as_user=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$MITSUKE"; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    echo "SKIP permission sub-case: running as root and cannot drop to nobody"
  fi
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
  run "${as_user[@]}" "$MITSUKE" coverage --output json "$T/perm/secret.log" "$T/perm/../good.log"
  expect_rc 3 "unreadable file"
  expect_err "secret.log: cannot open: Permission denied"
  json_check "$T/out" 'src("secret.log")["complete"] is False and "Permission denied" in src("secret.log")["error"]'
  json_check "$T/out" 'src("good.log")["records"] == 100'
fi
run "$MITSUKE" coverage --output json /proc/self/mem "$good"
expect_rc 3 "a file that cannot be read"
expect_err "/proc/self/mem: read error after byte 0"
json_check "$T/out" 'src("/proc/self/mem")["complete"] is False'
json_check "$T/out" 'src("good.log")["records"] == 100'

# --- a W3C file without its #Fields header
if ! "$MITSUKE" events --format w3c "$T/empty.log" >/dev/null 2>&1; then
  echo "SKIP header-less W3C: this build has no w3c format"
else
  printf '2015-05-10 11:00:00 15 10.0.0.5 200 TCP_HIT 512 GET http www.example.com /\n' >"$T/w3c.log"
  printf '2015-05-10 11:00:01 15 10.0.0.5 200 TCP_HIT 512 GET http www.example.com /x\n' >>"$T/w3c.log"
  run "$MITSUKE" coverage --output json --format w3c "$T/w3c.log"
  expect_err "w3c.log"
  expect_err "line 1"
  # every line is either a record or counted as unparsed: nothing silently dropped
  json_check "$T/out" 'src("w3c.log")["records"] + src("w3c.log")["unparsed"] == 2'
  json_check "$T/out" 'src("w3c.log")["unparsed"] == 0 or src("w3c.log")["unparsed_samples"][0]["line"] == 1'
fi
echo "ok"
