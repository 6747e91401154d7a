#include "elf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2

/* Little-endian reads: the file's byte order, whatever the host's. */
static uint64_t rd(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static int check_ident(const unsigned char *d, uint64_t len, char *err, int errlen)
{
    if (len < 64 || memcmp(d, "\177ELF", 4) != 0) {
        snprintf(err, (size_t)errlen, "not an ELF file");
        return -1;
    }
    if (d[4] != 2 || d[5] != 1) {
        snprintf(err, (size_t)errlen, "not a little-endian ELF64 file");
        return -1;
    }
    if (rd(d + 18, 2) != 243) {
        snprintf(err, (size_t)errlen, "not a RISC-V ELF file (machine %u)",
                 (unsigned)rd(d + 18, 2));
        return -1;
    }
    return 0;
}

static int add_segment(struct elf_image *img, const unsigned char *ph, uint64_t len, char *err,
                       int errlen)
{
    uint32_t flags = (uint32_t)rd(ph + 4, 4);
    struct segment s = {
        .kind = (flags & PF_X) ? SEG_CODE : (flags & PF_W) ? SEG_DATA : SEG_RODATA,
        .offset = rd(ph + 8, 8), .vaddr = rd(ph + 16, 8),
        .filesz = rd(ph + 32, 8), .memsz = rd(ph + 40, 8),
    };
    if (s.memsz == 0)
        return 0;
    if (s.offset + s.filesz > len || s.offset + s.filesz < s.offset || s.filesz > s.memsz) {
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
    if (check_ident(d, len, err, errlen))
        return -1;
    img->entry = rd(d + 24, 8);
    img->file_bytes = len;
    uint64_t phoff = rd(d + 32, 8), phentsize = rd(d + 54, 2), phnum = rd(d + 56, 2);
    if (phentsize < 56 || phoff + phnum * phentsize > len) {
        snprintf(err, (size_t)errlen, "bad program header table");
        return -1;
    }
    for (uint64_t i = 0; i < phnum; i++) {
        const unsigned char *ph = d + phoff + i * phentsize;
        if (rd(ph, 4) == PT_LOAD && add_segment(img, ph, len, err, errlen))
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
