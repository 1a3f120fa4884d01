#!/usr/bin/env bash
# readiness.sh - `mitsuke readiness` (issue 7, seed 004 §2.3): which Windows
# logs are there per computer, and what is missing for an investigation.
#
# On the shared real samples the facts asserted were read off the files
# (`mitsuke events FILE`): exact channel spans, counts and record ids, a
# file with 4688 but no 5140/5145 gets the file-share gap and not the
# process-creation one, and no domain controller logs are reported since no
# file holds 4768/4769. The fixtures in tests/fixtures/readiness/ cover a
# full-coverage computer (no false alarm), a wrapped Security log, domain
# controllers, a clearing and 4688 without a command line. Last, hostile
# names are bounded and escaped.
#
# READINESS_EVTX_INPUT picks how the shared .evtx files are given: `evtx`
# (read by mitsuke's own reader) or `xml` (converted at test time with
# `evtxexport -f xml`); unset, both in turn.
if [ -z "${READINESS_EVTX_INPUT:-}" ]; then
  READINESS_EVTX_INPUT=evtx bash "$0" && READINESS_EVTX_INPUT=xml bash "$0"
  exit
fi
source "$(dirname "$0")/lib/common.sh"
F="$FIXTURES/readiness"
EVTX_INPUT=$READINESS_EVTX_INPUT

# rq FILE PYEXPR: PYEXPR over the JSON lines, with helpers: comp(name),
# chan(name, channel), gaps(name) (needs of a computer, None = all),
# gap(name, need), summ (the summary object).
rq() {
  python3 - "$1" "$2" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
def comp(n):
    m = [o for o in objs if o["kind"] == "computer" and o["computer"] == n]
    assert len(m) == 1, f"{len(m)} computers named {n}"
    return m[0]
def chan(n, c):
    m = [o for o in objs if o["kind"] == "channel" and o["computer"] == n and o["channel"] == c]
    assert len(m) == 1, f"{len(m)} channels {c} on {n}"
    return m[0]
def gaps(n):
    return [o["need"] for o in objs if o["kind"] == "gap" and o["computer"] == n]
def gap(n, need):
    m = [o for o in objs if o["kind"] == "gap" and o["computer"] == n and o["need"] == need]
    assert len(m) == 1, f"{len(m)} gaps {need} on {n}"
    return m[0]
def sev(n):
    return [o["severity"] for o in objs if o["kind"] == "gap" and o["computer"] == n]
summ = objs[-1]
assert summ["kind"] == "summary"
print(eval(sys.argv[2]))
PY
}
check() {
  local v
  v=$(rq "$T/out" "$1") || fail "cannot evaluate: $1"
  [ "$v" = True ] || fail "not true: $1 (got $v)"
}

