/* SPDX-License-Identifier: BSD-2-Clause */
/* The --svg chart: one horizontal bar per row of the default table,
 * stacked by the counted kinds.
 *
 * Rows of a spec differ by many orders of magnitude (a 128 MiB CNode beside
 * 16-byte endpoints), so when the largest row is more than LOG_RATIO times
 * the smallest the axis is logarithmic: a bar's length is the log of its
 * total, from a power of two below the smallest row, and its kinds share
 * that length in proportion to their bytes.  Otherwise the axis is linear.
 * Every size shown is in the unit that suits it (B, KiB, MiB, GiB). */
#include "kmem.h"
#include "report.h"

#include <math.h>
#include <string.h>

#define LOG_RATIO 64.0

static const char *const kind_colors[KK_COUNT] = {
    [KK_CODE] = "#4e79a7", [KK_DATA] = "#a0cbe8", [KK_STACK] = "#f28e2b",
    [KK_IPCBUF] = "#ffbe7d", [KK_DATAPORT] = "#59a14f", [KK_MMIO] = "#8cd17d",
    [KK_TCB] = "#b6992d", [KK_CNODE] = "#f1ce63", [KK_EP] = "#499894",
    [KK_NTFN] = "#86bcb6", [KK_PT] = "#e15759", [KK_OTHER] = "#79706e",
    [KK_UNTYPED] = "#d7b5a6",
};

struct chart {
    int left, bar_w, top, row_h;
    int log;               /* logarithmic axis */
    double lo, hi;         /* axis ends: bytes (linear from 0 to hi) */
    size_t n;              /* rows drawn */
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

/* bytes in the largest unit that leaves at least 1: "16 B", "4 KiB",
 * "1.5 KiB", "128 MiB"; one decimal below 10 units when not whole. */
static void size_str(char *buf, size_t n, uint64_t bytes)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    int u = 0;
    uint64_t div = 1;
    while (u < 6 && bytes / div >= 1024) {
        div *= 1024;
        u++;
    }
    uint64_t tenths = (bytes % div) * 10 / div;
    if (bytes / div < 10 && tenths)
        snprintf(buf, n, "%llu.%llu %s", (unsigned long long)(bytes / div),
                 (unsigned long long)tenths, units[u]);
    else
        snprintf(buf, n, "%llu %s", (unsigned long long)(bytes / div), units[u]);
}

/* Bar length (pixels) of a row of this many bytes. */
static double length(const struct chart *c, uint64_t bytes)
{
    if (bytes == 0)
        return 0;
    if (!c->log)
        return c->bar_w * (double)bytes / c->hi;
    double v = log2((double)bytes), a = log2(c->lo), b = log2(c->hi);
    return c->bar_w * (v - a) / (b - a);
}

static void set_scale(struct chart *c, const struct kmem_report *r)
{
    uint64_t max = 0, min = UINT64_MAX;
    c->n = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        if (!kmem_row_shown(&r->rows[i], 0))
            continue;
        uint64_t t = r->rows[i].total;
        c->n++;
        max = t > max ? t : max;
        if (t)
            min = t < min ? t : min;
    }
    if (max == 0)
        max = min = 1;
    c->log = (double)max / (double)min > LOG_RATIO;
    /* log: from half the smallest row's power of two (so it shows) to the
     * power of two at or above the largest */
    c->lo = exp2(floor(log2((double)min)) - 1);
    c->hi = c->log ? exp2(ceil(log2((double)max))) : (double)max;
}

/* Linear grid: at most eight lines, 1, 2 or 5 times a power of ten of the
 * largest binary unit (B, KiB, MiB, ...) below the axis end, so that the
 * labels read 0 B, 512 KiB, 1 MiB, 1.5 MiB, ... */
static double linear_step(double max)
{
    static const double mult[] = { 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500 };
    double unit = 1;
    while (unit * 1024 <= max)
        unit *= 1024;
    for (size_t i = 0; i < sizeof(mult) / sizeof(*mult); i++)
        if (unit * mult[i] >= 1 && max / (unit * mult[i]) <= 8)
            return unit * mult[i];
    return unit * 1000;
}

static void grid_line(FILE *f, const struct chart *c, double x, uint64_t bytes)
{
    char s[32];
    size_str(s, sizeof(s), bytes);
    int bottom = c->top + (int)c->n * c->row_h;
    fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
            x, c->top - 6, x, bottom);
    fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%s</text>\n",
            x, bottom + 16, s);
}

