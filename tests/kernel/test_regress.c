/* SPDX-License-Identifier: BSD-2-Clause */
/* Regressions: short reproductions of kernel bugs, each a few invocations.
 * See /tmp/mote-kernel-bugs.txt (the fuzzer's report) for the analysis. */
#include "ktest.h"

#define CHAIN MT_IRQ_MAX   /* one CNode and one IRQ handler per IRQ 1..63 */

static void send_and_stop(mt_word_t ep)
{
    mt_set_mr(0, 0x600d);
    mt_send(ep, mt_msginfo(5, 0, 0, 1));
}

/* The kernel still builds and switches to a new VSpace: its kernel window
 * is copied from the boot page table, which lies just below the kernel
 * stack. */
static int new_vspace_runs(struct ctx *c)
{
    struct thread t;
    mt_cptr_t vs = vspace_new(c), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(vs && ep);
    TRY(thread_new(c, &t, vs, 0, HIGH_PRIO, 2));
    TRY(thread_start(c, &t, send_and_stop, ep));
    TRY(expect_msg(c, ep, 5, 1, 0));
    CHECK_EQ(mt_get_mr(0), 0x600d);
    return 0;
}

/* Deleting a chain of CNodes C1 -> C2 -> ... where Ck holds the last cap
 * of C(k+1) (slot 1) and an IRQ handler (slot 2).  Destroying a handler
 * calls cte_delete() on its notification slot, and that cte_delete() runs
 * empty_dead_objects() on the dead list the outer deletion is working
 * through: the next CNode is emptied one level deeper on the kernel stack,
 * once per handler.  63 levels exceed the 8 KiB kernel stack. */
static int t_irq_chain_delete(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t node[CHAIN + 1];
    for (int k = 1; k <= CHAIN; k++) {
        CHECK((node[k] = obj_new(c, MT_OBJ_CNODE, 2)));
        CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, (mt_word_t)k, node[k], 2, 2));
    }
    for (int k = CHAIN - 1; k >= 1; k--)
        CHECK_OK(mt_cnode_move(node[k], 1, 2, ROOT, node[k + 1], ROOT_DEPTH));
    CHECK_OK(mt_cnode_delete(ROOT, node[1], ROOT_DEPTH));
    for (int k = 1; k <= CHAIN; k++)   /* every handler is gone */
        CHECK_EQ(mt_irq_control_get(MT_INIT_IRQ_CONTROL, (mt_word_t)k, ROOT, node[k],
                                    ROOT_DEPTH), MT_OK);
    return new_vspace_runs(c);
}

/* Debug PutS reads the caller's memory through the kernel window.  A
 * device frame in a hole of the physical map (nothing answers there) makes
 * that read an access fault taken in the kernel. */
static int t_puts_unbacked_device_frame(struct ctx *c, mt_word_t arg)
{
    mt_cptr_t f = device_frame(c, arg);
    mt_word_t va = vaddr_alloc(c, 1);
    CHECK(f);
    CHECK_OK(map_frame(c, VS, f, va, MT_VM_READ));
    mt_word_t n = mt_debug_puts((const char *)va, 1);
    CHECK_EQ(n, 0);   /* not RAM: nothing is read */
    return 0;
}

#define SENT 0x5e5e000000000000ul
#define SECRET 0xc0ffee0000000000ul

static volatile mt_word_t srv_regs[4], srv_info, srv_done;

/* Receives with its own values in a2..a5 and records what it sees. */
static void server_records(mt_word_t ep)
{
    struct mt_regs6 r = { ep, 0, SENT + 1, SENT + 2, SENT + 3, SENT + 4 };
    mt_trap(MT_SYS_RECV, &r);
    srv_info = r.a1;
    srv_regs[0] = r.a2; srv_regs[1] = r.a3; srv_regs[2] = r.a4; srv_regs[3] = r.a5;
    srv_done = 1;
    struct mt_regs6 q = { 0, mt_msginfo(0, 0, 0, 0), 0, 0, 0, 0 };
    mt_trap(MT_SYS_REPLY, &q);
}

