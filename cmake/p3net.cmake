# CMake toolchain file: build a project's executables as wasip3 command
# components with p3cc.
#   cmake -DCMAKE_TOOLCHAIN_FILE=/path/to/p3net/cmake/p3net.cmake -S src -B build
#   bin/p3run build/app.wasm            # run one (Wasmtime; --host=jco for jco)
#
# What it sets, and why:
# - CMAKE_SYSTEM_NAME WASI (its platform file is cmake/Platform/WASI.cmake:
#   UNIX, the .wasm executable suffix, static libraries only).
# - The compiler is bin/p3cc; ar and ranlib are LLVM's, which index wasm
#   objects (GNU ar's index lacks their symbols, so archives would not link).
# - Configure checks (check_function_exists, check_symbol_exists, ...) link
#   real components, so a function p3cc cannot link without a preview1
#   import (fopen, for instance) is reported missing: the truth for a
#   component.
# - try_run does not run: a component needs a host (bin/p3run). CMake then
#   wants each try_run answer as a cache variable (it names them); set
#   CMAKE_CROSSCOMPILING_EMULATOR=/path/to/p3net/bin/p3run to run them
#   (and ctest's tests) on Wasmtime instead.
# - find_path/find_library/find_package look only under the p3net tree
#   (never the build machine's /usr/include or /usr/lib, whose headers and
#   libraries are not for wasm); programs are found on the build machine.

set(CMAKE_SYSTEM_NAME WASI)
set(CMAKE_SYSTEM_VERSION 1)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")

get_filename_component(P3NET_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

set(CMAKE_C_COMPILER "${P3NET_ROOT}/bin/p3cc")
find_program(CMAKE_AR NAMES llvm-ar-19 llvm-ar REQUIRED)
find_program(CMAKE_RANLIB NAMES llvm-ranlib-19 llvm-ranlib REQUIRED)

# Shared libraries cannot be built; an option asking for them is overruled.
set(BUILD_SHARED_LIBS OFF CACHE BOOL "components link statically")

set(CMAKE_FIND_ROOT_PATH "${P3NET_ROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
