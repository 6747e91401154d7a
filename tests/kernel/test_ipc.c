/* SPDX-License-Identifier: BSD-2-Clause */
/* Endpoint IPC: Send/Recv, Call/Reply/ReplyRecv, NBSend, long messages,
 * badges, cap transfer, grant, FIFO order, deletion with waiters. */
#include "ktest.h"

#define MAXMR MT_MSG_MAX_LENGTH

static volatile mt_word_t got_label, got_len, got_mr[MAXMR], got_badge, got_done;

static void reset_got(void)
{
    got_label = got_len = got_badge = got_done = 0;
    for (int i = 0; i < MAXMR; i++)
        got_mr[i] = 0;
}

static void fill_mrs(int n, mt_word_t seed)
{
    for (int i = 0; i < n; i++)
        mt_set_mr(i, seed + (mt_word_t)i * 3);
}

/* Records the message just received (info) into got_*. */
static void record(mt_word_t info, mt_word_t badge)
{
    got_len = mt_msginfo_length(info);
    for (mt_word_t i = 0; i < got_len && i < MAXMR; i++)
        got_mr[i] = mt_get_mr((int)i);
    got_badge = badge;
    got_label = mt_msginfo_label(info);
    got_done = 1;
}

static int check_mrs(struct ctx *c, int n, mt_word_t seed, int from_buffer)
{
    for (int i = 0; i < n; i++)
        CHECK_EQ(from_buffer ? mt_get_mr(i) : got_mr[i], seed + (mt_word_t)i * 3);
    return 0;
}

static void child_send(mt_word_t ep)
{
    fill_mrs(4, 100);
    mt_send(ep, mt_msginfo(0x10, 0, 0, 4));
}

static void child_recv(mt_word_t ep)
{
    mt_word_t badge = 0, info = mt_recv(ep, &badge);
    record(info, badge);
}

static int t_send_recv(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    TRY(thread_spawn(c, &t, 0, LOW_PRIO, child_send, ep));
    TRY(expect_msg(c, ep, 0x10, 4, 0));
    return check_mrs(c, 4, 100, 1);
}

static int t_recv_then_send(struct ctx *c, mt_word_t nb)
{
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    reset_got();
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_recv, ep));
    fill_mrs(3, 7);
    if (nb)
        mt_nbsend(ep, mt_msginfo(0x11, 0, 0, 3));
    else
        mt_send(ep, mt_msginfo(0x11, 0, 0, 3));
    CHECK_EQ(got_label, 0x11);
    CHECK_EQ(got_len, 3);
    return check_mrs(c, 3, 7, 0);
}

static void child_call(mt_word_t ep)
{
    mt_set_mr(0, 5);
    mt_word_t info = mt_call(ep, mt_msginfo(0x20, 0, 0, 1));
    record(info, 0);
}

static int t_call_reply(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    reset_got();
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_call, ep));
    TRY(expect_msg(c, ep, 0x20, 1, 0));
    CHECK_EQ(mt_get_mr(0), 5);
    CHECK_EQ(got_done, 0);             /* the caller waits for the reply */
    mt_set_mr(0, 6);
    mt_reply(mt_msginfo(0x21, 0, 0, 1));
    CHECK_EQ(got_done, 1);             /* a higher-priority caller runs at once */
    CHECK_EQ(got_label, 0x21);
    CHECK_EQ(got_mr[0], 6);
    return 0;
}

/* A server doubling MR0 in a ReplyRecv loop. */
static void child_server(mt_word_t ep)
{
    mt_word_t badge = 0, info = mt_recv(ep, &badge);
    for (;;) {
        mt_set_mr(0, mt_get_mr(0) * 2 + badge);
        info = mt_reply_recv(ep, mt_msginfo(mt_msginfo_label(info) + 1, 0, 0, 1), &badge);
    }
}

static int t_reply_recv(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = 0, b = obj_minted(c, MT_OBJ_ENDPOINT, MT_RIGHTS_ALL, 1000, &ep);
    CHECK(b);
    TRY(thread_spawn(c, &t, 0, LOW_PRIO, child_server, ep));
    for (mt_word_t i = 1; i <= 3; i++) {
        mt_set_mr(0, i);
        mt_word_t info = mt_call(b, mt_msginfo(0x40 + i, 0, 0, 1));
        CHECK_EQ(mt_msginfo_label(info), 0x41 + i);
        CHECK_EQ(mt_msginfo_length(info), 1);
        CHECK_EQ(mt_get_mr(0), i * 2 + 1000);
    }
    return 0;
}

