/* SPDX-License-Identifier: BSD-2-Clause */
/* Inspection: TCB_GetInfo, CNode_Describe and inspect-only caps
 * (CNode_CopyInspect): their one method works, every other use fails. */
#include "ktest.h"

static void child_recv(mt_word_t ep)
{
    mt_word_t b;
    mt_recv(ep, &b);
}

static mt_cptr_t inspect_copy(struct ctx *c, mt_cptr_t src)
{
    mt_cptr_t s = slot_alloc(c);
    int err = s ? mt_cnode_copy_inspect(ROOT, s, ROOT_DEPTH, ROOT, src, ROOT_DEPTH) : -1;
    if (err) {
        ktest_fail(c, __LINE__, "inspect copy of slot %lu: error %d", src, err);
        return 0;
    }
    return s;
}

/* Priority, MCP and state of a running, a blocked and a suspended thread. */
static int t_tcb_get_info(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct mt_thread_state_info in;
    struct thread t;
    CHECK_OK(mt_tcb_get_info(c->self, &in));
    CHECK_EQ(in.priority, TEST_PRIO);
    CHECK_EQ(in.mcp, TEST_MCP);
    CHECK_EQ(in.state, MT_THREAD_RUNNABLE);
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_recv, ep));
    CHECK_OK(mt_tcb_get_info(t.tcb, &in));
    CHECK_EQ(in.priority, HIGH_PRIO);
    CHECK_EQ(in.state, MT_THREAD_BLOCKED_RECV);
    CHECK_OK(mt_tcb_suspend(t.tcb));
    CHECK_OK(mt_tcb_get_info(t.tcb, &in));
    CHECK_EQ(in.state, MT_THREAD_INACTIVE);
    CHECK_ERR(mt_tcb_get_info(ROOT, &in), MT_ILLEGAL_OPERATION);   /* a CNode has no GetInfo */
    return 0;
}

/* An inspect-only TCB cap: GetInfo, nothing else, and no argument. */
static int t_tcb_inspect_only(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct mt_thread_state_info in;
    mt_word_t regs[4];
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_recv, ep));
    mt_cptr_t i = inspect_copy(c, t.tcb);
    CHECK(i);
    CHECK_EQ(cap_type(i), MT_CAP_TCB);
    CHECK_OK(mt_tcb_get_info(i, &in));
    CHECK_EQ(in.state, MT_THREAD_BLOCKED_RECV);
    CHECK_ERR(mt_tcb_suspend(i), MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_tcb_resume(i), MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_tcb_set_priority(i, c->self, 1), MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_tcb_read_registers(i, 0, 4, regs), MT_ILLEGAL_OPERATION);
    /* as the authority of another TCB's SetPriority: refused as a cap */
    CHECK_ERR(mt_tcb_set_priority(t.tcb, i, LOW_PRIO), MT_INVALID_CAPABILITY);
    CHECK_OK(mt_tcb_get_info(t.tcb, &in));
    CHECK_EQ(in.priority, HIGH_PRIO);
    /* copies stay inspect-only; a TCB cap copied normally does not become one */
    mt_cptr_t i2 = cap_copy(c, i, MT_RIGHTS_ALL);
    CHECK(i2);
    CHECK_ERR(mt_tcb_suspend(i2), MT_ILLEGAL_OPERATION);
    struct mt_cap_description d;
    CHECK_OK(mt_cnode_describe(ROOT, i2, ROOT_DEPTH, &d));
    CHECK_EQ(d.type, MT_CAP_TCB);
    CHECK_EQ(d.flags, MT_DESCRIBE_INSPECT_ONLY);
    CHECK_OK(mt_cnode_describe(ROOT, t.tcb, ROOT_DEPTH, &d));
    CHECK_EQ(d.flags, 0);
    /* only TCB and CNode caps have an inspect-only form */
    mt_cptr_t s = slot_alloc(c);
    CHECK_ERR(mt_cnode_copy_inspect(ROOT, s, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH),
              MT_ILLEGAL_OPERATION);
    CHECK_OK(mt_tcb_suspend(t.tcb));
    /* the inspect-only copies are children of the TCB's cap: its Revoke
     * takes them */
    CHECK_OK(mt_cnode_revoke(ROOT, t.tcb, ROOT_DEPTH));
    CHECK_EQ(cap_type(i), MT_CAP_NULL);
    CHECK_EQ(cap_type(i2), MT_CAP_NULL);
    CHECK_OK(mt_tcb_get_info(t.tcb, &in));
    return 0;
}

