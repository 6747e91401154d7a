/* SPDX-License-Identifier: BSD-2-Clause */
/* Keeps server thread 0 busy while the client's slow calls wait on the
 * other threads (thread 0 once shared its RPC state with threads 16, 17). */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../who.h"

MT_RPC_CLIENT(p0, WHO_METHODS)

int run(void)
{
    int bad = 0;
    /* one call per turn: the yield lets a waiting slow call go on, so
     * calls here and slow calls there interleave */
    for (int i = 0; i < 2000; i++) {
        bad += p0_who() != 1;   /* thread 0, badge 1 */
        mt_yield();
    }
    mt_printf("%s: pinger: thread 0 answered 2000 calls%s\n", bad ? "FAIL" : "PASS",
              bad ? " wrongly" : "");
    return 0;
}

MT_COMPONENT();
