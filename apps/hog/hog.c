/* SPDX-License-Identifier: BSD-2-Clause */
/* hog: asks for heap pages, 4 at a time, past its quota; touches every
 * page it gets and reports the refusal.  Exit code 0 only if the refusal
 * is the quota's (MT_NOT_ENOUGH_MEMORY) and the pages it got were real. */
#include <sdk.h>

#define STEP 4

int main(void)
{
    unsigned pages = 0;
    int e;
    for (;;) {
        void *at;
        e = sdk_heap_pages(STEP, &at);
        if (e)
            break;
        for (unsigned i = 0; i < STEP * MT_PAGE_SIZE; i += MT_PAGE_SIZE)
            ((volatile uint8_t *)at)[i] = 1;   /* a fault here: not really mapped */
        pages += STEP;
    }
    sdk_printf("hog: got %u pages, then refused: %s (%lu bytes of quota left)\n", pages,
               sdk_strerror(e), (unsigned long)sdk_error_detail(0));
    return e != MT_NOT_ENOUGH_MEMORY;
}
