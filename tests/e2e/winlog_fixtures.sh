#!/usr/bin/env bash
# winlog_fixtures.sh - the Windows detectors on hand-written events
# (tests/fixtures/winlog, README there): what must be found and, as much,
# what must not: the seed 004 local-admin spread to 24 terminals (high) but
# not the same account on 2 hosts; ordinary domain logons to file servers
# and DCs, machine and anonymous accounts, a service account and two typos
# give nothing; cleared logs, a Domain Admins addition, a golden ticket,
# an RDP hop chain, WinRM, spraying and guessing are found. Also the
# command's options, exit codes and config thresholds.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
F="$FIXTURES/winlog"
expect_rc() { # expected-code command...
  local want=$1; shift
  set +e; "$@" > "$tmp/out.jsonl" 2> "$tmp/stderr"; local rc=$?; set -e
  [ "$rc" = "$want" ] || { echo "expected exit $want, got $rc: $*"; cat "$tmp/stderr"; exit 1; }
}
jsonl() { expect_rc "$1" "$MITSUKE" winlog --no-progress -o jsonl --min-severity info "${@:2}"; }
has() {
    jq -e -s "[.[] | select(.kind == \"finding\") | select($1)] | length > 0" "$tmp/out.jsonl" > /dev/null ||
        { echo "FAIL: $2"; cat "$tmp/out.jsonl"; exit 1; }
}
count() { jq -s "[.[] | select(.kind == \"finding\") | select($1)] | length" "$tmp/out.jsonl"; }

# --- must be found -----------------------------------------------------------
jsonl 1 "$F/local_admin_spread.xml"
has '.detector == "local-admin" and (.severity | IN("high","critical")) and .host_count == 25 and
     (.hosts | index("PC024.nenkin.local")) and (.hosts | index("10.1.1.50 (PC050)")) and .accounts == ["Administrator"] and
     (.techniques | index("T1078.003")) and .first_seen == "2015-05-22T09:00:00Z"' "local admin to 24 hosts"
has '.detector == "fanout" and (.hosts | length) == 25' "one source to 24 hosts"

jsonl 1 "$F/log_clear.xml"
[ "$(count '.detector == "log-clear" and .technique == "T1070.001" and .severity == "high"')" = 2 ]

jsonl 1 "$F/group_add.xml"
has '.detector == "group-add" and (.facts[0] | test("Domain Admins")) and .severity == "high"' "Domain Admins addition"
[ "$(count '.detector == "group-add"')" = 1 ] # Sales is not a privileged group

jsonl 1 "$F/kerberos_forgery.xml"
has '.detector == "kerberos" and .technique == "T1558.001" and (.accounts | index("CORP\\krbtgtfake"))' "TGS without TGT"
has '.detector == "kerberos" and (.title | test("two SIDs")) and (.techniques | index("T1068"))' "one name, two SIDs"
has '.detector == "kerberos" and (.facts[0] | test("corp.local"))' "lower-case domain"
[ "$(count '.detector == "kerberos" and (.accounts | index("CORP\\user01"))')" = 0 ] # asked for a TGT first

jsonl 1 "$F/rdp_chain.xml"
[ "$(count '.detector == "rdp" and .technique == "T1021.001"')" = 1 ]
has '.detector == "rdp" and (.hosts | sort) == ["JUMP01.corp.local","PC050","SRV09.corp.local"] and (.facts[0] | test("PC050 -> JUMP01.* then JUMP01.* -> SRV09"))' "RDP chain, its three hosts"

jsonl 1 "$F/winrm.xml"
has '.detector == "winrm" and .technique == "T1021.006" and (.severity | IN("high","critical")) and (.hosts | index("10.1.1.50"))' "WinRM"

jsonl 1 "$F/spray.json"
has '.detector == "spray" and .technique == "T1110.003" and .account_count == 15 and (.facts | join(" ") | test("user07"))' "spraying then a success"
has '.detector == "spray" and .technique == "T1110.001" and (.accounts | index("admin01")) and (.hosts | index("10.1.1.51"))' "guessing"

# --- must not be found -------------------------------------------------------
jsonl 0 "$F/local_admin_two_hosts.xml"
[ "$(count '.detector == "local-admin" or .detector == "fanout"')" = 0 ]
jsonl 0 "$F/domain_benign.xml"
[ "$(count 'true')" = 0 ] || { echo "FAIL: ordinary domain activity gave findings"; cat "$tmp/out.jsonl"; exit 1; }
jq -e -s '.[-1].kind == "summary" and .[-1].windows_events > 300 and .[-1].hosts == 11' "$tmp/out.jsonl" > /dev/null
jsonl 0 "$F/typo.json"
[ "$(count 'true')" = 0 ]

