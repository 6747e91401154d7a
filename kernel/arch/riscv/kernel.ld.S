/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel runs in the upper half of Sv39: virtual = physical + KERNEL_OFFSET
 * (layout.h; kernel.mk runs this file through the C preprocessor).
 * OpenSBI enters it at the physical load address with paging off; head.S
 * turns paging on and jumps up.  .bss comes last, so QEMU's ELF loader
 * zero-fills it (memsz beyond filesz). */
#include "layout.h"

OUTPUT_ARCH(riscv)
ENTRY(_start)

KERNEL_PHYS = 0x80200000;

SECTIONS
{
    . = KERNEL_PHYS + KERNEL_OFFSET;
    _kernel_start = .;
    .text : AT(ADDR(.text) - KERNEL_OFFSET) {
        *(.text.boot)
        *(.text .text.*)
    }
    .rodata : AT(ADDR(.rodata) - KERNEL_OFFSET) {
        *(.rodata .rodata.* .srodata .srodata.*)
    }
    .data : AT(ADDR(.data) - KERNEL_OFFSET) {
        *(.data .data.* .sdata .sdata.*)
    }
    /* The root task ELF and the boot archive, each page aligned, so the
     * kernel can hand the archive out as frames without copying it. */
    . = ALIGN(4096);
    .boot_payload : AT(ADDR(.boot_payload) - KERNEL_OFFSET) {
        _root_elf_start = .;
        KEEP(*(.root_elf))
        _root_elf_end = .;
        . = ALIGN(4096);
        _archive_start = .;
        KEEP(*(.archive))
        _archive_end = .;
        . = ALIGN(4096);
    }
    . = ALIGN(4096);
    .bss (NOLOAD) : AT(ADDR(.bss) - KERNEL_OFFSET) {
        _bss_start = .;
        *(.sbss .sbss.* .bss .bss.* COMMON)
        _bss_end = .;
    }
    . = ALIGN(4096);
    _kernel_end = .;
    /DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) *(.riscv.attributes) }
}
