/* SPDX-License-Identifier: BSD-2-Clause */
/* Calc client: calls every method through the generated stubs. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../interfaces/calc.h"

/* rpc_basic (the IPC buffer) or rpc_shared (a page per client): the
 * assembly says which, through the generated header. */
MT_RPC_CLIENT(calc, CALC_METHODS)

static int failures;

static void check(const char *what, long got, long want)
{
    if (got != want)
        failures++;
    mt_printf("%s: %s %s: got %ld, want %ld\n", got == want ? "PASS" : "FAIL",
              MT_INSTANCE_NAME, what, got, want);
}

#ifndef MT_VADDR_calc
/* A hand-made add request one word short: the server must refuse it, not
 * take its second argument from whatever its MRs held before. */
static long short_request(void)
{
    mt_set_mr(0, 40);
    mt_word_t info = mt_call(MT_SLOT_calc, mt_msginfo(1, 0, 0, 1));
    return (long)mt_msginfo_label(info);
}
#endif

int run(void)
{
    struct calc_vec u = { 1, 2, 3 }, v = { 4, 5, 6 };
    check("add", calc_add(40, 2), 42);
    check("neg", calc_neg(7), -7);
    check("ping (badge)", calc_ping(), (long)MT_BADGE_calc);
    check("dot (struct args)", calc_dot(u, v), 32);
    struct calc_vec c = calc_cross(u, v);
    check("cross (struct result)", c.x * 100 + c.y * 10 + c.z, -3 * 100 + 6 * 10 - 3);
    check("status", (long)mt_rpc_status(), MT_RPC_OK);
#ifndef MT_VADDR_calc
    check("short request refused", short_request(), MT_RPC_BAD_LENGTH);
#endif
    mt_printf("%s: %s " MT_ATTR_kind " calls\n", failures ? "FAIL" : "PASS", MT_INSTANCE_NAME);
    return 0;
}

MT_COMPONENT();
