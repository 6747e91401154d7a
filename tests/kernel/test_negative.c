/* SPDX-License-Identifier: BSD-2-Clause */
/* Negative tests for every invocation: a cap of the wrong type, a message
 * too short for its arguments, bad types and sizes, out-of-range slots,
 * null caps and unknown labels. */
#include "ktest.h"

/* A cap of a type that accepts label (want_right) or one that does not. */
static mt_cptr_t cap_for(struct ctx *c, mt_word_t label, int want_right)
{
    if (!want_right)   /* page tables take only their own two labels */
        return label == MT_PAGE_TABLE_MAP || label == MT_PAGE_TABLE_UNMAP
               ? obj_new(c, MT_OBJ_TCB, 0) : obj_new(c, MT_OBJ_PAGE_TABLE, 0);
    if (label == MT_UNTYPED_RETYPE)
        return c->ut;
    if (label <= MT_TCB_UNBIND_NOTIFICATION)
        return obj_new(c, MT_OBJ_TCB, 0);
    if (label <= MT_CNODE_CANCEL_BADGED_SENDS)
        return ROOT;
    if (label == MT_IRQ_CONTROL_GET)
        return MT_INIT_IRQ_CONTROL;
    if (label <= MT_IRQ_HANDLER_CLEAR) {
        mt_cptr_t h = slot_alloc(c);
        return h && !mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, h, ROOT_DEPTH)
               ? h : 0;
    }
    if (label == MT_ASID_CONTROL_MAKE_POOL)
        return MT_INIT_ASID_CONTROL;
    if (label == MT_ASID_POOL_ASSIGN)
        return MT_INIT_ASID_POOL;
    if (label <= MT_FRAME_GET_ADDRESS)
        return obj_new(c, MT_OBJ_FRAME_4K, 0);
    return obj_new(c, MT_OBJ_PAGE_TABLE, 0);
}

static int t_wrong_cap_type(struct ctx *c, mt_word_t label)
{
    mt_cptr_t cap = cap_for(c, label, 0);
    CHECK(cap);
    mt_word_t mr[8] = { 0 };
    mt_cptr_t caps[1] = { ROOT };
    CHECK_ERR(mt_invoke(cap, label, 8, mr, 1, caps), MT_ILLEGAL_OPERATION);
    return 0;
}

static int t_truncated(struct ctx *c, mt_word_t label)
{
    mt_cptr_t cap = cap_for(c, label, 1);
    CHECK(cap);
    CHECK_ERR(mt_invoke(cap, label, 0, 0, 0, 0), MT_TRUNCATED_MESSAGE);
    return 0;
}

static int t_null_cap(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t empty = slot_alloc(c);
    mt_word_t info = mt_call(empty, mt_msginfo(MT_TCB_SUSPEND, 0, 0, 0));
    CHECK_EQ(mt_msginfo_label(info), MT_INVALID_CAPABILITY);
    info = mt_call(MT_INIT_NULL, mt_msginfo(MT_CNODE_DELETE, 0, 0, 0));
    CHECK_EQ(mt_msginfo_label(info), MT_INVALID_CAPABILITY);
    return 0;
}

static int t_unknown_label(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t caps[] = {
        c->ut, obj_new(c, MT_OBJ_TCB, 0), ROOT, obj_new(c, MT_OBJ_FRAME_4K, 0),
        obj_new(c, MT_OBJ_PAGE_TABLE, 0), obj_new(c, MT_OBJ_VSPACE, 0),
        MT_INIT_IRQ_CONTROL, cap_for(c, MT_IRQ_HANDLER_ACK, 1),
        MT_INIT_ASID_CONTROL, MT_INIT_ASID_POOL,
    };
    for (int i = 0; i < (int)(sizeof caps / sizeof caps[0]); i++) {
        CHECK(caps[i]);
        CHECK_ERR(mt_invoke(caps[i], MT_INVOCATION_COUNT + 7, 0, 0, 0, 0),
                  MT_ILLEGAL_OPERATION);
        CHECK_ERR(mt_invoke(caps[i], MT_INVALID_INVOCATION, 0, 0, 0, 0),
                  MT_ILLEGAL_OPERATION);
    }
    return 0;
}