/* An inspect-only cap names the object like any copy: the object lives
 * while it does, and the last cap going, whichever, destroys it. */
static int t_inspect_keeps_object(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct mt_cap_description d;
    mt_cptr_t b = obj_new(c, MT_OBJ_CNODE, 4), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(b && ep);
    CHECK_OK(mt_cnode_copy(b, 2, 4, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL));
    mt_cptr_t bi = inspect_copy(c, b);
    CHECK(bi);
    CHECK_OK(mt_cnode_delete(ROOT, b, ROOT_DEPTH));
    CHECK_OK(mt_cnode_describe(bi, 2, 4, &d));
    CHECK_EQ(d.type, MT_CAP_ENDPOINT);
    CHECK_OK(mt_cnode_delete(ROOT, bi, ROOT_DEPTH));   /* the last cap: the CNode goes */
    CHECK_OK(mt_cnode_describe(ROOT, ep, ROOT_DEPTH, &d));
    CHECK_EQ(d.type, MT_CAP_ENDPOINT);
    return 0;
}

/* Describe: type, rights, badge or guard of what a slot holds. */
static int t_cnode_describe(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct mt_cap_description d;
    mt_cptr_t orig, ep = obj_minted(c, MT_OBJ_ENDPOINT, MT_RIGHT_WRITE | MT_RIGHT_GRANT, 0x5a,
                                    &orig);
    CHECK(ep);
    CHECK_OK(mt_cnode_describe(ROOT, ep, ROOT_DEPTH, &d));
    CHECK_EQ(d.type, MT_CAP_ENDPOINT);
    CHECK_EQ(d.rights, MT_RIGHT_WRITE | MT_RIGHT_GRANT);
    CHECK_EQ(d.data, 0x5a);
    CHECK_EQ(d.flags, 0);
    mt_cptr_t fr = obj_new(c, MT_OBJ_FRAME_4K, 0);
    CHECK(fr);
    mt_cptr_t ro = cap_copy(c, fr, MT_RIGHT_READ);
    CHECK(ro);
    CHECK_OK(mt_cnode_describe(ROOT, ro, ROOT_DEPTH, &d));
    CHECK_EQ(d.type, MT_CAP_FRAME);
    CHECK_EQ(d.rights, MT_RIGHT_READ);
    CHECK_OK(mt_cnode_describe(ROOT, MT_INIT_CNODE, ROOT_DEPTH, &d));
    CHECK_EQ(d.type, MT_CAP_CNODE);
    CHECK_EQ(d.data & ((1ul << MT_GUARD_SIZE_BITS) - 1), MT_WORD_BITS - c->bi->init_cnode_bits);
    mt_cptr_t empty = slot_alloc(c);
    CHECK_OK(mt_cnode_describe(ROOT, empty, ROOT_DEPTH, &d));
    CHECK_EQ(d.type, MT_CAP_NULL);
    CHECK_EQ(d.rights, 0);
    CHECK_ERR(mt_cnode_describe(ROOT, empty, 0, &d), MT_RANGE_ERROR);
    CHECK_OK(mt_cnode_describe(ROOT, fr, ROOT_DEPTH, &d));
    CHECK_EQ(d.size_bits, MT_PAGE_BITS);
    CHECK_EQ(d.flags, 0);
    return 0;
}

/* Describe of an untyped says what Untyped_Describe says, before and
 * after a Retype from it. */
static int t_cnode_describe_untyped(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct mt_cap_description d;
    struct mt_untyped_info u;
    mt_cptr_t ut = obj_new(c, MT_OBJ_UNTYPED, 16);
    CHECK(ut);
    CHECK_OK(mt_untyped_describe(ut, &u));
    CHECK_OK(mt_cnode_describe(ROOT, ut, ROOT_DEPTH, &d));
    CHECK_EQ(d.type, MT_CAP_UNTYPED);
    CHECK_EQ(d.data, u.paddr);
    CHECK_EQ(d.size_bits, 16);
    CHECK_EQ(d.free_bytes, 1ul << 16);
    CHECK(obj_new_from(c, ut, MT_OBJ_FRAME_4K, 0));
    CHECK_OK(mt_untyped_describe(ut, &u));
    CHECK_OK(mt_cnode_describe(ROOT, ut, ROOT_DEPTH, &d));
    CHECK_EQ(d.free_bytes, u.free_bytes);
    CHECK_EQ(d.free_bytes, (1ul << 16) - 4096);
    CHECK_EQ(d.flags, 0);
    return 0;
}

