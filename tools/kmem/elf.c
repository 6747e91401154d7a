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
static void csv_or_text_name(FILE *f, const char *name, int format, int w)
{
    if (format == KMEM_FMT_CSV)
        fprintf(f, "%s", name);
    else
        fprintf(f, "%-*s", w, name);
}

void kmem_print_elf(FILE *f, const char *const *names,
                    const struct kmem_elf_sizes *sizes, size_t n, int format)
{
    static const char *const cols[] = { "text", "rodata", "data", "bss", "total" };
    struct kmem_elf_sizes sum = { 0, 0, 0, 0 };
    int w = 32;
    for (size_t i = 0; i < n; i++)
        if ((int)strlen(names[i]) + 1 > w)
            w = (int)strlen(names[i]) + 1;
    if (format == KMEM_FMT_JSON)
        fputs("{\n  \"images\": [", f);
    else if (format == KMEM_FMT_CSV)
        fputs("image,text,rodata,data,bss,total\n", f);
    else
        fprintf(f, "%-*s%12s%12s%12s%12s%12s\n", w, "image", cols[0], cols[1],
                cols[2], cols[3], cols[4]);
    for (size_t i = 0; i <= n; i++) {
        const struct kmem_elf_sizes *s = i < n ? &sizes[i] : &sum;
        const char *name = i < n ? names[i] : "TOTAL";
        unsigned long long v[5] = { s->text, s->rodata, s->data, s->bss,
                                    s->text + s->rodata + s->data + s->bss };
        if (format == KMEM_FMT_JSON) {
            if (i == n) {
                fprintf(f, "%s],\n  \"total\": {\"text\": %llu, \"rodata\": %llu, "
                           "\"data\": %llu, \"bss\": %llu, \"total\": %llu}\n}\n",
                        n ? "\n  " : "", v[0], v[1], v[2], v[3], v[4]);
                break;
            }
            fprintf(f, "%s\n    {\"image\": \"", i ? "," : "");
            for (const char *c = name; *c; c++)
                fprintf(f, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
            fprintf(f, "\", \"text\": %llu, \"rodata\": %llu, \"data\": %llu, "
                       "\"bss\": %llu, \"total\": %llu}", v[0], v[1], v[2], v[3], v[4]);
        } else {
            csv_or_text_name(f, name, format, w);
            for (int k = 0; k < 5; k++)
                fprintf(f, format == KMEM_FMT_CSV ? ",%llu" : "%12llu", v[k]);
            fputc('\n', f);
        }
        if (i < n) {
            sum.text += s->text;
            sum.rodata += s->rodata;
            sum.data += s->data;
            sum.bss += s->bss;
        }
    }
}
