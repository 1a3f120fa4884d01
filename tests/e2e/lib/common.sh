# common.sh - helpers for the end-to-end tests, sourced by tests/e2e/*.sh
# (it lives in lib/ so that ctest does not register it as a test).
#
# Every test gets a scratch directory $T (removed on exit), runs the built
# program as $MITSUKE, and fails loudly with the command's output.
set -euo pipefail

: "${MITSUKE:?run through ctest (MITSUKE is the built program)}"
: "${SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
: "${FIXTURES:=$SRCDIR/tests/fixtures}"
export LC_ALL=C.UTF-8 MITSUKE_LANG=en
unset MITSUKE_TZ
T=$(mktemp -d "${TMPDIR:-/tmp}/mitsuke-e2e-XXXXXX")
trap 'rm -rf "$T"' EXIT

fail() {
  echo "FAIL: $*" >&2
  for f in "$T"/out "$T"/err; do
    [ -s "$f" ] && { echo "--- ${f##*/}:" >&2; head -c 4000 "$f" >&2; echo >&2; }
  done
  exit 1
}

# run CMD...: runs it with stdout in $T/out and stderr in $T/err; the exit
# status is in $rc (never fails by itself).
run() {
  set +e
  "$@" >"$T/out" 2>"$T/err" </dev/null
  rc=$?
  set -e
}

# run_in FILE CMD...: the same with stdin from FILE.
run_in() {
  local in=$1
  shift
  set +e
  "$@" >"$T/out" 2>"$T/err" <"$in"
  rc=$?
  set -e
}

expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1 ($2)"; }
expect_out() { grep -qF -- "$1" "$T/out" || fail "stdout lacks: $1"; }
expect_err() { grep -qF -- "$1" "$T/err" || fail "stderr lacks: $1"; }
expect_no_out() { ! grep -qF -- "$1" "$T/out" || fail "stdout has: $1"; }
expect_no_err() { ! grep -qF -- "$1" "$T/err" || fail "stderr has: $1"; }

# json_get FILE PYEXPR: evaluates PYEXPR with `objs` = the JSON lines of FILE
# (and `src(name)` = the source object whose name ends with name, `allsrc` = the
# combined one); prints the result.
json_get() {
  python3 - "$1" "$2" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
def src(name):
    m = [o for o in objs if o.get("scope") == "source" and o["source"].endswith(name)]
    assert len(m) == 1, f"{len(m)} sources named {name}"
    return m[0]
allsrc = next((o for o in objs if o.get("scope") == "all"), None)
print(eval(sys.argv[2]))
PY
}

# json_check FILE PYEXPR: fails unless PYEXPR is true.
json_check() {
  local v
  v=$(json_get "$1" "$2") || fail "cannot evaluate: $2"
  [ "$v" = True ] || fail "not true: $2 (got $v)"
}

# squid_lines N [START_EPOCH] [STEP_SECONDS]: N Squid native lines.
squid_lines() {
  python3 - "$1" "${2:-1431216000}" "${3:-1}" <<'PY'
import sys
n, t, step = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
for i in range(n):
    print(f"{t + i*step:.3f} {100 + i % 900:6d} 10.0.{i % 4}.{i % 200 + 1} TCP_MISS/200 {1000 + i} GET "
          f"http://host{i % 50}.example.com/p/{i} - HIER_DIRECT/93.184.216.{i % 250} text/html")
PY
}
