/* SPDX-License-Identifier: BSD-2-Clause */
/* What the archive needs of its inputs: component ELFs whose loadable
 * segments can be mapped page by page straight out of the archive, and a
 * spec that at least looks like one. */
#include <stdio.h>
#include <string.h>

#include <mote/spec.h>

#include "elf_read.h"
#include "pack.h"

static int fail(const struct pack_file *f, char *err, const char *msg)
{
    snprintf(err, PACK_ERR_MAX, "%s: error: %s", f->path, msg);
    return -1;
}

static int check_header(const struct pack_file *f, struct elf_file *e, char *err)
{
    enum elf_status st = elf_read_header(e, f->data, f->size);
    if (st == ELF_NOT_ELF || st == ELF_TRUNCATED || f->size < 64)
        return fail(f, err, "file too short for an ELF header");
    if (st != ELF_OK || !e->is64 || e->big_endian)
        return fail(f, err, "not a little-endian ELF64 file");
    if (e->machine != ELF_EM_RISCV || e->type != ELF_ET_EXEC)
        return fail(f, err, "not a RISC-V executable (ET_EXEC, EM_RISCV)");
    if ((e->phnum && e->phentsize != 56) || elf_check_phdrs(e) != ELF_OK)
        return fail(f, err, "program headers lie outside the file");
    return 0;
}

static int check_segment(const struct pack_file *f, const struct elf_phdr *ph, uint64_t i,
                         char *err)
{
    if (ph->offset > f->size || ph->filesz > f->size - ph->offset)
        return fail(f, err, "a PT_LOAD segment's bytes lie outside the file");
    if ((ph->offset ^ ph->vaddr) & (MT_ARCHIVE_PAGE - 1)) {
        char msg[160];
        snprintf(msg, sizeof msg, "PT_LOAD segment %llu at 0x%llx has file offset 0x%llx: "
                 "not page-congruent (link with -z max-page-size=4096)",
                 (unsigned long long)i, (unsigned long long)ph->vaddr,
                 (unsigned long long)ph->offset);
        return fail(f, err, msg);
    }
    return 0;
}

int pack_check_elf(const struct pack_file *f, char *err)
{
    struct elf_file e;
    if (check_header(f, &e, err))
        return -1;
    int loads = 0;
    for (uint64_t i = 0; i < e.phnum; i++) {
        struct elf_phdr ph;
        elf_phdr(&e, i, &ph);
        if (ph.type != ELF_PT_LOAD || ph.memsz == 0)
            continue;          /* empty segments (a linker's unused PHDR) load nothing */
        loads++;
        if (check_segment(f, &ph, i, err))
            return -1;
    }
    return loads ? 0 : fail(f, err, "no PT_LOAD segment");
}

int pack_check_spec(const struct pack_file *f, char *err)
{
    struct mt_spec_header h;
    if (f->size < sizeof h)
        return fail(f, err, "file too short for a system spec header");
    memcpy(&h, f->data, sizeof h);
    if (h.magic != MT_SPEC_MAGIC)
        return fail(f, err, "not a system spec (bad magic; motec writes system.spec)");
    if (h.version != MT_SPEC_VERSION)
        return fail(f, err, "system spec of another version (rebuild it with this motec)");
    if (h.total_bytes != f->size)
        return fail(f, err, "system spec size does not match its header (truncated?)");
    return 0;
}
