#!/usr/bin/env bash
# mail_fixtures.sh - the hand-written fixtures: targeted mails in the manner of
# seed 004 and IPA are flagged for the right reasons; ordinary business mails
# (Japanese and English, real PDF and XLSX attachments, internal links) are not.
source "$(dirname "$0")/lib/mail.sh"
F=$MAILFX

run "$MITSUKE" mail --output jsonl --org-domain example.co.jp --org-domain corp.example.com \
  "$F"/iryouhi-lzh.eml "$F"/pdf-exe.eml "$F"/rlo.eml "$F"/encrypted-zip.eml "$F"/gojp-foreign.eml \
  "$F"/storage-link.eml "$F"/freemail-ministry.eml "$F"/attachment-kinds.eml \
  "$F"/business-ja.eml "$F"/business-en.eml "$F"/gojp-domestic.eml
expect_rc 1

# seed 004 mail IV: 【医療費通知】 in ISO-2022-JP, an .lzh holding 医療費通知のお知らせ.exe
mail_verdict iryouhi-lzh.eml malicious
mail_has iryouhi-lzh.eml attachment.executable
jq_true '[.[] | select(.file | endswith("iryouhi-lzh.eml"))][0] | .subject == "【医療費通知】" and .from_name == "健康保険組合"
  and .attachments[0].name == "医療費通知のお知らせ.lzh" and .attachments[0].type == "lzh"
  and .attachments[1].path == "医療費通知のお知らせ.lzh > 医療費通知のお知らせ.exe" and .attachments[1].type == "pe"
  and .attachments[1].verdict == "malicious" and .origin_country == "CN"'

# 資料.pdf.exe (an RFC 2231 name), an RLO name, an encrypted zip
mail_has pdf-exe.eml attachment.double-extension
jq_true '[.[] | select(.file | endswith("pdf-exe.eml"))][0].attachments[0].name == "資料.pdf.exe"'
mail_has rlo.eml attachment.rlo
jq_true '[.[] | select(.file | endswith("rlo.eml"))][0].reasons[] | select(.code == "attachment.rlo") | .message | contains("[U+202E]")'
mail_verdict encrypted-zip.eml suspicious
mail_has encrypted-zip.eml attachment.encrypted
jq_true '[.[] | select(.file | endswith("encrypted-zip.eml"))][0].attachments | .[0].encrypted and .[1].name == "請求書.docx" and .[1].sha256 == null'

# a go.jp From sent from abroad (seed 001 §2), with SPF softfail from the receiving side
mail_has gojp-foreign.eml sender.foreign-relay
mail_has gojp-foreign.eml sender.spf-softfail
jq_true '[.[] | select(.file | endswith("gojp-foreign.eml"))][0] | .origin_ip == "1.2.4.8" and .spf == "softfail"'
# ...and one from a domestic relay is not
mail_verdict gojp-domestic.eml benign

# seed 004 mail I: no attachment, a link to online storage
mail_verdict storage-link.eml suspicious
mail_has storage-link.eml body.online-storage
jq_true '[.[] | select(.file | endswith("storage-link.eml"))][0].links[0].domain == "firestorage.jp"'

# a free-mail sender claiming a ministry
mail_has freemail-ministry.eml sender.freemail-org

# macros (OOXML and OLE2), a shortcut, a script by content, an ISO with a program, YARA
for code in attachment.macro attachment.shortcut attachment.script attachment.disk-image attachment.yara; do
  mail_has attachment-kinds.eml "$code"
done
jq_true '[.[] | select(.file | endswith("attachment-kinds.eml"))][0].attachments | map(.path) | index("disk.iso > SETUP.EXE") != null'
jq_true '[.[] | select(.file | endswith("attachment-kinds.eml"))][0].reasons | map(select(.code == "attachment.yara") | .message) | any(contains("script_downloads_and_runs")) and any(contains("lnk_runs_command_interpreter"))'

# false positives: ordinary business mail stays benign, with its files read
for f in business-ja.eml business-en.eml; do mail_verdict "$f" benign; done
jq_true '[.[] | select(.file | endswith("business-ja.eml"))][0] | .subject == "5月18日 定例会議の議事録と見積書"
  and (.attachments | map(.name) == ["議事録.pdf", "見積書.xlsx"]) and (.attachments | map(.type) == ["pdf", "ooxml"])
  and (.attachments | all(.sha256 | length == 64)) and .score < 30'
jq_true '[.[] | select(.file | endswith("business-en.eml"))][0] | .reasons == [] and .dkim == "pass" and (.to | length == 2)'

# benign mails alone exit 0
run "$MITSUKE" mail "$F"/business-ja.eml "$F"/business-en.eml "$F"/gojp-domestic.eml
expect_rc 0
grep -q "no sign of attack" "$T/out" || fail "benign wording missing"

# the verdict of each attachment is printed with its SHA-256
run "$MITSUKE" mail "$F"/iryouhi-lzh.eml
grep -q "sha256 05e6121550d53b99b07b67960accf1d2fdc3e49a617f38324456165fad6f2a71" "$T/out" || fail "member hash missing"

# user YARA rules are added with --yara; a broken rule is a clear error
mkdir -p "$T/yara"
cat >"$T/yara/own.yar" <<'YAR'
rule own_marker { meta: weight = 35 description = "own test rule" strings: $m = "mitsuke test stub" condition: $m }
YAR
run "$MITSUKE" mail --output jsonl --yara "$T/yara" "$F"/pdf-exe.eml
jq_true '.[0].reasons | map(select(.code == "attachment.yara") | .message) | any(contains("own_marker (own test rule)"))'
echo 'rule broken {' >"$T/yara/broken.yar"
run "$MITSUKE" mail --yara "$T/yara" "$F"/pdf-exe.eml
expect_rc 3
grep -q "broken.yar" "$T/err" || fail "compile error does not name the file"
echo ok
