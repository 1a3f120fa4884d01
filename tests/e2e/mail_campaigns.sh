#!/usr/bin/env bash
# mail_campaigns.sh - --campaigns joins the mails of one attacker (five mails in
# the manner of seed 004's I-IV, sharing a sending IP, an attached program, a
# storage link, a subject, a sender and a mailer) and leaves unrelated ones out.
source "$(dirname "$0")/lib/mail.sh"
C=$MAILFX/campaign

run "$MITSUKE" mail --campaigns --output jsonl "$C" "$MAILFX"/business-ja.eml "$MAILFX"/business-en.eml
expect_rc 1
jq_true '[.[] | select(.kind == "campaign")] | length == 1'
jq_true '[.[] | select(.kind == "campaign")][0] | .mails == 5 and .recipients == 5 and .verdict == "malicious"
  and (.members | map(.file | split("/") | last) | sort == ["mail-1-storage.eml", "mail-2-seminar.eml", "mail-3a-training.eml", "mail-3b-training-link.eml", "mail-4-iryouhi.eml"])
  and (.members[0].subject == "厚生年金基金制度の見直しについて(試案)に関する意見")'
# the features that join them, each shared by at least two mails
jq_true '[.[] | select(.kind == "campaign")][0].features | (map(.type) | index("ip") != null and index("sha256") != null and index("url") != null and index("sender") != null and index("mailer") != null) and all(.mails >= 2)'
# the unrelated phish and the business mails are in no campaign
jq_true '[.[] | select(.kind == "campaign")][0].members | map(.file) | all(contains("unrelated") | not) and all(contains("business") | not)'
jq_true '[.[] | select(.kind == "mail")] | length == 8'

# human output: the groups, what joins them, the members in date order
run "$MITSUKE" mail --campaigns "$C"
grep -q "^Campaign 1: 5 mails to 5 recipients" "$T/out" || fail "campaign header"
grep -q "sending IP: 218.2.0.1 (2 mails)" "$T/out" || fail "joining IP"
[ "$(grep -c '^    - 2015-05' "$T/out")" = 5 ] || fail "five members"
head -n 20 "$T/out" | grep -n "mail-1-storage" | head -1 | grep -q . || fail "members"
run "$MITSUKE" mail --campaigns --lang ja "$C"
grep -q "^キャンペーン 1: メール 5 通、宛先 5 件" "$T/out" || fail "Japanese campaign header"

# unrelated flagged mails alone: no campaign
run "$MITSUKE" mail --campaigns "$MAILFX"/rlo.eml "$MAILFX"/freemail-ministry.eml "$C"/unrelated-phish.eml
grep -q "^No campaign" "$T/out" || fail "expected no campaign"

# a feature benign mails also carry joins nothing: two flagged mails from one
# address, and two benign mails from it too
mkdir -p "$T/common"
for i in 1 2 3 4; do
  body="hello $i"
  [ $i -le 2 ] && body="Please verify your account and confirm your password at https://bit.ly/x$i now: urgent"
  printf 'From: news@common.example\nTo: u%s@corp.example\nSubject: letter %s %s\nMessage-ID: <%s.x@common.example>\nDate: Mon, 18 May 2015 10:00:0%s +0900\n\n%s\n' \
    $i $i $((i * 7)) $i $i "$body" >"$T/common/$i.eml"
done
run "$MITSUKE" mail --campaigns --output jsonl "$T/common"
jq_true '[.[] | select(.kind == "mail" and .verdict != "benign")] | length == 2'
jq_true '[.[] | select(.kind == "campaign")] | length == 0'
echo ok
