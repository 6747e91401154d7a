/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Hold of the restartloop test (tests/systems/restartloop.camkes):
 * wait is never answered by the server (it saves the caller with
 * mt_rpc_defer and faults), so the caller sees what a restart or a stop
 * does to a saved caller: MT_REPLY_LOST, then MT_RPC_STOPPED. */
#ifndef TEST_HOLD_H
#define TEST_HOLD_H

#define HOLD_METHODS(M, i)                                   \
    M(i, wait, 1, int)

#endif
