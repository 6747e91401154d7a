/* SPDX-License-Identifier: BSD-2-Clause */
/* Preemption benchmark, the part of its workload whose length is that of
 * a kernel list a user builds (bench_preempt.c runs it after the rest):
 *   CancelBadgedSends on a queue of 2,048 senders;
 *   Revoke of a VSpace's untyped while 2,048 threads run in it (their
 *   own caps to it revoked with it);
 *   Delete of an ASID pool with 8 VSpaces of 256 threads each;
 *   Delete of an IRQ handler holding the last cap of a notification
 *   2,048 threads wait on;
 *   Delete of a chain of 4,096 CNodes, each holding the last cap of the
 *   next in its slot 0, with a TCB every 512th link (its CSpace slot
 *   holds the next) and at its end an endpoint 2,048 threads wait on. */
#include "ktest.h"

#define THREADS 2048
#define PARK_PRIO 110           /* above the workload's: they block at once */
#define CHAIN 4096
#define CHAIN_TCB_EVERY 512
#define WINDOW 256              /* root slots the chain is built through */
#define POOL_VSPACES 8
#define OTHER_IRQ 40            /* a PLIC source nothing raises */

static struct {
    struct ctx *c;
    mt_cptr_t big, tcbs, tut, fep;
} b;

/* THREADS new TCBs (from b.tut, into b.tcbs..) in vs; sender i sends i
 * with caps[i % 3] (then parks on park), a waiter waits on caps[0];
 * started: they block at once.  Not started: just configured. */
static int make_threads(mt_cptr_t vs, const mt_cptr_t caps[3], mt_cptr_t park, int start)
{
    for (mt_word_t i = 0; i < THREADS; i += 256)
        if (mt_untyped_retype(b.tut, MT_OBJ_TCB, 0, ROOT, 0, 0, b.tcbs + i, 256))
            return -1;
    for (mt_word_t i = 0; i < THREADS; i++) {
        mt_word_t regs[MT_REG_A0 + 4] = { 0 };
        mt_cptr_t t = b.tcbs + i;
        regs[MT_REG_PC] = (mt_word_t)(park ? asm_send_park : asm_spin_marked);
        regs[MT_REG_A0] = caps[park ? i % 3 : 0];
        regs[MT_REG_A0 + 1] = park ? mt_msginfo(0, 0, 0, 1) : 0;
        regs[MT_REG_A0 + 2] = i;
        regs[MT_REG_A0 + 3] = park;
        if (mt_tcb_configure(t, b.fep, ROOT, 0, vs, 0, 0) ||
            mt_tcb_set_priority(t, b.c->self, PARK_PRIO) ||
            mt_tcb_write_registers(t, (mt_word_t)start, MT_REG_A0 + 4, regs))
            return -1;
    }
    return 0;
}

static int threads_go(void) { return mt_cnode_revoke(ROOT, b.tut, ROOT_DEPTH) ? -1 : 0; }

static int cancel_badged(void)
{
    mt_cptr_t ep = obj_new(b.c, MT_OBJ_ENDPOINT, 0), park = obj_new(b.c, MT_OBJ_NOTIFICATION, 0);
    mt_cptr_t caps[3];
    for (int i = 0; i < 3; i++)
        caps[i] = ep ? cap_mint(b.c, ep, MT_RIGHTS_ALL, (mt_word_t)i + 1) : 0;
    if (!park || !caps[0] || !caps[1] || !caps[2] || make_threads(VS, caps, park, 1) ||
        mt_cnode_cancel_badged_sends(ROOT, caps[1], ROOT_DEPTH))
        return -1;
    return threads_go();
}

static int vspace_threads(void)
{
    mt_cptr_t ut = obj_new_from(b.c, b.big, MT_OBJ_UNTYPED, MT_VSPACE_SIZE_BITS);
    mt_cptr_t vs = ut ? obj_new_from(b.c, ut, MT_OBJ_VSPACE, 0) : 0;
    mt_cptr_t none[3] = { 0, 0, 0 };
    if (!vs || mt_asid_pool_assign(MT_INIT_ASID_POOL, vs) || make_threads(vs, none, 0, 0) ||
        mt_cnode_revoke(ROOT, ut, ROOT_DEPTH))
        return -1;
    return threads_go();
}