/* NBSend with nobody waiting: the message is dropped, the sender goes on. */
static int t_nbsend_no_receiver(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    reset_got();
    mt_nbsend(ep, mt_msginfo(0x31, 0, 0, 0));
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_recv, ep));
    CHECK_EQ(got_done, 0);
    mt_send(ep, mt_msginfo(0x32, 0, 0, 0));
    CHECK_EQ(got_label, 0x32);
    return 0;
}

static void child_send_long(mt_word_t ep)
{
    fill_mrs(MAXMR, 1);
    mt_send(ep, mt_msginfo(0x50, 0, 0, MAXMR));
}

static int t_long_message(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    TRY(thread_spawn(c, &t, 0, LOW_PRIO, child_send_long, ep));
    for (int i = 0; i < MAXMR; i++)
        mt_set_mr(i, 0);
    TRY(expect_msg(c, ep, 0x50, MAXMR, 0));
    return check_mrs(c, MAXMR, 1, 1);
}

/* Server that checks a long call and answers with a long reply. */
static void child_long_server(mt_word_t ep)
{
    mt_word_t info = mt_recv(ep, 0);
    record(info, 0);
    fill_mrs(MAXMR, 500);
    mt_reply(mt_msginfo(0x61, 0, 0, MAXMR));
}

static int t_long_call_reply(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    reset_got();
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_long_server, ep));
    fill_mrs(MAXMR, 9);
    mt_word_t info = mt_call(ep, mt_msginfo(0x60, 0, 0, MAXMR));
    CHECK_EQ(got_len, MAXMR);
    TRY(check_mrs(c, MAXMR, 9, 0));
    CHECK_EQ(mt_msginfo_label(info), 0x61);
    CHECK_EQ(mt_msginfo_length(info), MAXMR);
    return check_mrs(c, MAXMR, 500, 1);
}

static int t_length_clamped(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    reset_got();
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_recv, ep));
    fill_mrs(MAXMR, 3);
    mt_send(ep, mt_msginfo(0x12, 0, 0, 100));
    CHECK_EQ(got_label, 0x12);
    CHECK_EQ(got_len, MAXMR);
    return 0;
}

static volatile mt_word_t decoy_got;

static void child_recv_decoy(mt_word_t ep)
{
    mt_word_t badge = 0;
    mt_recv(ep, &badge);
    decoy_got = 1;
}

static void child_call_one(mt_word_t cptr)
{
    mt_set_mr(0, 7);
    mt_call(cptr, mt_msginfo(0x21, 0, 0, 1));
}

/* The fastpath keeps what it needs of a thread's CSpace in the TCB, from
 * when the CSpace was installed.  A caller moved to a new CSpace must have
 * its next Call resolved there: its cptr names `right` in the new CSpace
 * and `wrong` (with a receiver waiting, so the fastpath would take it) in
 * the old one. */
static int t_fastpath_new_cspace(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread caller, decoy;
    mt_cptr_t right = obj_new(c, MT_OBJ_ENDPOINT, 0), wrong = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t cn = obj_new(c, MT_OBJ_CNODE, MT_INIT_CNODE_BITS);
    CHECK(right && wrong && cn);
    CHECK_OK(mt_cnode_copy(cn, wrong, MT_INIT_CNODE_BITS, ROOT, right, ROOT_DEPTH, MT_RIGHTS_ALL));
    decoy_got = 0;
    TRY(thread_spawn(c, &decoy, 0, HIGH_PRIO, child_recv_decoy, wrong));
    TRY(thread_new(c, &caller, 0, 0, LOW_PRIO, 1));
    CHECK_OK(mt_tcb_set_space(caller.tcb, 0, cn, mt_cnode_guard(0, MT_WORD_BITS - MT_INIT_CNODE_BITS),
                              caller.vspace));
    TRY(thread_start(c, &caller, child_call_one, wrong));
    TRY(expect_msg(c, right, 0x21, 1, 0));
    CHECK_EQ(mt_get_mr(0), 7);
    CHECK_EQ(decoy_got, 0);
    return 0;
}

static const struct test ipc_group_tests[] = {
    { "ipc_send_recv", t_send_recv, 0 },
    { "ipc_fastpath_follows_new_cspace", t_fastpath_new_cspace, 0 },
    { "ipc_recv_then_send", t_recv_then_send, 0 },
    { "ipc_nbsend_with_receiver", t_recv_then_send, 1 },
    { "ipc_call_reply", t_call_reply, 0 },
    { "ipc_reply_recv_server", t_reply_recv, 0 },
    { "ipc_nbsend_no_receiver", t_nbsend_no_receiver, 0 },
    { "ipc_long_message_56_mrs", t_long_message, 0 },
    { "ipc_long_call_and_reply", t_long_call_reply, 0 },
    { "ipc_length_clamped", t_length_clamped, 0 },
};
GROUP(ipc_group);
