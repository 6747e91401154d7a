/* What the archive needs of its inputs: component ELFs whose loadable
 * segments can be mapped page by page straight out of the archive, and a
 * spec that at least looks like one. */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include <mote/spec.h>

#include "pack.h"

static int fail(const struct pack_file *f, char *err, const char *msg)
{
    snprintf(err, PACK_ERR_MAX, "%s: error: %s", f->path, msg);
    return -1;
}

static int check_header(const struct pack_file *f, const Elf64_Ehdr *eh, char *err)
{
    if (f->size < sizeof *eh || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(f, err, "not a little-endian ELF64 file");
    if (eh->e_machine != EM_RISCV || eh->e_type != ET_EXEC)
        return fail(f, err, "not a RISC-V executable (ET_EXEC, EM_RISCV)");
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > f->size ||
        (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > f->size - eh->e_phoff)
        return fail(f, err, "program headers lie outside the file");
    return 0;
}

int pack_check_elf(const struct pack_file *f, char *err)
{
    Elf64_Ehdr eh;
    if (f->size < sizeof eh)
        return fail(f, err, "file too short for an ELF header");
    memcpy(&eh, f->data, sizeof eh);
    if (check_header(f, &eh, err))
        return -1;
    int loads = 0;
    for (int i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, f->data + eh.e_phoff + (size_t)i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;          /* empty segments (a linker's unused PHDR) load nothing */
        loads++;
        if (ph.p_offset > f->size || ph.p_filesz > f->size - ph.p_offset)
            return fail(f, err, "a PT_LOAD segment's bytes lie outside the file");
        if ((ph.p_offset ^ ph.p_vaddr) & (MT_ARCHIVE_PAGE - 1)) {
            char msg[160];
            snprintf(msg, sizeof msg, "PT_LOAD segment %d at 0x%llx has file offset 0x%llx: "
                     "not page-congruent (link with -z max-page-size=4096)", i,
                     (unsigned long long)ph.p_vaddr, (unsigned long long)ph.p_offset);
            return fail(f, err, msg);
        }
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
