/* SPDX-License-Identifier: BSD-2-Clause */
/* Objects destroyed while in use: a VSpace under a running thread, an
 * untyped revoked under a blocked thread, a bound notification and a
 * mapped page table (then retyped over), CNodes that hold themselves or
 * each other, bound notifications and bound TCBs. */
#include "ktest.h"

static volatile mt_word_t counter, flag;

/* Counts in its own VSpace (the image's frames are shared, so the root
 * sees the count); arg != 0: first it revokes that VSpace's cap (cptr
 * arg), which takes its TCB's copy, and must not run on after it. */
static void child_count_in(mt_word_t vs)
{
    if (vs) {
        (void)mt_cnode_revoke(ROOT, vs, ROOT_DEPTH);
        flag = 1;
    }
    child_count_spin((mt_word_t)&counter);
}

/* The VSpace a thread runs in is destroyed by another thread (0), or the
 * thread revokes its own VSpace cap away (1) and the VSpace is deleted
 * after: its next instruction fetch is a VM fault either way. */
static int t_delete_running_vspace(struct ctx *c, mt_word_t self)
{
    struct thread t;
    mt_word_t mr[4];
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), vs = vspace_new(c);
    CHECK(ep && vs);
    counter = flag = 0;
    TRY(thread_new(c, &t, vs, ep, TEST_PRIO, 2));
    TRY(thread_start(c, &t, child_count_in, self ? vs : 0));
    if (!self) {
        for (int i = 0; i < 1000 && counter == 0; i++)
            mt_yield();                 /* it runs in vs, preempted by the timer */
        CHECK(counter > 0);
        CHECK_OK(mt_cnode_revoke(ROOT, vs, ROOT_DEPTH));   /* the TCB's copy */
        CHECK_OK(mt_cnode_delete(ROOT, vs, ROOT_DEPTH));
    }
    TRY(expect_fault(c, ep, MT_FAULT_VM, mr, 0));
    CHECK_EQ(mr[1], mr[0]);             /* an instruction fetch at its pc */
    CHECK_EQ(mr[2], MT_VM_EXEC);
    CHECK_EQ(flag, 0);
    if (self)
        CHECK_OK(mt_cnode_delete(ROOT, vs, ROOT_DEPTH));
    CHECK_EQ(cap_type(vs), MT_CAP_NULL);
    mt_word_t seen = counter;
    yield_n(5);
    CHECK_EQ(counter, seen);
    CHECK(obj_new(c, MT_OBJ_VSPACE, 0));
    return 0;
}

/* What a thread made from ut leaves behind: a TCB blocked on ep, a
 * notification bound to other, a page table mapped at pt_va with
 * frame (not from ut) under it. */
struct in_use {
    mt_cptr_t ut, ep, other, frame;
    mt_word_t pt_va;
};

static void child_recv(mt_word_t ep)
{
    mt_word_t badge;
    mt_word_t info = mt_recv(ep, &badge);
    flag = mt_msginfo_label(info);
}

static int make_in_use(struct ctx *c, struct in_use *u)
{
    struct thread t, o;
    mt_cptr_t parent = c->ut;
    u->ut = obj_new(c, MT_OBJ_UNTYPED, 18);
    u->ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    u->frame = obj_new(c, MT_OBJ_FRAME_4K, 0);
    CHECK(u->ut && u->ep && u->frame);
    TRY(thread_new(c, &o, 0, 0, LOW_PRIO, 1));
    u->other = o.tcb;
    c->ut = u->ut;                      /* the thread's TCB, stack and tables */
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0), pt = obj_new(c, MT_OBJ_PAGE_TABLE, 0);
    int err = n && pt ? thread_spawn(c, &t, 0, HIGH_PRIO, child_recv, u->ep) : 1;
    c->ut = parent;
    TRY(err);
    u->pt_va = vaddr_alloc_2m(c);
    CHECK_OK(mt_page_table_map(pt, VS, u->pt_va));
    CHECK_OK(mt_frame_map(u->frame, VS, u->pt_va, MT_VM_READ | MT_VM_WRITE));
    *(volatile mt_word_t *)u->pt_va = 0x5a5a;
    CHECK_OK(mt_tcb_bind_notification(u->other, n));
    return 0;
}

/* Revoking an untyped destroys its objects in use, and the memory can be
 * retyped at once: the endpoint's queue, the other TCB's binding and the
 * VSpace's tables no longer know the dead objects. */
