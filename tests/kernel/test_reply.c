/* SPDX-License-Identifier: BSD-2-Clause */
/* Several pending callers: CNode_SaveCaller, replies through reply caps in
 * any order, what the caller sees when its reply cap or it itself goes
 * away, and the grant rule for caps in replies (the replier's receive cap
 * decides, as in seL4). */
#include "ktest.h"

#define NCALLERS 3

/* What each calling child got back. */
static volatile mt_word_t done[NCALLERS], label[NCALLERS], mr0[NCALLERS], badge0[NCALLERS];

struct caller {
    mt_cptr_t ep;
    int i;
};
static struct caller callers[NCALLERS];

static void reset(void)
{
    for (int i = 0; i < NCALLERS; i++)
        done[i] = label[i] = mr0[i] = badge0[i] = 0;
}

/* Calls with label 0x100 + i, MR0 = i; records the reply. */
static void child_call(mt_word_t arg)
{
    const struct caller *k = (const struct caller *)arg;
    mt_word_t b = 0x99;
    mt_set_mr(0, (mt_word_t)k->i);
    mt_word_t info = mt_syscall_ipc(MT_SYS_CALL, k->ep, mt_msginfo(0x100 + (mt_word_t)k->i, 0, 0, 1), &b);
    label[k->i] = mt_msginfo_label(info);
    mr0[k->i] = mt_msginfo_length(info) ? mt_get_mr(0) : 0xdead;
    badge0[k->i] = b;
    done[k->i] = 1;
}

/* Starts caller i on ep at prio; it blocks in its Call (nobody receives). */
static int spawn_caller(struct ctx *c, struct thread *t, mt_cptr_t ep, int i, int prio)
{
    callers[i] = (struct caller){ ep, i };
    return thread_spawn(c, t, 0, prio, child_call, (mt_word_t)&callers[i]);
}

/* Receives caller i's Call and saves its reply into a new slot *r. */
static int take_and_save(struct ctx *c, mt_cptr_t ep, int i, mt_cptr_t *r)
{
    TRY(expect_msg(c, ep, 0x100 + (mt_word_t)i, 1, 0));
    CHECK_EQ(mt_get_mr(0), i);
    *r = slot_alloc(c);
    CHECK_OK(mt_cnode_save_caller(ROOT, *r, ROOT_DEPTH));
    CHECK_EQ(cap_type(*r), MT_CAP_REPLY);
    return 0;
}

/* Three Calls taken before any reply, answered last first. */
static int t_reverse_order(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t[NCALLERS];
    mt_cptr_t r[NCALLERS], ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    reset();
    for (int i = 0; i < NCALLERS; i++)
        TRY(spawn_caller(c, &t[i], ep, i, HIGH_PRIO));
    for (int i = 0; i < NCALLERS; i++)
        TRY(take_and_save(c, ep, i, &r[i]));
    for (int i = NCALLERS - 1; i >= 0; i--) {
        CHECK_EQ(done[i], 0);
        mt_set_mr(0, 0x500 + (mt_word_t)i);
        CHECK_OK(mt_reply_to(r[i], mt_msginfo(0x200 + (mt_word_t)i, 0, 0, 1)));
        CHECK_EQ(done[i], 1);              /* higher priority: ran at once */
        CHECK_EQ(label[i], 0x200 + i);
        CHECK_EQ(mr0[i], 0x500 + i);
        CHECK_EQ(badge0[i], 0);
        CHECK_EQ(cap_type(r[i]), MT_CAP_NULL);   /* the reply used the cap up */
        for (int j = 0; j < i; j++)
            CHECK_EQ(done[j], 0);
    }
    /* a used-up reply cap: the slot is empty, the Call on it says so */
    CHECK_ERR(mt_reply_to(r[0], mt_msginfo(1, 0, 0, 0)), MT_INVALID_CAPABILITY);
    return 0;
}

/* A saved caller and an implicit one at once: Reply answers the newest
 * call, the reply cap the older one. */
