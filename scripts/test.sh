#!/usr/bin/env bash
# p3net's test harness (`make test`). Every tests/NAME.c is built twice --
# natively against glibc, the POSIX oracle, and with bin/p3cc -- and run on
# three targets: native, wasmtime and jco. A run passes when it exits with the
# expected status (0 unless declared). One line per test and target, then a
# tally; the exit status is non-zero if anything failed.
#
# Declarations are comment lines in the test file:
#   // P3NET-ARGS: a b c             arguments (split on blanks, no quoting)
#   // P3NET-TIMEOUT: 120            seconds per run (default 60)
#   // P3NET-EXIT: 42                expected exit status
#   // P3NET-STDOUT-MIN: 100000      stdout must have at least this many bytes
#   // P3NET-WASMTIME-FLAGS: -S...   extra wasmtime flags (P3RUN_WASMTIME_FLAGS)
#   // P3NET-STDIN: text WORDS       stdin is WORDS and a newline, then its end
#   // P3NET-STDIN: hold             stdin is a pipe that stays open and empty
#                                    (default: /dev/null)
#   // P3NET-ARGS(jco): a b          arguments for one target only (overrides ARGS)
#   // P3NET-DIR: tmp                a fresh empty directory per run, mapped into
#                                    the component at the same path (p3run
#                                    --dir); @DIR@ in the arguments names it
#   // P3NET-PEER: server            a second process: the test's native build
#                                    runs first with these arguments and must
#                                    print "PORT n" on stdout; the run then gets
#                                    n as its last argument; both must exit 0
#   // P3NET-PEER-AFTER: client      the same, the other way round: the run
#                                    starts first and prints "PORT n", then the
#                                    native peer runs with these arguments and n
#   // P3NET-PEER-TARGET: same       the peer (P3NET-PEER or -PEER-AFTER) is
#                                    the test's build for the same target,
#                                    not the native one: on wasmtime both
#                                    ends are Wasmtime components, on jco
#                                    both run on jco, natively both native
#                                    (each end gets the run's Wasmtime caps)
#   // P3NET-EXPECT-FAIL(jco): CHECK(ttl0 == 64) -- why
#                                    a measured host defect: on this target
#                                    exactly the named check fails (one mark
#                                    per check expected to fail). The run is
#                                    XFAIL only if it exits 1 without a trap
#                                    or timeout, every failure line check.h
#                                    printed is named by a mark, and every
#                                    mark's check did fail; anything else is
#                                    FAIL, a pass included (a stale mark).
#                                    The rules: scripts/expect-fail.sh.
# Environment:
#   P3NET_TESTS="a b"          only these tests ("checks" selects the checks
#                              of the toolchain that close the run, "cares"
#                              the c-ares integration test)
#   P3NET_TARGETS="native jco" only these targets (default: all three); a
#                              chosen target that is not installed fails
# Each run's output is kept in build/test/NAME.TARGET.out and .err.
set -uo pipefail
P3=$(cd "$(dirname "$0")/.." && pwd)
cd "$P3"
export PATH="$HOME/.cargo/bin:$PATH"

targets=${P3NET_TARGETS:-native wasmtime jco}
logs=build/test
mkdir -p build/native build/wasm "$logs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# result STATUS LABEL [DETAIL]: one line of the table, counted.
result() {
  printf '%-5s %s%s\n' "$1" "$2" "${3:+  ($3)}"
  case $1 in
    PASS | XFAIL) passed=$((passed + 1)) ;;
    *) failed=$((failed + 1)) ;;
  esac
}

# show FILE...: the last lines of a failed run's output, indented.
show() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    printf '    -- %s (last 20 lines)\n' "${f##*/}"
    tail -n 20 "$f" | sed 's/^/    | /'
  done
}

# decls NAME KEY: the values of every `// P3NET-KEY: value` line, in order.
decls() {
  sed -n "s|^[[:space:]]*// P3NET-$2:[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\$|\1|p" "tests/$1.c"
}

# decl NAME KEY: the value of the first such line, if any.
decl() { decls "$1" "$2" | head -n 1; }

# shellcheck source=scripts/expect-fail.sh
. "$P3/scripts/expect-fail.sh"

# stdin_of NAME: sets stdin_path to what the run reads as stdin. For `hold`
# it is a FIFO this shell keeps open for writing (fd stdin_hold, closed by
# the caller after the run), so reads find no data and no end.
stdin_of() {
  local d
  d=$(decl "$1" STDIN)
  stdin_path=/dev/null stdin_hold=""
  case $d in
    "") ;;
    hold)
      stdin_path=$tmp/$1.fifo
      rm -f "$stdin_path" && mkfifo "$stdin_path"
      exec {stdin_hold}<>"$stdin_path"
      ;;
    text\ *)
      stdin_path=$tmp/$1.in
      printf '%s\n' "${d#text }" >"$stdin_path"
      ;;
    *) stdin_path=$tmp/$1.bad-stdin-declaration ;; # the run fails: no such file
  esac
}

