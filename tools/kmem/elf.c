/* Section sizes of ELF32 and ELF64 images (either byte order), read from
 * the section headers, or from the program headers when an image has
 * none.  Allocated sections are text (executable), rodata (read-only),
 * data (writable with contents) and bss (writable, no contents). */
#include "kmem.h"

#include <string.h>

struct elf {
    const unsigned char *b;
    size_t len;
    int is64, be;
};

static uint64_t rd(const struct elf *e, uint64_t off, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        unsigned byte = e->b[off + (uint64_t)(e->be ? i : n - 1 - i)];
        v = (v << 8) | byte;
    }
    return v;
}

#define SHF_WRITE 0x1u
#define SHF_ALLOC 0x2u
#define SHF_EXECINSTR 0x4u
#define SHT_NOBITS 8u
#define PT_LOAD 1u
#define PF_X 1u
#define PF_W 2u

static int in_bounds(const struct elf *e, uint64_t off, uint64_t n)
{
    return off <= e->len && n <= e->len - off;
}

static int from_segments(const struct elf *e, const char *file,
                         struct kmem_elf_sizes *out, struct kmem_diag *d)
{
    uint64_t phoff = e->is64 ? rd(e, 32, 8) : rd(e, 28, 4);
    uint64_t entsz = rd(e, e->is64 ? 54 : 42, 2);
    uint64_t num = rd(e, e->is64 ? 56 : 44, 2);
    uint64_t need = e->is64 ? 56 : 32;
    if (num == 0)
        return 0;
    if (entsz < need || !in_bounds(e, phoff, num * entsz)) {
        kmem_error(d, "%s: error: program headers lie outside the file", file);
        return -1;
    }
    for (uint64_t i = 0; i < num; i++) {
        uint64_t h = phoff + i * entsz;
        if (rd(e, h, 4) != PT_LOAD)
            continue;
        uint64_t flags = e->is64 ? rd(e, h + 4, 4) : rd(e, h + 24, 4);
        uint64_t filesz = e->is64 ? rd(e, h + 32, 8) : rd(e, h + 16, 4);
        uint64_t memsz = e->is64 ? rd(e, h + 40, 8) : rd(e, h + 20, 4);
        if (flags & PF_X)
            out->text += filesz;
        else if (flags & PF_W)
            out->data += filesz;
        else
            out->rodata += filesz;
        if (memsz > filesz)
            out->bss += memsz - filesz;
    }
    return 0;
}

int kmem_elf_sections(const char *file, const unsigned char *buf, size_t len,
                      struct kmem_elf_sizes *out, struct kmem_diag *d)
{
    memset(out, 0, sizeof(*out));
    if (len < 52 || memcmp(buf, "\177ELF", 4) != 0) {
        kmem_error(d, "%s: error: not an ELF file", file);
        return -1;
    }
    struct elf e = { buf, len, buf[4] == 2, buf[5] == 2 };
    if ((buf[4] != 1 && buf[4] != 2) || (buf[5] != 1 && buf[5] != 2)) {
        kmem_error(d, "%s: error: unknown ELF class or byte order", file);
        return -1;
    }
    if (e.is64 && len < 64) {
        kmem_error(d, "%s: error: truncated ELF header", file);
        return -1;
    }
    uint64_t shoff = e.is64 ? rd(&e, 40, 8) : rd(&e, 32, 4);
    uint64_t entsz = rd(&e, e.is64 ? 58 : 46, 2);
    uint64_t num = rd(&e, e.is64 ? 60 : 48, 2);
    uint64_t need = e.is64 ? 64 : 40;
    if (shoff == 0)
        return from_segments(&e, file, out, d);
    if (entsz < need || !in_bounds(&e, shoff, entsz)) {
        kmem_error(d, "%s: error: section headers lie outside the file", file);
        return -1;
    }
    if (num == 0)   /* extended numbering: the count is in section 0 */
        num = e.is64 ? rd(&e, shoff + 32, 8) : rd(&e, shoff + 20, 4);
    if (num > len / entsz || !in_bounds(&e, shoff, num * entsz)) {
        kmem_error(d, "%s: error: section headers lie outside the file", file);
        return -1;
    }
    for (uint64_t i = 0; i < num; i++) {
        uint64_t h = shoff + i * entsz;
        uint64_t type = rd(&e, h + 4, 4);
        uint64_t flags = e.is64 ? rd(&e, h + 8, 8) : rd(&e, h + 8, 4);
        uint64_t size = e.is64 ? rd(&e, h + 32, 8) : rd(&e, h + 20, 4);
        if (!(flags & SHF_ALLOC))
            continue;
        if (flags & SHF_EXECINSTR)
            out->text += size;
        else if (type == SHT_NOBITS)
            out->bss += size;
        else if (flags & SHF_WRITE)
            out->data += size;
        else
            out->rodata += size;
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
