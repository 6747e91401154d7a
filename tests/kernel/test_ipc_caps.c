/* SPDX-License-Identifier: BSD-2-Clause */
/* Endpoint IPC, second part: cap transfer and grant, FIFO order of
 * senders, rights on endpoint caps, deleting an endpoint with waiters. */
#include "ktest.h"

struct xfer {
    mt_cptr_t ep;       /* send through this */
    mt_cptr_t cap;      /* and transfer this */
};

static void child_send_cap(mt_word_t arg)
{
    const struct xfer *x = (const struct xfer *)arg;
    mt_set_cap(0, x->cap);
    mt_set_mr(0, 0xabc);
    mt_send(x->ep, mt_msginfo(0x70, 0, 1, 1));
}

static void set_receive_slot(mt_cptr_t cnode, mt_cptr_t index)
{
    struct mt_ipc_buffer *b = mt_ipcbuf();
    b->receive_cnode = cnode;
    b->receive_index = index;
    b->receive_depth = ROOT_DEPTH;
}

/* A low-priority child sends cap through send_ep (a cap to ep); we receive
 * on ep into rslot (0: no receive slot).  Returns the message info. */
static int transfer(struct ctx *c, mt_cptr_t ep, mt_cptr_t send_ep, mt_cptr_t cap,
                    mt_cptr_t rslot, mt_word_t *info)
{
    static struct xfer x;
    struct thread t;
    x.ep = send_ep;
    x.cap = cap;
    TRY(thread_spawn(c, &t, 0, LOW_PRIO, child_send_cap, (mt_word_t)&x));
    set_receive_slot(rslot ? ROOT : 0, rslot);
    mt_ipcbuf()->caps_or_badges[0] = 0;
    *info = mt_recv(ep, 0);
    set_receive_slot(0, 0);
    CHECK_EQ(mt_msginfo_label(*info), 0x70);
    CHECK_EQ(mt_get_mr(0), 0xabc);
    return 0;
}

static int t_cap_transfer(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t info = 0;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0), rs = slot_alloc(c);
    CHECK(ep && n && rs);
    TRY(transfer(c, ep, ep, n, rs, &info));
    CHECK_EQ(mt_msginfo_extra_caps(info), 1);
    CHECK_EQ(mt_msginfo_unwrapped(info), 0);
    CHECK_EQ(cap_type(rs), MT_CAP_NOTIFICATION);
    CHECK_EQ(cap_type(n), MT_CAP_NOTIFICATION);   /* the sender keeps its copy */
    return 0;
}

/* Without the grant right on the sender's cap no cap moves. */
static int t_cap_transfer_no_grant(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t info = 0;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0), rs = slot_alloc(c);
    mt_cptr_t wr = ep ? cap_mint(c, ep, MT_RIGHT_WRITE | MT_RIGHT_READ, 0) : 0;
    CHECK(wr && n && rs);
    TRY(transfer(c, ep, wr, n, rs, &info));
    CHECK_EQ(mt_msginfo_extra_caps(info), 0);
    CHECK_EQ(cap_type(rs), MT_CAP_NULL);
    return 0;
}

/* A badged cap to the very endpoint it travels through arrives unwrapped:
 * its badge in caps_or_badges, no cap in the slot. */
static int t_cap_transfer_unwrap(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t info = 0;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), rs = slot_alloc(c);
    mt_cptr_t b = ep ? cap_mint(c, ep, MT_RIGHTS_ALL, 0x55) : 0;
    CHECK(b && rs);
    TRY(transfer(c, ep, ep, b, rs, &info));
    CHECK_EQ(mt_msginfo_extra_caps(info), 1);
    CHECK_EQ(mt_msginfo_unwrapped(info), 1);
    CHECK_EQ(mt_ipcbuf()->caps_or_badges[0], 0x55);
    CHECK_EQ(cap_type(rs), MT_CAP_NULL);
    return 0;
}

static mt_cptr_t three[3];

static void child_send_three(mt_word_t ep)
{
    for (int i = 0; i < 3; i++)
        mt_set_cap(i, three[i]);
    mt_set_mr(0, 0xabc);
    mt_send(ep, mt_msginfo(0x70, 0, 3, 1));
}

