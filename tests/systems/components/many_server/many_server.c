/* SPDX-License-Identifier: BSD-2-Clause */
/* 18 interface threads: thread n serves p<n> (no control thread). */
#include <libmote/rpc.h>
#include "../who.h"

static long who(void)
{
    return (long)mt_thread_index() * 100 + (long)mt_rpc_badge();
}

/* The label is this thread's own state: other threads serving calls
 * meanwhile (the pinger keeps thread 0 busy) must not change it. */
static long slow(void)
{
    mt_rpc_set_reply_label(WHO_SLOW_LABEL);
    for (int i = 0; i < 20; i++)
        mt_yield();
    return who();
}

#define SERVE(n)                                                              \
    MT_RPC_SERVER(p##n, WHO_METHODS)                                          \
    long p##n##_who(void) { return who(); }                                   \
    long p##n##_slow(void) { return slow(); }

SERVE(0)
SERVE(1)
SERVE(2)
SERVE(3)
SERVE(4)
SERVE(5)
SERVE(6)
SERVE(7)
SERVE(8)
SERVE(9)
SERVE(10)
SERVE(11)
SERVE(12)
SERVE(13)
SERVE(14)
SERVE(15)
SERVE(16)
SERVE(17)

MT_COMPONENT(MT_PROVIDES(p0),
             MT_PROVIDES(p1),
             MT_PROVIDES(p2),
             MT_PROVIDES(p3),
             MT_PROVIDES(p4),
             MT_PROVIDES(p5),
             MT_PROVIDES(p6),
             MT_PROVIDES(p7),
             MT_PROVIDES(p8),
             MT_PROVIDES(p9),
             MT_PROVIDES(p10),
             MT_PROVIDES(p11),
             MT_PROVIDES(p12),
             MT_PROVIDES(p13),
             MT_PROVIDES(p14),
             MT_PROVIDES(p15),
             MT_PROVIDES(p16),
             MT_PROVIDES(p17));
