# Booting images in QEMU: `make run` and `make debug`.
# RUN_IMAGE is what `make run` boots: the default system
# (systems/default/default.camkes, built by systems/systems.mk).
RUN_IMAGE ?= $(BUILD)/images/default.elf

.PHONY: run debug
run: deps $(RUN_IMAGE)
	$(QEMU) $(QEMU_FLAGS) -kernel $(RUN_IMAGE)

# QEMU halted with a gdb stub on :1234, gdb-multiarch attached with the
# image's symbols (kernel and, via add-symbol-file, the root task).
debug: deps $(RUN_IMAGE)
	@scripts/install-deps.sh gdb-multiarch
	$(QEMU) $(QEMU_FLAGS) -kernel $(RUN_IMAGE) -s -S & \
	gdb-multiarch -q -ex 'set architecture riscv:rv64' -ex 'target remote :1234' \
	    -ex 'add-symbol-file $(patsubst $(BUILD)/images/%,$(BUILD)/roots/%,$(RUN_IMAGE))' \
	    $(RUN_IMAGE); kill %1 2>/dev/null || true
