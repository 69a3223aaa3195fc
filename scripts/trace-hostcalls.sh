#!/usr/bin/env bash
# Counts the host calls a component makes, from Wasmtime's own trace log:
# for a build that has no counters of its own (wasi-libc's), to compare
# with p3net_stats_get(). Counted: every WASI import call, and the
# canonical built-ins the trace names (waitable join to a set, waitable-set
# wait, subtask cancel and drop). A leave (join to no set) is listed apart
# and left out of the total: Wasmtime logs one for every subtask dropped
# while in a set too. Not counted (no trace line): waitable-set poll and
# thread.yield, so a p3net readiness loop reads low. Checked against
# p3net_stats_get() on udp_rtt's client: the same count per round trip.
#
#   scripts/trace-hostcalls.sh app.wasm [args...]
# Prints the component's stdout, then one line per kind of call with its
# count, then the total. Tracing slows every call: counts only, no timing.
set -euo pipefail
P3=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
WASMTIME_LOG=wasmtime_wasi=trace,wasmtime::runtime::component::concurrent=trace \
  "$P3/bin/p3run" --host=wasmtime "$@" 2>"$log"
awk '
  /import\{module=.*\}: .*: call/ {
    match($0, /function="[^"]*"/); k = substr($0, RSTART + 10, RLENGTH - 11); n[k]++; next
  }
  /concurrent: waitable .*\(handle [0-9]+\) join set Some/ { n["waitable.join"]++; next }
  /concurrent: waitable .*\(handle [0-9]+\) join set None/ { n["waitable.leave (or a drop)"]++; next }
  /concurrent: waitable check for .*; set [^,]*$/ { n["waitable-set.wait"]++; next }
  /concurrent: subtask_drop/ { n["subtask.drop"]++; next }
  /concurrent: subtask_cancel/ { n["subtask.cancel"]++; next }
  END {
    for (k in n) { printf "%8d %s\n", n[k], k; if (k !~ /leave/) t += n[k] }
    printf "%8d total\n", t
  }
' "$log" | sort -rn
