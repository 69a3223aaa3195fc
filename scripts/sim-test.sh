#!/usr/bin/env bash
# p3net on the simulated host (sim/): the same p3net sources built natively
# and linked with sim/'s C implementation of the wasip3 imports, which runs
# them on real loopback sockets with a deterministic scheduler that decides
# when each async operation completes and in which order events arrive.
# Every tests/*.c and sim/tests/*.c runs under several host policies with
# AddressSanitizer + UndefinedBehaviorSanitizer, plus one policy under
# valgrind. Any sanitizer or valgrind report (leaks included: LeakSanitizer
# in every asan policy, valgrind --leak-check=full), any host trap (a
# Component Model rule broken, a leaked handle) and any unexpected status
# fails.
#
# One line per test and policy, e.g. `PASS  udp_basic  sim:asan:random:seed=3`,
# then `N passed, N failed`. A test a policy cannot run prints SKIP (not
# counted). Exits non-zero if anything failed.
#
# Tests are compiled with -DP3SIM, so a test that checks p3net's own answer
# where it differs from Linux by design (`#if defined(__wasi__) ||
# defined(P3SIM)`) checks it here too: p3net is what runs. Declarations, as
# in scripts/test.sh (// P3NET-ARGS, -TIMEOUT, -EXIT, -STDOUT-MIN), plus:
#   // P3SIM-ENV: VAR=value ...     the run's environment
#   // P3SIM-POLICIES: label ...    only these policies
#   // P3SIM-STDIN: file PATH       stdin from PATH (relative to the repo)
#   // P3SIM-STDIN: text WORDS      stdin is WORDS and a newline
#   // P3SIM-STDIN: hold            stdin is a pipe kept open and empty
#   (without P3SIM-STDIN, a test's P3NET-STDIN is taken)
#                                   (default: /dev/null)
#   // P3SIM-EXPECT-FAIL: CHECK(text) -- why
#                                   a difference of the simulator's own: the
#                                   named check fails, and only it (one mark
#                                   per check; scripts/expect-fail.sh judges
#                                   it as test.sh does, a pass is FAIL as a
#                                   stale mark). Without one, a test with
#                                   P3NET-EXPECT-FAIL marks for both wasmtime
#                                   and jco takes wasmtime's marks here.
#
# Environment:
#   P3NET_TESTS="a b"     only these tests (names from tests/ or sim/tests/)
#   P3SIM_POLICIES="..."  only these policies (labels as printed, without
#                         the "sim:" prefix, e.g. "asan:immediate asan:jco:seed=1")
#   P3SIM_JOBS=N          parallel runs (default: number of CPUs)
#   P3SIM_OUT=DIR         build and result folder (default build/sim; two
#                         runs at once need two)
#
# scripts/sim-test.sh --fuzz [SECONDS] instead builds sim/fuzz.c with
# libFuzzer and fuzzes for SECONDS (default 60; half on a conforming host,
# half in jco mode), starting from sim/corpus/ (new inputs go to
# build/sim/fuzz/corpus, a crashing one to build/sim/fuzz/; rerun it with
# the same P3SIM_MODE).
set -uo pipefail
P3=$(cd "$(dirname "$0")/.." && pwd)
cd "$P3"

CC=${P3SIM_CC:-clang-19}
OUT=${P3SIM_OUT:-build/sim}
JOBS=${P3SIM_JOBS:-$(nproc 2>/dev/null || echo 2)}
mkdir -p "$OUT"

# The policies: build flavor, then P3SIM_* settings. The label is what the
# result lines show.
ALL_POLICIES="asan:immediate asan:delayed asan:random:seed=1 asan:random:seed=2
asan:random:seed=3 asan:jco:seed=1 asan:jco:seed=2 asan:random:seed=4:short
valgrind:immediate"
POLICIES=${P3SIM_POLICIES:-$ALL_POLICIES}

COMMON=(-std=c17 -g -D_GNU_SOURCE -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=0
  # glibc marks some arguments nonnull; p3net checks them for NULL (EFAULT):
  # keep the compiler from deleting those checks.
  "-D__attribute_nonnull__(p)=" -fno-delete-null-pointer-checks
  -Isrc -Isrc/bindings -idirafter include -fno-omit-frame-pointer)
