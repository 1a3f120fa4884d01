#!/usr/bin/env bash
# evtx_differential.sh - mitsuke's own .evtx reader against libevtx.
#
# For every shared .evtx file (and two made here that hold every value type,
# arrays, optional values left out, a template used twice, nested BinXml and
# UserData), `mitsuke events FILE.evtx` must agree with `evtxexport -f xml`
# parsed independently (lib/evtx_compare.py, xml.etree) on every record:
# count, ids, times, event ids, channels, computers, providers, levels and
# every data pair. Zero differences. Then the same XML read by mitsuke's
# winxml reader must give the same events too (banner skipped silently),
# CR LF inside values aside (a line-based XML reader sees LF, as XML says),
# and the indentation evtxexport puts around an element inside a value.
# Also: the file through gzip and stdin, zstd, and --format evtx.
source "$(dirname "$0")/lib/common.sh"
: "${SHARED:?}"
command -v evtxexport >/dev/null || { echo "SKIP: evtxexport (libevtx-utils) not installed"; exit 0; }
lib="$(dirname "$0")/lib"

files=("$SHARED"/data/evtx/*.evtx "$SHARED"/data/sigma-regression/*/*.evtx)
[ "${#files[@]}" -ge 9 ] || fail "expected the shared .evtx files, found ${#files[@]}"
python3 "$lib/evtx_gen.py" types "$T/gen_types.evtx"
python3 "$lib/evtx_gen.py" userdata "$T/gen_userdata.evtx"
files+=("$T/gen_types.evtx" "$T/gen_userdata.evtx")

total=0
for f in "${files[@]}"; do
  name=$(basename "$f" .evtx)
  evtxexport -f xml "$f" >"$T/ref.xml" 2>"$T/ref.err" || fail "evtxexport failed on $f"
  run "$MITSUKE" events --no-progress "$f"
  expect_rc 0 "$name"
  [ ! -s "$T/err" ] || fail "diagnostics for a sound file $name"
  cp "$T/out" "$T/evtx.jsonl"
  python3 "$lib/evtx_compare.py" "$T/ref.xml" "$T/evtx.jsonl" "$name" >"$T/cmp" || { cat "$T/cmp" >&2; fail "$name differs from evtxexport"; }
  n=$(wc -l <"$T/evtx.jsonl")
  total=$((total + n))

  # the same XML through winxml (the banner line must not be reported)
  run_in "$T/ref.xml" "$MITSUKE" events --no-progress --format winxml -
  expect_rc 0 "winxml on evtxexport output of $name"
  [ ! -s "$T/err" ] || fail "winxml reported lines of evtxexport output ($name)"
  python3 - "$T/evtx.jsonl" "$T/out" "$name" <<'EOF' || fail "winxml and evtx disagree on $name"
import html, json, re, sys
def norm(v):
    # CR LF: see above; an element inside a value: evtxexport indents it, and
    # winxml decodes the entities of the whole inner XML
    v = v.replace("\r\n", "\n")
    return html.unescape(re.sub(r">\s+<", "><", v).strip()) if "<" in v else v
def load(p):
    out = []
    for l in open(p, encoding="utf-8"):
        e = json.loads(l, object_pairs_hook=lambda kv: kv)
        d = dict(e)
        data = [(k, norm(v)) for k, v in d["data"]]
        out.append((d["time"], d["event_id"], d["record_id"], d["channel"], d["computer"], d["provider"], d["level"], data))
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            print(sys.argv[3], "record", i + 1, "\n evtx  ", x, "\n winxml", y)
            break
    print(sys.argv[3], len(a), len(b))
    sys.exit(1)
EOF
done
[ "$total" -ge 900 ] || fail "only $total records in all"

# line = record number, offset = the record's byte offset in the file
f="$SHARED/data/evtx/LM_Remote_Service02_7045.evtx"
run "$MITSUKE" events --no-progress "$f"
json_check "$T/out" 'objs[0]["line"] == 1 and objs[0]["offset"] == 4608 and objs[2]["line"] == 3'

# gzip'd, through stdin, and named with --format
big="$SHARED/data/evtx/LM_5145_Remote_FileCopy.evtx"
gzip -c "$big" >"$T/big.evtx.gz"
run "$MITSUKE" events --no-progress "$big"
cp "$T/out" "$T/plain.jsonl"
run_in "$T/big.evtx.gz" "$MITSUKE" events --no-progress --format evtx -
expect_rc 0 "gzip on stdin"
cmp -s <(sed 's/"source":"[^"]*"//' "$T/plain.jsonl") <(sed 's/"source":"[^"]*"//' "$T/out") || fail "gzip'd evtx differs"
if command -v zstd >/dev/null; then
  zstd -q -c "$big" >"$T/big.evtx.zst"
  run "$MITSUKE" events --no-progress "$T/big.evtx.zst"
  expect_rc 0 "zstd"
  cmp -s <(sed 's/"source":"[^"]*"//' "$T/plain.jsonl") <(sed 's/"source":"[^"]*"//' "$T/out") || fail "zstd'd evtx differs"
fi
run "$MITSUKE" coverage --no-progress --output json "$T/big.evtx.gz"
expect_rc 0 "coverage of a gzip'd evtx"
json_check "$T/out" 'src("big.evtx.gz")["format"] == "evtx" and src("big.evtx.gz")["codec"] == "gzip" and src("big.evtx.gz")["records"] == 869 and src("big.evtx.gz")["unparsed"] == 0 and src("big.evtx.gz")["complete"]'

# --format evtx on something that is not one: said once, input error
printf 'hello\nworld\n' >"$T/not.evtx"
run "$MITSUKE" events --no-progress --format evtx "$T/not.evtx"
expect_rc 3 "--format evtx on a text file"
expect_err "no EVTX file signature"
echo "ok: $total records agree with evtxexport"