static int t_mixed_with_implicit(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t[2];
    mt_cptr_t r, ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    reset();
    TRY(spawn_caller(c, &t[0], ep, 0, HIGH_PRIO));
    TRY(spawn_caller(c, &t[1], ep, 1, HIGH_PRIO));
    TRY(take_and_save(c, ep, 0, &r));
    TRY(expect_msg(c, ep, 0x101, 1, 0));
    mt_set_mr(0, 11);
    mt_reply(mt_msginfo(0x31, 0, 0, 1));
    CHECK_EQ(done[1], 1);
    CHECK_EQ(label[1], 0x31);
    CHECK_EQ(done[0], 0);
    mt_set_mr(0, 10);
    CHECK_OK(mt_reply_to(r, mt_msginfo(0x30, 0, 0, 1)));
    CHECK_EQ(label[0], 0x30);
    CHECK_EQ(mr0[0], 10);
    return 0;
}

/* SaveCaller's errors; Copy and Mint refuse a reply cap, Move takes it
 * (and the reply still finds its caller). */
static int t_save_rules(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t r = slot_alloc(c), r2 = slot_alloc(c), r3 = slot_alloc(c);
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), busy = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(ep && busy);
    reset();
    CHECK_ERR(mt_cnode_save_caller(ROOT, r, ROOT_DEPTH), MT_ILLEGAL_OPERATION);
    TRY(spawn_caller(c, &t, ep, 0, HIGH_PRIO));
    TRY(expect_msg(c, ep, 0x100, 1, 0));
    CHECK_ERR(mt_cnode_save_caller(ROOT, busy, ROOT_DEPTH), MT_DELETE_FIRST);
    CHECK_OK(mt_cnode_save_caller(ROOT, r, ROOT_DEPTH));
    /* the implicit reply is gone: nothing to save twice, Reply is a no-op */
    CHECK_ERR(mt_cnode_save_caller(ROOT, r2, ROOT_DEPTH), MT_ILLEGAL_OPERATION);
    mt_reply(mt_msginfo(0x66, 0, 0, 0));
    CHECK_EQ(done[0], 0);
    CHECK_ERR(mt_cnode_copy(ROOT, r2, ROOT_DEPTH, ROOT, r, ROOT_DEPTH, MT_RIGHTS_ALL),
              MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_cnode_mint(ROOT, r2, ROOT_DEPTH, ROOT, r, ROOT_DEPTH, MT_RIGHTS_ALL, 5),
              MT_ILLEGAL_OPERATION);
    CHECK_OK(mt_cnode_move(ROOT, r2, ROOT_DEPTH, ROOT, r, ROOT_DEPTH));
    CHECK_OK(mt_cnode_mutate(ROOT, r3, ROOT_DEPTH, ROOT, r2, ROOT_DEPTH, 0));
    CHECK_EQ(cap_type(r), MT_CAP_NULL);
    CHECK_EQ(cap_type(r3), MT_CAP_REPLY);
    CHECK_OK(mt_cnode_revoke(ROOT, r3, ROOT_DEPTH));   /* no children: nothing */
    CHECK_EQ(done[0], 0);
    mt_set_mr(0, 3);
    CHECK_OK(mt_reply_to(r3, mt_msginfo(0x67, 0, 0, 1)));
    CHECK_EQ(label[0], 0x67);
    CHECK_EQ(mr0[0], 3);
    return 0;
}

/* The caller is suspended while its reply is saved: the reply cap goes,
 * the reply fails cleanly, and once resumed the caller calls again. */
