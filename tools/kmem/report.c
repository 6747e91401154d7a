/* Output: the reference table, details, JSON, CSV, SVG and diffs. */
#include "kmem.h"

#include <stdlib.h>
#include <string.h>

#define NAME_COL 40

static int name_width(const struct kmem_report *r)
{
    size_t w = NAME_COL;
    for (size_t i = 0; i < r->nrows; i++)
        if (strlen(r->rows[i].name) + 1 > w)
            w = strlen(r->rows[i].name) + 1;
    return (int)w;
}

/* "name    N KiB    bytes", the layout of the reference's kmem.sh */
static void line(FILE *f, int w, const char *name, uint64_t bytes)
{
    fprintf(f, "%-*s%9llu KiB%20llu\n", w, name,
            (unsigned long long)(bytes / 1024), (unsigned long long)bytes);
}

static int shown(const struct kmem_row *row, int details)
{
    if (details)
        for (int k = 0; k < KK_COUNT; k++)
            if (row->count[k])
                return 1;
    return row->total > 0 || row->bytes[KK_MMIO] > 0;
}

void kmem_print_table(FILE *f, const struct kmem_report *r, int details)
{
    int w = name_width(r);
    for (size_t i = 0; i < r->nrows; i++) {
        const struct kmem_row *row = &r->rows[i];
        if (!shown(row, details))
            continue;
        line(f, w, row->name, row->total);
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

static void json_str(FILE *f, const char *s)
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

static void csv_str(FILE *f, const char *s)
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

void kmem_print_json(FILE *f, const struct kmem_report *r)
{
    fputs("{\n  \"spec\": ", f);
    json_str(f, r->file ? r->file : "");
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
        json_str(f, row->name);
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
        fputs("}}", f);
    }
    fprintf(f, "%s],\n  \"total\": %llu,\n  \"total_kib\": %llu\n}\n",
            r->nrows ? "\n  " : "", (unsigned long long)r->total,
            (unsigned long long)(r->total / 1024));
}

void kmem_print_csv(FILE *f, const struct kmem_report *r)
{
    fputs("component,total_bytes", f);
    for (int k = 0; k < KK_COUNT; k++)
        fprintf(f, ",%s", kmem_kind_names[k]);
    fputc('\n', f);
    for (size_t i = 0; i < r->nrows; i++) {
        const struct kmem_row *row = &r->rows[i];
        csv_str(f, row->name);
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
/* SVG: one horizontal bar per row, stacked by kind                    */

static const char *const kind_colors[KK_COUNT] = {
    [KK_CODE] = "#4e79a7", [KK_DATA] = "#a0cbe8", [KK_STACK] = "#f28e2b",
    [KK_IPCBUF] = "#ffbe7d", [KK_DATAPORT] = "#59a14f", [KK_MMIO] = "#8cd17d",
    [KK_TCB] = "#b6992d", [KK_CNODE] = "#f1ce63", [KK_EP] = "#499894",
    [KK_NTFN] = "#86bcb6", [KK_PT] = "#e15759", [KK_OTHER] = "#79706e",
    [KK_UNTYPED] = "#d7b5a6",
};

static void xml_str(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* 1, 2, 5, 10, 20, 50, ... KiB: at most eight grid lines */
static uint64_t nice_step(uint64_t max_kib)
{
    static const unsigned mult[3] = { 1, 2, 5 };
    for (uint64_t decade = 1;; decade *= 10)
        for (int i = 0; i < 3; i++)
            if (max_kib / (decade * mult[i]) <= 8)
                return decade * mult[i];
}

void kmem_print_svg(FILE *f, const struct kmem_report *r)
{
    const int left = 260, bar_w = 560, right = 140, top = 60, row_h = 26;
    size_t n = 0;
    uint64_t max = 1;
    for (size_t i = 0; i < r->nrows; i++)
        if (shown(&r->rows[i], 0)) {
            n++;
            if (r->rows[i].total > max)
                max = r->rows[i].total;
        }
    int legend_y = top + (int)n * row_h + 40;
    int width = left + bar_w + right, height = legend_y + 30 * ((KK_COUNT + 5) / 6) + 20;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">\n",
            width, height, width, height);
    fputs("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", f);
    fputs("<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Memory per "
          "component: ", f);
    xml_str(f, r->file ? r->file : "");
    fprintf(f, " (%s%s)</text>\n", kmem_arch_names[r->arch], r->sizes.mcs ? ", MCS" : "");
    fprintf(f, "<text x=\"10\" y=\"44\">GRAND TOTAL %llu KiB (%llu bytes); device "
               "frames and untyped memory are not included</text>\n",
            (unsigned long long)(r->total / 1024), (unsigned long long)r->total);
    /* axis in KiB */
    uint64_t max_kib = max / 1024 + 1, step = nice_step(max_kib);
    for (uint64_t t = 0; t <= max_kib; t += step) {
        double x = left + (double)bar_w * (double)(t * 1024) / (double)max;
        if (x > left + bar_w + 0.5)
            break;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
                x, top - 6, x, top + (int)n * row_h);
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">"
                   "%llu KiB</text>\n", x, top + (int)n * row_h + 16,
                (unsigned long long)t);
    }
    int used[KK_COUNT] = { 0 };
    int y = top;
    for (size_t i = 0; i < r->nrows; i++) {
        const struct kmem_row *row = &r->rows[i];
        if (!shown(row, 0))
            continue;
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 8, y + 17);
        xml_str(f, row->name);
        fputs("</text>\n", f);
        double x = left;
        for (int k = 0; k < KK_COUNT; k++) {
            if (!kmem_kind_counted(k) || !row->bytes[k])
                continue;
            used[k] = 1;
            double w = (double)bar_w * (double)row->bytes[k] / (double)max;
            fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"18\" "
                       "fill=\"%s\"><title>", x, y + 4, w, kind_colors[k]);
            xml_str(f, row->name);
            fprintf(f, " %s: %llu KiB (%llu bytes)</title></rect>\n", kmem_kind_names[k],
                    (unsigned long long)(row->bytes[k] / 1024),
                    (unsigned long long)row->bytes[k]);
            x += w;
        }
        fprintf(f, "<text x=\"%.1f\" y=\"%d\">%llu KiB</text>\n", x + 6, y + 17,
                (unsigned long long)(row->total / 1024));
        y += row_h;
    }
    int lx = 10, ly = legend_y, col = 0;
    for (int k = 0; k < KK_COUNT; k++) {
        if (!used[k])
            continue;
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                   "<text x=\"%d\" y=\"%d\">%s</text>\n",
                lx, ly, kind_colors[k], lx + 20, ly + 12, kmem_kind_names[k]);
        lx += 150;
        if (++col == 6) {
            col = 0;
            lx = 10;
            ly += 30;
        }
    }
    fputs("</svg>\n", f);
}

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

