#!/usr/bin/env bash
# Checks that build systems can drive p3cc (issue 13). scripts/test.sh runs
# each as one of its closing checks; each prints what it did and exits
# non-zero with the reason on failure.
#   scripts/toolchain-check.sh queries     p3cc answers --version, -dumpmachine,
#                                          -print-*; a refused link names the
#                                          libc function behind each import
#   scripts/toolchain-check.sh cmake       tests/toolchain/ with cmake/p3net.cmake:
#                                          configure results, a static library,
#                                          app.wasm run on Wasmtime; try_run
#                                          without and with bin/p3run
#   scripts/toolchain-check.sh configure   tests/toolchain/configure, autoconf's
#                                          probes, natively (the oracle) and as
#                                          CC=bin/p3cc ... --host=wasm32-wasi
# Work goes to build/toolchain/ (fresh each run).
set -uo pipefail
P3=$(cd "$(dirname "$0")/.." && pwd)
cd "$P3"
export PATH="$HOME/.cargo/bin:$PATH"
out=$P3/build/toolchain
src=$P3/tests/toolchain
AR_WASM=${AR_WASM:-llvm-ar-19}
RANLIB_WASM=${RANLIB_WASM:-llvm-ranlib-19}

fail() { echo "FAILED: $*"; exit 1; }

# expect FILE LINE...: every LINE is a line of FILE.
expect() {
  local f=$1 l
  shift
  for l in "$@"; do
    grep -qxF -- "$l" "$f" || { echo "--- $f:"; cat "$f"; fail "no line '$l'"; }
  done
}

# The lines app.c prints when the checks found what a component has.
APP_LINES=("greet: domain/udp is port 53"
  "netdb.h=yes net/if.h=yes ifaddrs.h=yes syslog.h=yes"
  "gethostbyname=yes getservbyname=yes if_nametoindex=yes sigaction=yes"
  "getifaddrs=yes gethostname=yes ip_mreqn=yes"
  "fopen=yes opendir=yes fork=no")

check_queries() {
  mkdir -p "$out/queries"
  local d=$out/queries
  bin/p3cc --version >"$d/version" 2>&1 || fail "p3cc --version exited $?"
  head -n 1 "$d/version" | grep -q '^p3cc (p3net .*wasip3' || fail "p3cc --version: $(head -n 1 "$d/version")"
  grep -q 'clang version' "$d/version" || fail "p3cc --version names no clang"
  [ "$(bin/p3cc -dumpmachine)" = wasm32-unknown-wasi ] || fail "-dumpmachine: $(bin/p3cc -dumpmachine)"
  [ -f "$(bin/p3cc -print-file-name=libc.a)" ] || fail "-print-file-name=libc.a: no such file"
  [[ "$(bin/p3cc -print-prog-name=ld)" == */wasm-ld* ]] || fail "-print-prog-name=ld: $(bin/p3cc -print-prog-name=ld)"
  bin/p3cc -print-search-dirs | grep -q '^libraries: ' || fail "-print-search-dirs"
  bin/p3cc -shared -o "$d/x.so" "$src/greet.c" 2>"$d/shared.err" && fail "p3cc -shared succeeded"
  grep -q 'no shared libraries' "$d/shared.err" || fail "-shared: $(cat "$d/shared.err")"
  # A refused link names the function that pulled in each import.
  # posix_fallocate: the sysroot's needs preview 1, and wasi:filesystem has
  # nothing to build one on, so p3net has none.
  printf 'int posix_fallocate(int, long long, long long);\nint main(void) { return posix_fallocate(3, 0, 1); }\n' >"$d/files.c"
  rm -f "$d/files.wasm"
  bin/p3cc -o "$d/files.wasm" "$d/files.c" 2>"$d/files.err" && fail "p3cc linked posix_fallocate"
  cat "$d/files.err"
  grep -q '^  wasi_snapshot_preview1 fd_allocate: posix_fallocate (called in files.c)$' "$d/files.err" ||
    fail "the refusal does not name posix_fallocate"
  [ ! -e "$d/files.wasm" ] || fail "a refused link left $d/files.wasm"
  echo "queries and refusals as documented"
}

