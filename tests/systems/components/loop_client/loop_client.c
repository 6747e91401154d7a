/* SPDX-License-Identifier: BSD-2-Clause */
/* Calls the crash_loop server's hold_wait again after every failure and
 * prints what each call got: while the server restarts, its saved caller
 * must get MT_REPLY_LOST (the restart deletes its reply cap), once the
 * supervisor stops it MT_RPC_STOPPED; a hang shows as missing lines. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../hold.h"

MT_RPC_CLIENT(hold, HOLD_METHODS)

int run(void)
{
    for (int i = 1;; i++) {
        hold_wait();
        mt_word_t st = mt_rpc_status();
        mt_printf("%s: call %d: %s\n", MT_INSTANCE_NAME, i, st == MT_REPLY_LOST ?
                  "reply lost" : st == MT_RPC_STOPPED ? "server stopped" : "answered");
        if (st != MT_REPLY_LOST)
            return 0;
    }
}

MT_COMPONENT();
