# mail.sh - helpers for the mail end-to-end tests, sourced by tests/e2e/mail_*.sh
# (in lib/ so ctest does not register it). Each test gets a scratch directory
# $T, removed on exit; `run` keeps stdout, stderr and the exit status.
set -euo pipefail
: "${MITSUKE:?run through ctest (MITSUKE is the built program)}"
: "${SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
: "${FIXTURES:=$SRCDIR/tests/fixtures}"
: "${SHARED:=$SRCDIR/../shared}"
export MITSUKE_LANG=en
unset MITSUKE_TZ LANG LC_ALL LC_MESSAGES
MAILFX=$FIXTURES/mail
T=$(mktemp -d "${TMPDIR:-/tmp}/mitsuke-mail-XXXXXX")
trap 'rm -rf "$T"' EXIT

fail() {
  echo "FAIL: $*" >&2
  for f in "$T"/out "$T"/err; do
    [ -s "$f" ] && { echo "--- ${f##*/}:" >&2; head -c 3000 "$f" >&2; echo >&2; }
  done
  exit 1
}

# run CMD...: stdout to $T/out, stderr to $T/err, status in $rc
run() {
  set +e
  "$@" >"$T/out" 2>"$T/err" </dev/null
  rc=$?
  set -e
}

expect_rc() { [ "$rc" = "$1" ] || fail "exit status $rc, expected $1"; }

# jq_true FILTER: the filter must print true for the JSON lines in $T/out (slurped)
jq_true() {
  local got
  got=$(jq -s "$1" "$T/out") || fail "jq failed on: $1"
  [ "$got" = "true" ] || fail "not true: $1 (got: $got)"
}

# mail_has FILE CODE: the mail from FILE (basename match) has a reason CODE
mail_has() {
  jq_true "[.[] | select(.kind == \"mail\" and (.file | endswith(\"$1\")))] | length == 1 and (.[0].reasons | map(.code) | index(\"$2\") != null)"
}

# mail_verdict FILE VERDICT
mail_verdict() {
  jq_true "[.[] | select(.kind == \"mail\" and (.file | endswith(\"$1\")))][0].verdict == \"$2\""
}
