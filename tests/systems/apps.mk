# SPDX-License-Identifier: BSD-2-Clause
# appstest: the default system's assembly with more builtin bundles for
# the system test (tests/systems/system-test.sh, apps_system): copies of
# fibonacci under other names and priorities (eight applications at
# once) and malformed bundles, one per way to be wrong (badbundle.c).
SYSTEM_CAMKES_appstest := systems/default/default.camkes
$(eval $(call mote_system,appstest))

APPSTEST_DIR := $(BUILD)/appstest-bundles
APPSTEST_COPIES := 2:41 3:42 4:43 5:44 6:45 7:46 8:47
APPSTEST_BAD := truncated machine class overlap window wx absurd manifest
APPSTEST_BUNDLES := $(APPS:%=$(APPS_DIR)/%.bundle) \
    $(foreach c,$(APPSTEST_COPIES),$(APPSTEST_DIR)/fib$(firstword $(subst :, ,$(c))).bundle) \
    $(APPSTEST_BAD:%=$(APPSTEST_DIR)/bad_%.bundle)

$(BIN)/badbundle: tests/systems/badbundle.c \
    $(patsubst lib/bundle/%.c,$(BUILD)/bundle/%.o,$(wildcard lib/bundle/*.c))
	@mkdir -p $(@D)
	$(HOST_CC) $(BUNDLE_CFLAGS) -o $@ $^

$(APPSTEST_DIR)/bad_%.bundle: $(APPS_DIR)/fibonacci.bundle $(BIN)/badbundle
	@mkdir -p $(@D)
	$(BIN)/badbundle $* $< $@

define appstest_copy
$(APPSTEST_DIR)/fib$(1).bundle: $(APPS_DIR)/fibonacci.bundle $(MKBUNDLE)
	@mkdir -p $$(@D)
	$(MKBUNDLE) --name=fib$(1) --version=1.0.0 --quota=24K --priority=$(2) --stack=2K \
	    -o $$@ $(APPS_DIR)/fibonacci.stripped
endef
$(foreach c,$(APPSTEST_COPIES),$(eval $(call appstest_copy,$(word 1,$(subst :, ,$(c))),$(word 2,$(subst :, ,$(c))))))

$(eval $(call platform_builtins,appstest,$(APPSTEST_BUNDLES)))

.PHONY: suite-apps-system
suite-apps-system: deps $(BUILD)/images/appstest.elf
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS) $(call QEMU_FLASH,$(BUILD)/images/appstest.flash)" \
	    scripts/run-suite.sh apps-system 600 tests/systems/apps-test.sh $(BUILD)/images/appstest.elf
TEST_SUITES += apps-system

# make bench: app_start and sdk_call_roundtrip (tests/systems/apps-bench.sh)
.PHONY: bench-apps
bench-apps: deps $(BUILD)/images/default.elf
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" tests/systems/apps-bench.sh $(BUILD)/images/default.elf
BENCHES += bench-apps
