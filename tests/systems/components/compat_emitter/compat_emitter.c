/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes the first and last words of the 4 MiB shared dataport (one in
 * each 2 MiB frame), then one emit: seL4Notification wakes every
 * consumer of it. */
#include <stdint.h>
#include <libmote/component.h>
#include <libmote/print.h>

int run(void)
{
    volatile uint64_t *big = MT_DATAPORT(big, volatile uint64_t);
    big[0] = 0x5eed0001u;
    big[MT_DATAPORT_SIZE(big) / sizeof *big - 1] = 0x5eed0002u;
    mt_emit(tick);
    return 0;
}

MT_COMPONENT();
