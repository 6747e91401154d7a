/* SPDX-License-Identifier: BSD-2-Clause */
/* Integer only (no fpu attribute: built lp64, no FPU object): asks the
 * server for square roots and checks them with integer arithmetic. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../root.h"

MT_RPC_CLIENT(calc, ROOT_METHODS)

static long isqrt(long v)
{
    long r = 0;
    while ((r + 1) * (r + 1) <= v)
        r++;
    return r;
}

int run(void)
{
    static const long xs[] = { 2, 3, 10, 99, 1000, 12345 };
    int bad = 0;
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        long got = calc_root_milli(xs[i]), want = isqrt(xs[i] * 1000000);
        if (got < want || got > want + 1) {
            mt_printf("FAIL: client: root_milli(%ld) = %ld, want %ld\n", xs[i], got, want);
            bad++;
        }
        mt_yield();
    }
    if (!bad)
        mt_printf("PASS: client: %d square roots from the FP server\n",
                  (int)(sizeof xs / sizeof xs[0]));
    return 0;
}

MT_COMPONENT();
