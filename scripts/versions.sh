# Pinned tool versions, sourced by the scripts that install or check them.
WASMTIME_VERSION=48.0.8
WASM_TOOLS_VERSION=1.263.0
WIT_BINDGEN_VERSION=0.63.0
