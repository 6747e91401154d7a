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

    struct kmem_elf_sizes es;
    kmem_elf_sections("fuzz", (const unsigned char *)buf, size, &es, &d);

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
            kmem_print_table(sink, &r, 1);
            kmem_print_json(sink, &r);
            kmem_print_csv(sink, &r);
            kmem_print_svg(sink, &r);
            kmem_print_diff(sink, &r, &r, (int)(size % 3));
        }
        kmem_report_free(&r);
    }
    kmem_spec_free(&s);
    free(buf);
    return 0;
}