# ---- the shared real samples ------------------------------------------------
inputs=()
if [ -d "$SHARED/data/evtx" ]; then
  for f in "$SHARED"/data/evtx/*.evtx; do
    if [ "$EVTX_INPUT" = evtx ]; then
      inputs+=("$f")
    else
      command -v evtxexport >/dev/null || fail "evtxexport is not installed (scripts/install-deps)"
      x="$T/$(basename "$f" .evtx).xml"
      evtxexport -f xml "$f" >"$x" 2>/dev/null || fail "evtxexport $f"
      inputs+=("$x")
    fi
  done
  inputs+=("$SHARED/data/windows-json/schtask_create.json" "$SHARED"/data/sigma-regression/*/*.json)

  run "$MITSUKE" readiness --no-progress --output jsonl "${inputs[@]}"
  expect_rc 1 "critical gaps on the shared samples"
  check 'summ["computers"] == 9 and summ["records"] == 1966 and summ["domain_controllers"] == 0'
  # no file holds 4768/4769: no domain controller logs (the seed-004 case)
  check 'gap(None, "domain-controller-logs")["severity"] == "critical" and gap(None, "domain-controller-logs")["computers_with_4776"] == 0'
  check 'summ["verdicts"]["was_dc_attacked"] == "cannot"'
  # LM_5145_Remote_FileCopy: 869 x 5145 on PC01, nothing else
  n=pc01.example.corp
  check "chan('$n', 'Security')['records'] == 869 and chan('$n', 'Security')['event_ids'] == {'5145': 869}"
  check "chan('$n', 'Security')['record_id_first'] == 437472 and chan('$n', 'Security')['record_id_last'] == 438340"
  check "chan('$n', 'Security')['first'] == '2019-03-18T14:23:22Z' and chan('$n', 'Security')['last'] == '2019-03-18T14:24:10Z'"
  check "'file-share' not in gaps('$n') and 'process-creation' in gaps('$n') and gap('$n', 'logon')['severity'] == 'critical'"
  check "comp('$n')['verdicts'] == {'who_logged_on': 'cannot', 'what_ran': 'cannot', 'what_was_copied': 'can', 'was_dc_attacked': 'n/a'}"
  check "gap('$n', 'security-log-retention')['first_record_id'] == 437472"
  # LM_WMI (Security: 4624, 4688 with an empty CommandLine) + LM_Remote_Service (System 7045), one computer
  n=win-77ltaphiq1r.example.corp
  check "chan('$n', 'Security')['event_ids'] == {'4624': 6, '4688': 2} and chan('$n', 'Security')['record_ids_not_in_input'] == 70"
  check "chan('$n', 'System')['event_ids'] == {'7045': 3} and chan('$n', 'System')['record_id_first'] == 4480"
  check "chan('$n', 'System')['first'] == '2019-03-03T09:20:28Z' and chan('$n', 'System')['last'] == '2019-03-19T00:41:29Z'"
  check "'file-share' in gaps('$n') and 'process-creation' not in gaps('$n') and 'logon' not in gaps('$n')"
  check "gap('$n', 'process-command-line')['events_4688'] == 2 and gap('$n', 'process-command-line')['severity'] == 'high'"
  check "comp('$n')['channels']['system'] and comp('$n')['channels']['security'] and not comp('$n')['channels']['sysmon']"
  # PsExec over the admin share: 4688 with command lines, 5140 and 5145
  n=srvdefender01.offsec.lan
  check "chan('$n', 'Security')['records'] == 30 and chan('$n', 'Security')['event_ids']['5140'] == 2 and chan('$n', 'Security')['event_ids']['5145'] == 9"
  check "not set(gaps('$n')) & {'file-share', 'detailed-file-share', 'process-creation', 'process-command-line', 'logon'}"
  check "comp('$n')['verdicts']['what_was_copied'] == 'can' and comp('$n')['verdicts']['what_ran'] == 'can' and 'critical' not in sev('$n')"
  # net use: 4648 and 4688 only: no logon events
  check "gap('fs03.offsec.lan', 'logon')['severity'] == 'critical' and comp('fs03.offsec.lan')['verdicts']['who_logged_on'] == 'partly'"
  # Sysmon only: no Security log at all, but Sysmon 1 tells what ran
  check "gap('iewin7', 'security-log')['severity'] == 'critical' and comp('iewin7')['verdicts']['what_ran'] == 'can'"
  check "chan('iewin7', 'Microsoft-Windows-Sysmon/Operational')['records'] == 10 and 'sysmon' not in gaps('iewin7')"
  # the schtask dataset: WORKSTATION6 created the task (4698, TaskScheduler 106), WORKSTATION5 did not log one
  check "'scheduled-tasks' not in gaps('workstation6.theshire.local') and 'scheduled-tasks' in gaps('workstation5.theshire.local')"
  check "chan('workstation6.theshire.local', 'Microsoft-Windows-TaskScheduler/Operational')['event_ids'] == {'106': 1, '140': 1}"
  check "chan('workstation5.theshire.local', 'Microsoft-Windows-Sysmon/Operational')['records'] == 469"
  check "chan('workstation5.theshire.local', 'Security')['record_id_first'] is None and gap('workstation5.theshire.local', 'security-log-retention')['severity'] == 'info'"
  # the sigma regression cases: one computer in two files, and a 'dc' by name that logged only Sysmon
  check "chan('swachchhanda', 'Security')['event_ids'] == {'4648': 1} and chan('swachchhanda', 'Microsoft-Windows-Sysmon/Operational')['event_ids'] == {'1': 1}"
  check "comp('ar-win-dc.attackrange.local')['domain_controller'] is False and 'security-log' in gaps('ar-win-dc.attackrange.local')"
  # every gap names its setting and, when there is one, the exact command
  check 'all(o["setting"] and o["why"] for o in objs if o["kind"] == "gap")'
  check 'any(c == "auditpol /set /subcategory:\"Process Creation\" /success:enable" for c in gap("pc01.example.corp", "process-creation")["commands"])'

  # the text report says the same
  run "$MITSUKE" readiness --no-progress "${inputs[@]}"
  expect_rc 1 "text on the shared samples"
  expect_out "No domain controller logs"
  # each setting once, with the computers that need it
  expect_out "  high      file-share: 5 computer(s): win-77ltaphiq1r.example.corp, fs03.offsec.lan, workstation5.theshire.local, workstation6.theshire.local, swachchhanda"
  expect_out "  critical  logon: 4 computer(s): pc01.example.corp, fs03.offsec.lan, workstation5.theshire.local, swachchhanda"
  expect_out "Security log on pc01.example.corp holds only 47 seconds (from 2019-03-18T14:23:22Z to 2019-03-18T14:24:10Z); records before id 437472 were overwritten"
  run "$MITSUKE" --lang ja readiness --no-progress "${inputs[@]}"
  expect_out "ドメイン コントローラーのログがない"
  expect_out "調査への備え: コンピューター 9 台"