/* Untyped_Retype with one bad argument; arg selects which. */
static int t_retype_bad(struct ctx *c, mt_word_t which)
{
    static const struct { int type, bits; mt_word_t offset, count; int want; } k[] = {
        { MT_OBJ_COUNT, 0, 0, 1, MT_INVALID_ARGUMENT },
        { MT_OBJ_UNTYPED, MT_UNTYPED_MIN_BITS - 1, 0, 1, MT_RANGE_ERROR },
        { MT_OBJ_UNTYPED, MT_UNTYPED_MAX_BITS + 1, 0, 1, MT_RANGE_ERROR },
        { MT_OBJ_CNODE, 0, 0, 1, MT_RANGE_ERROR },
        { MT_OBJ_CNODE, MT_CNODE_MAX_RADIX + 1, 0, 1, MT_RANGE_ERROR },
        { MT_OBJ_ENDPOINT, 0, 1ul << MT_INIT_CNODE_BITS, 1, MT_RANGE_ERROR },
        { MT_OBJ_ENDPOINT, 0, 0, 0, MT_RANGE_ERROR },
        { MT_OBJ_ENDPOINT, 0, (1ul << MT_INIT_CNODE_BITS) - 2, 4, MT_RANGE_ERROR },
    };
    mt_cptr_t s = slot_alloc(c);
    mt_word_t off = k[which].offset ? k[which].offset : s;
    CHECK_ERR(mt_untyped_retype(c->ut, k[which].type, k[which].bits, ROOT, 0, 0, off,
                                k[which].count), k[which].want);
    CHECK_EQ(cap_type(s), MT_CAP_NULL);
    return 0;
}

static int t_retype_dest(struct ctx *c, mt_word_t which)
{
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), s = slot_alloc(c);
    CHECK(ep);
    if (which == 0)
        CHECK_ERR(mt_untyped_retype(c->ut, MT_OBJ_ENDPOINT, 0, ROOT, 0, 0, ep, 1),
                  MT_DELETE_FIRST);
    if (which == 1)   /* the destination root is not a CNode */
        CHECK_ERR(mt_untyped_retype(c->ut, MT_OBJ_ENDPOINT, 0, ep, 0, 0, s, 1),
                  MT_FAILED_LOOKUP);
    if (which == 2)   /* the node (index, depth) names no CNode */
        CHECK_ERR(mt_untyped_retype(c->ut, MT_OBJ_ENDPOINT, 0, ROOT, ep, ROOT_DEPTH, 0, 1),
                  MT_FAILED_LOOKUP);
    CHECK_EQ(cap_type(s), MT_CAP_NULL);
    return 0;
}

/* Slot arguments out of range for every CNode operation. */
static int t_cnode_out_of_range(struct ctx *c, mt_word_t label)
{
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    mt_word_t bad = 1ul << 50;
    mt_word_t mr[6] = { bad, ROOT_DEPTH, ep, ROOT_DEPTH, MT_RIGHTS_ALL, 0 };
    mt_cptr_t caps[1] = { ROOT };
    CHECK_ERR(mt_invoke(ROOT, label, 6, mr, 1, caps), MT_FAILED_LOOKUP);
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    return 0;
}

#define WRONG(l) { "neg_wrong_cap_" #l, t_wrong_cap_type, MT_##l }
#define TRUNC(l) { "neg_truncated_" #l, t_truncated, MT_##l }
#define RANGE(l) { "neg_slot_out_of_range_" #l, t_cnode_out_of_range, MT_##l }