static int t_caller_suspended(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t r, ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    reset();
    TRY(spawn_caller(c, &t, ep, 0, HIGH_PRIO));
    TRY(take_and_save(c, ep, 0, &r));
    CHECK_OK(mt_tcb_suspend(t.tcb));
    CHECK_EQ(cap_type(r), MT_CAP_NULL);
    CHECK_ERR(mt_reply_to(r, mt_msginfo(0x41, 0, 0, 0)), MT_INVALID_CAPABILITY);
    CHECK_EQ(done[0], 0);
    CHECK_OK(mt_tcb_resume(t.tcb));
    TRY(take_and_save(c, ep, 0, &r));    /* the Call restarted */
    mt_set_mr(0, 8);
    CHECK_OK(mt_reply_to(r, mt_msginfo(0x42, 0, 0, 1)));
    CHECK_EQ(label[0], 0x42);
    return 0;
}

/* The caller is destroyed (its TCB's last cap deleted), even after its
 * reply cap was moved: the cap's slot empties. */
static int t_caller_deleted(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t r, moved = slot_alloc(c), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    reset();
    TRY(spawn_caller(c, &t, ep, 0, HIGH_PRIO));
    TRY(take_and_save(c, ep, 0, &r));
    CHECK_OK(mt_cnode_move(ROOT, moved, ROOT_DEPTH, ROOT, r, ROOT_DEPTH));
    CHECK_OK(mt_cnode_delete(ROOT, t.tcb, ROOT_DEPTH));
    CHECK_EQ(cap_type(moved), MT_CAP_NULL);
    CHECK_ERR(mt_reply_to(moved, mt_msginfo(0x43, 0, 0, 0)), MT_INVALID_CAPABILITY);
    CHECK_EQ(done[0], 0);
    return 0;
}

enum { DEL_SLOT, DEL_CNODE, DEL_REVOKE };

/* Deleting the reply cap (the slot; the CNode holding it, slot 0 included;
 * a revoke that destroys that CNode) while the caller waits: its Call
 * returns MT_REPLY_LOST, badge 0, no MRs. */
static int t_reply_cap_deleted(struct ctx *c, mt_word_t how)
{
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), ut = obj_new(c, MT_OBJ_UNTYPED, 12);
    mt_cptr_t cn = slot_alloc(c);
    CHECK(ep && ut);
    CHECK_OK(mt_untyped_retype(ut, MT_OBJ_CNODE, 2, ROOT, 0, 0, cn, 1));
    reset();
    TRY(spawn_caller(c, &t, ep, 0, HIGH_PRIO));
    TRY(expect_msg(c, ep, 0x100, 1, 0));
    if (how == DEL_SLOT) {
        mt_cptr_t r = slot_alloc(c);
        CHECK_OK(mt_cnode_save_caller(ROOT, r, ROOT_DEPTH));
        CHECK_OK(mt_cnode_delete(ROOT, r, ROOT_DEPTH));
    } else {
        CHECK_OK(mt_cnode_save_caller(cn, 0, 2));
        CHECK_EQ(done[0], 0);
        CHECK_OK(how == DEL_CNODE ? mt_cnode_delete(ROOT, cn, ROOT_DEPTH)
                                  : mt_cnode_revoke(ROOT, ut, ROOT_DEPTH));
    }
    CHECK_EQ(done[0], 1);
    CHECK_EQ(label[0], MT_REPLY_LOST);
    CHECK_EQ(mr0[0], 0xdead);
    CHECK_EQ(badge0[0], 0);
    return 0;
}

static volatile mt_word_t low_ran;
static mt_cptr_t low_report;

static void child_call_then_report(mt_word_t arg)
{
    child_call(arg);
    low_ran = 1;
    mt_send(low_report, mt_msginfo(0x77, 0, 0, 0));
}

/* A saved reply does not donate: a lower-priority caller runs only once
 * the server blocks. */
static int t_low_priority_caller(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t r, ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    low_report = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep && low_report);
    reset();
    low_ran = 0;
    callers[0] = (struct caller){ ep, 0 };
    TRY(thread_spawn(c, &t, 0, LOW_PRIO, child_call_then_report, (mt_word_t)&callers[0]));
    TRY(take_and_save(c, ep, 0, &r));
    CHECK_OK(mt_reply_to(r, mt_msginfo(0x44, 0, 0, 0)));
    CHECK_EQ(low_ran, 0);
    TRY(expect_msg(c, low_report, 0x77, 0, 0));
    CHECK_EQ(label[0], 0x44);
    return 0;
}

