# SPDX-License-Identifier: BSD-2-Clause
# Code the host tools share (tools/common/): the ELF reader that kmem,
# motec and mkarchive use.  Each tool links $(COMMON_HOST_OBJS).

COMMON_HOST_SRCS := $(wildcard tools/common/*.c)
COMMON_HOST_OBJS := $(COMMON_HOST_SRCS:tools/common/%.c=$(BUILD)/common/%.o)

$(BUILD)/common/%.o: tools/common/%.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(HOST_CFLAGS) -Itools/common -MMD -MP -c $< -o $@

-include $(wildcard $(BUILD)/common/*.d)
