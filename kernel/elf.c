/* SPDX-License-Identifier: BSD-2-Clause */
/* The little of ELF64 the kernel needs to start the root task. */
#include "kernel.h"
#include "boot.h"

struct elf64_header {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define ELF_MACHINE_RISCV 243
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

int elf_segments(const void *image, word_t size, struct elf_segment *seg, int max, word_t *entry)
{
    const struct elf64_header *h = image;
    if (size < sizeof(*h) || h->ident[0] != 0x7f || h->ident[1] != 'E' || h->ident[2] != 'L' ||
        h->ident[3] != 'F' || h->ident[4] != 2 || h->machine != ELF_MACHINE_RISCV ||
        h->phentsize != sizeof(struct elf64_phdr) ||
        h->phoff + (word_t)h->phnum * sizeof(struct elf64_phdr) > size)
        return -1;
    const struct elf64_phdr *ph = (const void *)((const char *)image + h->phoff);
    int n = 0;
    for (int i = 0; i < h->phnum; i++) {
        if (ph[i].type != PT_LOAD || ph[i].memsz == 0)
            continue;
        if (n == max || ph[i].offset + ph[i].filesz > size || ph[i].filesz > ph[i].memsz)
            return -1;
        seg[n++] = (struct elf_segment){
            ph[i].vaddr, ph[i].memsz, ph[i].filesz, ph[i].offset,
            (ph[i].flags & PF_R ? MT_VM_READ : 0) | (ph[i].flags & PF_W ? MT_VM_WRITE : 0) |
                (ph[i].flags & PF_X ? MT_VM_EXEC : 0),
        };
    }
    *entry = h->entry;
    return n;
}
