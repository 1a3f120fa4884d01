#!/usr/bin/env bash
# mail_inputs.sh - mbox, Maildir, directories, stdin, compressed mailboxes,
# missing inputs, options and exit codes; the reasons documented in docs/mail.md.
source "$(dirname "$0")/lib/mail.sh"

# mbox: three mails, a "From " inside a body line does not split
run "$MITSUKE" mail --output jsonl "$MAILFX/mbox/three.mbox"
expect_rc 0
jq_true 'map(.subject) == ["first", "second", "third"] and map(.index) == [1, 2, 3] and (map(.offset) | . == sort)'
# the offset points at the message's first header
off=$(jq -s '.[1].offset' "$T/out")
tail -c +$((off + 1)) "$MAILFX/mbox/three.mbox" | head -n 1 | grep -q "^From: sender@example.com" || fail "offset"
# compressed, and from stdin
gzip -c "$MAILFX/mbox/three.mbox" >"$T/three.mbox.gz"
run "$MITSUKE" mail --output jsonl "$T/three.mbox.gz"
jq_true 'length == 3'
set +e
"$MITSUKE" mail --output jsonl - <"$MAILFX/business-en.eml" >"$T/out" 2>"$T/err"
rc=$?
set -e
expect_rc 0
jq_true '.[0].file == "(stdin)" and .[0].subject == "Q2 budget figures and meeting notes"'

# Maildir: cur/ and new/ are read, the index file is skipped and counted
run "$MITSUKE" mail --output jsonl "$MAILFX/maildir"
jq_true 'map(.subject) == ["maildir one", "maildir two"]'
grep -q "dovecot-uidlist: not a mail" "$T/err" || fail "non-mail file not reported"
grep -q "files skipped (not mail) 1" "$T/err" || fail "summary"

# --only-flagged and --output none
run "$MITSUKE" mail --only-flagged "$MAILFX/business-ja.eml" "$MAILFX/rlo.eml"
expect_rc 1
grep -q "rlo.eml" "$T/out" || fail "flagged mail missing"
grep -q "business-ja.eml" "$T/out" && fail "benign mail shown with --only-flagged"
run "$MITSUKE" mail --output none "$MAILFX/rlo.eml"
expect_rc 1
[ ! -s "$T/out" ] || fail "--output none printed"

# a missing input: exit 3 with the name, the rest still read
run "$MITSUKE" mail "$T/nope.eml" "$MAILFX/business-en.eml"
expect_rc 3
grep -q "nope.eml" "$T/err" || fail "missing file not named"
grep -q "Q2 budget" "$T/out" || fail "other input not read"
# a file that opens but cannot be read is named too
run "$MITSUKE" mail /proc/self/mem "$MAILFX/business-en.eml"
expect_rc 3
grep -q "/proc/self/mem: read error" "$T/err" || fail "unreadable file not named"

# usage errors
run "$MITSUKE" mail --output xml "$MAILFX/rlo.eml"
expect_rc 2
run "$MITSUKE" mail --home-country JPN "$MAILFX/rlo.eml"
expect_rc 2
run "$MITSUKE" mail --org-domain 'bad domain' "$MAILFX/rlo.eml"
expect_rc 2
run "$MITSUKE" mail --org-domain 'example..com' "$MAILFX/rlo.eml"
expect_rc 2
run "$MITSUKE" mail --help
expect_rc 0
grep -q -- "--campaigns" "$T/out" || fail "help"
run "$MITSUKE" mail --lang ja --help
grep -q "使い方: mitsuke mail" "$T/out" || fail "Japanese help"

# a wrong --location-db is a warning, not a failure; the foreign-relay check is off
run "$MITSUKE" mail --output jsonl --location-db "$T/none.db" "$MAILFX/gojp-foreign.eml"
grep -q "none.db" "$T/err" || fail "no warning about the location database"
jq_true '.[0].reasons | map(.code) | index("sender.foreign-relay") == null'

# every reason is documented with its weight
run "$MITSUKE" mail --list-reasons
expect_rc 0
doc="$SRCDIR/docs/mail.md"
[ -f "$doc" ] || fail "docs/mail.md missing"
while read -r code weight _; do
  case $code in *.*) ;; *) continue ;; esac
  grep -q "| \`$code\` | $weight |" "$doc" || fail "docs/mail.md lacks $code with weight $weight"
done <"$T/out"
echo ok
