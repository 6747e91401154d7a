/* SPDX-License-Identifier: BSD-2-Clause */
/* Inside the bundle validator: the ELF facts it needs (no <elf.h>: this
 * code is freestanding) and the steps bundle.c chains. */
#ifndef BUNDLE_INT_H
#define BUNDLE_INT_H

#include "bundle.h"

#define ELF_MAGIC 0x464c457fu      /* "\177ELF" read little-endian */
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define EM_RISCV 243
#define EF_RISCV_FLOAT_ABI 0x6u
#define EF_RISCV_RVE 0x8u
#define EHDR_SIZE 64u
#define PHDR_SIZE 56u

#define PT_LOAD 1u
#define PT_DYNAMIC 2u
#define PT_INTERP 3u
#define PT_TLS 7u
#define PF_X 1u
#define PF_W 2u
#define PF_R 4u

#define PAGE MT_PAGE_SIZE
#define PAGE_DOWN(x) ((x) & ~(uint64_t)(PAGE - 1))
/* Only for x < MT_APP_WINDOW_TOP or an ELF size: never overflows. */
#define PAGE_UP(x) PAGE_DOWN((x) + PAGE - 1)

/* The parts of the ELF header the later steps use. */
struct mt_elf {
    const uint8_t *data;
    uint64_t bytes;       /* the ELF's size inside the bundle */
    uint64_t entry, phoff;
    unsigned phnum;
};

/* One PT_LOAD segment, read and range-checked. */
struct mt_seg {
    uint64_t vaddr, memsz, offset, filesz;
    uint32_t flags;
    int phdr;
};

uint64_t mt_bundle_rd(const uint8_t *p, unsigned bytes);
#define RD16(p, off) ((uint32_t)mt_bundle_rd((p) + (off), 2))
#define RD32(p, off) ((uint32_t)mt_bundle_rd((p) + (off), 4))
#define RD64(p, off) mt_bundle_rd((p) + (off), 8)

/* plan.c: the program headers, then the stack, the shared page, the heap
 * and the cost, into *plan. */
int mt_bundle_plan(const struct mt_elf *elf, struct mt_bundle_plan *plan);

#endif
