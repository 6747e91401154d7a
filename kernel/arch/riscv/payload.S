/* The root task's ELF and the boot archive, linked into the kernel image
 * (kernel.ld places both sections page-aligned). */
    .section .root_elf, "a"
    .incbin ROOT_ELF
    .section .archive, "a"
    .balign 4096
    .incbin ARCHIVE