static volatile mt_word_t fault_flag;

static void bad_syscall_then_flag(mt_word_t arg)
{
    ASM_FN(asm_bad_syscall)(arg);
    fault_flag = 0x52;
}

/* A fault handler saves the faulting thread's reply and answers it later:
 * label 0 with a new pc resumes it; losing the cap leaves it stopped. */
static int t_fault_reply_saved(struct ctx *c, mt_word_t lose)
{
    struct thread t;
    mt_word_t mr[MT_FAULT_UNKNOWN_SYSCALL_LENGTH], badge = 0, regs[1];
    mt_cptr_t r = slot_alloc(c), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    fault_flag = 0;
    TRY(thread_spawn(c, &t, ep, HIGH_PRIO, bad_syscall_then_flag, 0));
    TRY(expect_fault(c, ep, MT_FAULT_UNKNOWN_SYSCALL, mr, &badge));
    CHECK_OK(mt_cnode_save_caller(ROOT, r, ROOT_DEPTH));
    if (lose) {
        CHECK_OK(mt_cnode_delete(ROOT, r, ROOT_DEPTH));
        yield_n(3);
        CHECK_EQ(fault_flag, 0);
        CHECK_OK(mt_tcb_read_registers(t.tcb, 0, 1, regs));
        CHECK_EQ(regs[0], (mt_word_t)asm_bad_syscall_ecall);
        return 0;
    }
    mt_set_mr(0, mr[0] + 4);
    CHECK_OK(mt_reply_to(r, mt_msginfo(0, 0, 0, 1)));
    CHECK_EQ(fault_flag, 0x52);
    return 0;
}

/* ---- Caps in replies: the replier's receive cap must have grant ---- */

#define SRV_GRANT 1ul     /* the server receives on a cap with grant */
#define SRV_SAVED 2ul     /* it replies through a saved reply cap */
#define SRV_FIRST 4ul     /* it waits before the Call (else the Call queues) */

struct capserver {
    mt_cptr_t recv_ep, give, save_slot;
    mt_word_t mode;
};
static struct capserver cs;

static void child_cap_server(mt_word_t arg)
{
    (void)arg;
    mt_recv(cs.recv_ep, 0);
    mt_set_cap(0, cs.give);
    mt_set_mr(0, 0x600);
    mt_word_t info = mt_msginfo(0x34, 0, 1, 1);
    if (cs.mode & SRV_SAVED) {
        mt_cnode_save_caller(ROOT, cs.save_slot, ROOT_DEPTH);
        mt_set_cap(0, cs.give);
        mt_set_mr(0, 0x600);
        mt_reply_to(cs.save_slot, info);
    } else {
        mt_reply(info);
    }
}

/* The caller's own cap has grant exactly when the server's has not, so
 * only the replier's right can explain the outcome. */
static int t_reply_caps(struct ctx *c, mt_word_t mode)
{
    struct thread t;
    int grant = (mode & SRV_GRANT) != 0;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    mt_cptr_t rs = slot_alloc(c);
    CHECK(ep && n);
    cs.recv_ep = cap_mint(c, ep, MT_RIGHT_READ | (grant ? MT_RIGHT_GRANT : 0), 0);
    mt_cptr_t call_ep = cap_mint(c, ep, MT_RIGHT_WRITE | MT_RIGHT_GRANT_REPLY |
                                            (grant ? 0 : MT_RIGHT_GRANT), 0);
    CHECK(cs.recv_ep && call_ep);
    cs.give = n;
    cs.save_slot = slot_alloc(c);
    cs.mode = mode;
    TRY(thread_spawn(c, &t, 0, mode & SRV_FIRST ? HIGH_PRIO : LOW_PRIO, child_cap_server, 0));
    struct mt_ipc_buffer *b = mt_ipcbuf();
    b->receive_cnode = ROOT;
    b->receive_index = rs;
    b->receive_depth = ROOT_DEPTH;
    mt_set_mr(0, 1);
    mt_word_t info = mt_call(call_ep, mt_msginfo(0x33, 0, 0, 1));
    b->receive_cnode = 0;
    CHECK_EQ(mt_msginfo_label(info), 0x34);
    CHECK_EQ(mt_get_mr(0), 0x600);
    CHECK_EQ(mt_msginfo_extra_caps(info), grant ? 1 : 0);
    CHECK_EQ(cap_type(rs), grant ? MT_CAP_NOTIFICATION : MT_CAP_NULL);
    CHECK_EQ(cap_type(cs.save_slot), MT_CAP_NULL);
    return 0;
}

