# SPDX-License-Identifier: BSD-2-Clause
# The release kernel (KERNEL_DEBUG=0): the default system boots on it and
# its console works (the systems test's default part, against
# build/release/images), and every debug system call is refused there
# (tests/release/refuse.c, one image per call) while the debug kernel
# answers the same image.

RELEASE_CALLS := 9 10 11 12 13

$(BUILD)/tests/release/refuse-%.o: tests/release/refuse.c
	@mkdir -p $(@D)
	$(TCC) $(TARGET_CFLAGS) -DDEBUG_CALL=$* -c $< -o $@

$(BUILD)/roots/refuse-%.elf: $(BUILD)/tests/release/refuse-%.o $(LIBMOTE) $(LIBMOTE_CRT0) $(LIBMOTE_LDSCRIPT)
	@mkdir -p $(@D)
	$(TCC) $(USER_LDFLAGS) -o $@ $(LIBMOTE_CRT0) $< $(LIBMOTE_LDLIBS)

.PHONY: release-images suite-release
release-images: $(BUILD)/images/default.elf $(RELEASE_CALLS:%=$(BUILD)/images/refuse-%.elf)

TEST_SUITES += release
suite-release: deps
	@$(MAKE) --no-print-directory KERNEL_DEBUG=0 release-images
	@$(MAKE) --no-print-directory KERNEL_DEBUG=1 release-images
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" RELEASE_CALLS="$(RELEASE_CALLS)" \
	    scripts/run-suite.sh release 300 tests/release/release-test.sh \
	    $(BUILD_TOP)/release/images $(BUILD_TOP)/images
