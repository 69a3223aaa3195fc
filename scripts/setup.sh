#!/usr/bin/env bash
# Installs every tool p3net builds and runs with, from registries only, at
# pinned versions. Idempotent: a tool already present at its pin is skipped,
# so CI on a machine that ran this before installs nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/versions.sh"

say() { printf 'setup: %s\n' "$*" >&2; }

# cmake, ninja and python3's pip: the build-system checks and the c-ares
# test (scripts/toolchain-check.sh, scripts/cares-test.sh).
apt_pkgs=(clang-19 lld-19 llvm-19 libclang-rt-19-dev libclang-rt-19-dev-wasm32 wasi-libc valgrind clang-format-19
  cmake ninja-build python3 python3-pip)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt: installing ${missing[*]}"
  sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_=sudo
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# cargo_tool BINARY CRATE VERSION: `BINARY --version` must mention VERSION.
cargo_tool() {
  local bin=$1 crate=$2 ver=$3
  if command -v "$bin" >/dev/null 2>&1 && "$bin" --version 2>/dev/null | grep -qF "$ver"; then
    return 0
  fi
  say "cargo: building $crate $ver (wasmtime takes a long while on 2 cores)"
  cargo install --locked --quiet "$crate" --version "$ver"
}
export PATH="$HOME/.cargo/bin:$PATH"
cargo_tool wit-bindgen wit-bindgen-cli "$WIT_BINDGEN_VERSION"
cargo_tool wasm-tools wasm-tools "$WASM_TOOLS_VERSION"
cargo_tool wasmtime wasmtime-cli "$WASMTIME_VERSION"

# npm: jco, preview3-shim and Node 26, exactly as package-lock.json says.
stamp="$here/node_modules/.p3net-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s "$here/package-lock.json" "$stamp"; then
  say "npm: installing from package-lock.json"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$here/package-lock.json" "$stamp"
fi