have_target() { [[ " $targets " == *" $1 "* ]]; }

# wait_port FILE PID: prints n once FILE has a line "PORT n" (30 s at most:
# jco's first run of a component transpiles it; and only while PID lives);
# fails otherwise.
wait_port() {
  local i p
  for i in $(seq 1 600); do
    p=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$1" | head -n 1)
    [ -n "$p" ] && { echo "$p"; return 0; }
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# run NAME TARGET BUILT BUILD_LOG: runs one test on one target, reports it.
run() {
  local name=$1 target=$2 built=$3 build_log=$4
  local label="$name  $target" out=$logs/$name.$target.out err=$logs/$name.$target.err
  local want min tmo why="" rc=0 size args=() cmd=() marks=() verdict
  want=$(decl "$name" EXIT) min=$(decl "$name" STDOUT-MIN) tmo=$(decl "$name" TIMEOUT)
  mapfile -t marks < <(decls "$name" "EXPECT-FAIL($target)")
  targs=$(decl "$name" "ARGS($target)")
  read -ra args <<<"${targs:-$(decl "$name" ARGS)}"
  local rundir="" dirflag=()
  if [ "$(decl "$name" DIR)" = tmp ]; then
    rundir=$(mktemp -d "${TMPDIR:-/tmp}/p3net-$name-$target.XXXXXX")
    dirflag=("--dir=$rundir")
    args=("${args[@]//@DIR@/$rundir}")
  fi
  : >"$out"
  : >"$err"
  case $target in
    native) cmd=("build/native/$name") ;;
    wasmtime | jco) cmd=(bin/p3run "--host=$target" "${dirflag[@]}" "build/wasm/$name.wasm") ;;
    *) result FAIL "$label" "unknown target (P3NET_TARGETS: native wasmtime jco)"; return ;;
  esac
  if [ "$target" = wasmtime ] && ! command -v wasmtime >/dev/null; then
    result FAIL "$label" "wasmtime is not installed (~/.cargo/bin/wasmtime): run scripts/setup.sh"
    return
  fi
  if [ "$built" != 1 ]; then
    why="build failed"
  else
    # Every Wasmtime run is capped, so a leaked handle or runaway memory fails
    # the test; a test may set tighter caps of its own.
    wflags=$(decl "$name" WASMTIME-FLAGS)
    stdin_of "$name"
    local peer peer_after pargs=() ppid prc=0 port pout=$logs/$name.$target.peer.out
    local peer_cmd=("build/native/$name") peer_is=native
    peer=$(decl "$name" PEER) peer_after=$(decl "$name" PEER-AFTER)
    case $(decl "$name" PEER-TARGET) in
      "" | native) ;;
      same)
        peer_cmd=("${cmd[@]}")
        peer_is=$target
        ;;
      *) why="bad P3NET-PEER-TARGET (native or same)" ;;
    esac
    : >"$pout"
    if [ -n "$peer" ]; then # the peer first, then the run with its port
      read -ra pargs <<<"$peer"
      P3RUN_WASMTIME_FLAGS="${wflags:-$DEFAULT_CAPS}" \
        timeout -k 5 "${tmo:-60}" "${peer_cmd[@]}" "${pargs[@]}" >"$pout" 2>&1 </dev/null &
      ppid=$!
      port=$(wait_port "$pout" $ppid) || why="the peer printed no PORT"
      args+=("${port:-0}")
    fi
    if [ -n "$peer_after" ]; then # the run first, then the peer with its port
      read -ra pargs <<<"$peer_after"
      P3NET_TEST_ENV=hello P3RUN_WASMTIME_FLAGS="${wflags:-$DEFAULT_CAPS}" \
        timeout -k 5 "${tmo:-60}" "${cmd[@]}" "${args[@]}" >"$out" 2>"$err" <"$stdin_path" &
      local tpid=$!
      if port=$(wait_port "$out" $tpid); then
        P3RUN_WASMTIME_FLAGS="${wflags:-$DEFAULT_CAPS}" \
          timeout -k 5 "${tmo:-60}" "${peer_cmd[@]}" "${pargs[@]}" "$port" >"$pout" 2>&1 </dev/null
        prc=$?
      else
        why="the run printed no PORT"
      fi
      wait $tpid
      rc=$?
    else
      P3NET_TEST_ENV=hello P3RUN_WASMTIME_FLAGS="${wflags:-$DEFAULT_CAPS}" \
        timeout -k 5 "${tmo:-60}" "${cmd[@]}" "${args[@]}" >"$out" 2>"$err" <"$stdin_path"
      rc=$?
    fi
    if [ -n "$peer" ]; then
      wait "$ppid"
      prc=$?
    fi
    [ $prc -ne 0 ] && [ -z "$why" ] && why="the $peer_is peer exited $prc"
    [ -n "$why" ] && cat "$pout" >>"$err"
    [ -n "$stdin_hold" ] && exec {stdin_hold}>&-
    size=$(wc -c <"$out")
    if [ -n "$why" ]; then
      :
    elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
      why="timed out after ${tmo:-60} s"
    elif [ $rc -ne "${want:-0}" ]; then
      why="exit $rc"
      [ -n "$want" ] && why="$why, want $want"
    elif [ -n "$min" ] && [ "$size" -lt "$min" ]; then
      why="stdout has $size bytes, want at least $min"
    fi
  fi
  [ -n "$rundir" ] && rm -rf "$rundir"
  if [ ${#marks[@]} -gt 0 ] && [ "$built" = 1 ]; then # a broken build is never excused
    if [[ $why == "timed out"* ]]; then
      verdict=$(expect_fail_why "$err" timeout "${marks[@]}")
    else
      verdict=$(expect_fail_why "$err" "$rc" "${marks[@]}")
    fi
    if [ -z "$verdict" ]; then
      result XFAIL "$label" "declared: $(printf '%s; ' "${marks[@]}" | sed 's/; $//')"
    else
      result FAIL "$label" "$verdict"
      show "$err" "$out"
    fi
  elif [ -n "$why" ]; then
    result FAIL "$label" "$why"
    if [ "$built" = 1 ]; then
      show "$err" "$out"
    elif [[ " $build_shown " != *" $build_log "* ]]; then
      show "$build_log" # once per build, not once per target
      build_shown+=" $build_log"
    fi
  else
    result PASS "$label"
  fi
}

# test_one NAME: builds a test for the chosen targets and runs it on each.
test_one() {
  local name=$1 native_ok=0 wasm_ok=0 t
  build_shown=""
  if [ ! -f "tests/$name.c" ]; then
    result FAIL "$name" "no such test: tests/$name.c"
    return
  fi
  if have_target native || [ -n "$(decl "$name" PEER)$(decl "$name" PEER-AFTER)" ]; then
    if cc -std=c17 -O1 -Wall -Wextra -Werror -D_GNU_SOURCE -o "build/native/$name" \
      "tests/$name.c" >"$logs/$name.native.build" 2>&1; then
      native_ok=1
    fi
  fi
  if have_target wasmtime || have_target jco; then
    if bin/p3cc -O2 -Wall -Wextra -Werror -o "build/wasm/$name.wasm" \
      "tests/$name.c" >"$logs/$name.wasm.build" 2>&1; then
      wasm_ok=1
      component=${component:-build/wasm/$name.wasm}
    fi
  fi
  for t in $targets; do
    if [ "$t" = native ]; then
      run "$name" "$t" $native_ok "$logs/$name.native.build"
    else
      run "$name" "$t" $wasm_ok "$logs/$name.wasm.build"
    fi
  done
}

# Checks of the toolchain itself, each a function that succeeds or fails
# with its reason on stdout/stderr.
check_p3cc_error() {
  printf 'int main(void) { return 0 }\n' >"$tmp/bad.c"
  if bin/p3cc -o "$tmp/bad.wasm" "$tmp/bad.c" 2>"$tmp/bad.err"; then
    echo "p3cc exited 0 on a syntax error"
    return 1
  fi
  grep -q 'error:' "$tmp/bad.err" || { echo "no clang 'error:' in:"; cat "$tmp/bad.err"; return 1; }
}

check_imports() {
  local wasm=${component:-} world
  if [ -z "$wasm" ]; then # no test component built in this run: make one
    printf 'int main(void) { return 0; }\n' >"$tmp/ok.c"
    wasm=$tmp/ok.wasm
    bin/p3cc -o "$wasm" "$tmp/ok.c" || return 1
  fi
  world=$(wasm-tools component wit "$wasm" | sed -n '/^world root {/,/^}/p') || return 1
  echo "$wasm:"
  echo "$world"
  ! grep -E '^ *import ' <<<"$world" | grep -vqE '^ *import wasi:[a-z-]+/[a-z-]+@0\.3\.0;$' &&
    grep -qE '^ *import ' <<<"$world" &&
    [ "$(grep -E '^ *export ' <<<"$world")" = "  export wasi:cli/run@0.3.0;" ]
}

# expect_refusal MESSAGE P3RUN-ARGS...: p3run must exit non-zero saying MESSAGE.
expect_refusal() {
  local msg=$1 rc=0
  shift
  bin/p3run "$@" >"$tmp/p3run.out" 2>&1 || rc=$?
  cat "$tmp/p3run.out"
  [ $rc -ne 0 ] || { echo "p3run exited 0"; return 1; }
  grep -qF "$msg" "$tmp/p3run.out" || { echo "no '$msg' in p3run's message"; return 1; }
}

check_p3run_core() {
  printf '\0asm\1\0\0\0' >"$tmp/core.wasm" # an empty core module
  printf 'hello\n' >"$tmp/text.wasm"
  expect_refusal "not a component" "$tmp/core.wasm" &&
    expect_refusal "not a WebAssembly component" "$tmp/text.wasm"
}

DEFAULT_CAPS="-Smax-resources=400 -Wmax-memory-size=268435456"

# check LABEL FUNCTION...: runs a check and reports it.
check() {
  local label=$1 log=$logs/check.${1// /-}.log
  shift
  if "$@" >"$log" 2>&1; then result PASS "$label"; else result FAIL "$label"; show "$log"; fi
}

component=""
if [ -n "${P3NET_TESTS:-}" ]; then
  names=$(tr ' ' '\n' <<<"$P3NET_TESTS" | grep -vx -e '' -e checks -e cares | LC_ALL=C sort -u)
else
  names=$(cd tests && LC_ALL=C ls -- *.c 2>/dev/null | sed 's/\.c$//')
fi
for name in $names; do
  test_one "$name"
done

if [ -z "${P3NET_TESTS:-}" ] || [[ " $P3NET_TESTS " == *" checks "* ]]; then
  check "bindings up to date" scripts/bindings.sh --check
  check "C sources clang-format clean" make -s check-format
  check "p3cc compile error fails" check_p3cc_error
  check "p3cc output imports only wasi@0.3.0" check_imports
  check "p3cc answers build-system queries; a refused link names its libc function" \
    scripts/toolchain-check.sh queries
  check "CMake project built with the p3net toolchain file runs on wasmtime" scripts/toolchain-check.sh cmake
  check "configure recipe (CC=p3cc, --host=wasm32-wasi) finds what a component has" \
    scripts/toolchain-check.sh configure
  check "p3run rejects missing file" expect_refusal "no such file" "$tmp/missing.wasm"
  check "p3run rejects non-component" check_p3run_core
  check "demo: echo server and client on wasmtime" env DEMO_COUNT=5 scripts/demo.sh --host=wasmtime
  check "demo: echo server and client on jco" env DEMO_COUNT=3 scripts/demo.sh --host=jco
fi

# c-ares from PyPI, built unmodified with the toolchain file, its adig and
# ahost run on both hosts (scripts/cares-test.sh, issue 13). Its lines join
# this tally; it skips with a SKIP line only when PyPI cannot be reached.
# "cares" in P3NET_TESTS selects it, as "checks" does.
if [ -z "${P3NET_TESTS:-}" ] || [[ " $P3NET_TESTS " == *" checks "* ]] ||
  [[ " $P3NET_TESTS " == *" cares "* ]]; then
  scripts/cares-test.sh >"$logs/cares.log" 2>&1
  cares_rc=$?
  while IFS= read -r line; do
    echo "$line"
    case $line in
      PASS*) passed=$((passed + 1)) ;;
      FAIL*) failed=$((failed + 1)) ;;
    esac
  done < <(grep -E '^(PASS|FAIL|SKIP) |^    \| ' "$logs/cares.log")
  if [ $cares_rc -ne 0 ] && [ $cares_rc -ne 77 ] && ! grep -q '^FAIL ' "$logs/cares.log"; then
    result FAIL "c-ares" "scripts/cares-test.sh exited $cares_rc"
    show "$logs/cares.log"
  fi
