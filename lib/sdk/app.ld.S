/* SPDX-License-Identifier: BSD-2-Clause */
/* Application images (through cpp: the window comes from <mote/bundle.h>).
 * Two segments, as component.ld: code and read-only data share one
 * read+execute segment that starts at the window's base with the ELF
 * headers (so a small application's code is one page of the bundle,
 * mapped in place), and data + bss follow in a read+write segment that the
 * process manager copies.  Between them: an unmapped guard page, then the
 * stack block (SDK_STACK_BYTES of stack, the 512-byte IPC buffer on top),
 * so the stack, the IPC buffer and the data share a page when they fit.
 * SDK_STACK_BYTES comes from the application's manifest (--defsym); the
 * validator checks the bundle's layout against its manifest. */
#include <mote/bundle.h>

OUTPUT_ARCH(riscv)
ENTRY(_start)

PHDRS
{
    text PT_LOAD FILEHDR PHDRS FLAGS(5);
    data PT_LOAD FLAGS(6);
}

SECTIONS
{
    . = MT_APP_WINDOW_BASE + SIZEOF_HEADERS;
    .text : {
        *(.text.start)
        *(.text .text.*)
    } :text
    .rodata : {
        *(.rodata .rodata.* .srodata .srodata.*)
    } :text
    . = ALIGN(4096) + 4096;
    __sdk_stack_bottom = .;
    . += SDK_STACK_BYTES;
    __sdk_ipc_buffer = .;
    . += MT_APP_IPC_BUFFER_BYTES;
    .data : {
        /* At least one word of file bytes, so the data segment's file
         * offset lies inside the (stripped) file even when the data is
         * all bss: mkarchive's ELF check wants that of every PT_LOAD. */
        LONG(0)
        *(.data .data.* .sdata .sdata.*)
    } :data
    .bss : {
        *(.sbss .sbss.* .bss .bss.* COMMON)
    } :data
    /DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) *(.riscv.attributes) }
}
