#!/usr/bin/env bash
# progress.sh - the progress line: on stderr for runs longer than a second
# when stderr is a terminal (tested under a pseudo-terminal with script(1)),
# never when stderr is a file or a pipe, nor with --quiet or --no-progress.
source "$(dirname "$0")/lib/common.sh"
command -v script >/dev/null || { echo "SKIP: script(1) is not installed"; exit 0; }

squid_lines 300000 >"$T/big.log"
# a slow source: half the lines, a pause past the one-second mark, the rest
cat >"$T/slow.sh" <<SH
#!/bin/sh
{ head -n 150000 "$T/big.log"; sleep 1.3; tail -n +150001 "$T/big.log"; } | "\$@"
SH
chmod +x "$T/slow.sh"

# under a pty: stdout and stderr are the terminal
on_tty() { script -qefc "$1" /dev/null >"$T/tty" 2>&1 </dev/null || fail "under script: $1 ($(tail -c 300 "$T/tty"))"; }

on_tty "$T/slow.sh $MITSUKE events --output none -"
grep -q 'records  [0-9]* MB/s' "$T/tty" || fail "no progress line for events under a terminal: $(head -c 300 "$T/tty")"
grep -q $'\r' "$T/tty" || fail "progress is not redrawn in place"
grep -q '(stdin)' "$T/tty" || fail "progress does not name the source"

on_tty "$T/slow.sh $MITSUKE coverage -"
grep -q 'records  [0-9]* MB/s' "$T/tty" || fail "no progress line for coverage under a terminal"
grep -q '300,000 records' "$T/tty" || fail "coverage table missing after progress"

on_tty "$T/slow.sh $MITSUKE events --output none --no-progress -"
! grep -q 'MB/s' "$T/tty" || fail "progress despite --no-progress"
on_tty "$T/slow.sh $MITSUKE events --output none -q -"
! grep -q 'MB/s' "$T/tty" || fail "progress despite --quiet"

# stderr not a terminal: no progress (stderr to a file)
"$T/slow.sh" "$MITSUKE" coverage - >"$T/out" 2>"$T/err"
! grep -q 'MB/s' "$T/err" || fail "progress on stderr that is not a terminal"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(head -c 300 "$T/err")"

# a quick run shows no progress even on a terminal
on_tty "$MITSUKE events --output none $T/big.log"
! grep -q 'MB/s' "$T/tty" || echo "note: the quick run took over a second here"
echo "ok"