/* An inspect-only CNode cap: Describe, nothing else; no lookup goes
 * through it, and it is no argument. */
static int t_cnode_inspect_only(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct mt_cap_description d;
    mt_cptr_t a = obj_new(c, MT_OBJ_CNODE, 4), b = obj_new(c, MT_OBJ_CNODE, 4);
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(a && b && ep);
    CHECK_OK(mt_cnode_mint(b, 3, 4, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL, 7));
    mt_cptr_t bi = inspect_copy(c, b);
    CHECK(bi);
    CHECK_OK(mt_cnode_describe(bi, 3, 4, &d));
    CHECK_EQ(d.type, MT_CAP_ENDPOINT);
    CHECK_EQ(d.data, 7);
    CHECK_ERR(mt_cnode_delete(bi, 3, 4), MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_cnode_revoke(bi, 3, 4), MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_cnode_copy(bi, 4, 4, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL), MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_cnode_copy_inspect(bi, 4, 4, ROOT, c->self, ROOT_DEPTH), MT_ILLEGAL_OPERATION);
    mt_cptr_t s = slot_alloc(c);
    CHECK_ERR(mt_cnode_copy(ROOT, s, ROOT_DEPTH, bi, 3, 4, MT_RIGHTS_ALL), MT_INVALID_CAPABILITY);
    /* A holds B at slot 1 and the inspect-only copy at slot 2: a lookup
     * goes through the first, stops at the second */
    CHECK_OK(mt_cnode_copy(a, 1, 4, ROOT, b, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_OK(mt_cnode_copy(a, 2, 4, ROOT, bi, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_OK(mt_cnode_describe(a, (1 << 4) | 3, 8, &d));
    CHECK_EQ(d.type, MT_CAP_ENDPOINT);
    CHECK_ERR(mt_cnode_describe(a, (2 << 4) | 3, 8, &d), MT_FAILED_LOOKUP);
    CHECK_ERR(mt_cnode_delete(a, (2 << 4) | 3, 8), MT_FAILED_LOOKUP);
    CHECK_ERR(mt_cnode_copy(a, (2 << 4) | 5, 8, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL),
              MT_FAILED_LOOKUP);
    CHECK_OK(mt_cnode_describe(a, 2, 4, &d));
    CHECK_EQ(d.flags, MT_DESCRIBE_INSPECT_ONLY);
    /* Mutate with guard data keeps it inspect-only */
    CHECK_OK(mt_cnode_mutate(ROOT, s, ROOT_DEPTH, ROOT, bi, ROOT_DEPTH, mt_cnode_guard(0, 4)));
    CHECK_ERR(mt_cnode_delete(s, 3, 8), MT_ILLEGAL_OPERATION);
    CHECK_OK(mt_cnode_describe(s, 3, 8, &d));
    CHECK_EQ(d.type, MT_CAP_ENDPOINT);
    /* as a thread's CSpace root: refused */
    struct thread t;
    TRY(thread_new(c, &t, 0, 0, LOW_PRIO, 1));
    CHECK_ERR(mt_tcb_set_space(t.tcb, 0, s, 0, VS), MT_INVALID_CAPABILITY);
    /* the endpoint is still B's: the inspect copies changed nothing */
    CHECK_OK(mt_cnode_describe(b, 3, 4, &d));
    CHECK_EQ(d.type, MT_CAP_ENDPOINT);
    return 0;
}

static const struct test inspect_group_tests[] = {
    { "inspect_tcb_get_info", t_tcb_get_info, 0 },
    { "inspect_tcb_inspect_only", t_tcb_inspect_only, 0 },
    { "inspect_keeps_object", t_inspect_keeps_object, 0 },
    { "inspect_cnode_describe", t_cnode_describe, 0 },
    { "inspect_cnode_describe_untyped", t_cnode_describe_untyped, 0 },
    { "inspect_cnode_inspect_only", t_cnode_inspect_only, 0 },
};
GROUP(inspect_group);