static void grid(FILE *f, const struct chart *c)
{
    if (!c->log) {
        double step = linear_step(c->hi);
        grid_line(f, c, c->left, 0);
        for (int i = 1; i * step <= c->hi; i++)
            grid_line(f, c, c->left + length(c, (uint64_t)(i * step)), (uint64_t)(i * step));
        return;
    }
    /* powers of two, at most nine lines: every k-th */
    int a = (int)log2(c->lo), b = (int)log2(c->hi), k = (b - a + 8) / 9;
    for (int e = a; e <= b; e += k ? k : 1)
        grid_line(f, c, c->left + length(c, 1ull << e), 1ull << e);
}

static void bar(FILE *f, const struct chart *c, const struct kmem_row *row, int y)
{
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", c->left - 8, y + 17);
    xml_str(f, row->name);
    fputs("</text>\n", f);
    double x = c->left, len = length(c, row->total);
    for (int k = 0; k < KK_COUNT; k++) {
        if (!kmem_kind_counted(k) || !row->bytes[k])
            continue;
        double w = len * (double)row->bytes[k] / (double)row->total;
        char s[32];
        size_str(s, sizeof(s), row->bytes[k]);
        fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"18\" "
                   "fill=\"%s\"><title>", x, y + 4, w, kind_colors[k]);
        xml_str(f, row->name);
        fprintf(f, " %s: %s (%llu bytes)</title></rect>\n", kmem_kind_names[k], s,
                (unsigned long long)row->bytes[k]);
        x += w;
    }
    char s[32];
    size_str(s, sizeof(s), row->total);
    fprintf(f, "<text x=\"%.1f\" y=\"%d\">%s</text>\n", x + 6, y + 17, s);
}

static void header(FILE *f, const struct kmem_report *r, const struct chart *c,
                   int width, int height)
{
    char s[32];
    size_str(s, sizeof(s), r->total);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">\n",
            width, height, width, height);
    fputs("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", f);
    fputs("<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Memory per "
          "component: ", f);
    xml_str(f, r->file ? r->file : "");
    fprintf(f, " (%s%s)</text>\n", kmem_arch_names[r->arch], r->sizes.mcs ? ", MCS" : "");
    fprintf(f, "<text x=\"10\" y=\"44\">GRAND TOTAL %s (%llu bytes); device frames and "
               "untyped memory are not included</text>\n", s, (unsigned long long)r->total);
    if (c->log)
        fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#666\">logarithmic scale: the kinds "
                   "of a row share its bar by bytes</text>\n",
                c->left, c->top + (int)c->n * c->row_h + 34);
}

static int legend_rows(const int used[KK_COUNT])
{
    int n = 0;
    for (int k = 0; k < KK_COUNT; k++)
        n += used[k];
    return n ? (n + 5) / 6 : 0;
}

static void legend(FILE *f, const int used[KK_COUNT], int y)
{
    int lx = 10, col = 0;
    for (int k = 0; k < KK_COUNT; k++) {
        if (!used[k])
            continue;
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                   "<text x=\"%d\" y=\"%d\">%s</text>\n",
                lx, y, kind_colors[k], lx + 20, y + 12, kmem_kind_names[k]);
        lx += 150;
        if (++col == 6) {
            col = 0;
            lx = 10;
            y += 30;
        }
    }
}

void kmem_print_svg(FILE *f, const struct kmem_report *r)
{
    struct chart c = { .left = 260, .bar_w = 560, .top = 60, .row_h = 26 };
    set_scale(&c, r);
    int used[KK_COUNT] = { 0 };
    for (size_t i = 0; i < r->nrows; i++)
        for (int k = 0; k < KK_COUNT; k++)
            if (kmem_row_shown(&r->rows[i], 0) && kmem_kind_counted(k) &&
                r->rows[i].bytes[k])
                used[k] = 1;
    int legend_y = c.top + (int)c.n * c.row_h + (c.log ? 56 : 40);
    int width = c.left + c.bar_w + 140;
    int height = legend_y + 30 * legend_rows(used) + 10;
    header(f, r, &c, width, height);
    grid(f, &c);
    int y = c.top;
    for (size_t i = 0; i < r->nrows; i++) {
        if (!kmem_row_shown(&r->rows[i], 0))
            continue;
        bar(f, &c, &r->rows[i], y);
        y += c.row_h;
    }
    legend(f, used, legend_y);
    fputs("</svg>\n", f);
}