WARN=(-Wall -Wextra -Wno-unused-parameter -Wno-unknown-attributes -Wno-type-limits
  -Wno-sign-compare)
declare -A FLAGS=(
  [asan]="-O1 -fsanitize=address,undefined -fno-sanitize-recover=all"
  [valgrind]="-O1 -gdwarf-4"
  [fuzz]="-O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
)

# p3net's sources, natively: not the wasm glue (command.c), not the wasm
# entry (run.c).
lib_sources() {
  ls src/*/*.c | grep -v -e '^src/bindings/command\.c$' -e '^src/rt/run\.c$'
}

# compile_one FLAVOR SOURCE: one object of the library (run by xargs).
compile_one() {
  local fl=$1 f=$2 o v extra=()
  o=$OUT/$fl/obj/$(echo "${f%.c}" | tr / _).o
  v=FLAGS_$fl
  [[ $f == src/* ]] && extra=(-include sim/compat.h)
  # shellcheck disable=SC2086
  $CC $COMMON_S ${!v} $WARN_S "${extra[@]}" -c "$f" -o "$o" >"$o.log" 2>&1 || {
    echo "sim: compiling $f ($fl) failed:"
    grep -E 'error' "$o.log" | head -n 10
    return 1
  }
}

# build_lib FLAVOR: $OUT/FLAVOR/objs.txt lists p3net's and the simulated
# host's objects. Tests link them as objects, not from an archive, so every
# p3net definition interposes glibc's as it does in a p3cc build.
build_lib() {
  local fl=$1 dir=$OUT/$1 f
  rm -rf "$dir/obj"
  mkdir -p "$dir/obj"
  : >"$dir/objs.txt"
  for f in $(lib_sources) sim/sys.c sim/host.c sim/fs.c sim/glue.c; do
    echo "$dir/obj/$(echo "${f%.c}" | tr / _).o" >>"$dir/objs.txt"
    echo "$fl $f"
  done | xargs -P "$JOBS" -L 1 bash -c 'compile_one "$0" "$1"' || return 1
}

# decls FILE KEY: the values of every `// P3NET-KEY: value` line; decl: the
# first. simdecls and simdecl: the same for `// P3SIM-KEY: value`.
decls() { sed -n "s|^[[:space:]]*// P3NET-$2:[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\$|\1|p" "$1"; }
decl() { decls "$1" "$2" | head -n 1; }
simdecls() { sed -n "s|^[[:space:]]*// P3SIM-$2:[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\$|\1|p" "$1"; }
simdecl() { simdecls "$1" "$2" | head -n 1; }

# sim_marks FILE: the EXPECT-FAIL marks that hold on the simulator, one a
# line: its own, or else the wasmtime marks of a difference both wasm hosts
# declare (a wasi:sockets one, which the simulator shares; it follows
# Wasmtime's checks, so Wasmtime's failing checks are the ones expected).
sim_marks() {
  if [ -n "$(simdecl "$1" EXPECT-FAIL)" ]; then
    simdecls "$1" EXPECT-FAIL
  elif [ -n "$(decl "$1" "EXPECT-FAIL(wasmtime)")" ] && [ -n "$(decl "$1" "EXPECT-FAIL(jco)")" ]; then
    decls "$1" "EXPECT-FAIL(wasmtime)"
  fi
}

# shellcheck source=scripts/expect-fail.sh
. "$P3/scripts/expect-fail.sh"

test_file() {
  if [ -f "tests/$1.c" ]; then echo "tests/$1.c"; elif [ -f "sim/tests/$1.c"  ]; then echo "sim/tests/$1.c"; fi
}

# Why a test cannot run on the simulator (empty: it can).
skip_reason() {
  local f=$1
  # A two-process test needs scripts/test.sh's native peer.
  if grep -qE '^[[:space:]]*// P3NET-PEER(-AFTER)?:' "$f"; then
    echo "a two-process test: its peer runs under scripts/test.sh only"
  fi
}

if [ -n "${P3NET_TESTS:-}" ]; then
  names=$(tr ' ' '\n' <<<"$P3NET_TESTS" | grep -vx -e '' -e checks | LC_ALL=C sort -u)
else
  names=$(cd tests && LC_ALL=C ls -- *.c 2>/dev/null | sed 's/\.c$//'
    [ -d ../sim/tests ] && cd ../sim/tests && LC_ALL=C ls -- *.c 2>/dev/null | sed 's/\.c$//')
fi

export CC OUT
export COMMON_S="${COMMON[*]}" WARN_S="${WARN[*]}"
export FLAGS_asan="${FLAGS[asan]}" FLAGS_valgrind="${FLAGS[valgrind]}" FLAGS_fuzz="${FLAGS[fuzz]}"
export -f compile_one

if [ "${1:-}" = --fuzz ]; then
  secs=${2:-60}
  build_lib fuzz || exit 1
  $CC ${COMMON[*]} ${FLAGS[fuzz]} ${WARN[*]} -Isim -c sim/fuzz.c -o "$OUT/fuzz/obj/fuzz.o" || exit 1
  mapfile -t objs <"$OUT/fuzz/objs.txt"
  objs+=("$OUT/fuzz/obj/fuzz.o")
  # libFuzzer itself reads its corpus and sleeps through read, lseek,
  # sleep... which p3net defines and would interpose. In this build every
  # p3net function that glibc also exports is renamed p3fz_NAME in our
  # objects (definitions and uses alike), so libFuzzer keeps glibc's.
  libc=$($CC -print-file-name=libc.so.6)
  comm -12 <(nm --defined-only -g "${objs[@]}" 2>/dev/null | awk 'NF == 3 && $2 ~ /[TW]/ {print $3}' | sort -u) \
    <(nm -D --defined-only "$libc" | awk '{print $3}' | sed 's/@.*//' | sort -u) |
    awk '{print $1, "p3fz_" $1}' >"$OUT/fuzz/rename.map"
  mkdir -p "$OUT/fuzz/renamed"
  renamed=()
  for o in "${objs[@]}"; do
    objcopy --redefine-syms="$OUT/fuzz/rename.map" "$o" "$OUT/fuzz/renamed/${o##*/}" || exit 1
    renamed+=("$OUT/fuzz/renamed/${o##*/}")
  done
  $CC -fsanitize=fuzzer,address,undefined -o "$OUT/fuzz/fuzz" "${renamed[@]}" || exit 1
  # -rss_limit_mb=0: libFuzzer's RSS thread would call sleep(), which is
  # p3net's here, from a second thread; p3net and the host are single-threaded.
  mkdir -p "$OUT/fuzz/corpus"
  cp sim/corpus/* "$OUT/fuzz/corpus/" 2>/dev/null
  # Two campaigns sharing the corpus: a conforming host, then jco. p3net
  # learns once per process whether its host writes after a cancel (the
  # host says P3NET_HOST=jco only when started in jco mode), so one process
  # cannot mix them; the first gets the odd second.
  rc=0
  for m in "" jco; do
    t=$((secs / 2))
    [ -n "$m" ] || t=$((secs - t))
    [ "$t" -gt 0 ] || continue
    echo "sim: fuzzing ${t} s on a ${m:-conforming} host"
    env -u P3NET_HOST ${m:+P3SIM_MODE=$m} P3NET_TEST_ENV=hello \
      ASAN_OPTIONS=detect_stack_use_after_return=1:detect_leaks=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$OUT/fuzz/fuzz" -max_total_time="$t" -timeout=30 -rss_limit_mb=0 -malloc_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$OUT/fuzz/" "$OUT/fuzz/corpus" || rc=$?
    [ $rc -eq 0 ] || break
  done
  exit $rc
fi
flavors=$(for p in $POLICIES; do echo "${p%%:*}"; done | sort -u)
lib_ok=()
for fl in $flavors; do
  [ -n "${FLAGS[$fl]+x}" ] || { echo "sim: unknown flavor '$fl' in P3SIM_POLICIES" >&2; exit 2; }
  if ! build_lib "$fl"; then echo "FAIL  (library)  sim:$fl:build"; exit 1; fi
done

# Link every runnable test for every flavor, in parallel.
links=$OUT/links.txt
: >"$links"
for n in $names; do
  f=$(test_file "$n")
  [ -n "$f" ] || continue
  [ -z "$(skip_reason "$f")" ] || continue
  for fl in $flavors; do
    echo "$fl $n $f" >>"$links"
  done
done
# link_one FLAVOR NAME FILE: one test program (run by xargs).
link_one() {
  local fl=$1 n=$2 f=$3 v=FLAGS_$1 objs
  mapfile -t objs <"$OUT/$fl/objs.txt"
  # shellcheck disable=SC2086
  $CC $COMMON_S ${!v} $WARN_S -DP3SIM -Itests -o "$OUT/$fl/$n" "$f" "${objs[@]}" \
    >"$OUT/$fl/$n.build" 2>&1 || rm -f "$OUT/$fl/$n"
}
export -f link_one
xargs -P "$JOBS" -L 1 bash -c 'link_one "$0" "$1" "$2"' <"$links"

# run_one NAME FILE POLICY: runs and writes one result line (and details).
run_one() {
  local n=$1 f=$2 pol=$3 fl=${3%%:*} rest=${3#*:}
  local label="sim:$pol" res=$OUT/res/$n.${pol//[:=]/_}
  local out=$res.out err=$res.err why="" rc
  local mode seed="" short="" want min tmo args=() envs=() marks=() stdin=/dev/null src verdict
  mode=${rest%%:*}
  [[ $rest == *seed=* ]] && { seed=${rest#*seed=}; seed=${seed%%:*}; }
  [[ $rest == *:short* ]] && short=1
  want=$(decl "$f" EXIT) min=$(decl "$f" STDOUT-MIN) tmo=$(decl "$f" TIMEOUT)
  mapfile -t marks < <(sim_marks "$f")
  read -ra args <<<"$(decl "$f" ARGS)"
  read -ra envs <<<"$(simdecl "$f" ENV)"
  local rundir=""
  if [ "$(decl "$f" DIR)" = tmp ]; then
    # P3NET-DIR: the simulated host preopens it, as p3run --dir does.
    rundir=$(mktemp -d "${TMPDIR:-/tmp}/p3sim-$n.XXXXXX")
    args=("${args[@]//@DIR@/$rundir}")
    envs+=("P3SIM_DIRS=$rundir")
  fi
  src=$(simdecl "$f" STDIN)
  [ -n "$src" ] || src=$(decl "$f" STDIN)
  local hold=""
  case $src in
    "") ;;
    hold)
      stdin=$res.fifo
      rm -f "$stdin" && mkfifo "$stdin"
      exec {hold}<>"$stdin"
      ;;
    "file "*) stdin=${src#file } ;;
    "text "*) stdin=$res.in && printf '%s\n' "${src#text }" >"$stdin" ;;
    *)
      printf 'FAIL  %s  %s  (P3SIM-STDIN: want "file PATH", "text WORDS" or "hold", got "%s")\n' \
        "$n" "$label" "$src" >"$res.line"
      return
      ;;
  esac
  if [ ! -r "$stdin" ]; then
    printf 'FAIL  %s  %s  (P3SIM-STDIN: cannot read %s)\n' "$n" "$label" "$stdin" >"$res.line"
    return
  fi
  if [ ! -x "$OUT/$fl/$n" ]; then
    printf 'FAIL  %s  %s  (build failed)\n' "$n" "$label" >"$res.line"
    sed 's/^/    | /' "$OUT/$fl/$n.build" | tail -n 15 >>"$res.line"
    return
  fi
  local cmd=("$OUT/$fl/$n") limit=${tmo:-60}
  [ "$fl" = valgrind ] && limit=$((limit * 3))
  [ "$fl" = valgrind ] && cmd=(valgrind -q --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect "${cmd[@]}")
  # P3NET_HOST is the host's to tell (sim/host.c shows "jco" in jco mode
  # only), never inherited from the caller.
  env -u P3NET_HOST P3NET_TEST_ENV=hello P3SIM_MODE="$mode" ${seed:+P3SIM_SEED=$seed} \
    ${short:+P3SIM_SHORT_WRITES=1} \
    ASAN_OPTIONS=exitcode=98:detect_stack_use_after_return=1:strict_string_checks=1:detect_leaks=1 \
    LSAN_OPTIONS=exitcode=98 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98 \
    "${envs[@]}" timeout -k 5 "$limit" "${cmd[@]}" "${args[@]}" \
    >"$out" 2>"$err" <"$stdin"
  rc=$?
  [ -n "$hold" ] && exec {hold}>&-
  [ -n "$rundir" ] && rm -rf "$rundir"
  if grep -qE 'p3sim TRAP|AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer|==[0-9]+== (Invalid|Conditional|Use of|Syscall param|Mismatched|Source and destination|[0-9,]+ .*bytes in [0-9,]+ blocks are (definitely|indirectly) lost)' "$err"; then
    why="sanitizer/valgrind report or host trap"
  elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    why="timed out"
  elif [ $rc -ne "${want:-0}" ]; then
    why="exit $rc${want:+, want $want}"
  elif [ -n "$min" ] && [ "$(wc -c <"$out")" -lt "$min" ]; then
    why="stdout has $(wc -c <"$out") bytes, want at least $min"
  fi
  if [ ${#marks[@]} -gt 0 ]; then
    # An expected failure is the named check failing, nothing else: a
    # sanitizer report, a trap, a timeout, another check or a pass is FAIL.
    if [ "$why" = "timed out" ]; then
      verdict=$(expect_fail_why "$err" timeout "${marks[@]}")
    else
      verdict=$(expect_fail_why "$err" "$rc" "${marks[@]}")
    fi
    if [ -z "$verdict" ]; then
      printf 'XFAIL %s  %s  (declared: %s)\n' "$n" "$label" \
        "$(printf '%s; ' "${marks[@]}" | sed 's/; $//')" >"$res.line"
      return
    fi
    why=$verdict
  fi
  if [ -n "$why" ]; then
    {
      printf 'FAIL  %s  %s  (%s)\n' "$n" "$label" "$why"
      printf '    -- rerun: P3SIM_MODE=%s%s%s %s%s%s\n' "$mode" "${seed:+ P3SIM_SEED=$seed}" \
        "${short:+ P3SIM_SHORT_WRITES=1}" "${envs[*]:+${envs[*]} }" \
        "$([ "$fl" = valgrind ] && echo "valgrind ")$OUT/$fl/$n ${args[*]}" \
        "$([ "$stdin" != /dev/null ] && echo " <$stdin")"
      grep -vE '^progress:' "$err" | head -n 40 | sed 's/^/    | /'
    } >"$res.line"
  else
    printf 'PASS  %s  %s\n' "$n" "$label" >"$res.line"
  fi
}
export -f run_one decls decl simdecls simdecl sim_marks expect_fail_why

rm -rf "$OUT/res"
mkdir -p "$OUT/res"
skipped=()
jobs_file=$OUT/jobs.txt
: >"$jobs_file"
for n in $names; do
  f=$(test_file "$n")
  if [ -z "$f" ]; then
    printf 'FAIL  %s  sim  (no such test in tests/ or sim/tests/)\n' "$n" >"$OUT/res/$n.none.line"
    continue
  fi
  why=$(skip_reason "$f")
  if [ -n "$why" ]; then
    skipped+=("$(printf 'SKIP  %s  sim  (%s)' "$n" "$why")")
    continue
  fi
  only=$(simdecl "$f" POLICIES)
  # A test expected to fail here takes its failure paths, where test code
  # may read what a failed call left unset: valgrind would report the test,
  # not p3net (ASan still watches p3net there).
  differs=""
  [ -n "$(sim_marks "$f")" ] && differs=1
  for p in $POLICIES; do
    [ -z "$only" ] || [[ " $only " == *" $p "* ]] || continue
    [ -n "$differs" ] && [[ $p == valgrind:* ]] && continue
    echo "$n $f $p" >>"$jobs_file"
  done
done
xargs -P "$JOBS" -L 1 bash -c 'run_one "$0" "$1" "$2"' <"$jobs_file"

passed=0 failed=0
for n in $names; do
  for l in "$OUT"/res/"$n".*.line; do
    [ -e "$l" ] || continue
    cat "$l"
    case $(head -c 5 "$l") in
      "PASS " | XFAIL) passed=$((passed + 1)) ;;
      *) failed=$((failed + 1)) ;;
    esac
  done
done
for s in "${skipped[@]+"${skipped[@]}"}"; do echo "$s"; done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
