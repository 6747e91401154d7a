/* SPDX-License-Identifier: BSD-2-Clause */
/* Notifications: Signal, Wait, Poll, badge OR-ing, binding to a TCB,
 * rights. */
#include "ktest.h"

static volatile mt_word_t got_badge, got_done, got_label;

static void child_wait(mt_word_t ntfn)
{
    got_badge = mt_wait(ntfn);
    got_done++;
}

static int t_signal_wait(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t n = 0, b = obj_minted(c, MT_OBJ_NOTIFICATION, MT_RIGHTS_ALL, 1, &n);
    CHECK(b);
    mt_signal(b);
    CHECK_EQ(mt_wait(n), 1);
    return 0;
}

static int t_poll(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t n = 0, b = obj_minted(c, MT_OBJ_NOTIFICATION, MT_RIGHTS_ALL, 2, &n);
    CHECK(b);
    CHECK_EQ(mt_poll(n), 0);
    mt_signal(b);
    CHECK_EQ(mt_poll(n), 2);
    CHECK_EQ(mt_poll(n), 0);
    return 0;
}

static int t_badge_or(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(n);
    for (mt_word_t bit = 1; bit <= 4; bit <<= 1) {
        mt_cptr_t b = cap_mint(c, n, MT_RIGHTS_ALL, bit);
        CHECK(b);
        mt_signal(b);
        mt_signal(b);
    }
    CHECK_EQ(mt_wait(n), 7);
    CHECK_EQ(mt_poll(n), 0);
    return 0;
}

static int t_wait_blocks(struct ctx *c, mt_word_t badge)
{
    struct thread t;
    mt_cptr_t n = 0, b = obj_minted(c, MT_OBJ_NOTIFICATION, MT_RIGHTS_ALL, badge, &n);
    CHECK(b);
    got_done = 0;
    got_badge = 99;
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_wait, n));
    CHECK_EQ(got_done, 0);
    mt_signal(b);
    CHECK_EQ(got_done, 1);
    CHECK_EQ(got_badge, badge);
    return 0;
}

static int t_two_waiters(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t1, t2;
    mt_cptr_t n = 0, b = obj_minted(c, MT_OBJ_NOTIFICATION, MT_RIGHTS_ALL, 4, &n);
    CHECK(b);
    got_done = 0;
    TRY(thread_spawn(c, &t1, 0, HIGH_PRIO, child_wait, n));
    TRY(thread_spawn(c, &t2, 0, HIGH_PRIO, child_wait, n));
    mt_signal(b);
    CHECK_EQ(got_done, 1);
    mt_signal(b);
    CHECK_EQ(got_done, 2);
    return 0;
}

static void child_recv_bound(mt_word_t ep)
{
    mt_word_t badge = 0;
    got_label = mt_msginfo_label(mt_recv(ep, &badge));
    got_badge = badge;
    got_done++;
}

/* A thread bound to a notification and blocked in Recv on an endpoint is
 * woken by a signal (badge = the notification word) or by a message. */
static int t_bound(struct ctx *c, mt_word_t mode)
{
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t n = 0, b = obj_minted(c, MT_OBJ_NOTIFICATION, MT_RIGHTS_ALL, 0x10, &n);
    CHECK(ep && b);
    got_done = 0;
    got_badge = 0;
    TRY(thread_new(c, &t, 0, 0, HIGH_PRIO, 2));
    CHECK_OK(mt_tcb_bind_notification(t.tcb, n));
    if (mode == 2)
        mt_signal(b);                     /* pending before the Recv */
    TRY(thread_start(c, &t, child_recv_bound, ep));
    if (mode == 0)
        mt_signal(b);
    if (mode == 1)
        mt_send(ep, mt_msginfo(0x44, 0, 0, 0));
    CHECK_EQ(got_done, 1);
    CHECK_EQ(got_badge, mode == 1 ? 0 : 0x10);
    if (mode == 1)
        CHECK_EQ(got_label, 0x44);
    return 0;
}

static int t_signal_without_write(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t n = 0, ro = obj_minted(c, MT_OBJ_NOTIFICATION, MT_RIGHT_READ, 8, &n);
    CHECK(ro);
    mt_signal(ro);
    CHECK_EQ(mt_poll(n), 0);
    return 0;
}

/* Waiting needs the read right: without it the waiter takes a cap fault. */
static int t_wait_without_read(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t n = 0, wo = obj_minted(c, MT_OBJ_NOTIFICATION, MT_RIGHT_WRITE, 8, &n);
    CHECK(ep && wo);
    TRY(thread_spawn(c, &t, ep, HIGH_PRIO, child_wait, wo));
    TRY(expect_msg(c, ep, MT_FAULT_CAP, MT_FAULT_CAP_LENGTH, 0));
    CHECK_EQ(mt_get_mr(1), wo);
    CHECK_EQ(mt_get_mr(2), 1);
    return 0;
}

static const struct test ntfn_group_tests[] = {
    { "ntfn_signal_then_wait", t_signal_wait, 0 },
    { "ntfn_poll", t_poll, 0 },
    { "ntfn_badge_or", t_badge_or, 0 },
    { "ntfn_wait_blocks_until_signal", t_wait_blocks, 0x8 },
    { "ntfn_unbadged_signal_wakes", t_wait_blocks, 0 },
    { "ntfn_two_waiters_one_each", t_two_waiters, 0 },
    { "ntfn_bound_signal_wakes_recv", t_bound, 0 },
    { "ntfn_bound_thread_gets_messages", t_bound, 1 },
    { "ntfn_bound_pending_signal", t_bound, 2 },
    { "ntfn_signal_needs_write", t_signal_without_write, 0 },
    { "ntfn_wait_needs_read", t_wait_without_read, 0 },
};
GROUP(ntfn_group);
