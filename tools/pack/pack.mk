# SPDX-License-Identifier: BSD-2-Clause
# mkarchive: the boot archive packer (host tool; format include/mote/archive.h).
#   make mkarchive     build/bin/mkarchive
#   make suite-pack    its cmocka tests (also run by make test)

PACK_DIR := $(BUILD)/pack
PACK_LIB_SRCS := tools/pack/archive.c tools/pack/elfcheck.c tools/pack/rootcnode.c
PACK_LIB_OBJS := $(PACK_LIB_SRCS:tools/pack/%.c=$(PACK_DIR)/%.o) $(COMMON_HOST_OBJS)
PACK_CFLAGS := $(HOST_CFLAGS) -Wswitch-enum -Itools/pack -Itools/common -MMD -MP
MKARCHIVE := $(BIN)/mkarchive

$(PACK_DIR)/%.o: tools/pack/%.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(PACK_CFLAGS) -c $< -o $@

$(PACK_DIR)/%.o: tests/pack/%.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(PACK_CFLAGS) -c $< -o $@

-include $(wildcard $(PACK_DIR)/*.d)

$(MKARCHIVE): $(PACK_LIB_OBJS) $(PACK_DIR)/main.o
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	@$(HOST_CC) $(HOST_CFLAGS) $^ -o $@

$(PACK_DIR)/test_pack: $(PACK_DIR)/test_pack.o $(PACK_LIB_OBJS) | $(DEPS_STAMP)
	@echo "  LINK    $@"
	@$(HOST_CC) $(HOST_CFLAGS) $^ -o $@ $(CMOCKA_LIBS)

.PHONY: mkarchive suite-pack
all: $(MKARCHIVE)
mkarchive: $(MKARCHIVE)

TEST_SUITES += pack
suite-pack: $(PACK_DIR)/test_pack $(MKARCHIVE)
	@CMOCKA_MESSAGE_OUTPUT=TAP scripts/run-suite.sh pack 120 $(PACK_DIR)/test_pack $(MKARCHIVE)
