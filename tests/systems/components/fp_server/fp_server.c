/* SPDX-License-Identifier: BSD-2-Clause */
/* Built rv64imafdc / lp64d (fpu = true): both threads use FP.  The
 * interface thread answers with double arithmetic; the control thread
 * sums a series twice, once yielding after every term so that the other
 * thread's FP work runs in between, and both sums must be equal. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../root.h"

static double __attribute__((noinline)) newton_sqrt(double x)
{
    double r = x > 1.0 ? x : 1.0;
    for (int i = 0; i < 60; i++)
        r = 0.5 * (r + x / r);
    return r;
}

MT_RPC_SERVER(calc, ROOT_METHODS)
long calc_root_milli(long x) { return (long)(newton_sqrt((double)x) * 1000.0 + 0.5); }

static double __attribute__((noinline)) series(int yield)
{
    double s = 0.0;
    for (int k = 1; k <= 200; k++) {
        s += 1.0 / ((double)k * (double)k + 0.5);
        if (yield)
            mt_yield();
    }
    return s;
}

int run(void)
{
    double alone = series(0), shared = series(1);
    if (alone == shared && alone > 1.0)
        mt_printf("PASS: server: FP state kept across %d switches (sum %ld/1e9)\n", 200,
                  (long)(shared * 1e9));
    else
        mt_printf("FAIL: server: the sum changed: %ld then %ld (/1e9)\n", (long)(alone * 1e9),
                  (long)(shared * 1e9));
    return 0;
}

MT_COMPONENT(MT_PROVIDES(calc));