static const struct test negative_group_tests[] = {
    WRONG(UNTYPED_RETYPE), WRONG(TCB_CONFIGURE), WRONG(TCB_SET_PRIORITY),
    WRONG(TCB_SET_MC_PRIORITY), WRONG(TCB_SET_SPACE), WRONG(TCB_SET_IPC_BUFFER),
    WRONG(TCB_READ_REGISTERS), WRONG(TCB_WRITE_REGISTERS), WRONG(TCB_SUSPEND),
    WRONG(TCB_RESUME), WRONG(TCB_BIND_NOTIFICATION), WRONG(TCB_UNBIND_NOTIFICATION),
    WRONG(CNODE_REVOKE), WRONG(CNODE_DELETE), WRONG(CNODE_COPY), WRONG(CNODE_MINT),
    WRONG(CNODE_MOVE), WRONG(CNODE_MUTATE), WRONG(CNODE_CANCEL_BADGED_SENDS),
    WRONG(IRQ_CONTROL_GET), WRONG(IRQ_HANDLER_ACK), WRONG(IRQ_HANDLER_SET_NOTIFICATION),
    WRONG(IRQ_HANDLER_CLEAR), WRONG(FRAME_MAP), WRONG(FRAME_UNMAP),
    WRONG(FRAME_GET_ADDRESS), WRONG(PAGE_TABLE_MAP), WRONG(PAGE_TABLE_UNMAP),
    WRONG(ASID_CONTROL_MAKE_POOL), WRONG(ASID_POOL_ASSIGN),
    TRUNC(UNTYPED_RETYPE), TRUNC(TCB_CONFIGURE), TRUNC(TCB_SET_PRIORITY),
    TRUNC(TCB_SET_MC_PRIORITY), TRUNC(TCB_SET_SPACE), TRUNC(TCB_SET_IPC_BUFFER),
    TRUNC(TCB_READ_REGISTERS), TRUNC(TCB_WRITE_REGISTERS), TRUNC(TCB_BIND_NOTIFICATION),
    TRUNC(CNODE_REVOKE), TRUNC(CNODE_DELETE), TRUNC(CNODE_COPY), TRUNC(CNODE_MINT),
    TRUNC(CNODE_MOVE), TRUNC(CNODE_MUTATE), TRUNC(CNODE_CANCEL_BADGED_SENDS),
    TRUNC(IRQ_CONTROL_GET), TRUNC(IRQ_HANDLER_SET_NOTIFICATION), TRUNC(FRAME_MAP),
    TRUNC(PAGE_TABLE_MAP), TRUNC(ASID_CONTROL_MAKE_POOL), TRUNC(ASID_POOL_ASSIGN),
    RANGE(CNODE_REVOKE), RANGE(CNODE_DELETE), RANGE(CNODE_COPY), RANGE(CNODE_MINT),
    RANGE(CNODE_MOVE), RANGE(CNODE_MUTATE), RANGE(CNODE_CANCEL_BADGED_SENDS),
    { "neg_invoke_null_cap", t_null_cap, 0 },
    { "neg_unknown_label_every_type", t_unknown_label, 0 },
    { "neg_retype_bad_type", t_retype_bad, 0 },
    { "neg_retype_untyped_too_small", t_retype_bad, 1 },
    { "neg_retype_untyped_too_big", t_retype_bad, 2 },
    { "neg_retype_cnode_radix_zero", t_retype_bad, 3 },
    { "neg_retype_cnode_radix_too_big", t_retype_bad, 4 },
    { "neg_retype_offset_out_of_range", t_retype_bad, 5 },
    { "neg_retype_count_zero", t_retype_bad, 6 },
    { "neg_retype_window_past_end", t_retype_bad, 7 },
    { "neg_retype_dest_occupied", t_retype_dest, 0 },
    { "neg_retype_root_not_cnode", t_retype_dest, 1 },
    { "neg_retype_node_not_cnode", t_retype_dest, 2 },
};
GROUP(negative_group);
