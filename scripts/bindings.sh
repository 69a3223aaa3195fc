#!/usr/bin/env bash
# Regenerates the committed C bindings for wit/ (world p3net:runtime/command).
# With --check, fails if the committed files differ from what wit-bindgen makes.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"
# The run export is lifted synchronously: main() may block in
# waitable-set.wait, which a sync lift of an `async func` allows.
args=(c "$here/wit" --world command
      --sync export:wasi:cli/run@0.3.0#run --out-dir "$here/src/bindings")
if [ "${1:-}" = --check ]; then
  wit-bindgen "${args[@]}" --check
else
  wit-bindgen "${args[@]}"
fi
