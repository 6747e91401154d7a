/* SPDX-License-Identifier: BSD-2-Clause */
/* The loadable segments and the entry point of a component image, which is
 * all motec needs to lay out and size it (read with the host tools' shared
 * reader, tools/common/elf_read.h). */
#ifndef MOTEC_ELF_H
#define MOTEC_ELF_H

#include <stdint.h>

enum seg_kind { SEG_CODE, SEG_RODATA, SEG_DATA };

struct segment {
    enum seg_kind kind;     /* X: code (with any rodata linked into it),
                               W: data, otherwise rodata */
    uint64_t vaddr, offset, filesz, memsz;
};

struct elf_image {
    uint64_t entry;
    uint64_t file_bytes;
    int nsegs;
    struct segment segs[16];
};

/* Reads path; returns 0, or -1 with a message in err (size errlen). */
int elf_read(const char *path, struct elf_image *img, char *err, int errlen);
/* Parses an ELF held in memory. */
int elf_parse(const unsigned char *data, uint64_t len, struct elf_image *img, char *err,
              int errlen);
/* The image motec assumes without an ELF: one page of code and rodata,
 * one of data (lib/mote/component.ld's two segments). */
void elf_placeholder(struct elf_image *img, uint64_t base);

#endif
