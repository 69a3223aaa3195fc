# Platform/WASI: what CMake needs to know about the WASI system p3net
# builds for (CMake 3.25 has no WASI platform of its own; the toolchain
# file puts this folder on CMAKE_MODULE_PATH). A p3cc program is a POSIX
# program, so UNIX is set and projects take their POSIX code paths.
set(UNIX 1)
set(WASI 1)
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set(CMAKE_STATIC_LIBRARY_PREFIX "lib")
set(CMAKE_STATIC_LIBRARY_SUFFIX ".a")
set(CMAKE_FIND_LIBRARY_PREFIXES "lib")
set(CMAKE_FIND_LIBRARY_SUFFIXES ".a")
# A component links everything statically: there are no shared libraries.
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