void kmem_print_diff(FILE *f, const struct kmem_report *a,
                     const struct kmem_report *b, int format)
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
    int w = NAME_COL;
    for (size_t i = 0; i < n; i++)
        if ((int)strlen(names[i]) + 1 > w)
            w = (int)strlen(names[i]) + 1;
    if (format == KMEM_FMT_JSON) {
        fputs("{\n  \"old\": ", f);
        json_str(f, a->file ? a->file : "");
        fputs(",\n  \"new\": ", f);
        json_str(f, b->file ? b->file : "");
        fputs(",\n  \"components\": [", f);
    } else if (format == KMEM_FMT_CSV) {
        fputs("component,old_bytes,new_bytes,delta_bytes\n", f);
    } else {
        fprintf(f, "%-*s%14s%14s%15s\n", w, "component", "old bytes", "new bytes",
                "delta");
    }
    for (size_t i = 0; i <= n; i++) {
        const char *name = i < n ? names[i] : "GRAND TOTAL";
        uint64_t o = i < n ? total_of(a, name) : a->total;
        uint64_t nw = i < n ? total_of(b, name) : b->total;
        long long delta = (long long)(nw - o);
        if (format == KMEM_FMT_JSON) {
            if (i == n) {
                fprintf(f, "%s],\n  \"total\": {\"old\": %llu, \"new\": %llu, "
                           "\"delta\": %lld}\n}\n", n ? "\n  " : "",
                        (unsigned long long)o, (unsigned long long)nw, delta);
                break;
            }
            fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
            json_str(f, name);
            fprintf(f, ", \"old\": %llu, \"new\": %llu, \"delta\": %lld}",
                    (unsigned long long)o, (unsigned long long)nw, delta);
        } else if (format == KMEM_FMT_CSV) {
            csv_str(f, name);
            fprintf(f, ",%llu,%llu,%lld\n", (unsigned long long)o,
                    (unsigned long long)nw, delta);
        } else {
            char d[32];
            snprintf(d, sizeof(d), "%+lld", delta);
            fprintf(f, "%-*s%14llu%14llu%15s\n", w, name, (unsigned long long)o,
                    (unsigned long long)nw, delta ? d : "0");
        }
    }
    free(names);
}
