/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Timer (rpc_basic): time since boot and sleeping, in ns. */
#ifndef IFACE_TIMER_H
#define IFACE_TIMER_H

#define TIMER_METHODS(M, i)                                  \
    M(i, time, 1, unsigned long)                             \
    M(i, sleep, 2, unsigned long, (unsigned long, ns))

#endif
