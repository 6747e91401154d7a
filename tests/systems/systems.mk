# SPDX-License-Identifier: BSD-2-Clause
# System tests: every example assembly and the default system, booted in
# QEMU and checked through the serial console (tests/systems/system-test.sh).
SYSTEM_TEST_NAMES := rpcbasic rpcmany rpcshared notify dataport hwirq sharedirq captransfer fault fpu compat rngmany restartloop default
SYSTEM_TEST_IMAGES := $(SYSTEM_TEST_NAMES:%=$(BUILD)/images/%.elf)

.PHONY: suite-systems
suite-systems: deps $(SYSTEM_TEST_IMAGES) $(BIN)/kmem
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" KMEM=$(BIN)/kmem \
	    scripts/run-suite.sh systems 600 tests/systems/system-test.sh $(BUILD)/images
TEST_SUITES += systems

# rpcmany: a server with 18 interface threads (tests/systems/rpcmany.camkes).
SYSTEM_CAMKES_rpcmany := tests/systems/rpcmany.camkes
SYSTEM_COMPONENTS_rpcmany := tests/systems/components
$(eval $(call mote_system,rpcmany))

# fpu: a component built for hardware floating point (fpu = true) serving
# an integer-only one (tests/systems/fpu.camkes).
SYSTEM_CAMKES_fpu := tests/systems/fpu.camkes
SYSTEM_COMPONENTS_fpu := tests/systems/components
$(eval $(call mote_system,fpu))
# compat: CAmkES forms at run time: seL4Notification to two consumers,
# cantripRPCCallSignal, a 2 MiB device frame (tests/systems/compat.camkes).
SYSTEM_CAMKES_compat := tests/systems/compat.camkes
SYSTEM_COMPONENTS_compat := tests/systems/components
$(eval $(call mote_system,compat))
# rngmany: four clients of the entropy driver at once, their calls
# waiting together as saved callers (tests/systems/rngmany.camkes).
SYSTEM_CAMKES_rngmany := tests/systems/rngmany.camkes
SYSTEM_COMPONENTS_rngmany := tests/systems/components components
$(eval $(call mote_system,rngmany))
# restartloop: a component that faults each time it starts, restarted by
# the supervisor up to its restart_limit (tests/systems/restartloop.camkes).
SYSTEM_CAMKES_restartloop := tests/systems/restartloop.camkes
SYSTEM_COMPONENTS_restartloop := tests/systems/components components
$(eval $(call mote_system,restartloop))

# `make debug`'s gdb script loads every symbol without a question
# (tests/systems/gdb-test.sh, gdb-multiarch in batch mode).
.PHONY: suite-gdb
suite-gdb: deps $(BUILD)/images/default.elf
	@scripts/install-deps.sh gdb-multiarch
	@$(call debug_gdb_script,$(BUILD)/images/default.elf) > $(BUILD)/default/debug.gdb
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" scripts/run-suite.sh gdb 120 \
	    tests/systems/gdb-test.sh $(BUILD)/default/debug.gdb $(BUILD)/images/default.elf
TEST_SUITES += gdb
