#!/usr/bin/env bash
# inputs.sh - the ways logs come in: stdin as "-" (and when no path is
# given), directories, quoted globs, rotated sets read oldest first whatever
# the order typed, .gz/.zst/misnamed compression, a file named twice.
source "$(dirname "$0")/lib/common.sh"

# the source of each event, in output order, one per run of equal names
sources_in_order() {
  python3 -c '
import json, sys
last = None
for l in open(sys.argv[1]):
    s = json.loads(l)["source"]
    if s != last:
        print(s.rsplit("/", 1)[-1]); last = s' "$T/out"
}

# --- stdin
squid_lines 25 >"$T/a.log"
run_in "$T/a.log" "$MITSUKE" events -
expect_rc 0 "stdin as -"
[ "$(wc -l <"$T/out")" -eq 25 ] || fail "25 events from stdin"
expect_out '"source":"(stdin)"'
run_in "$T/a.log" "$MITSUKE" events
expect_rc 0 "stdin without a path"
[ "$(wc -l <"$T/out")" -eq 25 ] || fail "25 events from implicit stdin"
gzip -c "$T/a.log" >"$T/a.log.gz"
run_in "$T/a.log.gz" "$MITSUKE" coverage --output json -
expect_rc 0 "gzip on stdin"
json_check "$T/out" 'src("(stdin)")["records"] == 25 and src("(stdin)")["codec"] == "gzip"'

# --- rotated set: access.log.2.gz (oldest), access.log.1, access.log (live)
mkdir "$T/rot"
squid_lines 10 1431000000 >"$T/rot/p2"
squid_lines 10 1431100000 >"$T/rot/access.log.1"
squid_lines 10 1431200000 >"$T/rot/access.log"
gzip -c "$T/rot/p2" >"$T/rot/access.log.2.gz"
rm "$T/rot/p2"
run "$MITSUKE" events "$T/rot"
expect_rc 0 "rotated directory"
[ "$(sources_in_order | tr '\n' ' ')" = "access.log.2.gz access.log.1 access.log " ] ||
  fail "rotation order from a directory: $(sources_in_order | tr '\n' ' ')"
run "$MITSUKE" events "$T/rot/access.log" "$T/rot/access.log.1" "$T/rot/access.log.2.gz"
[ "$(sources_in_order | tr '\n' ' ')" = "access.log.2.gz access.log.1 access.log " ] ||
  fail "rotation order from typed paths: $(sources_in_order | tr '\n' ' ')"
# the times come out in order too
python3 -c '
import json, sys
t = [json.loads(l)["time"] for l in open(sys.argv[1])]
assert t == sorted(t), "times out of order"' "$T/out" || fail "rotated set not in time order"
# a quoted glob is expanded by mitsuke
run "$MITSUKE" events "$T/rot/access.log*"
expect_rc 0 "quoted glob"
[ "$(sources_in_order | tr '\n' ' ')" = "access.log.2.gz access.log.1 access.log " ] || fail "glob order"
run "$MITSUKE" events "$T/rot/*.nomatch"
expect_rc 3 "glob without a match"
expect_err "no file matches this pattern"

# --- zstd, and compression told by content, not by name
squid_lines 30 >"$T/z.log"
zstd -q -c "$T/z.log" >"$T/z.log.zst"
gzip -c "$T/z.log" >"$T/looks-plain.log"
run "$MITSUKE" coverage --output json "$T/z.log.zst" "$T/looks-plain.log"
expect_rc 0 "zst and misnamed gzip"
json_check "$T/out" 'src("z.log.zst")["codec"] == "zstd" and src("z.log.zst")["records"] == 30'
json_check "$T/out" 'src("looks-plain.log")["codec"] == "gzip" and src("looks-plain.log")["records"] == 30'
# a gzip whose members were concatenated (cat a.gz b.gz)
cat "$T/a.log.gz" "$T/a.log.gz" >"$T/twice.gz"
run "$MITSUKE" coverage --output json "$T/twice.gz"
json_check "$T/out" 'src("twice.gz")["records"] == 50'

# --- the same file reached twice is read once
run "$MITSUKE" coverage --output json "$T/a.log" "$T/./a.log" "$T/a.lo?"
json_check "$T/out" 'allsrc["sources"] == 1 and allsrc["records"] == 25'

# --- directories are walked recursively, in name order
mkdir -p "$T/tree/b" "$T/tree/a"
squid_lines 3 >"$T/tree/b/x.log"
squid_lines 4 >"$T/tree/a/y.log"
squid_lines 5 >"$T/tree/c.log"
run "$MITSUKE" coverage --output json "$T/tree"
json_check "$T/out" '[o["source"].split("tree/")[1] for o in objs if o["scope"] == "source"] == ["a/y.log", "b/x.log", "c.log"]'
json_check "$T/out" 'allsrc["records"] == 12'
echo "ok"
