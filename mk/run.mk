# Booting images in QEMU: `make run` and `make debug`.
# RUN_IMAGE is what `make run` boots: the default system
# (systems/default/default.camkes, built by systems/systems.mk).
RUN_IMAGE ?= $(BUILD)/images/default.elf

# DISK is the disk image `make run` attaches (QEMU_DISK, after
# QEMU_DEVICES: the third virtio-mmio slot, where the default system's
# storage component looks); build/disk.img is created blank, DISK_SIZE
# bytes, when missing (the console's `format` makes a store on it).
# `make run DISK=path` uses another image.
DISK ?= $(BUILD)/disk.img
DISK_SIZE ?= 4M

.PHONY: run debug
run: deps $(RUN_IMAGE) $(DISK)
	$(QEMU) $(QEMU_FLAGS) $(call QEMU_DISK,$(DISK)) -kernel $(RUN_IMAGE)

$(BUILD)/disk.img:
	@mkdir -p $(@D)
	truncate -s $(DISK_SIZE) $@

# QEMU halted with its gdb server on :1234, gdb-multiarch attached with the
# image's symbols (kernel and, via add-symbol-file, the root task).  The
# terminal belongs to gdb, so the console goes to a file.
DEBUG_CONSOLE := $(BUILD)/debug-console.log
debug: deps $(RUN_IMAGE) $(DISK)
	@scripts/install-deps.sh gdb-multiarch
	@echo "console output: $(DEBUG_CONSOLE) (tail -f it)"
	$(QEMU) $(filter-out -serial stdio,$(QEMU_FLAGS)) -serial file:$(DEBUG_CONSOLE) \
	    $(call QEMU_DISK,$(DISK)) -kernel $(RUN_IMAGE) -s -S < /dev/null & \
	gdb-multiarch -q -ex 'set architecture riscv:rv64' -ex 'target remote :1234' \
	    -ex 'add-symbol-file $(patsubst $(BUILD)/images/%,$(BUILD)/roots/%,$(RUN_IMAGE))' \
	    $(RUN_IMAGE); kill %1 2>/dev/null || true