static int pool_threads(void)
{
    mt_cptr_t ut = obj_new_from(b.c, b.big, MT_OBJ_UNTYPED, MT_ASID_POOL_SIZE_BITS);
    mt_cptr_t pool = slot_alloc(b.c), vs[POOL_VSPACES], none[3] = { 0, 0, 0 };
    if (!ut || !pool || mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, ut, ROOT, pool, ROOT_DEPTH))
        return -1;
    for (int i = 0; i < POOL_VSPACES; i++)
        if (!(vs[i] = vspace_assigned(b.c, pool)))
            return -1;
    if (make_threads(vs[0], none, 0, 0))
        return -1;
    for (mt_word_t i = 0; i < THREADS; i++)   /* spread over the pool's VSpaces */
        if (mt_tcb_set_space(b.tcbs + i, b.fep, ROOT, 0, vs[i % POOL_VSPACES]))
            return -1;
    if (mt_cnode_delete(ROOT, pool, ROOT_DEPTH))
        return -1;
    return threads_go();
}

static int irq_waiters(void)
{
    mt_cptr_t n = obj_new(b.c, MT_OBJ_NOTIFICATION, 0), h = slot_alloc(b.c);
    mt_cptr_t caps[3] = { n, 0, 0 };
    if (!n || !h || make_threads(VS, caps, 0, 1) ||
        mt_irq_control_get(MT_INIT_IRQ_CONTROL, OTHER_IRQ, ROOT, h, ROOT_DEPTH) ||
        mt_irq_handler_set_notification(h, n) || mt_cnode_delete(ROOT, n, ROOT_DEPTH) ||
        mt_cnode_delete(ROOT, h, ROOT_DEPTH))
        return -1;
    return threads_go();
}

/* The chain, built through WINDOW root slots: each new CNode takes the
 * chain so far (in *head) into its slot 0 and becomes its head. */
static int chain_link(mt_cptr_t cn, mt_cptr_t *head)
{
    if (mt_cnode_move(cn, 0, 1, ROOT, *head, ROOT_DEPTH))
        return -1;
    *head = cn;
    return 0;
}

static int tcb_link(mt_cptr_t ut, mt_cptr_t *head)
{
    mt_cptr_t t = obj_new_from(b.c, ut, MT_OBJ_TCB, 0);
    if (!t || mt_tcb_set_space(t, 0, *head, 0, VS) || mt_cnode_delete(ROOT, *head, ROOT_DEPTH))
        return -1;
    *head = t;
    return 0;
}

static int chain(void)
{
    mt_cptr_t ut = obj_new_from(b.c, b.big, MT_OBJ_UNTYPED, 19), win = slot_alloc_n(b.c, WINDOW);
    mt_cptr_t ep = obj_new(b.c, MT_OBJ_ENDPOINT, 0), keep = slot_alloc(b.c), head = keep;
    mt_cptr_t caps[3] = { ep, 0, 0 };
    if (!ut || !win || !ep || !keep || make_threads(VS, caps, 0, 1) ||
        mt_cnode_move(ROOT, keep, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH))
        return -1;
    for (int done = 0; done < CHAIN; done += WINDOW) {
        if (mt_untyped_retype(ut, MT_OBJ_CNODE, 1, ROOT, 0, 0, win, WINDOW))
            return -1;
        for (int i = 0; i < WINDOW; i++)
            if (chain_link(win + (mt_word_t)i, &head) ||
                ((done + i) % CHAIN_TCB_EVERY == 0 && tcb_link(ut, &head)))
                return -1;
        if (mt_cnode_move(ROOT, keep, ROOT_DEPTH, ROOT, head, ROOT_DEPTH))
            return -1;
        head = keep;
    }
    if (mt_cnode_delete(ROOT, keep, ROOT_DEPTH))
        return -1;
    return threads_go();
}

int lists_workload(struct ctx *c, mt_cptr_t big)
{
    b.c = c;
    b.big = big;
    b.tcbs = slot_alloc_n(c, THREADS);
    b.tut = obj_new_from(c, big, MT_OBJ_UNTYPED, MT_TCB_SIZE_BITS + 11);
    b.fep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    if (!b.tcbs || !b.tut || !b.fep)
        return -10;
    int (*const steps[])(void) = { cancel_badged, vspace_threads, pool_threads, irq_waiters, chain };
    for (unsigned i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        mt_word_t t0 = rdinstret();
        if (steps[i]())
            return -11 - (int)i;
        mt_printf("# lists step %u: %lu instructions\n", i, rdinstret() - t0);
    }
    return 0;
}
