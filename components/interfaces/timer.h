/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Timer (rpc_basic or rpc_signal): time since boot and
 * sleeping, in ns.  alarm: over rpc_signal, the service signals the
 * caller's notification once, ns from now (one alarm per client, a new
 * one replaces it; 0 cancels it) and returns 0 at once, so a client that
 * binds that notification to its serving thread needs no thread to sleep
 * on; -1 over rpc_basic (no notification to signal). */
#ifndef IFACE_TIMER_H
#define IFACE_TIMER_H

#define TIMER_METHODS(M, i)                                  \
    M(i, time, 1, unsigned long)                             \
    M(i, sleep, 2, unsigned long, (unsigned long, ns))      \
    M(i, alarm, 3, long, (unsigned long, ns))

#endif
