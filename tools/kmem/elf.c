/* SPDX-License-Identifier: BSD-2-Clause */
/* Section sizes of ELF32 and ELF64 images (either byte order), read from
 * the section headers, or from the program headers when an image has
 * none.  Allocated sections are text (executable), rodata (read-only),
 * data (writable with contents) and bss (writable, no contents). */
#include "kmem.h"

#include <string.h>

#include "elf_read.h"

static void add_segments(const struct elf_file *e, struct kmem_elf_sizes *out)
{
    for (uint64_t i = 0; i < e->phnum; i++) {
        struct elf_phdr ph;
        elf_phdr(e, i, &ph);
        if (ph.type != ELF_PT_LOAD)
            continue;
        if (ph.flags & ELF_PF_X)
            out->text += ph.filesz;
        else if (ph.flags & ELF_PF_W)
            out->data += ph.filesz;
        else
            out->rodata += ph.filesz;
        if (ph.memsz > ph.filesz)
            out->bss += ph.memsz - ph.filesz;
    }
}

static void add_sections(const struct elf_file *e, struct kmem_elf_sizes *out)
{
    for (uint64_t i = 0; i < e->shnum; i++) {
        struct elf_shdr sh;
        elf_shdr(e, i, &sh);
        if (!(sh.flags & ELF_SHF_ALLOC))
            continue;
        if (sh.flags & ELF_SHF_EXECINSTR)
            out->text += sh.size;
        else if (sh.type == ELF_SHT_NOBITS)
            out->bss += sh.size;
        else if (sh.flags & ELF_SHF_WRITE)
            out->data += sh.size;
        else
            out->rodata += sh.size;
    }
}

int kmem_elf_sections(const char *file, const unsigned char *buf, size_t len,
                      struct kmem_elf_sizes *out, struct kmem_diag *d)
{
    memset(out, 0, sizeof(*out));
    struct elf_file e;
    enum elf_status st = elf_read_header(&e, buf, len);
    if (st == ELF_OK && e.shoff == 0) {
        st = elf_check_phdrs(&e);
        if (st == ELF_OK)
            add_segments(&e, out);
    } else if (st == ELF_OK) {
        st = elf_check_shdrs(&e);
        if (st == ELF_OK)
            add_sections(&e, out);
    }
    if (st != ELF_OK) {
        kmem_error(d, "%s: error: %s", file, elf_status_text(st));
        return -1;
    }
    return 0;
}