/* The grant right a ReplyRecv on the fastpath records: the server's first
 * Recv is on a cap with the opposite grant, its ReplyRecv (fastpath: equal
 * priorities, no caps) on one with the grant under test; the second Call
 * (fastpath too) is answered with a cap by Reply (slow path). */
static mt_cptr_t rr_first, rr_loop, rr_give;

static void child_replyrecv_server(mt_word_t arg)
{
    (void)arg;
    mt_recv(rr_first, 0);
    mt_set_mr(0, 1);
    mt_reply_recv(rr_loop, mt_msginfo(0x35, 0, 0, 1), 0);
    mt_set_cap(0, rr_give);
    mt_set_mr(0, 2);
    mt_reply(mt_msginfo(0x36, 0, 1, 1));
}

static int t_reply_caps_replyrecv(struct ctx *c, mt_word_t grant)
{
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), rs = slot_alloc(c);
    rr_give = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(ep && rr_give);
    rr_first = cap_mint(c, ep, MT_RIGHT_READ | (grant ? 0 : MT_RIGHT_GRANT), 0);
    rr_loop = cap_mint(c, ep, MT_RIGHT_READ | (grant ? MT_RIGHT_GRANT : 0), 0);
    mt_cptr_t call_ep = cap_mint(c, ep, MT_RIGHT_WRITE | MT_RIGHT_GRANT_REPLY, 0);
    CHECK(rr_first && rr_loop && call_ep);
    TRY(thread_spawn(c, &t, 0, TEST_PRIO, child_replyrecv_server, 0));
    mt_word_t info = mt_call(call_ep, mt_msginfo(0x33, 0, 0, 0));
    CHECK_EQ(mt_msginfo_label(info), 0x35);
    struct mt_ipc_buffer *b = mt_ipcbuf();
    b->receive_cnode = ROOT;
    b->receive_index = rs;
    b->receive_depth = ROOT_DEPTH;
    info = mt_call(call_ep, mt_msginfo(0x34, 0, 0, 0));
    b->receive_cnode = 0;
    CHECK_EQ(mt_msginfo_label(info), 0x36);
    CHECK_EQ(mt_msginfo_extra_caps(info), grant ? 1 : 0);
    CHECK_EQ(cap_type(rs), grant ? MT_CAP_NOTIFICATION : MT_CAP_NULL);
    return 0;
}

/* Recv on a reply cap is a cap fault (it is no endpoint). */
static void child_recv_on(mt_word_t cap)
{
    mt_recv(cap, 0);
}

static int t_recv_on_reply_cap(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_word_t mr[4];
    mt_cptr_t r, ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    reset();
    TRY(spawn_caller(c, &t, ep, 0, HIGH_PRIO));
    TRY(take_and_save(c, ep, 0, &r));
    TRY(fault_of(c, 0, child_recv_on, r, MT_FAULT_CAP, mr));
    CHECK_EQ(mr[1], r);
    CHECK_EQ(mr[2], 1);                  /* in a receive */
    CHECK_EQ(cap_type(r), MT_CAP_REPLY); /* untouched */
    CHECK_OK(mt_reply_to(r, mt_msginfo(0x47, 0, 0, 0)));
    CHECK_EQ(label[0], 0x47);
    return 0;
}

