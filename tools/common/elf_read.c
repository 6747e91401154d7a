/* SPDX-License-Identifier: BSD-2-Clause */
/* The host tools' ELF reader: see elf_read.h. */
#include "elf_read.h"

#include <string.h>

/* An n-byte field at off, in the file's byte order.  Callers have checked
 * that off + n lies inside the file. */
static uint64_t field(const struct elf_file *e, uint64_t off, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        unsigned byte = e->data[off + (uint64_t)(e->big_endian ? i : n - 1 - i)];
        v = (v << 8) | byte;
    }
    return v;
}

/* A field whose width and offset differ between ELF32 and ELF64. */
static uint64_t word(const struct elf_file *e, uint64_t base, uint64_t off32,
                     uint64_t off64)
{
    return e->is64 ? field(e, base + off64, 8) : field(e, base + off32, 4);
}

int elf_in_file(const struct elf_file *e, uint64_t off, uint64_t n)
{
    return off <= e->len && n <= e->len - off;
}

enum elf_status elf_read_header(struct elf_file *e, const void *data, uint64_t len)
{
    memset(e, 0, sizeof(*e));
    e->data = data;
    e->len = len;
    if (len < 16 || memcmp(data, "\177ELF", 4) != 0)
        return ELF_NOT_ELF;
    const unsigned char *id = data;
    if ((id[4] != 1 && id[4] != 2) || (id[5] != 1 && id[5] != 2))
        return ELF_BAD_IDENT;
    e->is64 = id[4] == 2;
    e->big_endian = id[5] == 2;
    if (len < (e->is64 ? 64u : 52u))
        return ELF_TRUNCATED;
    e->type = (uint16_t)field(e, 16, 2);
    e->machine = (uint16_t)field(e, 18, 2);
    e->entry = word(e, 0, 24, 24);
    e->phoff = word(e, 0, 28, 32);
    e->shoff = word(e, 0, 32, 40);
    e->phentsize = field(e, e->is64 ? 54 : 42, 2);
    e->phnum = field(e, e->is64 ? 56 : 44, 2);
    e->shentsize = field(e, e->is64 ? 58 : 46, 2);
    e->shnum = field(e, e->is64 ? 60 : 48, 2);
    return ELF_OK;
}

static int table_ok(const struct elf_file *e, uint64_t off, uint64_t entsize,
                    uint64_t num, uint64_t need)
{
    if (num == 0)
        return 1;
    return entsize >= need && num <= e->len / entsize && elf_in_file(e, off, num * entsize);
}

enum elf_status elf_check_phdrs(const struct elf_file *e)
{
    return table_ok(e, e->phoff, e->phentsize, e->phnum, e->is64 ? 56 : 32)
               ? ELF_OK : ELF_BAD_PHDRS;
}

enum elf_status elf_check_shdrs(struct elf_file *e)
{
    uint64_t need = e->is64 ? 64 : 40;
    if (e->shoff == 0) {
        e->shnum = 0;
        return ELF_OK;
    }
    if (e->shentsize < need || !elf_in_file(e, e->shoff, e->shentsize))
        return ELF_BAD_SHDRS;
    if (e->shnum == 0)   /* extended numbering: the count is in section 0 */
        e->shnum = word(e, e->shoff, 20, 32);
    return table_ok(e, e->shoff, e->shentsize, e->shnum, need) ? ELF_OK : ELF_BAD_SHDRS;
}

void elf_phdr(const struct elf_file *e, uint64_t i, struct elf_phdr *out)
{
    uint64_t h = e->phoff + i * e->phentsize;
    out->type = (uint32_t)field(e, h, 4);
    out->flags = (uint32_t)(e->is64 ? field(e, h + 4, 4) : field(e, h + 24, 4));
    out->offset = word(e, h, 4, 8);
    out->vaddr = word(e, h, 8, 16);
    out->filesz = word(e, h, 16, 32);
    out->memsz = word(e, h, 20, 40);
}

void elf_shdr(const struct elf_file *e, uint64_t i, struct elf_shdr *out)
{
    uint64_t h = e->shoff + i * e->shentsize;
    out->type = (uint32_t)field(e, h + 4, 4);
    out->flags = word(e, h, 8, 8);
    out->size = word(e, h, 20, 32);
}

const char *elf_status_text(enum elf_status st)
{
    switch (st) {
    case ELF_OK: return "ok";
    case ELF_NOT_ELF: return "not an ELF file";
    case ELF_BAD_IDENT: return "unknown ELF class or byte order";
    case ELF_TRUNCATED: return "truncated ELF header";
    case ELF_BAD_PHDRS: return "program headers lie outside the file";
    case ELF_BAD_SHDRS: return "section headers lie outside the file";
    }
    return "bad ELF file";
}
