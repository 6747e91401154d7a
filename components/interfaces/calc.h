/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Calc: the rpc examples' interface (see <libmote/rpc.h>). */
#ifndef IFACE_CALC_H
#define IFACE_CALC_H

struct calc_vec { long x, y, z; };

#define CALC_METHODS(M, i)                                   \
    M(i, add, 1, long, (long, a), (long, b))                 \
    M(i, neg, 2, long, (long, x))                            \
    M(i, ping, 3, int)                                       \
    M(i, dot, 4, long, (struct calc_vec, u), (struct calc_vec, v)) \
    M(i, cross, 5, struct calc_vec, (struct calc_vec, u), (struct calc_vec, v))

#endif
