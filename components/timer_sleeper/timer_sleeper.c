/* SPDX-License-Identifier: BSD-2-Clause */
/* One sleep of 300 ms, which must last at least that long.  With a higher
 * priority than the other clients it calls first: a timer service that
 * answered sleeps one at a time would hold theirs up until it ends. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../interfaces/timer.h"

MT_RPC_CLIENT(timer, TIMER_METHODS)

#define LONG_NS 300000000ul

int run(void)
{
    unsigned long before = timer_time(), after = timer_sleep(LONG_NS);
    unsigned long took = after - before;
    mt_printf("%s: long sleep took %lu us (asked %lu)\n", took >= LONG_NS ? "PASS" : "FAIL",
              took / 1000, LONG_NS / 1000);
    return 0;
}

MT_COMPONENT();
