/* SPDX-License-Identifier: BSD-2-Clause */
/* Calc server: the implementations; the dispatch comes from the table. */
#include <libmote/rpc.h>
#include "../interfaces/calc.h"

MT_RPC_SERVER(calc, CALC_METHODS)

long calc_add(long a, long b) { return a + b; }
long calc_neg(long x) { return -x; }
int calc_ping(void) { return (int)mt_rpc_badge(); }
long calc_dot(struct calc_vec u, struct calc_vec v) { return u.x * v.x + u.y * v.y + u.z * v.z; }

struct calc_vec calc_cross(struct calc_vec u, struct calc_vec v)
{
    return (struct calc_vec){ u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z,
                              u.x * v.y - u.y * v.x };
}

MT_COMPONENT(MT_PROVIDES(calc));