check_cmake() {
  command -v cmake >/dev/null || fail "cmake is not installed"
  local b=$out/cmake gen=()
  rm -rf "$b"
  command -v ninja >/dev/null && gen=(-G Ninja)
  cmake "${gen[@]}" -DCMAKE_TOOLCHAIN_FILE="$P3/cmake/p3net.cmake" -S "$src" -B "$b" >"$out/cmake.log" 2>&1 ||
    { cat "$out/cmake.log"; fail "cmake configure failed"; }
  grep -q 'The C compiler identification is Clang' "$out/cmake.log" || fail "compiler not identified as Clang"
  grep -q 'set(CMAKE_SYSTEM_NAME "WASI")' "$b"/CMakeFiles/*/CMakeSystem.cmake || fail "system is not WASI"
  grep -q 'CMake Warning' "$out/cmake.log" && { cat "$out/cmake.log"; fail "cmake warned"; }
  cmake --build "$b" >>"$out/cmake.log" 2>&1 || { cat "$out/cmake.log"; fail "cmake build failed"; }
  [ -f "$b/app.wasm" ] || fail "no app.wasm: the executable suffix is not .wasm"
  [ -f "$b/libgreet.a" ] || fail "no libgreet.a"
  wasm-tools component wit "$b/app.wasm" >/dev/null || fail "app.wasm is not a component"
  timeout 60 bin/p3run "$b/app.wasm" >"$out/cmake.run" 2>&1 || { cat "$out/cmake.run"; fail "app.wasm exited $?"; }
  expect "$out/cmake.run" "${APP_LINES[@]}"
  cat "$out/cmake.run"
  # try_run: asks for its answer without an emulator, runs with p3run.
  rm -rf "$out/try_run" "$out/try_run_emu"
  cmake -DCMAKE_TOOLCHAIN_FILE="$P3/cmake/p3net.cmake" -S "$src/try_run" -B "$out/try_run" \
    >"$out/try_run.log" 2>&1 && fail "try_run without an emulator did not stop configure"
  grep -q 'try_run() invoked in cross-compiling mode' "$out/try_run.log" ||
    { cat "$out/try_run.log"; fail "try_run without an emulator"; }
  cmake -DCMAKE_TOOLCHAIN_FILE="$P3/cmake/p3net.cmake" -DCMAKE_CROSSCOMPILING_EMULATOR="$P3/bin/p3run" \
    -S "$src/try_run" -B "$out/try_run_emu" >"$out/try_run_emu.log" 2>&1 ||
    { cat "$out/try_run_emu.log"; fail "try_run with bin/p3run as emulator"; }
  grep -q 'try_run: compiled=TRUE status=3 output=ran as a component' "$out/try_run_emu.log" ||
    { cat "$out/try_run_emu.log"; fail "try_run with bin/p3run: wrong status or output"; }
  echo "try_run: refused without an emulator, ran with bin/p3run"
}

# run_configure DIR CC...: runs tests/toolchain/configure in DIR.
run_configure() {
  local d=$1
  shift
  rm -rf "$d" && mkdir -p "$d"
  (cd "$d" && env "$@" "$src/configure" ${HOST:+--host=$HOST}) >"$d.log" 2>&1 ||
    { cat "$d.log"; fail "configure in $d failed"; }
}

check_configure() {
  # Natively first: the same script must find fopen there (its probes can
  # tell yes from no) and run what it builds.
  HOST="" run_configure "$out/configure-native" CC=cc AR=ar RANLIB=ranlib
  grep -qx 'CROSS_COMPILING = no' "$out/configure-native/config.mk" || fail "native: cross compiling?"
  grep -qx '#define HAVE_FOPEN 1' "$out/configure-native/config.h" || fail "native: no fopen"
  # The documented recipe.
  HOST=wasm32-wasi run_configure "$out/configure" CC="$P3/bin/p3cc" AR="$AR_WASM" RANLIB="$RANLIB_WASM"
  local d=$out/configure
  cat "$d.log"
  expect "$d/config.mk" "CROSS_COMPILING = yes" "EXEEXT = " "OBJEXT = o"
  local h
  for h in NETDB_H NET_IF_H IFADDRS_H SYSLOG_H SIGNAL_H GETHOSTBYNAME GETSERVBYNAME GETPROTOBYNAME \
    GETIFADDRS IF_NAMETOINDEX GETHOSTNAME SIGACTION SIGPROCMASK SYSLOG GETPID STRERROR FOPEN OPENDIR; do
    grep -qx "#define HAVE_$h 1" "$d/config.h" || fail "configure did not find $h"
  done
  for h in FORK; do
    grep -q "HAVE_$h" "$d/config.h" && fail "configure found $h, which a component cannot link"
  done
  # Build with what configure found, as a Makefile would.
  {
    echo "#define HAVE_IP_MREQN 1"
    cat "$d/config.h"
  } >"$d/config.h.new" && mv "$d/config.h.new" "$d/config.h"
  (cd "$d" && "$P3/bin/p3cc" -O2 -c "$src/greet.c" -o greet.o && "$AR_WASM" cru libgreet.a greet.o &&
    "$RANLIB_WASM" libgreet.a && "$P3/bin/p3cc" -O2 -I. -o app "$src/app.c" libgreet.a) \
    >>"$d.log" 2>&1 || { cat "$d.log"; fail "building with config.h failed"; }
  timeout 60 bin/p3run "$d/app" >"$d.run" 2>&1 || { cat "$d.run"; fail "app exited $?"; }
  expect "$d.run" "${APP_LINES[@]}"
  cat "$d.run"
}

mkdir -p "$out"
case ${1:-} in
  queries) check_queries ;;
  cmake) check_cmake ;;
  configure) check_configure ;;
  *) echo "usage: $0 queries|cmake|configure" >&2; exit 2 ;;
esac
