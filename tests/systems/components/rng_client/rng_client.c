/* SPDX-License-Identifier: BSD-2-Clause */
/* READS calls of rng_read, alternating the two devices: each must be
 * answered (no hang) with RNG_BYTES bytes, and a device's interrupt count
 * must grow from one of our calls to the next (each answer took an
 * interrupt of its own).  RNG_BUSY (more callers waiting than the driver
 * has slots for) is tried again and counted. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../../../../components/interfaces/rng.h"

MT_RPC_CLIENT(rng, RNG_METHODS)

#define READS 40

/* Whether one answer is right; prints why not. */
static int check(unsigned dev, const struct rng_reply *r, unsigned long *last)
{
    if (mt_rpc_status() != MT_RPC_OK || r->status != RNG_OK || r->len != RNG_BYTES) {
        mt_printf("FAIL: %s: dev %u: call status %lu, status %d, %u bytes\n", MT_INSTANCE_NAME,
                  dev, (unsigned long)mt_rpc_status(), r->status, r->len);
        return 0;
    }
    if (r->irqs <= last[dev]) {
        mt_printf("FAIL: %s: dev %u: interrupts %lu after %lu\n", MT_INSTANCE_NAME, dev,
                  r->irqs, last[dev]);
        return 0;
    }
    last[dev] = r->irqs;
    return 1;
}

int run(void)
{
    unsigned long last[2] = { 0, 0 };
    unsigned busy = 0;
    for (unsigned i = 0; i < READS; i++) {
        unsigned dev = i & 1;
        struct rng_reply r = rng_read(dev);
        if (mt_rpc_status() == MT_RPC_OK && r.status == RNG_BUSY) {
            busy++;
            i--;
            continue;
        }
        if (!check(dev, &r, last))
            return 1;
    }
    mt_printf("PASS: %s: %u reads answered, interrupt counts growing (%u busy)\n",
              MT_INSTANCE_NAME, READS, busy);
    return 0;
}

MT_COMPONENT();
