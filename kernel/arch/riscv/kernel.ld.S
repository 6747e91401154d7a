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

/* Three loadable segments, so none is writable and executable: code
 * (R X), read-only data (R), then data, the boot payload and .bss (RW:
 * the payload's frames are handed out as memory, .bss is zero-filled by
 * the loader as memsz beyond filesz; NOLOAD, it is named here or it
 * would be in no segment).  The addresses are the sections'
 * as before (segments may share a page: nothing is aligned for them);
 * the flags are what the image says of itself; the kernel's own window
 * (head.S, vspace.c) is what maps it. */
PHDRS
{
    text PT_LOAD FLAGS(5);
    rodata PT_LOAD FLAGS(4);
    data PT_LOAD FLAGS(6);
}

SECTIONS
{
    . = KERNEL_PHYS + KERNEL_OFFSET;
    _kernel_start = .;
    .text : AT(ADDR(.text) - KERNEL_OFFSET) {
        *(.text.boot)
        *(.text .text.*)
    } :text
    .rodata : AT(ADDR(.rodata) - KERNEL_OFFSET) {
        *(.rodata .rodata.* .srodata .srodata.*)
    } :rodata
    .data : AT(ADDR(.data) - KERNEL_OFFSET) {
        *(.data .data.* .sdata .sdata.*)
    } :data
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
    } :data
    . = ALIGN(4096);
    _kernel_end = .;
    /DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) *(.riscv.attributes) }
}
