# SPDX-License-Identifier: BSD-2-Clause
# The rootserver: the root task that builds a system from its boot archive.
# One ELF for every system: systems/systems.mk copies it to
# $(BUILD)/roots/NAME.elf next to the system's archive.

ROOTSERVER := $(BUILD)/rootserver/rootserver.elf
RS_SRCS := $(wildcard rootserver/*.c)
RS_OBJS := $(RS_SRCS:%.c=$(BUILD)/%.o)
# -Wswitch-enum: switches over enums name every value (see tools/motec).
RS_CFLAGS := $(TARGET_CFLAGS) -Os -Wswitch-enum -Ilib/mote/include -MMD -MP

$(BUILD)/rootserver/%.o: rootserver/%.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(TCC) $(RS_CFLAGS) -c $< -o $@

-include $(RS_OBJS:.o=.d)

# Its own link script (rootserver/rootserver.ld): code and rodata share
# pages, as its image is part of every boot peak (docs/FOOTPRINT.md).
RS_LDFLAGS := $(filter-out -T $(LIBMOTE_LDSCRIPT),$(USER_LDFLAGS)) -T rootserver/rootserver.ld

$(ROOTSERVER): $(RS_OBJS) $(LIBMOTE) $(LIBMOTE_CRT0) rootserver/rootserver.ld
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	@$(TCC) $(RS_LDFLAGS) -o $@ $(LIBMOTE_CRT0) $(RS_OBJS) $(LIBMOTE_LDLIBS)

.PHONY: rootserver
rootserver: $(ROOTSERVER)
