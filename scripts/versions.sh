# Pinned tool versions, sourced by the scripts that install or check them.
WASMTIME_VERSION=48.0.8
WASM_TOOLS_VERSION=1.263.0
WIT_BINDGEN_VERSION=0.63.0
# The wasi-libc comparison (scripts/setup-wasilibc.sh, scripts/bench.sh).
CMAKE_PY_VERSION=3.31.10
WASM_COMPONENT_LD_VERSION=0.5.31
WASI_LIBC_COMMIT=476bd3c24b0ee845293043f63e90fdf1c46661a2
