#!/usr/bin/env bash
# Builds wasi-libc's wasm32-wasip3 sysroot, the reference the benchmarks
# compare p3net with (scripts/bench.sh). wasi-libc's source is not on any
# registry: it is taken from a checkout given in $WASI_LIBC_SRC, and is
# never copied into p3net. Its tools come from registries at pins:
#   clang-22, lld-22, llvm-22, libclang-rt-22-dev-wasm32  Debian (bookworm-security)
#   cmake >= 3.26                                           PyPI, into build/venv
#   wasm-component-ld                                       crates.io (clang-22
#                                                           links wasip3 with it)
# Idempotent: what is installed at its pin is skipped, and a sysroot built
# from the same commit is kept.
#
#   WASI_LIBC_SRC=/path/to/wasi-libc scripts/setup-wasilibc.sh
# Prints the sysroot's path on stdout.
set -euo pipefail
P3=$(cd "$(dirname "$0")/.." && pwd)
. "$P3/scripts/versions.sh"
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf 'setup-wasilibc: %s\n' "$*" >&2; }

src=${WASI_LIBC_SRC:?WASI_LIBC_SRC must name a wasi-libc checkout}
[ -f "$src/CMakeLists.txt" ] || { say "$src is not a wasi-libc checkout"; exit 1; }
commit=$(git -C "$src" rev-parse HEAD 2>/dev/null || echo unknown)

pkgs=(clang-22 lld-22 llvm-22 libclang-rt-22-dev-wasm32)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt: installing ${missing[*]}"
  sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_=sudo
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# wasi-libc's CMake wants 3.26 or newer; Debian bookworm has 3.25.
venv=$P3/build/venv
if ! "$venv/bin/cmake" --version 2>/dev/null | grep -q "version $CMAKE_PY_VERSION"; then
  say "pip: cmake $CMAKE_PY_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "cmake==$CMAKE_PY_VERSION"
fi

if ! wasm-component-ld --version 2>/dev/null | grep -qF "$WASM_COMPONENT_LD_VERSION"; then
  say "cargo: building wasm-component-ld $WASM_COMPONENT_LD_VERSION"
  cargo install --locked --quiet wasm-component-ld --version "$WASM_COMPONENT_LD_VERSION"
fi
command -v wasm-tools >/dev/null || { say "wasm-tools is missing: run scripts/setup.sh"; exit 1; }

builtins=$(clang-22 --target=wasm32-wasip3 -print-libgcc-file-name 2>/dev/null || true)
[ -f "$builtins" ] || builtins=/usr/lib/llvm-22/lib/clang/22/lib/wasi/libclang_rt.builtins-wasm32.a
[ -f "$builtins" ] || { say "no compiler-rt builtins for wasm32 (libclang-rt-22-dev-wasm32)"; exit 1; }

out=$P3/build/wasi-libc
stamp=$out/.p3net-commit
sysroot=$out/sysroot
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$commit" ] && [ -f "$sysroot/lib/wasm32-wasip3/libc.a" ]; then
  echo "$sysroot"
  exit 0
fi
say "building wasi-libc $commit for wasm32-wasip3 into $out (about a minute)"
rm -rf "$out"
"$venv/bin/cmake" -S "$src" -B "$out" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_AR=/usr/bin/llvm-ar-22 -DCMAKE_NM=/usr/bin/llvm-nm-22 \
  -DCMAKE_RANLIB=/usr/bin/llvm-ranlib-22 \
  -DTARGET_TRIPLE=wasm32-wasip3 -DBUILD_SHARED=OFF -DBUILD_TESTS=OFF \
  -DUSE_WASM_COMPONENT_LD=OFF -DBINDINGS_TARGET=OFF \
  -DBUILTINS_LIB="$builtins" -DWASM_TOOLS_EXECUTABLE="$(command -v wasm-tools)" \
  >"$P3/build/wasi-libc.configure.log" 2>&1 ||
  { say "configure failed: build/wasi-libc.configure.log"; exit 1; }
make -C "$out" -j2 >"$P3/build/wasi-libc.build.log" 2>&1 ||
  { say "build failed: build/wasi-libc.build.log"; exit 1; }
[ -f "$sysroot/lib/wasm32-wasip3/libc.a" ] || { say "no libc.a in $sysroot"; exit 1; }
echo "$commit" >"$stamp"
echo "$sysroot"
