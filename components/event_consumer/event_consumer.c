/* SPDX-License-Identifier: BSD-2-Clause */
/* The go thread calls on_go per notification; a one-shot callback,
 * registered at start-up, must run exactly once. */
#include <libmote/component.h>
#include <libmote/print.h>

static int handled, callbacks;

static void once(void *arg)
{
    callbacks++;
    mt_printf("PASS: callback ran with its argument (%s)\n", (const char *)arg);
}

static void on_go(mt_word_t badge)
{
    handled++;
    if (handled == 2)
        mt_printf("%s: one-shot callback ran %d time(s)\n",
                  callbacks == 1 ? "PASS" : "FAIL", callbacks);
    mt_printf("%s: go %d received, badge 0x%lx\n", badge ? "PASS" : "FAIL",
              handled, badge);
    mt_emit(ack);
}

void post_init(void)
{
    mt_event_reg_callback(go, once, "go");
}

MT_COMPONENT(MT_CONSUMES(go, on_go));
