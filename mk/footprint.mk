# SPDX-License-Identifier: BSD-2-Clause
# make footprint: every system that builds is booted, its rootserver's
# figures set next to kmem's for its system.cdl (scripts/footprint.sh);
# the output ends with the default system's idle_bytes, ram_used_bytes and
# boot_peak_bytes lines (docs/FOOTPRINT.md).
# A system that does not build is named and skipped.
.PHONY: footprint
footprint: deps $(BIN)/kmem
	@ok=; for s in $(sort $(SYSTEMS)); do \
	    if $(MAKE) --no-print-directory -s system-$$s > /dev/null 2>&1; then ok="$$ok $$s"; \
	    else echo "footprint: system $$s does not build: skipped"; fi; done; \
	QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" BUILD="$(BUILD)" scripts/footprint.sh report $$ok; \
	QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" tests/systems/app-footprint.sh $(BUILD)/images/default.elf
