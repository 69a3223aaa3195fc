#!/usr/bin/env bash
# c-ares, built unmodified with cmake/p3net.cmake, against p3net (issue 13).
# Upstream code no one here wrote: the c-ares that the pycares sdist on PyPI
# bundles (with its adig and ahost tools), fetched by pip at the pinned
# version, checked against the pinned SHA-256, and cached in build/cares/dl
# (nothing of it is committed; a second run downloads nothing). adig and
# ahost then run as components on Wasmtime and jco against a DNS responder
# of our own on loopback (tests/cares/dns_responder.py): A, AAAA, NXDOMAIN,
# a truncated answer, and a server that never answers. The same c-ares,
# built natively against glibc, runs the same queries first: the oracle
# for every expectation but the declared ones below.
#
# What c-ares needs that p3net does not have yet, and how the test gets by:
#  - files (issue 14): c-ares fopens /etc/resolv.conf, /etc/hosts and its rc
#    files. If p3cc cannot link fopen, tests/cares/nofs.c (fopen fails with
#    ENOENT, as where those files are missing) is linked beside c-ares (the
#    test sees for itself whether it is needed). The queries give the
#    server on the command line (@127.0.0.1:PORT, -s); the last ones map a
#    directory of our own as /etc (p3run --dir) and take the server from
#    its resolv.conf and a name from its hosts, on p3net only.
#  - TCP: a truncated UDP answer makes c-ares retry over TCP, and it gets
#    the whole answer (40 records) on every target; with +ignore the
#    truncated answer is used everywhere.
#
# Prints one line per check; exits 0 when all pass, 1 on a failure, and 77
# (with a SKIP line) only when PyPI cannot be reached and nothing is cached.
set -uo pipefail
P3=$(cd "$(dirname "$0")/.." && pwd)
cd "$P3"
export PATH="$HOME/.cargo/bin:$PATH"

PYCARES_VERSION=5.2.1
PYCARES_SHA256=3e89edc56a3745046676207958bf3dbf2971c5df0d64de9f7a893eba8bf255b4
work=$P3/build/cares
sdist=$work/dl/pycares-$PYCARES_VERSION.tar.gz
src=$work/src/pycares-$PYCARES_VERSION/deps/c-ares
bld=$work/b
nbld=$work/native
mkdir -p "$work/dl"

failed=0
ok() { printf 'PASS  c-ares  %s\n' "$1"; }
bad() {
  printf 'FAIL  c-ares  %s\n' "$1"
  [ -n "${2:-}" ] && [ -s "$2" ] && tail -n 20 "$2" | sed 's/^/    | /'
  failed=1
}

if [ ! -f "$sdist" ]; then
  if ! python3 -m pip download --quiet --no-deps --no-binary :all: -d "$work/dl" \
    "pycares==$PYCARES_VERSION" >"$work/pip.log" 2>&1; then
    echo "SKIP  c-ares  (PyPI cannot be reached: pip download pycares==$PYCARES_VERSION failed; see $work/pip.log)"
    exit 77
  fi
fi
sum=$(sha256sum "$sdist" | cut -d' ' -f1)
if [ "$sum" != "$PYCARES_SHA256" ]; then
  bad "pycares-$PYCARES_VERSION.tar.gz has SHA-256 $sum, pinned $PYCARES_SHA256"
  rm -f "$sdist"
  exit 1
fi
if [ ! -f "$src/CMakeLists.txt" ]; then
  rm -rf "$work/src" "$bld" "$nbld"
  mkdir -p "$work/src"
  tar xzf "$sdist" -C "$work/src" || { bad "cannot unpack $sdist"; exit 1; }
fi

# Build: the toolchain file and nothing else but c-ares's own options. The
# file stub only while p3cc cannot link fopen itself (issue 14).
nofs=()
printf '#include <stdio.h>\nint main(void) { return fopen("/etc/hosts", "r") != 0; }\n' \
  >"$work/fopen.c"
if ! bin/p3cc -o "$work/fopen.wasm" "$work/fopen.c" >/dev/null 2>&1; then
  bin/p3cc -O2 -c tests/cares/nofs.c -o "$work/nofs.o" || { bad "building nofs.c"; exit 1; }
  nofs=(-DCMAKE_C_STANDARD_LIBRARIES="$work/nofs.o")