/* Three caps in one message, unwrapped and copied mixed.  0: badged
 * endpoint, notification, badged endpoint: all three go, the badges of
 * the first and third in caps_or_badges, the notification in the one
 * receive slot.  1: notification, badged endpoint, frame: the frame
 * finds no second receive slot, so two go. */
static int t_transfer_three(struct ctx *c, mt_word_t which)
{
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_4K, 0), rs = slot_alloc(c);
    mt_cptr_t b1 = ep ? cap_mint(c, ep, MT_RIGHTS_ALL, 0x11) : 0;
    mt_cptr_t b2 = ep ? cap_mint(c, ep, MT_RIGHTS_ALL, 0x22) : 0;
    CHECK(n && f && rs && b1 && b2);
    three[0] = which ? n : b1;
    three[1] = which ? b1 : n;
    three[2] = which ? f : b2;
    TRY(thread_spawn(c, &t, 0, LOW_PRIO, child_send_three, ep));
    set_receive_slot(ROOT, rs);
    for (int i = 0; i < 3; i++)
        mt_ipcbuf()->caps_or_badges[i] = 0;
    mt_word_t info = mt_recv(ep, 0);
    set_receive_slot(0, 0);
    CHECK_EQ(mt_msginfo_label(info), 0x70);
    CHECK_EQ(mt_get_mr(0), 0xabc);
    CHECK_EQ(mt_msginfo_extra_caps(info), which ? 2 : 3);
    CHECK_EQ(mt_msginfo_unwrapped(info), which ? 2 : 5);
    CHECK_EQ(mt_ipcbuf()->caps_or_badges[which ? 1 : 0], 0x11);
    if (!which)
        CHECK_EQ(mt_ipcbuf()->caps_or_badges[2], 0x22);
    CHECK_EQ(cap_type(rs), MT_CAP_NOTIFICATION);
    CHECK_EQ(cap_type(f), MT_CAP_FRAME);   /* the sender keeps all its caps */
    CHECK_EQ(cap_type(b2), MT_CAP_ENDPOINT);
    return 0;
}

/* An occupied or absent receive slot: the message arrives, the cap not. */
static int t_cap_transfer_no_slot(struct ctx *c, mt_word_t occupied)
{
    mt_word_t info = 0;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    mt_cptr_t rs = occupied ? obj_new(c, MT_OBJ_ENDPOINT, 0) : 0;
    CHECK(ep && n && (rs || !occupied));
    TRY(transfer(c, ep, ep, n, rs, &info));
    CHECK_EQ(mt_msginfo_extra_caps(info), 0);
    if (occupied)
        CHECK_EQ(cap_type(rs), MT_CAP_ENDPOINT);
    return 0;
}

static void child_send_label(mt_word_t arg)
{
    mt_send(arg >> 16, mt_msginfo(arg & 0xffff, 0, 0, 0));
}

/* Senders queue in the order they arrived. */
static int t_fifo(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t[3];
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    for (int i = 0; i < 3; i++)
        TRY(thread_spawn(c, &t[i], 0, HIGH_PRIO, child_send_label,
                         (ep << 16) | (mt_word_t)(i + 1)));
    for (int i = 0; i < 3; i++)
        TRY(expect_msg(c, ep, (mt_word_t)(i + 1), 0, 0));
    return 0;
}

/* Call through a cap without the write right fails with an error reply;
 * Send through it is dropped. */
static int t_send_without_write(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = 0, ro = obj_minted(c, MT_OBJ_ENDPOINT, MT_RIGHT_READ, 0, &ep);
    CHECK(ro);
    mt_word_t info = mt_call(ro, mt_msginfo(0x13, 0, 0, 0));
    CHECK_EQ(mt_msginfo_label(info), MT_INVALID_CAPABILITY);
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_send_label, (ep << 16) | 0x14));
    mt_send(ro, mt_msginfo(0x15, 0, 0, 0));
    TRY(expect_msg(c, ep, 0x14, 0, 0));
    return 0;
}

static volatile mt_word_t call_returned;

static void child_call_flag(mt_word_t ep)
{
    mt_call(ep, mt_msginfo(0x18, 0, 0, 0));
    call_returned = 1;
}

/* Call through a cap without grant-reply (or grant): the message arrives
 * but the caller cannot be replied to (seL4: it is left inactive). */
