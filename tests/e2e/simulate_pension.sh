#!/usr/bin/env bash
# simulate_pension.sh - pension-2015 over its first 16 days (through the
# Saturday cut-off): truth.json has the report's counts, every log file
# parses with mitsuke's own readers with no unparsed record, and every mail
# opens with Python's email package with the archives and stand-ins intact.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
out=$T/pension
"$MITSUKE" simulate --scenario pension-2015 --out "$out" --terminals 60 --days 16 --seed 3 --json --no-progress >"$T/summary.json"
python3 "$here/lib/check_truth.py" "$out"
python3 "$here/lib/check_mail.py" "$out"
for d in proxy firewall windows fileserver; do
  if ! "$MITSUKE" events --output none --no-progress "$out/$d" 2>"$T/err.txt"; then
    echo "events failed on $d"; cat "$T/err.txt"; exit 1
  fi
  if [ -s "$T/err.txt" ]; then
    echo "unparsed records in $d:"; head -20 "$T/err.txt"; exit 1
  fi
done
grep -q "演習データ" "$out/README.md"
grep -q "Exercise data" "$out/README.md"
echo "pension-2015 ok"