fi

# ---- fixtures -----------------------------------------------------------------
# A computer with everything on, plus two domain controllers: no critical gap at all.
run "$MITSUKE" readiness --no-progress -o jsonl "$F/full.xml" "$F/dc.json"
expect_rc 0 "full coverage and DC logs"
check 'summ["gaps"]["critical"] == 0'
check "sev('ws01.corp.example') == [] and comp('ws01.corp.example')['names'] == ['ws01.corp.example', 'ws01']"
check "all(comp('ws01.corp.example')['channels'].values()) and comp('ws01.corp.example')['records'] == 160"
check "chan('ws01.corp.example', 'Security')['records'] == 100 and chan('ws01.corp.example', 'Security')['record_id_first'] == 1"
check "chan('ws01.corp.example', 'Security')['first'] == '2024-03-01T00:00:00Z' and chan('ws01.corp.example', 'Security')['last'] == '2024-03-10T00:09:00Z'"
check "comp('ws01.corp.example')['verdicts'] == {'who_logged_on': 'can', 'what_ran': 'can', 'what_was_copied': 'can', 'was_dc_attacked': 'n/a'}"
# DC01 logs 4768, 4769, 4776; DC02 only 4768 and 4776
check "comp('dc01.corp.example')['domain_controller'] and comp('dc01.corp.example')['verdicts']['was_dc_attacked'] == 'can'"
check "not set(gaps('dc01.corp.example')) & {'kerberos-authentication-service', 'kerberos-service-ticket-operations', 'credential-validation'}"
check "gap('dc02.corp.example', 'kerberos-service-ticket-operations')['severity'] == 'high' and 'kerberos-authentication-service' not in gaps('dc02.corp.example')"
check "gaps(None) == [] and summ['domain_controllers'] == 2 and summ['verdicts']['was_dc_attacked'] == 'can'"
run "$MITSUKE" readiness --no-progress "$F/full.xml" "$F/dc.json"
expect_rc 0 "text of full coverage"
expect_out "Nothing critical, high or medium is missing."
expect_out "ws01.corp.example (also ws01)"

# The workstation alone: only the missing DC logs are critical.
run "$MITSUKE" readiness --no-progress -o jsonl "$F/full.xml"
expect_rc 1 "no DC logs"
check "summ['gaps']['critical'] == 1 and gaps(None) == ['domain-controller-logs']"

# A Security log that wrapped: from record 123456, 20 hours.
run "$MITSUKE" readiness --no-progress -o jsonl "$F/wrapped.xml"
check "gap('fs01.corp.example', 'security-log-retention')['severity'] == 'high'"
check "gap('fs01.corp.example', 'security-log-retention')['hours'] == 20 and gap('fs01.corp.example', 'security-log-retention')['first_record_id'] == 123456"
check "comp('fs01.corp.example')['security_since'] == '2024-03-05T00:00:00Z'"
check "chan('fs01.corp.example', 'Security')['records'] == 121 and chan('fs01.corp.example', 'Security')['record_id_last'] == 123576"
run "$MITSUKE" readiness --no-progress "$F/wrapped.xml"
expect_out "Security log on fs01.corp.example holds only 20 hours (from 2024-03-05T00:00:00Z to 2024-03-05T20:00:00Z); records before id 123456 were overwritten"
expect_out "raise the maximum log size to hold at least 90 days"
# thresholds come from the configuration
printf '[readiness]\nsecurity_span_warn = 12h\nsecurity_span_target = 30d\n' >"$T/r.conf"
run "$MITSUKE" readiness --no-progress -o jsonl --config "$T/r.conf" "$F/wrapped.xml"
check "gap('fs01.corp.example', 'security-log-retention')['severity'] == 'medium' and summ['security_span_target_hours'] == 720"
printf '[readiness]\nsecurity_span = 12h\n' >"$T/bad.conf"
run "$MITSUKE" readiness --no-progress --config "$T/bad.conf" "$F/wrapped.xml"
expect_rc 2 "unknown [readiness] key"
expect_err "security_span_warn, security_span_target"

