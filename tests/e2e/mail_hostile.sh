#!/usr/bin/env bash
# mail_hostile.sh - bombs, traversal names, broken MIME, 100-deep nesting and a
# 50 MB attachment: each ends in bounded time and memory with a reason, never a crash.
source "$(dirname "$0")/lib/mail.sh"
F=$MAILFX

# bounded: every hostile fixture in a few seconds at most
check_time() { timeout 60 "$@"; }

run check_time "$MITSUKE" mail --output jsonl "$F"/hostile-archives.eml "$F"/zip-bomb.eml "$F"/deep-mime.eml "$F"/malformed-mime.eml
expect_rc 1
for code in archive.path-traversal archive.too-deep archive.bomb archive.too-many-members; do
  mail_has hostile-archives.eml "$code"
done
jq_true '[.[] | select(.file | endswith("hostile-archives.eml"))][0].reasons[] | select(.code == "archive.too-deep") | .message | contains("archive too deep to open: treated as suspicious")'
jq_true '[.[] | select(.file | endswith("hostile-archives.eml"))][0].reasons[] | select(.code == "archive.path-traversal") | .message | contains("../../startup/evil.txt")'
# the member limit caps what is listed, the rest of the mail is still judged
jq_true '[.[] | select(.file | endswith("hostile-archives.eml"))][0].attachments | length <= 1100'
mail_has zip-bomb.eml archive.bomb
mail_verdict zip-bomb.eml suspicious
mail_has deep-mime.eml mail.mime-too-deep
mail_verdict deep-mime.eml suspicious
# broken boundaries and base64: what can be read is read
mail_has malformed-mime.eml attachment.executable

# a 50 MB attachment: read whole, hashed, in bounded memory
python3 - "$T/big.eml" <<'PY'
import base64, hashlib, sys
data = (b"MZ" + bytes(62) + b"big test file, no code " * 40)
data = (data * (50 * 1024 * 1024 // len(data) + 1))[:50 * 1024 * 1024]
with open(sys.argv[1], "wb") as f:
    f.write(b"From: a@big.example\r\nTo: b@example.co.jp\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nbig\r\n"
            b"--XX\r\nContent-Type: application/octet-stream; name=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n")
    b = base64.encodebytes(data)
    f.write(b.replace(b"\n", b"\r\n"))
    f.write(b"\r\n--XX--\r\n")
print(hashlib.sha256(data).hexdigest(), file=open(sys.argv[1] + ".sha", "w"))
PY
want=$(cat "$T/big.eml.sha")
if command -v /usr/bin/time >/dev/null; then
  run /usr/bin/time -f "%M" timeout 120 "$MITSUKE" mail --output jsonl "$T/big.eml"
  rss_kb=$(tail -n 1 "$T/err")
  [ "$rss_kb" -lt 600000 ] || fail "50 MB attachment took ${rss_kb} KB of memory"
else
  run timeout 120 "$MITSUKE" mail --output jsonl "$T/big.eml"
fi
jq_true ".[0].attachments[0].sha256 == \"$want\" and .[0].attachments[0].size == 52428800"

# garbage of every kind: no crash, a clear outcome
head -c 200000 /dev/urandom >"$T/random.eml"
printf 'Subject: x\n\n' | cat - "$T/random.eml" >"$T/random-body.eml"
printf 'From: a@b\nContent-Type: multipart/mixed; boundary=\n\n--\n--\n--\n' >"$T/empty-boundary.eml"
printf 'From: a@b\nContent-Type: multipart/mixed; boundary="a"\n\n--a\nContent-Type: message/rfc822\n\n--a\n' >"$T/rfc822-cut.eml"
: >"$T/empty.eml"
run timeout 60 "$MITSUKE" mail --output jsonl "$T"/random.eml "$T"/random-body.eml "$T"/empty-boundary.eml "$T"/rfc822-cut.eml "$T"/empty.eml
[ "$rc" -le 1 ] || fail "garbage: exit status $rc"
grep -q "random.eml: not a mail" "$T/err" || fail "random bytes not reported as not a mail"
jq_true 'length == 3'
echo ok
