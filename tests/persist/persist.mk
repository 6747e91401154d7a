# SPDX-License-Identifier: BSD-2-Clause
# Issue 10's storage and application platform together, end to end
# (tests/persist/persist-test.sh): an application that is not in the boot
# archive (tests/persist/counter, built by the SDK's rules into
# build/persist/counter.bundle) uploaded with the real sz, installed,
# run, kept over power-offs with its key-value pairs; a corrupted upload
# and an invalid bundle refused with nothing installed; uninstall.
#   make suite-persist
PERSIST_DIR := $(BUILD)/persist

$(PERSIST_DIR)/counter.o: tests/persist/counter/counter.c $(SDK_HDRS)
	@mkdir -p $(@D)
	$(TCC) $(SDK_CFLAGS) -c $< -o $@
$(PERSIST_DIR)/counter.elf: $(PERSIST_DIR)/counter.o $(SDK_CRT0) $(LIBSDK) $(LIBMOTE) $(SDK_LDSCRIPT)
	$(TCC) $(TARGET_LINK_ARCH) -nostdlib -static -T $(SDK_LDSCRIPT) -Wl,--gc-sections \
	    -Wl,-z,max-page-size=4096 -Wl,--defsym=SDK_STACK_BYTES=2K \
	    $(SDK_CRT0) $< $(LIBSDK) $(LIBMOTE) -lgcc -o $@
$(PERSIST_DIR)/counter.bundle: $(PERSIST_DIR)/counter.elf $(MKBUNDLE)
	$(CROSS)strip -o $(PERSIST_DIR)/counter.stripped $<
	$(MKBUNDLE) --name=counter --version=1.0.0 --quota=24K --priority=50 --stack=2K \
	    -o $@ $(PERSIST_DIR)/counter.stripped

.PHONY: suite-persist
TEST_SUITES += persist
suite-persist: deps $(BUILD)/images/default.elf $(PERSIST_DIR)/counter.bundle $(BUILD)/zmodem/zcorrupt
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" scripts/run-suite.sh persist 600 \
	    tests/persist/persist-test.sh $(BUILD)/images/default.elf $(PERSIST_DIR)/counter.bundle \
	    $(BUILD)/zmodem/zcorrupt
