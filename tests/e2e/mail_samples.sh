#!/usr/bin/env bash
# mail_samples.sh - the real phishing mails in ../shared/data/mail are all
# flagged at least suspicious, each for the reasons it really shows.
source "$(dirname "$0")/lib/mail.sh"
S=$SHARED/data/mail
[ -d "$S" ] || fail "no shared samples at $S"

run "$MITSUKE" mail --output jsonl "$S"
expect_rc 1
[ "$(jq -s 'length' "$T/out")" = 3 ] || fail "expected 3 mails"
jq_true 'all(.[]; .verdict == "suspicious" or .verdict == "malicious")'

# a wallet-verification phish sent through a real help-desk service (SPF, DKIM pass)
mail_has sample-1060.eml wording.credential
mail_has sample-1060.eml body.action-link
mail_has sample-1060.eml body.hidden-text
jq_true '[.[] | select(.file | endswith("sample-1060.eml"))][0] | .spf == "pass" and .dkim == "pass" and .subject == "Verify Your Wallet Now to Ensure Safe and Smooth Access"'

# an HTML attachment that collects card data and posts it to another site
mail_has sample-1250.eml attachment.html-form
mail_has sample-1250.eml sender.no-auth
jq_true '[.[] | select(.file | endswith("sample-1250.eml"))][0] | (.reasons[] | select(.code == "attachment.html-form") | .message | contains("jdlogisticscourier.com")) and (.attachments[0].name == "Secure_Payment_CapitalOne_Accont.html") and (.attachments[0].type == "html") and (.attachments[0].sha256 | length == 64) and .verdict == "malicious"'

# advance-fee fraud with replies to a free-mail address and a malformed charset label
mail_has sample-423.eml sender.reply-to-freemail
mail_has sample-423.eml mail.charset-label
mail_has sample-423.eml wording.money
jq_true '[.[] | select(.file | endswith("sample-423.eml"))][0] | .reply_to == "tho44asfred@yandex.com" and .origin_ip == "61.73.116.66" and .subject == "Reply For Your Payment"'

# the human form says the same in plain words, in English and Japanese
run "$MITSUKE" mail "$S/sample-423.eml"
expect_rc 1
grep -q "replies would go to the free-mail address tho44asfred@yandex.com" "$T/out" || fail "English reason missing"
run "$MITSUKE" mail --lang ja "$S/sample-423.eml"
grep -q "返信先がフリーメールのアドレス tho44asfred@yandex.com" "$T/out" || fail "Japanese reason missing"
grep -q "判定:.*不審\|判定:.*悪性" "$T/out" || fail "Japanese verdict missing"
echo ok
