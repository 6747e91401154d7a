# SPDX-License-Identifier: BSD-2-Clause
# mkbundle and the bundle validator on the host (lib/bundle; docs/APPS.md).
#   make mkbundle       build/bin/mkbundle
#   make suite-bundle   the validator's cmocka tests, over the built apps too
#                       (also run by make test)
#   make fuzz           includes fuzz-bundle: libFuzzer over the validator,
#                       BUNDLE_FUZZ_TIME seconds under ASan and UBSan

BUNDLE_DIR := $(BUILD)/bundle
BUNDLE_LIB_SRCS := $(wildcard lib/bundle/*.c)
BUNDLE_LIB_OBJS := $(BUNDLE_LIB_SRCS:lib/bundle/%.c=$(BUNDLE_DIR)/%.o)
BUNDLE_CFLAGS := $(HOST_CFLAGS) -Ilib/bundle -MMD -MP
BUNDLE_FUZZ_TIME ?= 10
BUNDLE_FUZZ_CC ?= clang

$(BUNDLE_DIR)/%.o: lib/bundle/%.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(BUNDLE_CFLAGS) -c $< -o $@

$(BUNDLE_DIR)/%.o: tools/bundle/%.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(BUNDLE_CFLAGS) -c $< -o $@

$(BUNDLE_DIR)/%.o: tests/bundle/%.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(BUNDLE_CFLAGS) -DBUNDLE_APPS_DIR='"$(APPS_DIR)"' \
	    -DBUNDLE_MKBUNDLE='"$(MKBUNDLE)"' -DBUNDLE_MKFLASH='"$(MKFLASH)"' -Itests/bundle \
	    -c $< -o $@

-include $(wildcard $(BUNDLE_DIR)/*.d)

$(MKBUNDLE): $(BUNDLE_LIB_OBJS) $(BUNDLE_DIR)/mkbundle.o
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	@$(HOST_CC) $(HOST_CFLAGS) $^ -o $@

$(MKFLASH): $(BUNDLE_LIB_OBJS) $(BUNDLE_DIR)/mkflash.o
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	@$(HOST_CC) $(HOST_CFLAGS) $^ -o $@

$(BUNDLE_DIR)/test_bundle: $(BUNDLE_DIR)/test_bundle.o $(BUNDLE_DIR)/test_flash.o $(BUNDLE_LIB_OBJS) | $(DEPS_STAMP)
	@echo "  LINK    $@"
	@$(HOST_CC) $(HOST_CFLAGS) $^ -o $@ $(CMOCKA_LIBS)

$(BUNDLE_DIR)/fuzz_bundle: tools/bundle/fuzz.c $(BUNDLE_LIB_SRCS) $(wildcard lib/bundle/*.h) include/mote/bundle.h
	@scripts/install-deps.sh clang libclang-rt-14-dev
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	@$(BUNDLE_FUZZ_CC) -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -Iinclude -Ilib/bundle \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    tools/bundle/fuzz.c $(BUNDLE_LIB_SRCS) -o $@

.PHONY: mkbundle suite-bundle fuzz fuzz-bundle
all: $(MKBUNDLE) $(MKFLASH)
mkbundle: $(MKBUNDLE) $(MKFLASH)

TEST_SUITES += bundle
suite-bundle: $(BUNDLE_DIR)/test_bundle $(MKBUNDLE) $(MKFLASH) apps
	@CMOCKA_MESSAGE_OUTPUT=TAP scripts/run-suite.sh bundle 120 $(BUNDLE_DIR)/test_bundle

# Fails on any crash or sanitizer report; the corpus (build/bundle/corpus)
# is seeded with the built bundles and the default system's flash image
# (from its header on: the fuzzer feeds every input to the flash reader
# too).
MT_FLASH_IMAGE_OFFSET_BYTES := $(shell sed -n 's/^\#define MT_FLASH_IMAGE_OFFSET \([0-9]*\)u.*/\1/p' include/mote/bundle.h)
fuzz: fuzz-bundle
fuzz-bundle: $(BUNDLE_DIR)/fuzz_bundle apps $(BUILD)/images/default.flash
	@mkdir -p $(BUNDLE_DIR)/corpus
	@tail -c +$$(($(MT_FLASH_IMAGE_OFFSET_BYTES) + 1)) $(BUILD)/images/default.flash | \
	    head -c 65536 > $(BUNDLE_DIR)/corpus/default-flash-image
	@echo "  FUZZ    bundle validator for $(BUNDLE_FUZZ_TIME) s"
	@$(BUNDLE_DIR)/fuzz_bundle -max_total_time=$(BUNDLE_FUZZ_TIME) -detect_leaks=1 \
	    -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(BUNDLE_DIR)/ $(BUNDLE_DIR)/corpus $(APPS_DIR)
