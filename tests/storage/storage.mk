# SPDX-License-Identifier: BSD-2-Clause
# The store: host tests of its on-disk format code (cmocka, against an
# in-memory device with power cuts), the fuzzer over image parsing, and
# the system tests of the storage component in QEMU
# (tests/storage/storage-test.sh: persistence, corrupted images; with
# STORAGE_CRASH_KILLS the power-cut harness).
#
#   make suite-storage     host tests          make suite-storage-qemu
#   make test-crash        >= 200 QEMU kills   make fuzz-store
#   make bench-store       kv_write_durable, blk_read_4k

STORE_DIR := $(BUILD)/storage
STORE_SRCS := $(wildcard components/storage/store*.c)
STORE_HDRS := $(wildcard components/storage/*.h) tests/storage/memdev.h
STORE_TEST_SRCS := tests/storage/test_store.c tests/storage/memdev.c $(STORE_SRCS)
STORE_FUZZ_TIME ?= 60
STORE_FUZZ_CC ?= clang
STORAGE_CRASH_KILLS ?= 200

$(STORE_DIR)/test_store: $(STORE_TEST_SRCS) $(STORE_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	@$(HOST_CC) $(HOST_CFLAGS) $(STORE_TEST_SRCS) -o $@ $(CMOCKA_LIBS)

$(STORE_DIR)/gen_seed: tests/storage/gen_seed.c tests/storage/memdev.c $(STORE_SRCS) $(STORE_HDRS)
	@mkdir -p $(@D)
	@$(HOST_CC) $(HOST_CFLAGS) tests/storage/gen_seed.c tests/storage/memdev.c $(STORE_SRCS) -o $@

$(STORE_DIR)/fuzz_store: tests/storage/fuzz_store.c tests/storage/memdev.c $(STORE_SRCS) $(STORE_HDRS)
	@scripts/install-deps.sh clang libclang-rt-14-dev
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	@$(STORE_FUZZ_CC) -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all tests/storage/fuzz_store.c tests/storage/memdev.c $(STORE_SRCS) -o $@

TEST_SUITES += storage storage-qemu
.PHONY: suite-storage suite-storage-qemu test-crash fuzz-store bench-store
suite-storage: $(STORE_DIR)/test_store
	@CMOCKA_MESSAGE_OUTPUT=TAP scripts/run-suite.sh storage 300 $(STORE_DIR)/test_store

# QEMU: persistence, corrupted images and a few power cuts (about 40 s).
suite-storage-qemu: deps $(BUILD)/images/default.elf
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" STORAGE_CRASH_KILLS=12 \
	    scripts/run-suite.sh storage-qemu 600 tests/storage/storage-test.sh $(BUILD)/images/default.elf

# The power-cut harness alone, STORAGE_CRASH_KILLS kills (>= 200).
test-crash: deps $(BUILD)/images/default.elf
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" STORAGE_CRASH_KILLS=$(STORAGE_CRASH_KILLS) \
	    STORAGE_TESTS=crash scripts/run-suite.sh crash 7200 \
	    tests/storage/storage-test.sh $(BUILD)/images/default.elf
	@scripts/summarize.sh $(BUILD)/results/crash.log

fuzz: fuzz-store
fuzz-store: $(STORE_DIR)/fuzz_store $(STORE_DIR)/gen_seed
	@mkdir -p $(STORE_DIR)/corpus
	@$(STORE_DIR)/gen_seed $(STORE_DIR)/corpus/seed.img
	@echo "  FUZZ    store image parsing for $(STORE_FUZZ_TIME) s"
	@$(STORE_DIR)/fuzz_store -max_total_time=$(STORE_FUZZ_TIME) -detect_leaks=1 \
	    -max_len=131072 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(STORE_DIR)/ $(STORE_DIR)/corpus

BENCHES += bench-store
bench-store: deps $(BUILD)/images/default.elf
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS) -icount shift=0 -rtc clock=vm" \
	    tests/storage/bench.sh $(BUILD)/images/default.elf
