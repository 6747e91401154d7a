/* SPDX-License-Identifier: BSD-2-Clause */
/* Calls every interface thread of the server but p0 (the pinger's):
 * each must answer with its own thread index, and keep its own reply
 * label while others serve. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../who.h"

#define USE(n) MT_RPC_CLIENT(p##n, WHO_METHODS)
USE(1)
USE(2)
USE(3)
USE(4)
USE(5)
USE(6)
USE(7)
USE(8)
USE(9)
USE(10)
USE(11)
USE(12)
USE(13)
USE(14)
USE(15)
USE(16)
USE(17)

static long (*const who[])(void) = { 0, p1_who, p2_who, p3_who, p4_who, p5_who, p6_who, p7_who, p8_who, p9_who, p10_who, p11_who, p12_who, p13_who, p14_who, p15_who, p16_who, p17_who };
static long (*const slow[])(void) = { 0, p1_slow, p2_slow, p3_slow, p4_slow, p5_slow, p6_slow, p7_slow, p8_slow, p9_slow, p10_slow, p11_slow, p12_slow, p13_slow, p14_slow, p15_slow, p16_slow, p17_slow };
#define SERVERS ((int)(sizeof who / sizeof who[0]))

static int indices_ok(void)
{
    int bad = 0;
    for (int n = 1; n < SERVERS; n++) {
        long got = who[n]();
        if (got != n * 100 + 1) {
            mt_printf("FAIL: client: p%d answered %ld, want %d\n", n, got, n * 100 + 1);
            bad++;
        }
    }
    return !bad;
}

static int labels_ok(void)
{
    int bad = 0;
    /* the highest threads first, while the pinger still calls thread 0 */
    for (int round = 0; round < 10; round++)
        for (int n = SERVERS - 1; n > 0; n--) {
            slow[n]();
            if (mt_rpc_status() != WHO_SLOW_LABEL) {
                mt_printf("FAIL: client: p%d slow replied label %lu, want %d\n", n,
                          mt_rpc_status(), WHO_SLOW_LABEL);
                bad++;
            }
        }
    return !bad;
}

int run(void)
{
    if (indices_ok())
        mt_printf("PASS: client: %d server threads know their own index\n", SERVERS - 1);
    if (labels_ok())
        mt_printf("PASS: client: every server thread kept its own reply label\n");
    return 0;
}

MT_COMPONENT();
