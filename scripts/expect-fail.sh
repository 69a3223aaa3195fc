# Sourced by scripts/test.sh and scripts/sim-test.sh: the one judge of an
# expected failure, so that both harnesses excuse exactly the same runs.
#
# A mark names the check that is expected to fail, then says why:
#   // P3NET-EXPECT-FAIL(jco): CHECK(ttl0 == 64) -- preview3-shim reports 1
#   // P3SIM-EXPECT-FAIL: CHECK_ERR(send(fd, "x", 1, 0), EAGAIN) -- why
# The name is CHECK(text), CHECK_ERR(text) or CHECK_OK(text), cut at the
# first " -- "; it matches a failure line of tests/check.h,
#   FILE:LINE: MACRO(printed text) failed ...
# when MACRO is the same and text is a substring of the printed text (which
# is the macro's argument as the preprocessor spells it: runs of blanks are
# one space). Several checks expected to fail: one mark per check.
#
# A run is the declared failure only if all of these hold; otherwise
# expect_fail_why says which does not:
#   - it exited with status 1 (what CHECK_DONE returns) and did not time out;
#   - nothing on stderr looks like a trap or a runtime's own error;
#   - every FILE:LINE: line on stderr is a check.h failure line matched by
#     some mark, and there is at least one;
#   - every mark matched at least one line (a check that no longer fails is
#     a stale mark);
#   - the last line (Node's own warnings aside) is CHECK_DONE's "N check(s)
#     failed", and N is the number of those lines (so no failure counted
#     without a line of its own, and nothing ran after the test ended).

# expect_fail_why ERRFILE STATUS MARK...: nothing if the run is the declared
# failure, else one line saying why not. STATUS is the exit status, or
# "timeout".
expect_fail_why() {
  local err=$1 rc=$2 m name i n=0 line macro text ok last tally
  shift 2
  local -a macros=() texts=() hits=()
  for m in "$@"; do
    name=${m%% -- *}
    if [[ $m != *" -- "* || -z ${m#* -- } ]] ||
      ! [[ $name =~ ^(CHECK|CHECK_ERR|CHECK_OK)\((.+)\)$ ]]; then
      echo "malformed EXPECT-FAIL mark '$m' (want: CHECK(text) -- why)"
      return
    fi
    macros+=("${BASH_REMATCH[1]}")
    texts+=("${BASH_REMATCH[2]}")
    hits+=(0)
  done
  [ ${#macros[@]} -gt 0 ] || { echo "no EXPECT-FAIL mark"; return; }
  if [ "$rc" = timeout ]; then
    echo "timed out, not the declared failure"
    return
  fi
  if [ "$rc" -eq 0 ]; then
    echo "stale EXPECT-FAIL: it passed"
    return
  fi
  # What Wasmtime, the jco runner, Node and the simulator print on a trap
  # or an internal error: a run that shows one never counts as expected.
  line=$(grep -m 1 -E 'wasm trap|wasm backtrace|^p3run\(jco\):|RuntimeError|p3sim TRAP|^Error: |Sanitizer|runtime error:|^==[0-9]+==' "$err")
  if [ -n "$line" ]; then
    echo "trapped, crashed or leaked (exit $rc): $line"
    return
  fi
  if [ "$rc" -ne 1 ]; then
    echo "exit $rc, but a declared check failure exits 1 (a trap or a crash?)"
    return
  fi
  while IFS= read -r line; do
    [[ $line =~ ^[^[:space:]:]+:[0-9]+:\  ]] || continue
    n=$((n + 1))
    ok=0
    if [[ $line =~ ^[^[:space:]:]+:[0-9]+:\ (CHECK|CHECK_ERR|CHECK_OK)\((.*)\)\ failed ]]; then
      macro=${BASH_REMATCH[1]} text=${BASH_REMATCH[2]}
      for i in "${!macros[@]}"; do
        if [ "$macro" = "${macros[i]}" ] && [[ $text == *"${texts[i]}"* ]]; then
          ok=1
          hits[i]=1
        fi
      done
    fi
    if [ $ok = 0 ]; then
      echo "another check failed: $line"
      return
    fi
  done <"$err"
  if [ $n -eq 0 ]; then
    echo "exit 1 without a failed check line"
    return
  fi
  for i in "${!macros[@]}"; do
    if [ "${hits[i]}" = 0 ]; then
      echo "stale EXPECT-FAIL: ${macros[i]}(${texts[i]}) did not fail"
      return
    fi
  done
  # Node prints its own warnings (a listener count, say) whenever its event
  # loop gets to them: they are the runner's, not the program's output.
  last=$(grep -vE '^[[:space:]]*$|^\(node:[0-9]+\) |^\(Use `node --trace-' "$err" | tail -n 1)
  tally=${last% check(s) failed}
  if [ "$tally" = "$last" ] || ! [[ $tally =~ ^[0-9]+$ ]]; then
    echo "stderr does not end with CHECK_DONE's tally: $last"
  elif [ "$tally" -ne $n ]; then
    echo "$tally check(s) failed but only $n printed a check line (another failure?)"
  fi
}
