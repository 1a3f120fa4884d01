#!/usr/bin/env bash
# evtx_damaged.sh - damaged .evtx files, made here from a shared one: a file
# cut in the middle of a chunk, a chunk of zeros, a record whose size field
# or body has a flipped bit, a chunk header with a flipped bit, a file header
# with a flipped bit, and a file cut inside its header. For each: no crash
# (the exit status is 3, the input-error status, never a signal), a message
# that names the file and the byte offset (and chunk), every record of the
# undamaged chunks still there (ids compared with the undamaged file's), and
# the intact records of the damaged chunk recovered.
source "$(dirname "$0")/lib/common.sh"
: "${SHARED:?}"
src="$SHARED/data/evtx/LM_5145_Remote_FileCopy.evtx"
[ -f "$src" ] || fail "missing $src"

run "$MITSUKE" events --no-progress "$src"
expect_rc 0 "the undamaged file"
cp "$T/out" "$T/good.jsonl"

# damage NAME PYTHON: writes $T/NAME.evtx from the shared file; the code sees
# `d` (a bytearray of the file), CH(k) (offset of chunk k) and `records`
# (the undamaged run's (chunk, offset) list) and may shorten d.
damage() {
  python3 - "$src" "$T/$1.evtx" "$T/good.jsonl" "$2" <<'EOF'
import json, sys
d = bytearray(open(sys.argv[1], "rb").read())
def CH(k): return 4096 + k * 65536
records = [((e["offset"] - 4096) // 65536, e["offset"]) for e in map(json.loads, open(sys.argv[3]))]
exec(sys.argv[4])
open(sys.argv[2], "wb").write(d)
EOF
}

# check NAME DAMAGED_CHUNK EXPECT_OFFSET_TEXT PYTHON_ON_IDS: runs mitsuke on
# the damaged file and checks the rules above. The Python code sees `good`
# and `got` (lists of events) and `lost_chunk` (the damaged chunk) and adds
# its own assertions about the damaged chunk.
check() {
  local name=$1 chunk=$2 where=$3 extra=$4
  run "$MITSUKE" events --no-progress "$T/$name.evtx"
  [ "$rc" -lt 128 ] || fail "$name: killed by signal $((rc - 128))"
  expect_rc 3 "$name"
  expect_err "$T/$name.evtx: offset "
  expect_err "$where"
  python3 - "$T/good.jsonl" "$T/out" "$chunk" "$extra" "$name" <<'EOF' || fail "$name: records"
import json, sys
def load(p):
    out = []
    for l in open(p):
        e = json.loads(l)
        del e["source"], e["line"]  # line: the number in reading order, which a lost record shifts
        out.append(e)
    return out
good, got = load(sys.argv[1]), load(sys.argv[2])
lost_chunk = int(sys.argv[3])
chunk = lambda e: (e["offset"] - 4096) // 65536
have = {(e["record_id"], e["offset"]) for e in got}
missing = [e["record_id"] for e in good if chunk(e) != lost_chunk and (e["record_id"], e["offset"]) not in have
           and not (sys.argv[5] in ("cut", "shorthdr") and chunk(e) > lost_chunk)]  # nothing left of those
assert not missing, ("records of undamaged chunks missing", sys.argv[5], missing[:10])
in_chunk = [e for e in good if chunk(e) == lost_chunk]
got_chunk = [e for e in got if chunk(e) == lost_chunk]
exec(sys.argv[4])
EOF
  # coverage says so too
  run "$MITSUKE" coverage --no-progress --output json "$T/$name.evtx"
  expect_rc 3 "$name coverage"
  json_check "$T/out" "src(\"$name.evtx\")[\"complete\"] is False and src(\"$name.evtx\")[\"format\"] == \"evtx\""
}

# 1. cut in the middle of chunk 5: its records that end before the cut are kept
cut=$((4096 + 5 * 65536 + 30000))
damage cut "del d[$cut:]"
check cut 5 "(chunk 5): the file ends inside a chunk" "
ends = sorted(e['offset'] for e in good) + [10**12]
whole = [e for e in in_chunk if ends[ends.index(e['offset']) + 1] <= $cut]
assert len(whole) > 10 and all(e in got for e in whole), 'intact records before the cut lost'
assert all(e['offset'] < $cut for e in got_chunk)"

# 2. chunk 3 all zeros: its records are gone, nothing else is
damage zeroed "d[CH(3):CH(4)] = bytes(65536)"
check zeroed 3 "offset $((4096 + 3 * 65536)) (chunk 3): chunk is all zero bytes" "
assert not got_chunk and len(got) == len(good) - len(in_chunk)"

# 3a. a flipped bit in the size field of the 6th record of chunk 2: that record
# is skipped, the chunk's other records are found again by their signature
damage recsize "o = [r for r in records if r[0] == 2][5][1]; d[o + 5] ^= 0x10"
check recsize 2 "(chunk 2): event records checksum mismatch" "
assert len(got_chunk) == len(in_chunk) - 1, (len(got_chunk), len(in_chunk))
assert [e for e in in_chunk if e not in got] == [in_chunk[5]]"
expect_err ": skipped"

# 3b. flipped bits inside a record's body (a value): the chunk's checksum
# fails, every record is still checked and kept when it decodes
damage recbody "o = [r for r in records if r[0] == 2][7][1]; d[o + 200] ^= 0x01; d[o + 201] ^= 0x40"
check recbody 2 "(chunk 2): event records checksum mismatch: records are checked one by one" "
assert len(got_chunk) >= len(in_chunk) - 1
assert all(e in got for i, e in enumerate(in_chunk) if i != 7)"

# 4. a flipped bit in chunk 1's header: reported, all its records kept
damage chunkhdr "d[CH(1) + 60] ^= 0x04; d[CH(1) + 9] ^= 0x01"
check chunkhdr 1 "offset $((4096 + 65536 + 124)) (chunk 1): chunk header checksum mismatch" "
assert len(got) == len(good) and got == good"

# 5. a flipped bit in the file header: reported, nothing lost
damage filehdr "d[50] ^= 0x01"
check filehdr -1 "offset 124 (file header): file header checksum mismatch" "
assert got == good"

# 6. cut inside the file header: no records, said once
damage shorthdr "del d[2000:]"
check shorthdr -1 "offset 2000 (file header): the file ends inside its header" "
assert not got"

# 7. a chunk's signature destroyed: its records are still found one by one
damage nosig "d[CH(4):CH(4) + 8] = b'XXXXXXXX'"
check nosig 4 "(chunk 4): no chunk signature" "
assert got_chunk == in_chunk"

# 8. random garbage over half of chunk 6, gzip'd on stdin: no crash
damage garbage "import random; random.seed(7); d[CH(6) + 9000:CH(6) + 40000] = bytes(random.randrange(256) for _ in range(31000))"
gzip -c "$T/garbage.evtx" >"$T/garbage.evtx.gz"
run_in "$T/garbage.evtx.gz" "$MITSUKE" events --no-progress -
[ "$rc" -lt 128 ] || fail "garbage: signal"
expect_rc 3 "garbage"
expect_err "(stdin): offset "
echo "ok"
