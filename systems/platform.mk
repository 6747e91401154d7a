# SPDX-License-Identifier: BSD-2-Clause
# The process manager's builtin bundles: a flash image next to a system's
# boot image, $(BUILD)/images/SYSTEM.flash, made by mkflash (the bundles
# byte for byte behind an index, <mote/bundle.h>), 32 MiB and sparse: QEMU
# wants a pflash drive the size of the bank.  Booting the system with
# $(call QEMU_FLASH,$(BUILD)/images/SYSTEM.flash) gives it its builtins;
# without it the process manager has none and says so.
#   $(eval $(call platform_builtins,SYSTEM,BUNDLE-FILES))
MKFLASH := $(BIN)/mkflash
FLASHBOOT := $(BUILD)/flashboot.bin

# The bank's first page: the loader QEMU enters when pflash unit 1 holds
# a drive (tools/bundle/flashboot.S says why).
$(FLASHBOOT): tools/bundle/flashboot.S
	@mkdir -p $(@D)
	$(TCC) $(TARGET_ASFLAGS) -nostdlib -c $< -o $(@:.bin=.o)
	$(TOBJCOPY) -O binary -j .text $(@:.bin=.o) $@

define platform_builtins
$(BUILD)/images/$(1).flash: $(2) $(MKFLASH) $(FLASHBOOT) systems/platform.mk
	@mkdir -p $$(@D)
	@echo "  FLASH   $$@"
	@$(MKFLASH) -o $$@ --boot $(FLASHBOOT) $(2)
$(BUILD)/images/$(1).elf: $(BUILD)/images/$(1).flash
FLASH_SYSTEMS += $(1)
endef

# The default system: every application of apps/.
$(eval $(call platform_builtins,default,$(APPS:%=$(APPS_DIR)/%.bundle)))

# Every target that boots the default system gets its flash (the suites'
# scripts take QEMU_FLAGS from the environment); suite-apps-system boots
# appstest with its own (tests/systems/apps.mk).
DEFAULT_FLASH_TARGETS := suite-persist suite-storage-qemu test-crash \
    bench-store suite-upload bench-upload bench-apps suite-gdb suite-systems footprint \
    suite-footprint suite-release release-images suite-terminal
$(DEFAULT_FLASH_TARGETS): QEMU_FLAGS += $(call QEMU_FLASH,$(BUILD)/images/default.flash)