static volatile mt_word_t got_info, got_done;
static mt_cptr_t rx_ep, rx_slot;

static void child_recv_cap(mt_word_t arg)
{
    (void)arg;
    struct mt_ipc_buffer *b = mt_ipcbuf();
    b->receive_cnode = ROOT;
    b->receive_index = rx_slot;
    b->receive_depth = ROOT_DEPTH;
    got_info = mt_recv(rx_ep, 0);
    got_done = 1;
}

/* A reply cap cannot travel in a message (like Copy, it would make a
 * second one): the transfer stops there and the cap stays. */
static int t_reply_cap_not_transferred(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t, rx;
    mt_cptr_t r, ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    rx_ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    rx_slot = slot_alloc(c);
    CHECK(ep && rx_ep);
    reset();
    got_done = 0;
    TRY(spawn_caller(c, &t, ep, 0, HIGH_PRIO));
    TRY(take_and_save(c, ep, 0, &r));
    TRY(thread_spawn(c, &rx, 0, HIGH_PRIO, child_recv_cap, 0));
    mt_set_cap(0, r);
    mt_send(rx_ep, mt_msginfo(0x45, 0, 1, 0));
    CHECK_EQ(got_done, 1);
    CHECK_EQ(mt_msginfo_label(got_info), 0x45);
    CHECK_EQ(mt_msginfo_extra_caps(got_info), 0);
    CHECK_EQ(cap_type(rx_slot), MT_CAP_NULL);
    CHECK_EQ(cap_type(r), MT_CAP_REPLY);
    CHECK_OK(mt_reply_to(r, mt_msginfo(0x46, 0, 0, 0)));
    CHECK_EQ(label[0], 0x46);
    return 0;
}

static const struct test reply_group_tests[] = {
    { "reply_saved_reverse_order", t_reverse_order, 0 },
    { "reply_saved_and_implicit", t_mixed_with_implicit, 0 },
    { "reply_save_rules_copy_mint_move", t_save_rules, 0 },
    { "reply_to_suspended_caller", t_caller_suspended, 0 },
    { "reply_to_deleted_caller", t_caller_deleted, 0 },
    { "reply_cap_deleted_unblocks_caller", t_reply_cap_deleted, DEL_SLOT },
    { "reply_cap_cnode_deleted_unblocks_caller", t_reply_cap_deleted, DEL_CNODE },
    { "reply_cap_revoked_unblocks_caller", t_reply_cap_deleted, DEL_REVOKE },
    { "reply_saved_low_priority_caller", t_low_priority_caller, 0 },
    { "reply_saved_fault_resumes", t_fault_reply_saved, 0 },
    { "reply_saved_fault_lost_stays_stopped", t_fault_reply_saved, 1 },
    { "reply_caps_need_replier_grant", t_reply_caps, 0 },
    { "reply_caps_with_replier_grant", t_reply_caps, SRV_GRANT },
    { "reply_caps_replier_grant_fastpath_call", t_reply_caps, SRV_GRANT | SRV_FIRST },
    { "reply_caps_no_replier_grant_fastpath_call", t_reply_caps, SRV_FIRST },
    { "reply_caps_saved_with_grant", t_reply_caps, SRV_GRANT | SRV_SAVED },
    { "reply_caps_saved_without_grant", t_reply_caps, SRV_SAVED },
    { "reply_caps_saved_with_grant_server_first", t_reply_caps, SRV_GRANT | SRV_SAVED | SRV_FIRST },
    { "reply_cap_not_transferred", t_reply_cap_not_transferred, 0 },
    { "reply_caps_grant_recorded_by_fastpath_replyrecv", t_reply_caps_replyrecv, 1 },
    { "reply_caps_no_grant_recorded_by_fastpath_replyrecv", t_reply_caps_replyrecv, 0 },
    { "reply_cap_recv_is_cap_fault", t_recv_on_reply_cap, 0 },
};
GROUP(reply_group);
