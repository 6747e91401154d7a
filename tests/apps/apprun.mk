# SPDX-License-Identifier: BSD-2-Clause
# Suite apps: the applications run on the real kernel under a test root
# task that loads their bundles through lib/bundle's plan and answers the
# SDK protocol itself (tests/apps/apprun.h says what it is and is not).
#   make suite-apps    (also run by make test)

APPRUN_SRCS := $(wildcard tests/apps/*.c) lib/appload/appload.c
APPRUN_OBJS := $(APPRUN_SRCS:%.c=$(BUILD)/%.o)

$(BUILD)/tests/apps/%.o: tests/apps/%.c tests/apps/apprun.h $(SDK_HDRS) lib/bundle/bundle.h lib/appload/appload.h
	@mkdir -p $(@D)
	$(TCC) $(TARGET_CFLAGS) -Ilib/mote/include -Ilib/bundle -Ilib/appload -c $< -o $@
$(BUILD)/lib/appload/%.o: lib/appload/%.c lib/appload/appload.h lib/bundle/bundle.h
	@mkdir -p $(@D)
	$(TCC) $(TARGET_CFLAGS) -Ilib/mote/include -c $< -o $@

$(BUILD)/roots/apps-test.elf: $(APPRUN_OBJS) $(SDK_BUNDLE_TARGET_OBJS) $(LIBMOTE) $(LIBMOTE_CRT0) $(LIBMOTE_LDSCRIPT)
	@mkdir -p $(@D)
	$(TCC) $(USER_LDFLAGS) -o $@ $(LIBMOTE_CRT0) $(APPRUN_OBJS) $(SDK_BUNDLE_TARGET_OBJS) $(LIBMOTE_LDLIBS)

# The bundles, each a file of the boot archive named after its application.
$(BUILD)/roots/apps-test.archive: $(APPS:%=$(APPS_DIR)/%.bundle) $(BUILD)/bin/mkarchive
	@mkdir -p $(@D)
	$(BUILD)/bin/mkarchive -o $@ $(foreach a,$(APPS),$(a)=$(APPS_DIR)/$(a).bundle)

.PHONY: suite-apps
TEST_SUITES += apps
suite-apps: deps $(BUILD)/images/apps-test.elf
	@scripts/run-suite.sh apps 120 $(QEMU) $(QEMU_FLAGS) -kernel $(BUILD)/images/apps-test.elf
