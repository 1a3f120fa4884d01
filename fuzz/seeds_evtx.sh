#!/bin/sh
# seeds_evtx.sh DIR - the seed corpus of fuzz_evtx, made when the fuzzer runs
# (the shared sample files are not copied into the project): every chunk of
# the shared .evtx files, and the chunks of the files tests/e2e/lib/evtx_gen.py
# makes (every value type, nested BinXml, UserData).
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED:-$here/../../shared}
mkdir -p "$out"
python3 "$here/../tests/e2e/lib/evtx_gen.py" types "$out/.types.evtx"
python3 "$here/../tests/e2e/lib/evtx_gen.py" userdata "$out/.userdata.evtx"
python3 - "$out" "$out/.types.evtx" "$out/.userdata.evtx" "$shared"/data/evtx/*.evtx "$shared"/data/sigma-regression/*/*.evtx <<'PY'
import os, sys
out = sys.argv[1]
for path in sys.argv[2:]:
    if not os.path.exists(path):
        continue
    d = open(path, "rb").read()
    base = os.path.basename(path).lstrip(".")
    for k, o in enumerate(range(4096, len(d), 65536)):
        c = d[o:o + 65536]
        if c[:8] == b"ElfChnk\0":
            open(os.path.join(out, "%s.chunk%d" % (base, k)), "wb").write(c)
PY
rm -f "$out/.types.evtx" "$out/.userdata.evtx"
