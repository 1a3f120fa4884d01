#!/usr/bin/env bash
# cli_basics.sh - --help, --version and exit codes of mitsuke and of every
# command it lists: 0 for help, 2 for usage errors, 3 for inputs that do not
# exist; help in Japanese with --lang ja.
source "$(dirname "$0")/lib/common.sh"

run "$MITSUKE" --version
expect_rc 0 "--version"
grep -qE '^mitsuke [0-9]+\.[0-9]+\.[0-9]+$' "$T/out" || fail "--version format"

run "$MITSUKE" --help
expect_rc 0 "--help"
expect_out "Usage: mitsuke COMMAND"
expect_out "Exit status: 0 ok, 1 findings present, 2 usage error, 3 input error"
commands=$(awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{exit}' "$T/out")
[ -n "$commands" ] || fail "no commands listed in --help"
echo "$commands" | grep -qx events || fail "events not listed"
echo "$commands" | grep -qx coverage || fail "coverage not listed"

run "$MITSUKE" --lang ja --help
expect_rc 0 "--lang ja --help"
expect_out "使い方: mitsuke コマンド"

run "$MITSUKE"
expect_rc 2 "no command"
run "$MITSUKE" no-such-command
expect_rc 2 "unknown command"
expect_err "unknown command"
run "$MITSUKE" --no-such-option
expect_rc 2 "unknown global option"

for c in $commands; do
  run "$MITSUKE" "$c" --help
  expect_rc 0 "$c --help"
  grep -q "mitsuke $c" "$T/out" || fail "$c --help does not name the command"
  run "$MITSUKE" --lang ja "$c" --help
  expect_rc 0 "ja $c --help"
  grep -qP '[\x{3040}-\x{30ff}\x{4e00}-\x{9fff}]' "$T/out" || fail "$c --help has no Japanese with --lang ja"
  run "$MITSUKE" help "$c"
  expect_rc 0 "help $c"
  run "$MITSUKE" "$c" --definitely-not-an-option
  expect_rc 2 "$c with a bad option"
  expect_err "mitsuke $c"
done

# commands that read logs: a missing input is an input error (3), bad option
# values are usage errors (2)
for c in events coverage; do
  run "$MITSUKE" "$c" "$T/no/such/file.log"
  expect_rc 3 "$c with a missing path"
  expect_err "no/such/file.log"
  expect_err "No such file"
  run "$MITSUKE" "$c" --format no-such-format "$FIXTURES/proxy/squid-native.log"
  expect_rc 2 "$c --format unknown"
  expect_err "unknown format"
  run "$MITSUKE" "$c" --tz Mars/Base "$FIXTURES/proxy/squid-native.log"
  expect_rc 2 "$c --tz unknown"
  run "$MITSUKE" "$c" --max-line 10 "$FIXTURES/proxy/squid-native.log"
  expect_rc 2 "$c --max-line too small"
  run "$MITSUKE" "$c" --output nonsense "$FIXTURES/proxy/squid-native.log"
  expect_rc 2 "$c --output nonsense"
  run "$MITSUKE" "$c" "$FIXTURES/proxy/squid-native.log"
  expect_rc 0 "$c on a good file"
  # one good and one missing path: the good one is still read, status 3
  run "$MITSUKE" "$c" "$FIXTURES/proxy/squid-native.log" "$T/missing.log"
  expect_rc 3 "$c with one missing path"
  [ -s "$T/out" ] || fail "$c printed nothing for the good file"
done
run "$MITSUKE" coverage --min-gap 0 "$FIXTURES/proxy/squid-native.log"
expect_rc 2 "coverage --min-gap 0"
echo "ok"
