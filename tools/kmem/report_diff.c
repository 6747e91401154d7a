/* SPDX-License-Identifier: BSD-2-Clause */
/* Tables that compare: per-row change between two reports (--diff) and
 * the section sizes of ELF images (--elf). */
#include "kmem.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Diff of two reports                                                 */

static int name_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static uint64_t total_of(const struct kmem_report *r, const char *name)
{
    const struct kmem_row *row = kmem_report_find(r, name);
    return row ? row->total : 0;
}

static void diff_head(FILE *f, const struct kmem_report *a, const struct kmem_report *b,
                      enum kmem_format format, int w)
{
    if (format == KMEM_FMT_JSON) {
        fputs("{\n  \"old\": ", f);
        kmem_json_str(f, a->file ? a->file : "");
        fputs(",\n  \"new\": ", f);
        kmem_json_str(f, b->file ? b->file : "");
        fputs(",\n  \"components\": [", f);
    } else if (format == KMEM_FMT_CSV) {
        fputs("component,old_bytes,new_bytes,delta_bytes\n", f);
    } else {
        fprintf(f, "%-*s%14s%14s%15s\n", w, "component", "old bytes", "new bytes",
                "delta");
    }
}

/* Row i of n (n: the grand total) of a diff. */
static void diff_line(FILE *f, enum kmem_format format, int w, size_t i, size_t n,
                      const char *name, uint64_t o, uint64_t nw)
{
    long long delta = (long long)(nw - o);
    if (format == KMEM_FMT_JSON && i == n) {
        fprintf(f, "%s],\n  \"total\": {\"old\": %llu, \"new\": %llu, "
                   "\"delta\": %lld}\n}\n", n ? "\n  " : "",
                (unsigned long long)o, (unsigned long long)nw, delta);
    } else if (format == KMEM_FMT_JSON) {
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
        kmem_json_str(f, name);
        fprintf(f, ", \"old\": %llu, \"new\": %llu, \"delta\": %lld}",
                (unsigned long long)o, (unsigned long long)nw, delta);
    } else if (format == KMEM_FMT_CSV) {
        kmem_csv_str(f, name);
        fprintf(f, ",%llu,%llu,%lld\n", (unsigned long long)o, (unsigned long long)nw,
                delta);
    } else {
        char d[32];
        snprintf(d, sizeof(d), "%+lld", delta);
        fprintf(f, "%-*s%14llu%14llu%15s\n", w, name, (unsigned long long)o,
                (unsigned long long)nw, delta ? d : "0");
    }
}

/* Rows of either report with bytes, by name, then the grand totals. */
void kmem_print_diff(FILE *f, const struct kmem_report *a,
                     const struct kmem_report *b, enum kmem_format format)
{
    size_t n = 0;
    const char **names = calloc(a->nrows + b->nrows + 1, sizeof(*names));
    if (!names)
        return;
    for (size_t i = 0; i < a->nrows; i++)
        if (a->rows[i].total)
            names[n++] = a->rows[i].name;
    for (size_t i = 0; i < b->nrows; i++) {
        const struct kmem_row *in_a = kmem_report_find(a, b->rows[i].name);
        if (b->rows[i].total && (!in_a || !in_a->total))
            names[n++] = b->rows[i].name;
    }
    qsort(names, n, sizeof(*names), name_cmp);
    int w = KMEM_NAME_COL;
    for (size_t i = 0; i < n; i++)
        if ((int)strlen(names[i]) + 1 > w)
            w = (int)strlen(names[i]) + 1;
    diff_head(f, a, b, format, w);
    for (size_t i = 0; i < n; i++)
        diff_line(f, format, w, i, n, names[i], total_of(a, names[i]), total_of(b, names[i]));
    diff_line(f, format, w, n, n, "GRAND TOTAL", a->total, b->total);
    free(names);
}

/* ------------------------------------------------------------------ */
/* ELF images                                                          */

static void csv_or_text_name(FILE *f, const char *name, enum kmem_format format, int w)
{
    if (format == KMEM_FMT_CSV)
        fprintf(f, "%s", name);
    else
        fprintf(f, "%-*s", w, name);
}

void kmem_print_elf(FILE *f, const struct kmem_image *images, size_t n,
                    enum kmem_format format)
{
    static const char *const cols[] = { "text", "rodata", "data", "bss", "total" };
    struct kmem_elf_sizes sum = { 0, 0, 0, 0 };
    int w = 32;
    for (size_t i = 0; i < n; i++)
        if ((int)strlen(images[i].name) + 1 > w)
            w = (int)strlen(images[i].name) + 1;
    if (format == KMEM_FMT_JSON)
        fputs("{\n  \"images\": [", f);
    else if (format == KMEM_FMT_CSV)
        fputs("image,text,rodata,data,bss,total\n", f);
    else
        fprintf(f, "%-*s%12s%12s%12s%12s%12s\n", w, "image", cols[0], cols[1],
                cols[2], cols[3], cols[4]);
    for (size_t i = 0; i <= n; i++) {
        const struct kmem_elf_sizes *s = i < n ? &images[i].sizes : &sum;
        const char *name = i < n ? images[i].name : "TOTAL";
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
