/* The --svg chart: one horizontal bar per row, stacked by kind. */
#include "kmem.h"
#include "report.h"

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
        if (kmem_row_shown(&r->rows[i], 0)) {
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
        if (!kmem_row_shown(row, 0))
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

