/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include "object.h"

struct fdt_range {
    paddr_t base;
    word_t size;
};
bool fdt_find_memory(paddr_t dtb, paddr_t *base, word_t *size);
/* Up to max ranges firmware keeps: the children of /reserved-memory and
 * the CLINT's registers.  Returns how many were found. */
int fdt_firmware_ranges(paddr_t dtb, struct fdt_range *out, int max);

/* A loadable segment of the root task's ELF image. */
struct elf_segment {
    word_t vaddr, memsz, filesz, offset;
    unsigned vm;   /* MT_VM_* */
};
/* Reads the ELF64 RISC-V executable at image; returns the number of
 * PT_LOAD segments (at most max), or -1 if it is not one. */
int elf_segments(const void *image, word_t size, struct elf_segment *seg, int max, word_t *entry);

#endif
