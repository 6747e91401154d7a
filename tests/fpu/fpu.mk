# SPDX-License-Identifier: BSD-2-Clause
# The FPU suite: a root task built entirely rv64imafdc / lp64d (doubles in
# FP registers across calls) against the lp64d libmote, with the kernel
# suite's helpers built the same way.  It shows that an application built
# for hardware floating point runs on mote once its threads have FPU objects.

KFPU_DIR := tests/fpu
KFPU_OBJ := $(BUILD)/tests/fpu
# (this file is read before tests/kernel/tests.mk: its own names for those)
KFPU_KDIR := tests/kernel
KFPU_HDRS := $(wildcard $(KFPU_KDIR)/*.h lib/mote/include/libmote/*.h include/mote/*.h)
KFPU_CFLAGS := $(TARGET_CFLAGS) $(MT_FP_ARCH) -Ilib/mote/include -I$(KFPU_KDIR)
KFPU_OBJS := $(KFPU_OBJ)/main.o $(KFPU_OBJ)/helpers.o $(KFPU_OBJ)/threads.o \
             $(KFPU_OBJ)/asm_helpers.o $(KFPU_OBJ)/fpu_helpers.o

$(KFPU_OBJ)/main.o: $(KFPU_DIR)/main.c $(KFPU_HDRS)
	@mkdir -p $(dir $@)
	$(TCC) $(KFPU_CFLAGS) -c $< -o $@

$(KFPU_OBJ)/%.o: $(KFPU_KDIR)/%.c $(KFPU_HDRS)
	@mkdir -p $(dir $@)
	$(TCC) $(KFPU_CFLAGS) -c $< -o $@

$(KFPU_OBJ)/%.o: $(KFPU_KDIR)/%.S
	@mkdir -p $(dir $@)
	$(TCC) $(TARGET_ASFLAGS) $(MT_FP_ARCH) -c $< -o $@

$(BUILD)/roots/kernel-fpu.elf: $(KFPU_OBJS) $(LIBMOTE_FP) $(LIBMOTE_FP_CRT0) $(LIBMOTE_LDSCRIPT)
	@mkdir -p $(dir $@)
	$(TCC) $(USER_FP_LDFLAGS) -o $@ $(LIBMOTE_FP_CRT0) $(KFPU_OBJS) $(LIBMOTE_FP_LDLIBS)

TEST_SUITES += kfpu
.PHONY: suite-kfpu test-kfpu
suite-kfpu: deps $(BUILD)/images/kernel-fpu.elf
	@scripts/run-suite.sh kfpu 120 $(QEMU) $(QEMU_FLAGS) -kernel $(BUILD)/images/kernel-fpu.elf

test-kfpu: deps
	@rm -f $(BUILD)/results/kfpu.log
	@$(MAKE) --no-print-directory suite-kfpu
	@scripts/summarize.sh $(BUILD)/results/kfpu.log
