/* SPDX-License-Identifier: BSD-2-Clause */
/* The root task's ELF and the boot archive, linked into the kernel image
 * (kernel.ld.S places both sections page-aligned), and the free root
 * CNode slots its root task asks for, if it does (boot.c sizes the root
 * CNode from them; else its weak symbol is absent and the kernel takes
 * MT_INIT_CNODE_BITS). */
#ifdef ROOT_CNODE_SLOTS
    .section .rodata.root_cnode_slots, "a"
    .balign 8
    .globl root_cnode_slots
root_cnode_slots:
    .quad ROOT_CNODE_SLOTS
#endif

    .section .root_elf, "a"
    .incbin ROOT_ELF
    .section .archive, "a"
    .balign 4096
    .incbin ARCHIVE
