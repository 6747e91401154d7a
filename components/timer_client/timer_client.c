/* SPDX-License-Identifier: BSD-2-Clause */
/* Three sleeps of 20 ms: each must last at least that long. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../interfaces/timer.h"

MT_RPC_CLIENT(timer, TIMER_METHODS)

#define SLEEP_NS 20000000ul

int run(void)
{
    unsigned long t0 = timer_time();
    mt_printf("%s: timer time %lu ns\n", t0 ? "PASS" : "FAIL", t0);
    for (int i = 1; i <= 3; i++) {
        unsigned long before = timer_time(), after = timer_sleep(SLEEP_NS);
        unsigned long took = after - before;
        mt_printf("%s: sleep %d took %lu us (asked %lu)\n",
                  took >= SLEEP_NS ? "PASS" : "FAIL", i, took / 1000, SLEEP_NS / 1000);
    }
    return 0;
}

MT_COMPONENT();
