# System tests: every example assembly and the default system, booted in
# QEMU and checked through the serial console (tests/systems/system-test.sh).
SYSTEM_TEST_NAMES := rpcbasic rpcshared notify dataport hwirq sharedirq captransfer fault default
SYSTEM_TEST_IMAGES := $(SYSTEM_TEST_NAMES:%=$(BUILD)/images/%.elf)

.PHONY: suite-systems
suite-systems: deps $(SYSTEM_TEST_IMAGES)
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" \
	    scripts/run-suite.sh systems 600 tests/systems/system-test.sh $(BUILD)/images
TEST_SUITES += systems