# --- thresholds from the config ---------------------------------------------
printf '[winlog]\nspread_min_hosts = 30\nfanout_min_hosts = 30\n' > "$tmp/high.conf"
jsonl 0 --config "$tmp/high.conf" "$F/local_admin_spread.xml"
printf '[winlog]\nspread_min_hosts = 2\n' > "$tmp/low.conf"
jsonl 1 --config "$tmp/low.conf" "$F/local_admin_two_hosts.xml"
has '.detector == "local-admin"' "spread_min_hosts = 2"
printf '[winlog]\nspread_windwo = 1h\n' > "$tmp/bad.conf"
expect_rc 2 "$MITSUKE" winlog --config "$tmp/bad.conf" "$F/typo.json"
grep -q "bad.conf:2: unknown key 'spread_windwo' in \[winlog\]" "$tmp/stderr"

# --- the command ------------------------------------------------------------
expect_rc 0 "$MITSUKE" winlog --help
grep -q "local-admin" "$tmp/out.jsonl" && grep -q -- "--min-severity" "$tmp/out.jsonl"
expect_rc 0 "$MITSUKE" --lang ja winlog --help
grep -q "終了コード" "$tmp/out.jsonl"
expect_rc 2 "$MITSUKE" winlog --bogus "$F/typo.json"
expect_rc 2 "$MITSUKE" winlog --detectors rdp,nosuch "$F/typo.json"
grep -q "nosuch" "$tmp/stderr"
expect_rc 3 "$MITSUKE" winlog "$tmp/does-not-exist.xml"
# --detectors limits the run; --jsonl is -o jsonl
expect_rc 0 "$MITSUKE" winlog --no-progress --jsonl --detectors rdp "$F/local_admin_spread.xml"
[ "$(jq -s '[.[] | select(.kind == "finding")] | length' "$tmp/out.jsonl")" = 0 ]
# the table, in both languages, names hosts, accounts and the technique
expect_rc 1 "$MITSUKE" winlog --no-progress "$F/local_admin_spread.xml"
grep -q "T1078.003" "$tmp/out.jsonl" && grep -q "Administrator" "$tmp/out.jsonl" && grep -q "PC001.nenkin.local" "$tmp/out.jsonl"
expect_rc 1 "$MITSUKE" --lang ja winlog --no-progress "$F/local_admin_spread.xml"
grep -q "ローカルアカウントが多数の端末にネットワークログオン" "$tmp/out.jsonl"
# deterministic: the same input gives the same bytes, whatever the order of the files
"$MITSUKE" winlog --no-progress -q -o jsonl "$F/spray.json" "$F/kerberos_forgery.xml" > "$tmp/a" || true
"$MITSUKE" winlog --no-progress -q -o jsonl "$F/spray.json" "$F/kerberos_forgery.xml" > "$tmp/b" || true
cmp "$tmp/a" "$tmp/b"
# hostile strings from a log: control bytes never reach the terminal, markup never the HTML
ev="<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Service Control Manager'/><EventID>7045</EventID><TimeCreated SystemTime='2015-05-22T01:00:00Z'/><EventRecordID>7</EventRecordID><Channel>System</Channel><Computer>PC&#27;[2J01&lt;b&gt;.x</Computer></System><EventData><Data Name='ServiceName'>&lt;script&gt;alert(1)&lt;/script&gt;&#27;]0;pwn&#7;</Data><Data Name='ImagePath'>cmd /c &lt;img src=x onerror=alert(1)&gt;&#27;[31m $(printf 'A%.0s' {1..3000})</Data></EventData></Event>"
printf '%s\n' "$ev" > "$tmp/hostile.xml"
expect_rc 1 "$MITSUKE" winlog --no-progress "$tmp/hostile.xml"
if grep -q $'\x1b' "$tmp/out.jsonl" || grep -q $'\x07' "$tmp/out.jsonl"; then echo "FAIL: control bytes in the table"; exit 1; fi
expect_rc 1 "$MITSUKE" winlog --no-progress -o jsonl "$tmp/hostile.xml"
jq -e -s '.[0].facts[0] | test("<script>")' "$tmp/out.jsonl" > /dev/null # JSON keeps the text, escaped
expect_rc 1 "$MITSUKE" scan --no-progress -o none --html "$tmp/hostile.html" "$tmp/hostile.xml"
if grep -q "<script>alert\|<img src=x" "$tmp/hostile.html"; then echo "FAIL: log markup in the HTML"; exit 1; fi
grep -q "&lt;script&gt;alert(1)" "$tmp/hostile.html"

# scan --detectors accepts the Windows names too
expect_rc 1 "$MITSUKE" scan --no-progress -o jsonl --detectors local-admin "$F/local_admin_spread.xml"
has '.detector == "local-admin"' "scan --detectors local-admin"
echo ok
