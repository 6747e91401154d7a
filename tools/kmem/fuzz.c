/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the capDL reader, the accounting and every printer,
 * the --sizes reader and the ELF reader, on arbitrary bytes. */
#include "kmem.h"

#include <stdlib.h>
#include <string.h>

static FILE *sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink)
        sink = fopen("/dev/null", "w");
    struct kmem_diag d = { NULL, 0 };
    /* an exact-size copy so reads past the end are caught */
    char *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);

    struct kmem_image img = { "fuzz", { 0, 0, 0, 0 } };
    if (kmem_elf_sections("fuzz", (const unsigned char *)buf, size, &img.sizes, &d) == 0) {
        struct kmem_output out = { .what = KMEM_OUT_ELF, .images = &img, .nimages = 1 };
        kmem_print(sink, (enum kmem_format)(size % KMEM_FMT_COUNT), &out);
    }

    struct kmem_sizes sz;
    kmem_sizes_for(&sz, KA_RISCV64, 0);
    kmem_sizes_load(&sz, "fuzz", buf, size, &d);

    struct kmem_spec s;
    if (kmem_parse(&s, "fuzz", buf, size, &d) == 0) {
        struct kmem_options o = { KA_NONE, 0, (int)(size & 1), NULL };
        if (s.arch == KA_NONE)
            o.arch = (enum kmem_arch)(1 + size % (KA_COUNT - 1));
        struct kmem_report r;
        if (kmem_account(&s, &o, &r, &d) == 0) {
            for (int fmt = 0; fmt < KMEM_FMT_COUNT; fmt++) {
                struct kmem_output out = { .what = KMEM_OUT_REPORT, .report = &r };
                kmem_print(sink, (enum kmem_format)fmt, &out);
            }
            kmem_print_svg(sink, &r);
            struct kmem_output diff = { .what = KMEM_OUT_DIFF, .old = &r, .report = &r };
            kmem_print(sink, (enum kmem_format)(size % KMEM_FMT_COUNT), &diff);
        }
        kmem_report_free(&r);
    }
    kmem_spec_free(&s);
    free(buf);
    return 0;
}
