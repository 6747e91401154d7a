# SPDX-License-Identifier: BSD-2-Clause
# libFuzzer targets over three more of the places untrusted input enters
# (docs/FUZZING.md):
#   make fuzz-motec     motec's front end on any .camkes file
#   make fuzz-console   the console's line editor and command dispatch on
#                       any byte stream
#   make fuzz-sdk       the SDK runtime's request decoding on any message
#   make suite-fuzz     each target over its seeds and regression inputs,
#                       then FUZZ_SMOKE_TIME seconds of fuzzing (make test)
# Each builds the real sources with clang under ASan and UBSan; `make
# fuzz` runs every target for FUZZ_TIME seconds.  (tests/*.mk are read
# before tools/*.mk: no variable of tools/*/*.mk is used here.)

FUZZ_DIR := $(BUILD)/fuzz
FUZZ_TARGETS :=
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_SMOKE_TIME ?= 3
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -Iinclude $(FUZZ_SAN)
FUZZ_DEPS_STAMP := $(FUZZ_DIR)/.clang
# libFuzzer's options shared by `make fuzz-*` and the smoke runs.
FUZZ_OPTS := -detect_leaks=1 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

$(FUZZ_DEPS_STAMP):
	@scripts/install-deps.sh clang libclang-rt-14-dev
	@mkdir -p $(@D) && touch $@

# ---- motec ----
# motec's objects with the allocator renamed (tests/fuzz/fuzz_motec.c
# releases each input's memory); tools/common's ELF reader among them.
FUZZ_MOTEC_SRCS := $(filter-out tools/motec/main.c,$(wildcard tools/motec/*.c tools/common/*.c))
FUZZ_MOTEC_HDRS := $(wildcard tools/motec/*.h tools/common/*.h include/mote/*.h)
FUZZ_MOTEC_OBJS := $(patsubst %.c,$(FUZZ_DIR)/motec/%.o,$(FUZZ_MOTEC_SRCS))
FUZZ_RENAME := $(foreach f,malloc calloc realloc free,--redefine-sym $(f)=fz_$(f))

$(FUZZ_DIR)/motec/%.o: %.c $(FUZZ_MOTEC_HDRS) $(FUZZ_DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Itools/motec -Itools/common -c $< -o $@
	@objcopy $(FUZZ_RENAME) $@

$(FUZZ_DIR)/fuzz_motec: tests/fuzz/fuzz_motec.c $(FUZZ_MOTEC_OBJS)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itools/motec -Itools/common \
	    -DFUZZ_TREE='"$(CURDIR)"' -DFUZZ_WORK='"$(abspath $(FUZZ_DIR))/work"' \
	    tests/fuzz/fuzz_motec.c $(FUZZ_MOTEC_OBJS) -o $@

# Seeds: every system and motec's test data (tests/fuzz/seeds.sh copies
# them into one flat directory); regression inputs in tests/fuzz/regress/.
FUZZ_MOTEC_SEEDS := $(wildcard systems/*/*.camkes tests/motec/data/*.camkes \
                               tests/motec/data/*/*.camkes components/*/*.camkes)

.PHONY: fuzz fuzz-motec fuzz-console fuzz-sdk suite-fuzz
fuzz: fuzz-motec
fuzz-motec: $(FUZZ_DIR)/fuzz_motec
	@tests/fuzz/run.sh fuzz $(FUZZ_DIR) motec $(FUZZ_TIME) "$(FUZZ_OPTS) -max_len=65536" \
	    $(FUZZ_MOTEC_SEEDS)

FUZZ_TARGETS += motec

# ---- console ----
# edit.c (included by the fuzzer), commands.c and libmote's print.c as
# they are; tests/fuzz/host stands in for the two libmote headers that are
# RISC-V system calls (nothing of them is used here).
FUZZ_CONSOLE_SRCS := components/debug_console/commands.c lib/mote/print.c
FUZZ_CONSOLE_HDRS := $(wildcard components/debug_console/*.h lib/mote/include/libmote/*.h \
                                tests/fuzz/host/libmote/*.h) components/debug_console/edit.c
$(FUZZ_DIR)/fuzz_console: tests/fuzz/fuzz_console.c $(FUZZ_CONSOLE_SRCS) $(FUZZ_CONSOLE_HDRS) \
                          $(FUZZ_DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itests/fuzz/host -Ilib/mote/include \
	    -Icomponents/debug_console -DMT_KERNEL_DEBUG=0 -DMT_ATTR_prompt='"mote> "' \
	    tests/fuzz/fuzz_console.c $(FUZZ_CONSOLE_SRCS) -o $@

# Seeds: typed lines with the keys the editor knows (tests/fuzz/seeds/console).
FUZZ_CONSOLE_SEEDS := $(wildcard tests/fuzz/seeds/console/*)
fuzz: fuzz-console
fuzz-console: $(FUZZ_DIR)/fuzz_console
	@tests/fuzz/run.sh fuzz $(FUZZ_DIR) console $(FUZZ_TIME) "$(FUZZ_OPTS) -max_len=4096" \
	    $(FUZZ_CONSOLE_SEEDS)
FUZZ_TARGETS += console

# ---- SDK requests ----
# The runtime's request checks (components/sdk_runtime/decode.c) as the
# component compiles them: they use no system call.
FUZZ_SDK_SRCS := components/sdk_runtime/decode.c
$(FUZZ_DIR)/fuzz_sdk: tests/fuzz/fuzz_sdk.c $(FUZZ_SDK_SRCS) components/sdk_runtime/decode.h \
                      $(wildcard include/mote/*.h) $(FUZZ_DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Icomponents/sdk_runtime \
	    tests/fuzz/fuzz_sdk.c $(FUZZ_SDK_SRCS) -o $@

# Seeds: one request of each kind (tests/fuzz/seeds/sdk): label, length,
# the registers.
FUZZ_SDK_SEEDS := $(wildcard tests/fuzz/seeds/sdk/*)
fuzz: fuzz-sdk
fuzz-sdk: $(FUZZ_DIR)/fuzz_sdk
	@tests/fuzz/run.sh fuzz $(FUZZ_DIR) sdk $(FUZZ_TIME) "$(FUZZ_OPTS) -max_len=1024" \
	    $(FUZZ_SDK_SEEDS)
FUZZ_TARGETS += sdk

# ---- the suite ----
TEST_SUITES += fuzz
suite-fuzz: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	@FUZZ_TARGETS="$(FUZZ_TARGETS)" FUZZ_DIR=$(FUZZ_DIR) FUZZ_SMOKE_TIME=$(FUZZ_SMOKE_TIME) \
	    FUZZ_OPTS="$(FUZZ_OPTS)" FUZZ_MOTEC_SEEDS="$(FUZZ_MOTEC_SEEDS)" \
	    FUZZ_CONSOLE_SEEDS="$(FUZZ_CONSOLE_SEEDS)" FUZZ_SDK_SEEDS="$(FUZZ_SDK_SEEDS)" \
	    scripts/run-suite.sh fuzz 300 tests/fuzz/smoke.sh
