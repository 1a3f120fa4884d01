#!/usr/bin/env bash
# winlog_samples.sh - `mitsuke winlog` on the shared real samples: every file
# in $SHARED/data/evtx and windows-json/schtask_create.json yields the
# technique its name says, with the required JSON fields (checked with jq);
# and the same detectors run inside `mitsuke scan`, stored with --db.
#
# WINLOG_INPUT picks how the .evtx files are read: "evtx" hands them to
# mitsuke's own reader; "xml" converts each with `evtxexport -f xml` first,
# so the same findings must come through winxml. Unset: both, in turn.
set -euo pipefail
if [ -z "${WINLOG_INPUT:-}" ]; then
    WINLOG_INPUT=evtx bash "$0" && WINLOG_INPUT=xml bash "$0"
    exit
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
EVTX="$SHARED/data/evtx"

if [ "$WINLOG_INPUT" = xml ] && ! command -v evtxexport >/dev/null; then
    echo "SKIP: evtxexport not installed"; exit 0
fi
input_of() { # name.evtx -> the path mitsuke reads
    if [ "$WINLOG_INPUT" = xml ]; then
        evtxexport -f xml "$EVTX/$1" > "$tmp/${1%.evtx}.xml" 2>/dev/null
        echo "$tmp/${1%.evtx}.xml"
    else
        echo "$EVTX/$1"
    fi
}

# jq over the finding lines of a run: "$1" is a filter that must be true for some finding.
run() { # input -> $tmp/out.jsonl
    set +e; "$MITSUKE" winlog --no-progress -q -o jsonl "$1" > "$tmp/out.jsonl" 2> "$tmp/err"; rc=$?; set -e
    [ "$rc" = 1 ] || { echo "expected exit 1 (findings) for $1, got $rc"; cat "$tmp/err"; exit 1; }
}
has() { # jq condition on a finding, description
    jq -e -s "[.[] | select(.kind == \"finding\") | select($1)] | length > 0" "$tmp/out.jsonl" > /dev/null ||
        { echo "FAIL: $2"; cat "$tmp/out.jsonl"; exit 1; }
}
hasnt() {
    jq -e -s "[.[] | select(.kind == \"finding\") | select($1)] | length == 0" "$tmp/out.jsonl" > /dev/null ||
        { echo "FAIL: $2"; cat "$tmp/out.jsonl"; exit 1; }
}

# Every finding line has the documented fields, of the documented types; one summary line ends it.
fields() {
    jq -e -s '
      ([.[] | select(.kind == "finding")] | length > 0) and
      (.[-1].kind == "summary") and (.[-1].windows_events > 0) and
      all(.[] | select(.kind == "finding");
        (.detector | type) == "string" and (.technique | test("^T[0-9]{4}")) and
        (.techniques | type) == "array" and (.techniques[0] == .technique) and
        (.stage | type) == "string" and
        (.severity | IN("info","low","medium","high","critical")) and (.score | type) == "number" and
        (.title | type) == "string" and (.hosts | type) == "array" and (.hosts | length) > 0 and
        (.accounts | type) == "array" and (.facts | length) > 0 and
        (.first_seen | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T")) and (.last_seen | test("^[0-9]{4}-")) and
        (.evidence | length) > 0 and
        all(.evidence[]; (.source | type) == "string" and (.event_id | type) == "number" and
                         (.line | type) == "number" and (.offset | type) == "number" and
                         has("record_id") and has("computer") and (.time | type) == "string"))' \
        "$tmp/out.jsonl" > /dev/null || { echo "FAIL: fields of $1"; cat "$tmp/out.jsonl"; exit 1; }
}

run "$(input_of LM_5145_Remote_FileCopy.evtx)"
fields LM_5145
has '.detector == "admin-share" and (.techniques | index("T1021.002")) and .severity == "high" and
     (.facts | join(" ") | test("malwr.exe")) and (.hosts | index("10.0.2.15"))' "5145: executable copied over C$"

run "$(input_of LM_Remote_Service02_7045.evtx)"
fields LM_Remote_Service02
has '.detector == "service" and .technique == "T1569.002" and (.facts | join(" ") | test("spoolfool"))' "7045 service with cmd.exe"
has '.detector == "service" and (.facts | join(" ") | test("remotesvc"))' "7045 remotesvc"

run "$(input_of LM_WMI_4624_4688_TargetHost.evtx)"
fields LM_WMI
has '.detector == "wmi" and .technique == "T1047" and (.severity | IN("high","critical")) and
     (.hosts | index("10.0.2.17 (PC01)")) and (.accounts | index("EXAMPLE\\Administrator"))' "WMI with its source"
hasnt '.detector == "service" or .detector == "local-admin"' "nothing else in the WMI sample"

run "$(input_of LM_sysmon_psexec_smb_meterpreter.evtx)"
fields LM_sysmon
has '.detector == "service" and (.techniques | index("T1569.002")) and (.techniques | index("T1021.002")) and
     (.hosts | index("10.0.2.19"))' "Metasploit psexec: service over SMB"

run "$(input_of Lateral_movement_with_net_use.evtx)"
fields net_use
has '(.techniques | index("T1021.002")) and .detector == "admin-share"' "net use of C$"
has '.detector == "explicit-cred" and (.accounts | index("OFFSEC\\hack1"))' "explicit credentials of another account"

run "$(input_of PSexec_remote_execution_admin_share.evtx)"
fields PSexec
has '.detector == "service" and .technique == "T1569.002" and (.techniques | index("T1021.002")) and
     (.severity | IN("medium","high","critical")) and (.facts | join(" ") | test("PSEXESVC"))' "PsExec service"
has '.detector == "admin-share" and .technique == "T1021.002" and (.facts | join(" ") | test("PSEXESVC.exe"))' "PsExec copy to ADMIN$"
hasnt '.detector == "wmi" or .detector == "remote-task"' "PsExec is not WMI or a task"

run "$SHARED/data/windows-json/schtask_create.json"
fields schtask
has '.detector == "remote-task" and .technique == "T1053.005" and (.severity | IN("high","critical")) and
     (.hosts | map(test("WORKSTATION5")) | any) and (.hosts | map(test("WORKSTATION6")) | any)' "remote task both ends"

# Japanese output: the same findings, facts in Japanese.
"$MITSUKE" --lang ja winlog --no-progress -q "$SHARED/data/windows-json/schtask_create.json" > "$tmp/ja.txt" || true
grep -q "他の端末からのタスク登録" "$tmp/ja.txt"

# Inside scan: the findings join, the store keeps hosts and accounts, the report shows them.
psexec=$(input_of PSexec_remote_execution_admin_share.evtx)
set +e; "$MITSUKE" scan --no-progress -q -o jsonl --db "$tmp/s.db" --html "$tmp/s.html" "$psexec" > "$tmp/out.jsonl"; rc=$?; set -e
[ "$rc" = 1 ] || { echo "scan: expected exit 1, got $rc"; exit 1; }
has '.detector == "service" and .technique == "T1569.002"' "scan runs the Windows detectors"
jq -e -s '.[-1].kind == "summary" and .[-1].windows_findings >= 2 and .[-1].max_severity == "high"' "$tmp/out.jsonl" > /dev/null
[ "$(sqlite3 "$tmp/s.db" "SELECT count(*) FROM findings WHERE detector = 'service' AND hosts LIKE '%srvdefender01%' AND accounts LIKE '%admmig%' AND attack LIKE '%T1569.002%'")" = 1 ]
grep -q "PSEXESVC" "$tmp/s.html"
echo ok