static int t_revoke_untyped_in_use(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct in_use u = { 0 };
    struct mt_untyped_info info;
    struct thread r;
    flag = 0;
    TRY(make_in_use(c, &u));
    CHECK_EQ(flag, 0);                  /* the child waits on ep */
    CHECK_OK(mt_cnode_revoke(ROOT, u.ut, ROOT_DEPTH));
    CHECK_OK(mt_untyped_describe(u.ut, &info));
    CHECK_EQ(info.free_bytes, 1ul << 18);
    /* the table is gone, so the frame finds none; unmapping it is fine */
    mt_cptr_t f2 = obj_new(c, MT_OBJ_FRAME_4K, 0);
    CHECK(f2);
    CHECK_ERR(mt_frame_map(f2, VS, u.pt_va + MT_PAGE_SIZE, MT_VM_READ), MT_FAILED_LOOKUP);
    CHECK_OK(mt_frame_unmap(u.frame));
    /* retype over it: the same memory, zeroed, in the same places */
    mt_cptr_t pt = obj_new_from(c, u.ut, MT_OBJ_PAGE_TABLE, 0);
    mt_cptr_t n2 = obj_new_from(c, u.ut, MT_OBJ_NOTIFICATION, 0);
    CHECK(pt && n2);
    CHECK_OK(mt_page_table_map(pt, VS, u.pt_va));
    CHECK_OK(mt_frame_map(u.frame, VS, u.pt_va, MT_VM_READ));
    CHECK_EQ(*(volatile mt_word_t *)u.pt_va, 0x5a5a);
    CHECK_OK(mt_tcb_bind_notification(u.other, n2));   /* the old binding died */
    /* the endpoint's queue is empty: a new receiver gets the next message */
    mt_cptr_t parent = c->ut;
    c->ut = u.ut;
    int err = thread_spawn(c, &r, 0, HIGH_PRIO, child_recv, u.ep);
    c->ut = parent;
    TRY(err);
    CHECK_EQ(flag, 0);
    mt_send(u.ep, mt_msginfo(0x33, 0, 0, 0));
    CHECK_EQ(flag, 0x33);
    return 0;
}

/* Caps to a CNode inside itself (0) or in a ring of two CNodes (1): once
 * the root's caps are gone only revoking their untyped reaches them,
 * and it must destroy them all and give the memory back. */
