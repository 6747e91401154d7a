/* SPDX-License-Identifier: BSD-2-Clause */
/* Waits for the writer, then checks every word of the shared buffer. */
#include <libmote/component.h>
#include <libmote/print.h>

int run(void)
{
    mt_event_wait(ready);
    const volatile unsigned *words = MT_DATAPORT(buf, const volatile unsigned);
    unsigned n = MT_DATAPORT_SIZE(buf) / sizeof(unsigned), bad = 0;
    for (unsigned i = 0; i < n; i++)
        if (words[i] != i * 2654435761u)
            bad++;
    mt_printf("%s: reader saw %u of %u words as written (at 0x%lx)\n",
              bad ? "FAIL" : "PASS", n - bad, n, (mt_word_t)words);
    return 0;
}

MT_COMPONENT();
