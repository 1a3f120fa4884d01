#!/usr/bin/env bash
# install.sh - `make install DESTDIR=... PREFIX=/usr` puts the program, the
# manual page and the rules in place, from a fresh build directory (so the
# build under test is not reconfigured while other tests use it).
source "$(dirname "$0")/lib/common.sh"
if grep -q 'MITSUKE_SANITIZE:BOOL=ON' "${BUILDDIR:-/nonexistent}/CMakeCache.txt" 2>/dev/null; then
  echo "SKIP: sanitizer build; the install is tested in the normal build"
  exit 0
fi
command -v cmake >/dev/null || { echo "SKIP: cmake is not installed"; exit 0; }

make -C "$SRCDIR" install BUILD="$T/build" DESTDIR="$T/root" PREFIX=/usr JOBS=2 >"$T/make.log" 2>&1 ||
  { tail -30 "$T/make.log" >&2; fail "make install failed"; }
root=$T/root/usr
[ -x "$root/bin/mitsuke" ] || fail "bin/mitsuke not installed"
"$root/bin/mitsuke" --version | grep -q '^mitsuke ' || fail "the installed program does not run"
[ -f "$root/share/man/man1/mitsuke.1" ] || fail "man page not installed"
if command -v man >/dev/null; then
  man -l "$root/share/man/man1/mitsuke.1" 2>/dev/null | grep -q 'EXIT STATUS' || fail "man page does not render"
fi
grep -q 'MITSUKE_INSTALL_PREFIX\|CMAKE_INSTALL_PREFIX:PATH=/usr$' "$T/build/CMakeCache.txt" || fail "prefix not configured"
if [ -d "$SRCDIR/rules" ]; then
  [ -d "$root/share/mitsuke/rules" ] || fail "share/mitsuke/rules not installed"
  want=$(cd "$SRCDIR/rules" && find . -type f | sort)
  got=$(cd "$root/share/mitsuke/rules" && find . -type f | sort)
  [ "$want" = "$got" ] || fail "installed rules differ from rules/"
else
  echo "note: no rules/ in this tree yet; share/mitsuke/rules is installed once it exists"
fi
# nothing outside PREFIX
[ "$(cd "$T/root" && ls)" = usr ] || fail "files installed outside PREFIX: $(cd "$T/root" && ls)"
echo "ok"
