#!/usr/bin/env bash
# report_fixtures.sh - the report's SQL fixtures still match what they stand for:
# schema-v1.sql is the schema block of docs/store.md (the contract with scan);
# that block plus the later versions' blocks (docschema.py) give exactly the
# tables and indexes `mitsuke scan --db` writes; seed004.sql is exactly what
# gen_seed004.py writes.
set -euo pipefail
fx=$FIXTURES/report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$SRCDIR/docs/store.md" "$fx/schema-v1.sql" <<'PY'
import re, sys
doc = re.search(r"```sql\n(.*?)```", open(sys.argv[1]).read(), re.S).group(1)
fixture = open(sys.argv[2]).read()
body = fixture[fixture.index("PRAGMA user_version = 1;\n") + len("PRAGMA user_version = 1;\n"):]
if body != doc:
    sys.exit("tests/fixtures/report/schema-v1.sql differs from the schema in docs/store.md; copy it again")
PY
# docs/store.md, version by version, is the schema mitsuke writes
: > "$work/empty.log"
"$MITSUKE" scan --db "$work/scan.db" -o none --no-progress "$work/empty.log"
sqlite3 -bail "$work/doc.db" ".read $fx/schema-v1.sql"
python3 "$fx/docschema.py" upgrade "$work/doc.db"
python3 "$fx/docschema.py" describe "$work/scan.db" > "$work/scan.schema"
python3 "$fx/docschema.py" describe "$work/doc.db" > "$work/doc.schema"
diff -u "$work/doc.schema" "$work/scan.schema" >&2 || { echo "docs/store.md and the store mitsuke writes differ" >&2; exit 1; }
python3 "$fx/gen_seed004.py" > "$work/seed004.sql"
cmp -s "$work/seed004.sql" "$fx/seed004.sql" || { echo "seed004.sql is stale: run gen_seed004.py > seed004.sql" >&2; exit 1; }
# every fixture loads on top of the schema
for f in seed004 hostile; do
  rm -f "$work/$f.db"
  sqlite3 -bail "$work/$f.db" ".read $fx/schema-v1.sql" ".read $fx/$f.sql"
done
[ "$(sqlite3 "$work/seed004.db" 'PRAGMA user_version')" = 1 ]
echo ok
