# SPDX-License-Identifier: BSD-2-Clause
# Booting images in QEMU: `make run` and `make debug`.
#
# `make run` boots the default system on the release kernel (no debug
# system calls: the console is uart_driver and the logger); `make run
# DEBUG=1` on the debug kernel.  `make debug` uses the debug kernel unless
# DEBUG=0.  Each re-enters make with KERNEL_DEBUG set, so the image comes
# from that variant's build directory (build/release/ or build/).
RUN_SYSTEM ?= default

# DISK is the disk image `make run` attaches (QEMU_DISK, after
# QEMU_DEVICES: the third virtio-mmio slot, where the default system's
# storage component looks); build/disk.img is created blank, DISK_SIZE
# bytes, when missing (the console's `format` makes a store on it).
# `make run DISK=path` uses another image.
DISK ?= $(BUILD_TOP)/disk.img
DISK_SIZE ?= 4M

.PHONY: run debug run-image debug-image
run:
	@$(MAKE) --no-print-directory KERNEL_DEBUG=$(or $(DEBUG),0) run-image

debug:
	@$(MAKE) --no-print-directory KERNEL_DEBUG=$(or $(DEBUG),1) debug-image

# The serial port is multiplexed with QEMU's monitor (`mon:stdio`): the
# terminal is raw, so Ctrl-C and Ctrl-\ reach the console (Ctrl-C cancels
# the line) instead of killing QEMU, and Ctrl-A x quits QEMU (Ctrl-A h
# lists the other escapes).  The tests keep `-serial stdio` (a pipe).
RUN_QEMU_FLAGS := $(filter-out -serial stdio -monitor none,$(QEMU_FLAGS)) -serial mon:stdio
RUN_IMAGE := $(BUILD)/images/$(RUN_SYSTEM).elf
# A system with builtin bundles boots with their flash (systems/platform.mk).
RUN_FLASH := $(if $(filter $(RUN_SYSTEM),$(FLASH_SYSTEMS)),$(call QEMU_FLASH,$(RUN_IMAGE:.elf=.flash)))
run-image: deps $(RUN_IMAGE) $(DISK)
	$(QEMU) $(RUN_QEMU_FLAGS) $(RUN_FLASH) $(call QEMU_DISK,$(DISK)) -kernel $(RUN_IMAGE)

$(BUILD_TOP)/disk.img:
	@mkdir -p $(@D)
	truncate -s $(DISK_SIZE) $@

# QEMU halted with its gdb server on :1234, gdb-multiarch attached with
# every symbol of the system, asking nothing: the kernel's, the
# rootserver's and each component's (scripts/gdb-symbols.sh writes the
# script; `mote-INST` keeps one component's symbols, `mote-all` all of
# them: components share the address 0x100000).  The terminal belongs to
# gdb, so the console goes to a file.
DEBUG_CONSOLE := $(BUILD)/debug-console.log
DEBUG_GDB := $(BUILD)/$(RUN_SYSTEM)/debug.gdb
debug_gdb_script = scripts/gdb-symbols.sh $(1) $(patsubst $(BUILD)/images/%,$(BUILD)/roots/%,$(1)) \
    $(wildcard $(BUILD)/$(basename $(notdir $(1)))/obj/*.full.elf)

debug-image: deps $(RUN_IMAGE) $(DISK)
	@scripts/install-deps.sh gdb-multiarch
	@$(call debug_gdb_script,$(RUN_IMAGE)) > $(DEBUG_GDB)
	@echo "console output: $(DEBUG_CONSOLE) (tail -f it); gdb script: $(DEBUG_GDB)"
	$(QEMU) $(filter-out -serial stdio,$(QEMU_FLAGS)) -serial file:$(DEBUG_CONSOLE) \
	    $(RUN_FLASH) $(call QEMU_DISK,$(DISK)) -kernel $(RUN_IMAGE) -s -S < /dev/null & \
	gdb-multiarch -q -x $(DEBUG_GDB) -ex 'target remote :1234'; kill %1 2>/dev/null || true
