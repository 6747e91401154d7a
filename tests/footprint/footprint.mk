# SPDX-License-Identifier: BSD-2-Clause
# The footprint suite: kmem's figures for each system's system.cdl equal,
# per component, per kind and in total, what the running system reports
# (tests/footprint/run.sh, scripts/footprint.sh), plus the measured boot
# peak and the RAM accounting identity.
FOOTPRINT_TEST_SYSTEMS := $(sort $(SYSTEMS))

.PHONY: suite-footprint
suite-footprint: deps $(BIN)/kmem $(FOOTPRINT_TEST_SYSTEMS:%=$(BUILD)/images/%.elf)
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" BUILD="$(BUILD)" \
	    scripts/run-suite.sh footprint 300 tests/footprint/run.sh $(FOOTPRINT_TEST_SYSTEMS)
TEST_SUITES += footprint
