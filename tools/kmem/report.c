/* SPDX-License-Identifier: BSD-2-Clause */
/* Output: one place picks the printer for what is printed (a report, a
 * diff of two, ELF image sizes) and the format; this file holds the
 * report's own printers (the reference table, details, JSON, CSV).
 * report_diff.c prints diffs and ELF sizes, report_svg.c the chart. */
#include "kmem.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>


/* Rows whose owner only names gave are marked in the table. */
#define BY_NAME " (by name)"
#define BY_NAME_LEN(row) ((row)->by_name ? sizeof(BY_NAME) - 1 : 0)

int kmem_name_width(const struct kmem_report *r)
{
    size_t w = KMEM_NAME_COL;
    for (size_t i = 0; i < r->nrows; i++)
        if (strlen(r->rows[i].name) + 1 + BY_NAME_LEN(&r->rows[i]) > w)
            w = strlen(r->rows[i].name) + 1 + BY_NAME_LEN(&r->rows[i]);
    return (int)w;
}

/* "name    N KiB    bytes", the layout of the reference's kmem.sh */
static void line(FILE *f, int w, const char *name, uint64_t bytes)
{
    fprintf(f, "%-*s%9llu KiB%20llu\n", w, name,
            (unsigned long long)(bytes / 1024), (unsigned long long)bytes);
}

int kmem_row_shown(const struct kmem_row *row, int details)
{
    if (details)
        for (int k = 0; k < KK_COUNT; k++)
            if (row->count[k])
                return 1;
    return row->total > 0 || row->bytes[KK_MMIO] > 0;
}

static void print_table(FILE *f, const struct kmem_report *r, int details)
{
    int w = kmem_name_width(r);
    for (size_t i = 0; i < r->nrows; i++) {
        const struct kmem_row *row = &r->rows[i];
        if (!kmem_row_shown(row, details))
            continue;
        if (row->by_name)
            fprintf(f, "%s%-*s", row->name, w - (int)strlen(row->name), BY_NAME);
        line(f, row->by_name ? 0 : w, row->by_name ? "" : row->name, row->total);
        if (!details)
            continue;
        for (int k = 0; k < KK_COUNT; k++) {
            if (!row->count[k])
                continue;
            char label[128];
            snprintf(label, sizeof(label), "    %s (%llu%s)", kmem_kind_names[k],
                     (unsigned long long)row->count[k],
                     kmem_kind_counted(k) ? "" : ", not in total");
            line(f, w, label, row->bytes[k]);
        }
    }
    line(f, w, "GRAND TOTAL", r->total);
}

void kmem_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

void kmem_csv_str(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void print_json(FILE *f, const struct kmem_report *r)
{
    fputs("{\n  \"spec\": ", f);
    kmem_json_str(f, r->file ? r->file : "");
    fprintf(f, ",\n  \"arch\": \"%s\",\n  \"mcs\": %s,\n  \"sizes\": {",
            kmem_arch_names[r->arch], r->sizes.mcs ? "true" : "false");
    int first = 1;
    for (int k = 0; k < KS_COUNT; k++) {
        if (r->sizes.bits[k] == KMEM_NO_SIZE)
            continue;
        fprintf(f, "%s\"%s\": %u", first ? "" : ", ", kmem_size_key_names[k],
                r->sizes.bits[k]);
        first = 0;
    }
    fprintf(f, "},\n  \"objects\": %llu,\n  \"caps\": %llu,\n  \"components\": [",
            (unsigned long long)r->nobjects, (unsigned long long)r->ncaps);
    for (size_t i = 0; i < r->nrows; i++) {
        const struct kmem_row *row = &r->rows[i];
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
        kmem_json_str(f, row->name);
        fprintf(f, ", \"shared\": %s, \"unowned\": %s, \"bytes\": %llu, "
                   "\"kib\": %llu, \"kinds\": {",
                row->shared ? "true" : "false", row->unowned ? "true" : "false",
                (unsigned long long)row->total,
                (unsigned long long)(row->total / 1024));
        int fk = 1;
        for (int k = 0; k < KK_COUNT; k++) {
            if (!row->count[k])
                continue;
            fprintf(f, "%s\"%s\": {\"count\": %llu, \"bytes\": %llu, \"counted\": %s}",
                    fk ? "" : ", ", kmem_kind_names[k],
                    (unsigned long long)row->count[k],
                    (unsigned long long)row->bytes[k],
                    kmem_kind_counted(k) ? "true" : "false");
            fk = 0;
        }
        fprintf(f, "}, \"by_name\": %s}", row->by_name ? "true" : "false");
    }
    fprintf(f, "%s],\n  \"total\": %llu,\n  \"total_kib\": %llu\n}\n",
            r->nrows ? "\n  " : "", (unsigned long long)r->total,
            (unsigned long long)(r->total / 1024));
}

static void print_csv(FILE *f, const struct kmem_report *r)
{
    fputs("component,total_bytes", f);
    for (int k = 0; k < KK_COUNT; k++)
        fprintf(f, ",%s", kmem_kind_names[k]);
    fputc('\n', f);
    for (size_t i = 0; i < r->nrows; i++) {
        const struct kmem_row *row = &r->rows[i];
        kmem_csv_str(f, row->name);
        fprintf(f, ",%llu", (unsigned long long)row->total);
        for (int k = 0; k < KK_COUNT; k++)
            fprintf(f, ",%llu", (unsigned long long)row->bytes[k]);
        fputc('\n', f);
    }
    uint64_t sum[KK_COUNT] = { 0 };
    for (size_t i = 0; i < r->nrows; i++)
        for (int k = 0; k < KK_COUNT; k++)
            sum[k] += r->rows[i].bytes[k];
    fprintf(f, "GRAND TOTAL,%llu", (unsigned long long)r->total);
    for (int k = 0; k < KK_COUNT; k++)
        fprintf(f, ",%llu", (unsigned long long)sum[k]);
    fputc('\n', f);
}

/* ------------------------------------------------------------------ */
/* The one dispatch point                                              */

static void print_text(FILE *f, const struct kmem_report *r)
{
    print_table(f, r, 0);
}

static void print_details(FILE *f, const struct kmem_report *r)
{
    print_table(f, r, 1);
}

void kmem_print(FILE *f, enum kmem_format fmt, const struct kmem_output *o)
{
    typedef void (*report_fn)(FILE *, const struct kmem_report *);
    static const report_fn reports[KMEM_FMT_COUNT] = {
        [KMEM_FMT_TEXT] = print_text, [KMEM_FMT_DETAILS] = print_details,
        [KMEM_FMT_JSON] = print_json, [KMEM_FMT_CSV] = print_csv,
    };
    switch (o->what) {
    case KMEM_OUT_REPORT:
        reports[fmt](f, o->report);
        break;
    case KMEM_OUT_DIFF:
        kmem_print_diff(f, o->old, o->report, fmt);
        break;
    case KMEM_OUT_ELF:
        kmem_print_elf(f, o->images, o->nimages, fmt);
        break;
    }
}