/* A message of n MRs carries n registers, on the fastpath as on the slow
 * one: a Call of length 0 must not hand the caller's a2..a5 across. */
static int t_fastpath_call_sends_only_its_mrs(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    srv_done = 0;
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, server_records, ep));
    struct mt_regs6 r = { ep, mt_msginfo(7, 0, 0, 0), SECRET + 1, SECRET + 2, SECRET + 3, SECRET + 4 };
    mt_trap(MT_SYS_CALL, &r);
    CHECK_EQ(srv_done, 1);
    CHECK_EQ(mt_msginfo_length(srv_info), 0);
    for (int i = 0; i < 4; i++)
        CHECK_EQ(srv_regs[i], SENT + 1 + (mt_word_t)i);
    return 0;
}

static void server_replies_empty(mt_word_t ep)
{
    struct mt_regs6 r = { ep, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_RECV, &r);
    for (;;) {
        struct mt_regs6 q = { ep, mt_msginfo(9, 0, 0, 0), SECRET + 11, SECRET + 12,
                              SECRET + 13, SECRET + 14 };
        mt_trap(MT_SYS_REPLY_RECV, &q);
    }
}

/* The same for a reply of length 0 by fastpath ReplyRecv. */
static int t_fastpath_reply_sends_only_its_mrs(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    TRY(thread_spawn(c, &t, 0, LOW_PRIO, server_replies_empty, ep));
    for (int i = 0; i < 2; i++) {   /* the second reply takes the fastpath */
        struct mt_regs6 r = { ep, mt_msginfo(7, 0, 0, 0), SENT + 1, SENT + 2, SENT + 3, SENT + 4 };
        mt_trap(MT_SYS_CALL, &r);
        CHECK_EQ(mt_msginfo_label(r.a1), 9);
        CHECK_EQ(mt_msginfo_length(r.a1), 0);
        CHECK_EQ(r.a2, SENT + 1);
        CHECK_EQ(r.a5, SENT + 4);
    }
    return 0;
}

static void child_send_badged(mt_word_t cap)
{
    mt_send(cap, mt_msginfo(1, 0, 0, 0));
}

/* CancelBadgedSends reorders other threads' sends: it needs all rights. */
static int t_cancel_badged_needs_rights(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread a, b;
    mt_cptr_t ep = 0, b5 = obj_minted(c, MT_OBJ_ENDPOINT, MT_RIGHTS_ALL, 5, &ep);
    CHECK(b5);
    mt_cptr_t b6 = cap_mint(c, ep, MT_RIGHTS_ALL, 6);
    CHECK(b6);
    TRY(thread_spawn(c, &a, 0, HIGH_PRIO, child_send_badged, b5));
    TRY(thread_spawn(c, &b, 0, HIGH_PRIO, child_send_badged, b6));
    mt_cptr_t weak = cap_mint(c, b5, MT_RIGHT_READ, 0);   /* badge 5, read only */
    CHECK(weak);
    CHECK_ERR(mt_cnode_cancel_badged_sends(ROOT, weak, ROOT_DEPTH), MT_ILLEGAL_OPERATION);
    mt_word_t badge = 0;
    mt_recv(ep, &badge);
    CHECK_EQ(badge, 5);   /* the queue kept its order */
    return 0;
}

static const struct test regress_group_tests[] = {
    { "regress_fastpath_call_sends_only_its_mrs", t_fastpath_call_sends_only_its_mrs, 0 },
    { "regress_fastpath_reply_sends_only_its_mrs", t_fastpath_reply_sends_only_its_mrs, 0 },
    { "regress_cancel_badged_sends_needs_all_rights", t_cancel_badged_needs_rights, 0 },
    { "regress_puts_unbacked_device_frame", t_puts_unbacked_device_frame, 0x200000 },
    { "regress_irq_handler_cnode_chain_delete", t_irq_chain_delete, 0 },
};

GROUP(regress_group);
