/* SPDX-License-Identifier: BSD-2-Clause */
/* The root-task test programs (tests/kernel, tests/apps) carve the
 * memory of each test or run from one big untyped of the boot info. */
#ifndef TESTS_LIB_UNTYPED_H
#define TESTS_LIB_UNTYPED_H

#include <mote/bootinfo.h>

/* The largest untyped that is neither device memory nor the root task's
 * (no flag at all), if it is larger than 2^bits bytes; else 0. */
static inline mt_cptr_t largest_untyped(const struct mt_bootinfo *bi, int bits)
{
    mt_cptr_t best = 0;
    int best_bits = 0;
    for (mt_word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const struct mt_untyped_desc *d = &bi->untyped_list[i];
        if (!d->flags && d->size_bits > best_bits) {
            best = bi->untyped.start + i;
            best_bits = d->size_bits;
        }
    }
    return best_bits > bits ? best : 0;
}

#endif