static int t_call_needs_grant_reply(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = 0, wo = obj_minted(c, MT_OBJ_ENDPOINT, MT_RIGHT_WRITE, 0, &ep);
    CHECK(wo);
    call_returned = 0;
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_call_flag, wo));
    TRY(expect_msg(c, ep, 0x18, 0, 0));
    mt_reply(mt_msginfo(0x19, 0, 0, 0));
    CHECK_EQ(call_returned, 0);
    return 0;
}

static int t_reply_without_caller(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_reply(mt_msginfo(1, 0, 0, 0));
    mt_reply(mt_msginfo(2, 0, 0, 0));
    CHECK_EQ(cap_type(MT_INIT_TCB), MT_CAP_TCB);
    return 0;
}

static int t_nbrecv(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_word_t badge = 7;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    mt_word_t info = mt_nbrecv(ep, &badge);
    CHECK_EQ(info, 0);   /* nothing there: an empty message, badge 0 */
    CHECK_EQ(badge, 0);
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_send_label, (ep << 16) | 0x16));
    info = mt_nbrecv(ep, &badge);
    CHECK_EQ(mt_msginfo_label(info), 0x16);
    return 0;
}

struct victim {
    mt_cptr_t ep, report;
    int send;
};

static void child_block_then_report(mt_word_t arg)
{
    const struct victim *v = (const struct victim *)arg;
    if (v->send)
        mt_send(v->ep, mt_msginfo(1, 0, 0, 0));
    else
        mt_recv(v->ep, 0);
    mt_send(v->report, mt_msginfo(0x77, 0, 0, 0));
}

/* Deleting an endpoint releases its waiters: they come back from the
 * syscall, or (seL4) restart it and take a cap fault on the empty slot. */
static int t_delete_with_waiter(struct ctx *c, mt_word_t send)
{
    static struct victim v;
    struct thread t;
    mt_word_t badge = 0;
    mt_cptr_t report = 0, fault = obj_minted(c, MT_OBJ_ENDPOINT, MT_RIGHTS_ALL, 1, &report);
    v.ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    v.report = cap_mint(c, report, MT_RIGHTS_ALL, 2);
    v.send = (int)send;
    CHECK(fault && v.ep && v.report);
    TRY(thread_spawn(c, &t, fault, HIGH_PRIO, child_block_then_report, (mt_word_t)&v));
    CHECK_OK(mt_cnode_delete(ROOT, v.ep, ROOT_DEPTH));
    mt_word_t info = mt_recv(report, &badge);
    if (badge == 1) {
        CHECK_EQ(mt_msginfo_label(info), MT_FAULT_CAP);
        CHECK_EQ(mt_get_mr(1), v.ep);
        CHECK_EQ(mt_get_mr(2), send ? 0 : 1);
        return 0;
    }
    CHECK_EQ(badge, 2);
    CHECK_EQ(mt_msginfo_label(info), 0x77);
    return 0;
}

static const struct test ipc_caps_group_tests[] = {
    { "ipc_cap_transfer", t_cap_transfer, 0 },
    { "ipc_cap_transfer_needs_grant", t_cap_transfer_no_grant, 0 },
    { "ipc_cap_transfer_unwrapped_badge", t_cap_transfer_unwrap, 0 },
    { "ipc_cap_transfer_no_receive_slot", t_cap_transfer_no_slot, 0 },
    { "ipc_cap_transfer_slot_occupied", t_cap_transfer_no_slot, 1 },
    { "ipc_cap_transfer_three_unwrapped_copied_unwrapped", t_transfer_three, 0 },
    { "ipc_cap_transfer_three_stops_at_second_copy", t_transfer_three, 1 },
    { "ipc_fifo_senders", t_fifo, 0 },
    { "ipc_send_without_write_right", t_send_without_write, 0 },
    { "ipc_reply_without_caller", t_reply_without_caller, 0 },
    { "ipc_call_needs_grant_reply", t_call_needs_grant_reply, 0 },
    { "ipc_nbrecv", t_nbrecv, 0 },
    { "ipc_delete_endpoint_with_receiver", t_delete_with_waiter, 0 },
    { "ipc_delete_endpoint_with_sender", t_delete_with_waiter, 1 },
};
GROUP(ipc_caps_group);
