/* SPDX-License-Identifier: BSD-2-Clause */
/* The root task's ELF and the boot archive, linked into the kernel image
 * (kernel.ld.S places both sections page-aligned), and the image's choice
 * of root CNode size, if it makes one (else boot.c's weak symbol is
 * absent and the kernel takes MT_INIT_CNODE_BITS). */
#ifdef ROOT_CNODE_BITS
    .section .rodata.root_cnode_bits, "a"
    .balign 8
    .globl root_cnode_bits
root_cnode_bits:
    .quad ROOT_CNODE_BITS
#endif

    .section .root_elf, "a"
    .incbin ROOT_ELF
    .section .archive, "a"
    .balign 4096
    .incbin ARCHIVE