fi

# The simulated host (sim/, issue 6): every test under AddressSanitizer,
# UBSan and valgrind in several host orders, then a bounded fuzz campaign.
# Its lines join this tally. P3NET_SIM=0 skips it (P3NET_TESTS also does).
if [ -z "${P3NET_TESTS:-}" ] && [ "${P3NET_SIM:-1}" = 1 ]; then
  scripts/sim-test.sh >"$logs/sim.log" 2>&1
  grep -E '^(PASS|FAIL|XFAIL|SKIP) ' "$logs/sim.log" | while read -r line; do echo "$line"; done
  grep -E '^FAIL ' "$logs/sim.log" >/dev/null && show "$logs/sim.log"
  sim_counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/sim.log" | tail -n 1)
  if [ -n "$sim_counts" ]; then
    passed=$((passed + ${sim_counts%% passed*}))
    failed=$((failed + $(sed 's/.*, \([0-9]*\) failed.*/\1/' <<<"$sim_counts")))
  else
    result FAIL "simulated host" "scripts/sim-test.sh gave no tally"
    show "$logs/sim.log"
  fi
  check "fuzz campaign on the simulated host (${P3NET_FUZZ_SECONDS:-60} s)" \
    scripts/sim-test.sh --fuzz "${P3NET_FUZZ_SECONDS:-60}"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
