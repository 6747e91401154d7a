# mote: one Makefile for the whole tree.  Each part of the architecture adds
# its rules in its own .mk file (kernel/kernel.mk, tools/kmem/kmem.mk, ...);
# this file holds what they share: tool-chain flags, the package install
# step, and the test and benchmark drivers.

.DEFAULT_GOAL := all
SHELL := /bin/bash
BUILD := build
BIN := $(BUILD)/bin

# Debian packages the build and tests need; scripts/install-deps.sh asks
# apt-get only for those that are missing.
DEPS := gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf qemu-system-misc \
        libcmocka-dev make gcc coreutils
DEPS_STAMP := $(BUILD)/.deps

# Target (freestanding RV64) tool chain.
CROSS := riscv64-unknown-elf-
TCC := $(CROSS)gcc
TLD := $(CROSS)ld
TOBJCOPY := $(CROSS)objcopy
TSIZE := $(CROSS)size
TARGET_ARCH := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
# The multilib (libgcc) is chosen by the plain ISA string.
TARGET_LINK_ARCH := -march=rv64imac -mabi=lp64 -mcmodel=medany
TARGET_CFLAGS := $(TARGET_ARCH) -std=c11 -O2 -g -Wall -Wextra -Werror \
    -ffreestanding -fno-builtin -fno-common -fno-pic -fno-stack-protector \
    -fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections \
    -Iinclude
TARGET_ASFLAGS := $(TARGET_ARCH) -g -Iinclude

# Host tools.
HOST_CC := gcc
HOST_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -Iinclude
CMOCKA_LIBS := -lcmocka

# QEMU: the virt machine with OpenSBI, one hart.
QEMU := qemu-system-riscv64
# QEMU_DEVICES: two virtio entropy devices, which QEMU puts in the highest
# virtio-mmio slots (0x10008000 IRQ 8, 0x10007000 IRQ 7): the default
# system's shared_irq_driver drives them (systems/default/default.camkes).
QEMU_DEVICES := -device virtio-rng-device -device virtio-rng-device
# QEMU_DISK(image): a raw disk image as a virtio block device; after
# QEMU_DEVICES it takes the next slot down (0x10006000 IRQ 6), where the
# default system's storage component drives it.  Runs without it leave
# that slot empty (the storage component then reports "no disk").
QEMU_DISK = -drive file=$(1),if=none,format=raw,id=d0 -device virtio-blk-device,drive=d0
QEMU_FLAGS := -M virt -smp 1 -m 128M -nographic -bios default -monitor none \
              -serial stdio $(QEMU_DEVICES)

# Test suites register themselves: TEST_SUITES += name, and a rule
# suite-name that runs scripts/run-suite.sh name ... .
TEST_SUITES :=
BENCHES :=

include $(sort $(wildcard kernel/*.mk lib/*/*.mk rootserver/*.mk tools/*/*.mk tests/*/*.mk systems/*.mk))
include $(sort $(wildcard mk/*.mk))

.PHONY: all deps test bench clean help

all: deps

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps.sh Makefile
	@scripts/install-deps.sh $(DEPS)
	@mkdir -p $(BUILD) && touch $@

# Every suite runs even when another fails; the closing line counts them all.
test: deps
	@rm -rf $(BUILD)/results
	@for s in $(TEST_SUITES); do $(MAKE) --no-print-directory suite-$$s || true; done
	@scripts/summarize.sh $(TEST_SUITES:%=$(BUILD)/results/%.log)

bench: deps $(BENCHES)

clean:
	rm -rf $(BUILD)

help:
	@echo "make run | test | test-kernel | bench | size | debug | footprint | fuzz | clean"
