/* SPDX-License-Identifier: BSD-2-Clause */
/* Fills both pages of the shared buffer, then tells the reader. */
#include <libmote/component.h>
#include <libmote/print.h>

int run(void)
{
    unsigned *words = MT_DATAPORT(buf, unsigned);
    unsigned n = MT_DATAPORT_SIZE(buf) / sizeof(unsigned);
    for (unsigned i = 0; i < n; i++)
        words[i] = i * 2654435761u;
    mt_printf("PASS: writer filled %u bytes at 0x%lx\n", n * 4, (mt_word_t)words);
    mt_emit(ready);
    return 0;
}

MT_COMPONENT();
