# SPDX-License-Identifier: BSD-2-Clause
# mote: one Makefile for the whole tree.  Each part of the architecture adds
# its rules in its own .mk file (kernel/kernel.mk, tools/kmem/kmem.mk, ...);
# this file holds what they share: tool-chain flags, the package install
# step, and the test and benchmark drivers.

.DEFAULT_GOAL := all
SHELL := /bin/bash
# KERNEL_DEBUG=1 (the default for everything but `make run`) builds the debug
# kernel: debug system calls (console output, power-off, cap identify,
# kernel info) that any thread may make.  KERNEL_DEBUG=0 builds the release
# kernel, which has none, and compiles user code without them
# (MT_KERNEL_DEBUG=0: libmote's mt_debug_* calls do not exist).  Each
# variant has its own build directory, so both can exist side by side.
KERNEL_DEBUG ?= 1
override KERNEL_DEBUG := $(if $(filter 0,$(KERNEL_DEBUG)),0,1)
BUILD_TOP := build
BUILD := $(if $(filter 0,$(KERNEL_DEBUG)),$(BUILD_TOP)/release,$(BUILD_TOP))
BIN := $(BUILD)/bin

# Debian packages the build and tests need; scripts/install-deps.sh asks
# apt-get only for those that are missing.
DEPS := gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf qemu-system-misc \
        libcmocka-dev make gcc coreutils lrzsz
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
    -Iinclude -DMT_KERNEL_DEBUG=$(KERNEL_DEBUG)
# User-level code (components, libmote, the SDK and its applications) is
# built for size: its code and data count in whole 4 KiB pages of the idle
# footprint (docs/FOOTPRINT.md); the kernel keeps TARGET_CFLAGS (-O2, its
# fast paths).  The later -O wins.  -malign-data=natural: GCC's RISC-V
# default pads every string constant and char array to 8 bytes (for
# word-wise copies, which libmote's byte-wise string functions do not
# make); natural alignment packs them (a page of the console's strings).
USER_OPT ?= -Os -malign-data=natural
USER_CFLAGS := $(TARGET_CFLAGS) $(USER_OPT)
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
# QEMU_FLASH(image): a system's builtin bundles (systems/platform.mk) as
# virt's second flash bank, pflash unit 1 at 0x22000000, read-only; the
# file must be the bank's size (32 MiB; mkflash writes it sparse).
QEMU_FLASH = -drive if=pflash,unit=1,format=raw,readonly=on,file=$(1)
QEMU_FLAGS := -M virt -smp 1 -m 128M -nographic -bios default -monitor none \
              -serial stdio $(QEMU_DEVICES)

# Test suites register themselves: TEST_SUITES += name, and a rule
# suite-name that runs scripts/run-suite.sh name ... .  A suite runs on the
# debug kernel (build/) unless its rule says otherwise: suite-release
# re-enters make with KERNEL_DEBUG=0 for the images it needs.
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
	rm -rf $(BUILD_TOP)

# One line per target that README.md and docs/ mention.
help:
	@printf '%s\n' \
	  "make, make all        install missing Debian packages, build the archive packer" \
	  "make help             this list" \
	  "make run              boot the default system on the release kernel (DEBUG=1: debug kernel; DISK=path: another disk image)" \
	  "make debug            QEMU halted + gdb-multiarch, every symbol loaded (mote-INST: one component; DEBUG=0: release)" \
	  "make test             every test suite; ends with 'N passed, N failed'" \
	  "make suite-NAME       one suite: $(TEST_SUITES)" \
	  "make test-kernel      the kernel suite in QEMU (root task)" \
	  "make test-kfuzz       the kernel fuzzer in QEMU (200,000 operations)" \
	  "make test-kfuzz-long  the kernel fuzzer, 10,000,000 invocations with the invariant checker (about an hour)" \
	  "make test-kpreempt    the kernel suite and a fuzzer round on a kernel that preempts at every preemption point" \
	  "make test-kfpu        the floating-point root task (rv64imafdc/lp64d)" \
	  "make test-crash       storage power cuts: 200 SIGKILLs of QEMU during writes, then checks" \
	  "make bench            every benchmark: NAME VALUE UNIT lines" \
	  "make bench-kernel     kernel benchmarks under -icount shift=0" \
	  "make bench-preempt    longest non-preemptible stretch and IRQ latency under load" \
	  "make bench-apps       application start and SDK round trip" \
	  "make bench-store      block read and durable key-value write" \
	  "make bench-upload     ZMODEM upload rate through the serial port" \
	  "make bench-kmem       kmem on large generated specs" \
	  "make size             the release kernel's static size: text, data, bss (DEBUG=1: the debug kernel)" \
	  "make footprint        memory per component of every system, kmem vs running; idle, RAM used, boot peak" \
	  "make system-NAME      build systems/NAME into build/images/NAME.elf" \
	  "make apps             every application under apps/ as a bundle in build/apps/" \
	  "make kernel           the kernel's objects" \
	  "make libmote          the user-space runtime library" \
	  "make rootserver       the capDL loader (root task of every system)" \
	  "make motec            the assembly compiler, build/bin/motec" \
	  "make kmem             the memory report, build/bin/kmem" \
	  "make mkarchive        the boot archive packer, build/bin/mkarchive" \
	  "make mkbundle         the application bundle maker, build/bin/mkbundle" \
	  "make fuzz             every libFuzzer target, bounded (installs clang): fuzz-kmem fuzz-bundle fuzz-store fuzz-zmodem fuzz-motec fuzz-console fuzz-sdk" \
	  "make clean            remove build/" \
	  "Variables: KERNEL_DEBUG=0 builds everything against the release kernel in build/release/."
