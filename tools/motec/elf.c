/* SPDX-License-Identifier: BSD-2-Clause */
#include "elf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_read.h"
#include "util.h"

static int check_ident(const struct elf_file *e, enum elf_status st, char *err, int errlen)
{
    if (st == ELF_NOT_ELF || (st == ELF_OK && e->len < 64)) {
        snprintf(err, (size_t)errlen, "not an ELF file");
        return -1;
    }
    if (st != ELF_OK || !e->is64 || e->big_endian) {
        snprintf(err, (size_t)errlen, "not a little-endian ELF64 file");
        return -1;
    }
    if (e->machine != ELF_EM_RISCV) {
        snprintf(err, (size_t)errlen, "not a RISC-V ELF file (machine %u)",
                 (unsigned)e->machine);
        return -1;
    }
    return 0;
}

static int add_segment(struct elf_image *img, const struct elf_phdr *ph, uint64_t len,
                       char *err, int errlen)
{
    struct segment s = {
        .kind = (ph->flags & ELF_PF_X) ? SEG_CODE : (ph->flags & ELF_PF_W) ? SEG_DATA : SEG_RODATA,
        .offset = ph->offset, .vaddr = ph->vaddr,
        .filesz = ph->filesz, .memsz = ph->memsz,
    };
    if (s.memsz == 0)
        return 0;
    if (s.offset > len || s.filesz > len - s.offset || s.filesz > s.memsz) {
        snprintf(err, (size_t)errlen, "segment at 0x%llx lies outside the file",
                 (unsigned long long)s.vaddr);
        return -1;
    }
    if ((s.offset & 0xfff) != (s.vaddr & 0xfff)) {
        snprintf(err, (size_t)errlen, "segment at 0x%llx is not page-congruent with its file "
                 "offset (it cannot be mapped in place)", (unsigned long long)s.vaddr);
        return -1;
    }
    if (img->nsegs == (int)(sizeof img->segs / sizeof img->segs[0])) {
        snprintf(err, (size_t)errlen, "too many loadable segments");
        return -1;
    }
    img->segs[img->nsegs++] = s;
    return 0;
}

int elf_parse(const unsigned char *d, uint64_t len, struct elf_image *img, char *err,
              int errlen)
{
    memset(img, 0, sizeof *img);
    struct elf_file e;
    if (check_ident(&e, elf_read_header(&e, d, len), err, errlen))
        return -1;
    img->entry = e.entry;
    img->file_bytes = len;
    if (e.phentsize < 56 || elf_check_phdrs(&e) != ELF_OK) {
        snprintf(err, (size_t)errlen, "bad program header table");
        return -1;
    }
    for (uint64_t i = 0; i < e.phnum; i++) {
        struct elf_phdr ph;
        elf_phdr(&e, i, &ph);
        if (ph.type == ELF_PT_LOAD && add_segment(img, &ph, len, err, errlen))
            return -1;
    }
    if (img->nsegs == 0) {
        snprintf(err, (size_t)errlen, "no loadable segments");
        return -1;
    }
    return 0;
}

int elf_read(const char *path, struct elf_image *img, char *err, int errlen)
{
    size_t len;
    char *data = read_file(path, &len);
    if (!data) {
        snprintf(err, (size_t)errlen, "cannot read: %s", strerror(errno));
        return -1;
    }
    int rc = elf_parse((const unsigned char *)data, len, img, err, errlen);
    free(data);
    return rc;
}

void elf_placeholder(struct elf_image *img, uint64_t base)
{
    /* As lib/mote/component.ld links a small component: one page of code
     * and rodata (RX), an unmapped guard page, one page of data (RW) whose
     * bottom 0xe00 bytes are left for the first thread's stack and IPC
     * buffer (the one-page layout). */
    memset(img, 0, sizeof *img);
    img->entry = base;
    img->segs[0] = (struct segment){ .kind = SEG_CODE, .vaddr = base, .offset = 0x1000,
                                     .filesz = 0x1000, .memsz = 0x1000 };
    img->segs[1] = (struct segment){ .kind = SEG_DATA, .vaddr = base + 0x2e00,
                                     .offset = 0x2e00, .filesz = 0x200, .memsz = 0x200 };
    img->nsegs = 2;
    img->file_bytes = 0x3000;
}
