# SPDX-License-Identifier: BSD-2-Clause
# kmem: the memory report for capDL specs (host tool).
#   make kmem          build/bin/kmem
#   make suite-kmem    the cmocka tests (also run by make test)
#   make fuzz          libFuzzer on the parser, KMEM_FUZZ_TIME seconds
#   make bench-kmem    the 1,000,000-object figures (also run by make bench)

KMEM_DIR := $(BUILD)/kmem
KMEM_LIB_SRCS := $(filter-out tools/kmem/main.c tools/kmem/fuzz.c,$(wildcard tools/kmem/*.c))
KMEM_LIB_OBJS := $(KMEM_LIB_SRCS:tools/kmem/%.c=$(KMEM_DIR)/%.o) $(COMMON_HOST_OBJS)
KMEM_CFLAGS := $(HOST_CFLAGS) -Itools/kmem -Itools/common -MMD -MP
KMEM_LIBS := -lm
# Real capDL specs from outside the repository (provenance in their
# SOURCES.md): the tests of their totals run where they exist and are
# reported skipped where they do not; every other test reads the specs in
# tests/kmem/specs.
KMEM_REAL_SPECS ?= ../shared/testdata/cdl
KMEM_FUZZ_TIME ?= 60
KMEM_FUZZ_CC ?= clang

$(KMEM_DIR)/%.o: tools/kmem/%.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(KMEM_CFLAGS) -c $< -o $@

$(KMEM_DIR)/%.o: tests/kmem/%.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(KMEM_CFLAGS) -DKMEM_REAL_SPECS='"$(KMEM_REAL_SPECS)"' \
	    -DKMEM_TEST_SPECS='"tests/kmem/specs"' -c $< -o $@

-include $(wildcard $(KMEM_DIR)/*.d)

$(BIN)/kmem: $(KMEM_LIB_OBJS) $(KMEM_DIR)/main.o
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	@$(HOST_CC) $(HOST_CFLAGS) $^ -o $@ $(KMEM_LIBS)

$(KMEM_DIR)/test_kmem: $(KMEM_DIR)/test_kmem.o $(KMEM_LIB_OBJS) | $(DEPS_STAMP)
	@echo "  LINK    $@"
	@$(HOST_CC) $(HOST_CFLAGS) $^ -o $@ $(CMOCKA_LIBS) $(KMEM_LIBS)

$(KMEM_DIR)/gen_spec: $(KMEM_DIR)/gen_spec.o
	@$(HOST_CC) $(HOST_CFLAGS) $^ -o $@

$(KMEM_DIR)/bench_kmem: $(KMEM_DIR)/bench_kmem.o
	@$(HOST_CC) $(HOST_CFLAGS) $^ -o $@

$(KMEM_DIR)/fuzz_kmem: tools/kmem/fuzz.c $(KMEM_LIB_SRCS) $(COMMON_HOST_SRCS) \
                       $(wildcard tools/kmem/*.h tools/common/*.h)
	@scripts/install-deps.sh clang libclang-rt-14-dev
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	@$(KMEM_FUZZ_CC) -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -Iinclude -Itools/kmem \
	    -Itools/common -DKMEM_MAX_OBJECTS=100000 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all tools/kmem/fuzz.c $(KMEM_LIB_SRCS) $(COMMON_HOST_SRCS) -o $@ $(KMEM_LIBS)

.PHONY: kmem suite-kmem fuzz fuzz-kmem bench-kmem
all: $(BIN)/kmem
kmem: $(BIN)/kmem

TEST_SUITES += kmem
suite-kmem: $(KMEM_DIR)/test_kmem $(BIN)/kmem $(KMEM_DIR)/gen_spec
	@KMEM_REAL_SPECS=$(KMEM_REAL_SPECS) CMOCKA_MESSAGE_OUTPUT=TAP \
	    scripts/run-suite.sh kmem 300 $(KMEM_DIR)/test_kmem

# Fails on any crash, leak or sanitizer report; new inputs are kept in
# build/kmem/corpus, seeded from the test specs and the real ones.
fuzz: fuzz-kmem
fuzz-kmem: $(KMEM_DIR)/fuzz_kmem
	@mkdir -p $(KMEM_DIR)/corpus
	@echo "  FUZZ    kmem parser for $(KMEM_FUZZ_TIME) s"
	@$(KMEM_DIR)/fuzz_kmem -max_total_time=$(KMEM_FUZZ_TIME) -detect_leaks=1 \
	    -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(KMEM_DIR)/ $(KMEM_DIR)/corpus tests/kmem/specs \
	    $(wildcard $(KMEM_REAL_SPECS))

# Generates build/kmem/bench-1m.cdl (1,000,000 objects and their caps) and
# reports it with build/bin/kmem: wall time, peak RSS and the file size.
BENCHES += bench-kmem
bench-kmem: $(BIN)/kmem $(KMEM_DIR)/gen_spec $(KMEM_DIR)/bench_kmem
	@$(KMEM_DIR)/bench_kmem $(KMEM_DIR)/gen_spec $(BIN)/kmem $(KMEM_DIR)/bench-1m.cdl