static int t_cnode_cycles(struct ctx *c, mt_word_t two)
{
    struct mt_untyped_info info;
    mt_cptr_t ut = obj_new(c, MT_OBJ_UNTYPED, 16);
    CHECK(ut);
    mt_cptr_t a = obj_new_from(c, ut, MT_OBJ_CNODE, 4);
    mt_cptr_t b = two ? obj_new_from(c, ut, MT_OBJ_CNODE, 4) : a;
    mt_cptr_t ep = obj_new_from(c, ut, MT_OBJ_ENDPOINT, 0);
    CHECK(a && b && ep);
    /* a[1] -> b, b[1] -> a (two) or a[1] -> a; an endpoint in a[2] */
    CHECK_OK(mt_cnode_copy(a, 1, 4, ROOT, b, ROOT_DEPTH, MT_RIGHTS_ALL));
    if (two)
        CHECK_OK(mt_cnode_copy(b, 1, 4, ROOT, a, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_OK(mt_cnode_move(a, 2, 4, ROOT, ep, ROOT_DEPTH));
    CHECK_OK(mt_cnode_delete(ROOT, a, ROOT_DEPTH));
    if (two)
        CHECK_OK(mt_cnode_delete(ROOT, b, ROOT_DEPTH));
    CHECK_EQ(cap_type(a), MT_CAP_NULL);
    CHECK_OK(mt_untyped_describe(ut, &info));
    /* still alive, held by themselves: the CNodes (512 bytes each) and the
     * endpoint after them are not free */
    CHECK_EQ(info.free_bytes, (1ul << 16) - (two ? 1024 : 512) - 16);
    CHECK_OK(mt_cnode_revoke(ROOT, ut, ROOT_DEPTH));
    CHECK_OK(mt_untyped_describe(ut, &info));
    CHECK_EQ(info.free_bytes, 1ul << 16);
    /* the memory is whole again: one object over all of it */
    CHECK(obj_new_from(c, ut, MT_OBJ_CNODE, 11));
    return 0;
}

/* A CNode holding two caps to itself, its root cap deleted: only the
 * revoke of its untyped reaches it.  Then a CNode deleting a cap to
 * itself through itself, and its last cap going from the root. */
static int t_cnode_self_delete(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct mt_untyped_info info;
    mt_cptr_t ut = obj_new(c, MT_OBJ_UNTYPED, 16);
    mt_cptr_t a = ut ? obj_new_from(c, ut, MT_OBJ_CNODE, 4) : 0;
    CHECK(a);
    CHECK_OK(mt_cnode_copy(a, 1, 4, ROOT, a, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_OK(mt_cnode_copy(a, 2, 4, ROOT, a, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_OK(mt_cnode_delete(ROOT, a, ROOT_DEPTH));
    /* now a is reachable from nowhere; revoking ut is the way back */
    CHECK_OK(mt_cnode_revoke(ROOT, ut, ROOT_DEPTH));
    CHECK_OK(mt_untyped_describe(ut, &info));
    CHECK_EQ(info.free_bytes, 1ul << 16);
    /* and a CNode deleting its own last cap through itself */
    a = obj_new_from(c, ut, MT_OBJ_CNODE, 4);
    CHECK(a);
    CHECK_OK(mt_cnode_copy(a, 1, 4, ROOT, a, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_OK(mt_cnode_delete(a, 1, 4));
    CHECK_EQ(cap_type(a), MT_CAP_CNODE);
    CHECK_OK(mt_cnode_delete(ROOT, a, ROOT_DEPTH));
    CHECK_OK(mt_untyped_describe(ut, &info));
    CHECK_EQ(info.free_bytes, 1ul << 16);
    return 0;
}

static volatile mt_word_t woke_badge, woke;

static void child_recv_bound(mt_word_t ep)
{
    mt_word_t badge = 0;
    mt_word_t info = mt_recv(ep, &badge);
    woke_badge = badge;
    woke = mt_msginfo_label(info) + 1;
}

/* A thread bound to a notification waits on an endpoint; the
 * notification is deleted (0) or the thread's TCB is (1). */
static int t_delete_bound(struct ctx *c, mt_word_t which)
{
    struct thread t, t2;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    mt_cptr_t sig = n ? cap_mint(c, n, MT_RIGHTS_ALL, 0x40) : 0;
    CHECK(ep && sig);
    woke = 0;
    TRY(thread_new(c, &t, 0, 0, HIGH_PRIO, 1));
    CHECK_OK(mt_tcb_bind_notification(t.tcb, n));
    TRY(thread_start(c, &t, child_recv_bound, ep));
    CHECK_EQ(woke, 0);
    if (which == 0) {
        CHECK_OK(mt_cnode_revoke(ROOT, n, ROOT_DEPTH));
        CHECK_OK(mt_cnode_delete(ROOT, n, ROOT_DEPTH));
        CHECK_EQ(woke, 0);              /* still waiting on the endpoint */
        mt_cptr_t n2 = obj_new(c, MT_OBJ_NOTIFICATION, 0);
        CHECK(n2);
        CHECK_OK(mt_tcb_bind_notification(t.tcb, n2));
        mt_send(ep, mt_msginfo(0x21, 0, 0, 0));
        CHECK_EQ(woke, 0x22);
        return 0;
    }
    CHECK_OK(mt_cnode_delete(ROOT, t.tcb, ROOT_DEPTH));
    mt_signal(sig);                     /* nobody bound: the word keeps it */
    CHECK_EQ(mt_poll(n), 0x40);
    TRY(thread_new(c, &t2, 0, 0, HIGH_PRIO, 1));
    CHECK_OK(mt_tcb_bind_notification(t2.tcb, n));
    TRY(thread_start(c, &t2, child_recv_bound, ep));
    mt_signal(sig);
    CHECK_EQ(woke, 1);                  /* the new bound thread got it */
    CHECK_EQ(woke_badge, 0x40);
    return 0;
}

static const struct test teardown_group_tests[] = {
    { "teardown_vspace_of_running_thread", t_delete_running_vspace, 0 },
    { "teardown_vspace_deleted_by_its_thread", t_delete_running_vspace, 1 },
    { "teardown_revoke_untyped_in_use_and_retype", t_revoke_untyped_in_use, 0 },
    { "teardown_cnode_holding_itself", t_cnode_cycles, 0 },
    { "teardown_two_cnode_cycle", t_cnode_cycles, 1 },
    { "teardown_cnode_deletes_own_caps", t_cnode_self_delete, 0 },
    { "teardown_bound_notification_deleted", t_delete_bound, 0 },
    { "teardown_bound_tcb_deleted", t_delete_bound, 1 },
};
GROUP(teardown_group);