fi
# c-ares's configure results hold only for the p3net they were found
# with: a change to the headers, the toolchain or the functions libp3net
# defines configures afresh.
stamp=$( (echo "${nofs[*]}" && cat include/*.h include/*/*.h cmake/p3net.cmake \
  cmake/Platform/*.cmake bin/p3cc tests/cares/nofs.c && llvm-nm-19 -g --defined-only build/libp3net.a | awk 'NF == 3 {print $3}' |
  LC_ALL=C sort) | sha256sum | cut -d' ' -f1)
if [ "$(cat "$bld/p3net.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$bld"
fi
if [ ! -f "$bld/CMakeCache.txt" ]; then
  gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  if ! cmake "${gen[@]}" -S "$src" -B "$bld" -DCMAKE_TOOLCHAIN_FILE="$P3/cmake/p3net.cmake" \
    -DCMAKE_BUILD_TYPE=Release -DCARES_STATIC=ON -DCARES_SHARED=OFF -DCARES_BUILD_TOOLS=ON \
    -DCARES_THREADS=OFF -DCARES_INSTALL=OFF "${nofs[@]}" >"$work/configure.log" 2>&1; then
    bad "cmake configure" "$work/configure.log"
    rm -rf "$bld"
    exit 1
  fi
  echo "$stamp" >"$bld/p3net.stamp"
fi
rm -f "$bld"/bin/*.wasm # relinked with the current libp3net.a
if ! cmake --build "$bld" -j 2 >"$work/build.log" 2>&1; then
  bad "cmake build (adig, ahost)" "$work/build.log"
  exit 1
fi
ok "c-ares $(sed -n 's/.*ARES_VERSION_STR *"\(.*\)"/\1/p' "$src/include/ares_version.h") built unmodified with cmake/p3net.cmake${nofs[*]:+ (files stubbed: tests/cares/nofs.c)}"
# The oracle: the same sources and options, natively.
if [ ! -x "$nbld/bin/adig" ]; then
  rm -rf "$nbld"
  gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  if ! { cmake "${gen[@]}" -S "$src" -B "$nbld" -DCMAKE_BUILD_TYPE=Release -DCARES_STATIC=ON \
    -DCARES_SHARED=OFF -DCARES_BUILD_TOOLS=ON -DCARES_THREADS=OFF -DCARES_INSTALL=OFF &&
    cmake --build "$nbld" -j 2; } >"$work/native.log" 2>&1; then
    bad "native build (the oracle)" "$work/native.log"
    rm -rf "$nbld"
    exit 1
  fi
fi

# The responder: started here, ended by its pid.
rm -f "$work/port"
python3 tests/cares/dns_responder.py "$work/port" 2>"$work/responder.log" &
responder=$!
trap 'kill "$responder" 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { bad "the DNS responder did not start" "$work/responder.log"; exit 1; }
port=$(cat "$work/port")

# case HOST LABEL TOOL ARGS... -- PATTERN...: runs a tool, every extended
# regex PATTERN must match a line of its output.
case_() {
  local host=$1 label=$2 tool=$3 out pats=() args=() t0 t1
  shift 3
  while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
  shift
  pats=("$@")
  out=$work/$host.${label// /_}.out
  local cmd=(bin/p3run --host="$host" "${P3RUN_DIRS[@]}" "$bld/bin/$tool.wasm")
  [ "$host" = native ] && cmd=("$nbld/bin/$tool")
  t0=$(date +%s%N)
  timeout 60 "${cmd[@]}" "${args[@]}" >"$out" 2>&1
  local rc=$?
  t1=$(date +%s%N)
  local p
  for p in "${pats[@]}"; do
    if ! grep -qE -- "$p" "$out"; then
      bad "$tool $label on $host (exit $rc; no line matching '$p')" "$out"
      return
    fi
  done
  ok "$tool $label on $host ($(((t1 - t0) / 1000000)) ms)"
}

s=127.0.0.1:$port
P3RUN_DIRS=()
for host in native wasmtime jco; do
  case_ $host "A" adig "@$s" a.p3net.test -- 'status: NOERROR' \
    '^a\.p3net\.test\.[[:space:]]+300[[:space:]]+IN[[:space:]]+A[[:space:]]+192\.0\.2\.1$' \
    '[[:space:]]A[[:space:]]+192\.0\.2\.2$'
  case_ $host "AAAA" adig "@$s" v6.p3net.test AAAA -- 'status: NOERROR' \
    '[[:space:]]AAAA[[:space:]]+2001:db8::1$'
  case_ $host "NXDOMAIN" adig "@$s" missing.p3net.test -- 'status: NXDOMAIN'
  case_ $host "truncated, +ignore" adig "@$s" +ignore big.p3net.test -- \
    'flags: qr aa tc rd ra; QUERY: 1, ANSWER: 3' '[[:space:]]A[[:space:]]+198\.51\.100\.3$'
  case_ $host "truncated, retried over TCP" adig "@$s" big.p3net.test -- \
    'flags: qr aa rd ra; QUERY: 1, ANSWER: 40' '[[:space:]]A[[:space:]]+198\.51\.100\.40$'
  case_ $host "server that does not answer" adig "@$s" +tries=1 silent.p3net.test -- \
    'Timeout while contacting DNS servers'
  case_ $host "A and AAAA" ahost -s "$s" both.p3net.test -- \
    '^both\.p3net\.test[[:space:]]+192\.0\.2\.3$' '^both\.p3net\.test[[:space:]]+2001:db8::3$'
  case_ $host "NXDOMAIN" ahost -s "$s" missing.p3net.test -- 'missing\.p3net\.test: Domain name not found'
done
# c-ares' own configuration files, mapped into the component as /etc
# (issue 14): the name server from resolv.conf, a name from hosts. On p3net
# only: the native oracle would read the build machine's /etc.
mkdir -p "$work/etc"
printf 'nameserver 127.0.0.1:%s\noptions timeout:2 attempts:1\n' "$port" >"$work/etc/resolv.conf"
printf '127.0.0.1 localhost\n192.0.2.77 fromhosts.p3net.test\n' >"$work/etc/hosts"
P3RUN_DIRS=("--dir=$work/etc::/etc")
for host in wasmtime jco; do
  case_ $host "A, server from etc-resolv.conf" adig a.p3net.test -- 'status: NOERROR' \
    '[[:space:]]A[[:space:]]+192\.0\.2\.1$'
  case_ $host "name from etc-hosts" ahost fromhosts.p3net.test -- \
    '^fromhosts\.p3net\.test[[:space:]]+192\.0\.2\.77$'
done
exit $failed