# Cleared logs: Security 1102 and System 104, both by CORP\mallory.
run "$MITSUKE" readiness --no-progress -o jsonl "$F/cleared.xml"
check "[(o['log'], o['user'], o['time'], o['event_id']) for o in objs if o['kind'] == 'gap' and o['need'] == 'log-cleared'] == [('Security', 'CORP\\\\mallory', '2024-03-07T01:02:03Z', 1102), ('System', 'CORP\\\\mallory', '2024-03-07T01:02:10Z', 104)]"
check "comp('ws02.corp.example')['clears'] == 2 and 'security-log-retention' not in gaps('ws02.corp.example')"
run "$MITSUKE" readiness --no-progress "$F/cleared.xml"
expect_out 'The Security log on ws02.corp.example was cleared at 2024-03-07T01:02:03Z by CORP\mallory (event 1102)'

# 4688 without a command line: the command-line gap, not the process-creation one.
run "$MITSUKE" readiness --no-progress -o jsonl "$F/nocmdline.xml"
check "gap('ws03', 'process-command-line')['events_4688'] == 2 and 'process-creation' not in gaps('ws03')"
check "comp('ws03')['verdicts']['what_ran'] == 'partly'"

# A domain controller named with --dc and absent from the input.
run "$MITSUKE" readiness --no-progress -o jsonl --dc DC09.corp.example "$F/full.xml"
expect_rc 1 "DC missing"
check "gap('dc09.corp.example', 'domain-controller-missing')['severity'] == 'critical' and comp('dc09.corp.example')['declared_dc']"

# ---- hostile names ----------------------------------------------------------
python3 - "$T/hostile.xml" <<'PY'
import sys
name = b"EVIL\x1b[31m\x07" + b"\xff\xfe" + b"A" * 10240 + b".corp"
chan = b"Chan\x1b]0;pwned\x07" + b"\xc3" + b"B" * 5000
def ev(comp, ch, eid, rid):
    prov = b"Microsoft-Windows-Eventlog" if eid == 1102 else b"x"
    return (b"<Event><System><Provider Name='" + prov + b"'/><EventID>" + str(eid).encode() + b"</EventID>"
            b"<TimeCreated SystemTime='2024-03-01T00:00:00Z'/><EventRecordID>" + str(rid).encode() +
            b"</EventRecordID><Channel>" + ch + b"</Channel><Computer>" + comp + b"</Computer></System>"
            b"<EventData><Data Name='SubjectUserName'>\x1b[2J" + b"C" * 3000 + b"</Data></EventData></Event>\n")
with open(sys.argv[1], "wb") as f:
    f.write(ev(name, b"Security", 4624, 5))
    f.write(ev(name, chan, 1, 6))
    f.write(ev(name, b"Security", 1102, 7))
PY
run "$MITSUKE" readiness --no-progress --format winxml "$T/hostile.xml"
expect_rc 1 "hostile text"
python3 - "$T/out" <<'PY' || fail "hostile text output not bounded or not escaped"
import sys
data = open(sys.argv[1], "rb").read()
assert b"\x1b" not in data and b"\x07" not in data, "control characters in the output"
data.decode("utf-8")  # valid UTF-8
assert max(len(l) for l in data.split(b"\n")) < 2000, "an unbounded line"
PY
run "$MITSUKE" readiness --no-progress --format winxml -o jsonl "$T/hostile.xml"
python3 - "$T/out" <<'PY' || fail "hostile JSON output not bounded or not escaped"
import json, sys
raw = open(sys.argv[1], "rb").read()
assert b"\x1b" not in raw and b"\x07" not in raw
objs = [json.loads(l) for l in raw.decode("utf-8").splitlines()]
comps = [o for o in objs if o["kind"] == "computer"]
assert len(comps) == 1 and len(comps[0]["computer"]) <= 255, len(comps[0]["computer"])
assert comps[0]["computer"].startswith("evil\x1b[31m\x07")  # kept, as escaped JSON
chans = [o for o in objs if o["kind"] == "channel"]
assert len(chans) == 2 and all(len(c["channel"]) <= 255 for c in chans)
cl = [o for o in objs if o["kind"] == "gap" and o["need"] == "log-cleared"]
assert len(cl) == 1 and len(cl[0]["user"]) <= 255
assert max(len(l) for l in raw.split(b"\n")) < 8000
PY

# ---- the command line ---------------------------------------------------------
run "$MITSUKE" readiness --help
expect_rc 0 "help"
expect_out "--dc NAME"
run "$MITSUKE" readiness --output html "$F/full.xml"
expect_rc 2 "bad --output"
# no Windows events at all: nothing can be answered
squid_lines 5 >"$T/proxy.log"
run "$MITSUKE" readiness --no-progress "$T/proxy.log"
expect_out "No Windows events in the input"
expect_out "1 source(s) held records that are not Windows events"
run "$MITSUKE" readiness --no-progress "$T/missing.xml" "$F/dc.json"
expect_rc 3 "a missing input"
echo "readiness: ok"
