# SPDX-License-Identifier: BSD-2-Clause
# The kernel: built once, then linked with a root task (and an optional
# boot archive) into a bootable image.  For any root task ELF placed at
# $(BUILD)/roots/NAME.elf, $(BUILD)/images/NAME.elf is its bootable image.

KERNEL_SRCS := $(wildcard kernel/*.c kernel/arch/riscv/*.c)
KERNEL_ASMS := kernel/arch/riscv/head.S kernel/arch/riscv/trap_entry.S
KERNEL_OBJS := $(KERNEL_SRCS:%.c=$(BUILD)/%.o) $(KERNEL_ASMS:%.S=$(BUILD)/%.o)
# KERNEL_DEBUG (the Makefile) chooses the debug or the release kernel.
KERNEL_CFLAGS := $(TARGET_CFLAGS) -Wswitch-enum -Ikernel/include -Ikernel/arch/riscv -MMD -MP \
                 $(if $(filter 1,$(KERNEL_DEBUG)),-DKERNEL_DEBUG)
KERNEL_LD := $(BUILD)/kernel/kernel.ld

$(BUILD)/kernel/%.o: kernel/%.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(TCC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel/%.o: kernel/%.S | deps
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(TCC) $(TARGET_ASFLAGS) -Ikernel/arch/riscv -c $< -o $@

-include $(KERNEL_OBJS:.o=.d)

# The linker script takes KERNEL_OFFSET and the rest of the layout from
# layout.h, as head.S and the C code do.
$(KERNEL_LD): kernel/arch/riscv/kernel.ld.S kernel/arch/riscv/layout.h | deps
	@mkdir -p $(@D)
	@$(TCC) -E -P -x assembler-with-cpp -Ikernel/arch/riscv $< -o $@

# The free root CNode slots the root task asks for: $(BUILD)/roots/NAME.cnode-slots
# when the build of the root task wrote one (a system's rootserver needs a
# slot per object and a few: mkarchive --root-cnode-slots); the kernel adds
# its own caps and sizes the root CNode at boot.  Without one the kernel
# uses the ABI's default size (MT_INIT_CNODE_BITS).
root_cnode_slots = $(shell cat $(BUILD)/roots/$(1).cnode-slots 2>/dev/null)

# An image without a boot archive gets an empty one.
.SECONDARY:
$(BUILD)/roots/%.archive:
	@mkdir -p $(@D)
	@: > $@

$(BUILD)/images/%.elf: $(KERNEL_OBJS) $(KERNEL_LD) kernel/arch/riscv/payload.S \
                       $(BUILD)/roots/%.elf $(BUILD)/roots/%.archive
	@mkdir -p $(@D)
	@echo "  IMAGE   $@"
	@$(TCC) $(TARGET_ASFLAGS) -DROOT_ELF='"$(BUILD)/roots/$*.elf"' \
	    -DARCHIVE='"$(BUILD)/roots/$*.archive"' $(addprefix -DROOT_CNODE_SLOTS=,$(call root_cnode_slots,$*)) \
	    -c kernel/arch/riscv/payload.S \
	    -o $(BUILD)/images/$*.payload.o
	@$(TCC) $(TARGET_LINK_ARCH) -nostdlib -static -Wl,--gc-sections -T $(KERNEL_LD) \
	    -o $@ $(KERNEL_OBJS) $(BUILD)/images/$*.payload.o -lgcc

# The kernel alone (text, rodata, data, bss) for `make size`.
$(BUILD)/kernel/kernel-alone.elf: $(KERNEL_OBJS) $(KERNEL_LD)
	@$(TCC) $(TARGET_LINK_ARCH) -nostdlib -static -Wl,--gc-sections \
	    -T $(KERNEL_LD) -o $@ $(KERNEL_OBJS) -lgcc

.PHONY: kernel size size-kernel
kernel: $(KERNEL_OBJS)

# `make size` reports the release kernel (what `make run` boots); make
# size DEBUG=1 the debug one.  The line names which.
size:
	@$(MAKE) --no-print-directory KERNEL_DEBUG=$(or $(DEBUG),0) size-kernel

size-kernel: $(BUILD)/kernel/kernel-alone.elf
	@$(TSIZE) -A $< | awk '$$1 ~ /^\.(text|rodata)/ {t += $$2} $$1 ~ /^\.data/ {d += $$2} \
	    $$1 ~ /^\.bss/ {b += $$2} END {printf "kernel: text=%d data=%d bss=%d total=%d (%s)\n", \
	    t, d, b, t + d + b, "$(if $(filter 0,$(KERNEL_DEBUG)),release,debug)"}'

# Kernel variants built with extra defines, each into $(BUILD)/kernel-NAME/;
# $(BUILD)/NAME-images/ROOT.elf is root task ROOT on it.
#   stretch  -DKERNEL_STRETCH: measures the longest stretch the kernel runs
#            with interrupts masked, printed at Shutdown (make bench-preempt)
#   stress   -DKERNEL_PREEMPT_STRESS: every preemption point preempts, so
#            every long operation restarts after each step (make test-kpreempt)
define kernel_variant
K_$(1)_OBJS := $$(KERNEL_OBJS:$$(BUILD)/kernel/%=$$(BUILD)/kernel-$(1)/%)

$$(BUILD)/kernel-$(1)/%.o: kernel/%.c | deps
	@mkdir -p $$(@D)
	@$$(TCC) $$(KERNEL_CFLAGS) $(2) -c $$< -o $$@

$$(BUILD)/kernel-$(1)/%.o: kernel/%.S | deps
	@mkdir -p $$(@D)
	@$$(TCC) $$(TARGET_ASFLAGS) $(2) -Ikernel/arch/riscv -c $$< -o $$@

-include $$(K_$(1)_OBJS:.o=.d)

$$(BUILD)/$(1)-images/%.elf: $$(K_$(1)_OBJS) $$(KERNEL_LD) kernel/arch/riscv/payload.S \
                             $$(BUILD)/roots/%.elf $$(BUILD)/roots/%.archive
	@mkdir -p $$(@D)
	@$$(TCC) $$(TARGET_ASFLAGS) -DROOT_ELF='"$$(BUILD)/roots/$$*.elf"' \
	    -DARCHIVE='"$$(BUILD)/roots/$$*.archive"' $$(addprefix -DROOT_CNODE_SLOTS=,$$(call root_cnode_slots,$$*)) \
	    -c kernel/arch/riscv/payload.S -o $$(BUILD)/$(1)-images/$$*.payload.o
	@$$(TCC) $$(TARGET_LINK_ARCH) -nostdlib -static -Wl,--gc-sections -T $$(KERNEL_LD) \
	    -o $$@ $$(K_$(1)_OBJS) $$(BUILD)/$(1)-images/$$*.payload.o -lgcc
endef
$(eval $(call kernel_variant,stretch,-DKERNEL_STRETCH))
$(eval $(call kernel_variant,stress,-DKERNEL_PREEMPT_STRESS))
