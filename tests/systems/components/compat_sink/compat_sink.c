/* SPDX-License-Identifier: BSD-2-Clause */
/* Waits for the emitter's one tick on its own notification, then reads
 * the words the emitter wrote into both 2 MiB frames of the dataport. */
#include <stdint.h>
#include <libmote/component.h>
#include <libmote/print.h>

int run(void)
{
    mt_word_t badge = mt_event_wait(tick);
    volatile uint64_t *big = MT_DATAPORT(big, volatile uint64_t);
    uint64_t first = big[0], last = big[MT_DATAPORT_SIZE(big) / sizeof *big - 1];
    int ok = badge && first == 0x5eed0001u && last == 0x5eed0002u;
    mt_printf("%s: %s woken by the one emit (badge 0x%lx), shared words 0x%lx 0x%lx\n",
              ok ? "PASS" : "FAIL", MT_INSTANCE_NAME, badge, (unsigned long)first,
              (unsigned long)last);
    return 0;
}

MT_COMPONENT();
