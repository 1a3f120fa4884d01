#!/usr/bin/env bash
# bench_evtx_tools.sh - the EVTX benchmark's file builder (bench/gen_evtx.c):
# a base Security.evtx and a larger file made by repeating its chunks are
# read by libevtx's evtxexport with every record there (ids 1..N in order,
# times increasing across the copies), and every CRC is right.
. "$(dirname "$0")/lib/common.sh"
command -v evtxexport >/dev/null || { echo "SKIP: evtxexport (libevtx-utils) not installed"; exit 0; }
cc -O1 -I "$SRCDIR/src" -o "$T/gen_evtx" "$SRCDIR/bench/gen_evtx.c" "$SRCDIR/src/sim/windows/evtx.c" -lz ||
  fail "bench/gen_evtx.c does not build"
"$T/gen_evtx" base "$T/base.evtx" 1000000 7 || fail "gen_evtx base"
"$T/gen_evtx" concat "$T/base.evtx" "$T/big.evtx" 3000000 2>"$T/err" || fail "gen_evtx concat"
[ "$(stat -c %s "$T/big.evtx")" -eq $((4096 + 45 * 65536)) ] || fail "big.evtx: $(stat -c %s "$T/big.evtx") bytes"
python3 "$SRCDIR/tests/e2e/check_evtx.py" crc "$T/base.evtx" "$T/big.evtx" >"$T/out" || fail "bad CRC"
python3 - "$T/base.evtx" "$T/big.evtx" <<'PY'
import re, struct, subprocess, sys
for path in sys.argv[1:]:
    d = open(path, "rb").read()
    chunks = (len(d) - 4096) // 65536
    records = sum(struct.unpack_from("<Q", d, 4096 + i * 65536 + 16)[0] -
                  struct.unpack_from("<Q", d, 4096 + i * 65536 + 8)[0] + 1 for i in range(chunks))
    assert struct.unpack_from("<Q", d, 24)[0] == records + 1, "next record id"
    out = subprocess.run(["evtxexport", "-f", "xml", path], capture_output=True, text=True, check=True).stdout
    ids = [int(x) for x in re.findall(r"<EventRecordID>(\d+)</EventRecordID>", out)]
    times = re.findall(r'SystemTime="([^"]+)"', out)
    assert ids == list(range(1, records + 1)), (path, len(ids), records)
    assert times == sorted(times) and len(set(times)) == len(times), "times do not increase"
    assert len(re.findall(r'<Data Name="CommandLine">', out)) > 0
    print(f"{path}: {chunks} chunks, {records} records read by evtxexport")
PY
