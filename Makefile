# p3net: build the library, run the tests on three targets, run the demo.
# `make test` and `make demo` install what they need first (scripts/setup.sh).
# `WASI_LIBC_SRC=/path/to/wasi-libc make bench` adds the wasi-libc column
# (scripts/setup-wasilibc.sh builds its wasip3 sysroot; bench/README.md).

CC_WASM   ?= clang-19
AR_WASM   ?= llvm-ar-19
BUILD     := build
WASM_CFLAGS := --target=wasm32-wasi -std=c17 -O2 -g -Wall -Wextra -Werror \
  -Wno-unused-parameter -nostdlibinc -isystem include -isystem /usr/include/wasm32-wasi -Isrc -Isrc/bindings -D_GNU_SOURCE \
  -ffunction-sections -fdata-sections

LIB_SRCS := $(sort $(wildcard src/*/*.c))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o) src/bindings/command_component_type.o

.PHONY: all lib setup test demo bench bindings check-bindings clean format check-format

all: lib

lib: $(BUILD)/libp3net.a

$(BUILD)/libp3net.a: $(LIB_OBJS)
	@rm -f $@
	$(AR_WASM) rcs $@ $^

# The generated bindings are not ours to lint: only -Werror's basics apply.
$(BUILD)/obj/bindings/%.o: src/bindings/%.c
	@mkdir -p $(dir $@)
	$(CC_WASM) $(WASM_CFLAGS) -Wno-unused-function -c $< -o $@

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*/*.h) $(wildcard include/*.h include/*/*.h)
	@mkdir -p $(dir $@)
	$(CC_WASM) $(WASM_CFLAGS) -c $< -o $@

setup:
	@scripts/setup.sh

test: setup
	@scripts/test.sh

demo: setup
	@scripts/demo.sh

bench: setup
	@scripts/bench.sh

bindings:
	scripts/bindings.sh

check-bindings:
	scripts/bindings.sh --check

# Every C file that is ours (not the generated bindings).
OUR_C := $(filter-out src/bindings/%,$(LIB_SRCS) $(wildcard src/*/*.h)) \
  $(wildcard include/*.h include/*/*.h tests/*.c tests/*.h examples/*.c bench/*.c bench/*.h) \
  $(wildcard sim/*.c sim/*.h sim/tests/*.c)

format:
	clang-format-19 -i $(OUR_C)

check-format:
	clang-format-19 --dry-run -Werror $(OUR_C)

clean:
	rm -rf $(BUILD)
