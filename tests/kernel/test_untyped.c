/* SPDX-License-Identifier: BSD-2-Clause */
/* Untyped_Retype: every object type, sizes, watermark, exhaustion, device
 * memory, revoke. */
#include "ktest.h"

static const int type_bits[MT_OBJ_COUNT] = {
    [MT_OBJ_UNTYPED] = 12, [MT_OBJ_CNODE] = 4,
};
static const int type_cap[MT_OBJ_COUNT] = {
    [MT_OBJ_UNTYPED] = MT_CAP_UNTYPED, [MT_OBJ_TCB] = MT_CAP_TCB,
    [MT_OBJ_ENDPOINT] = MT_CAP_ENDPOINT, [MT_OBJ_NOTIFICATION] = MT_CAP_NOTIFICATION,
    [MT_OBJ_CNODE] = MT_CAP_CNODE, [MT_OBJ_FRAME_4K] = MT_CAP_FRAME,
    [MT_OBJ_FRAME_2M] = MT_CAP_FRAME, [MT_OBJ_PAGE_TABLE] = MT_CAP_PAGE_TABLE,
    [MT_OBJ_VSPACE] = MT_CAP_VSPACE, [MT_OBJ_FPU] = MT_CAP_FPU,
};

static int t_retype_type(struct ctx *c, mt_word_t type)
{
    mt_cptr_t s = obj_new(c, (int)type, type_bits[type]);
    CHECK(s);
    CHECK_EQ(cap_type(s), type_cap[type]);
    return 0;
}

static int t_retype_many(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t s = slot_alloc_n(c, 8);
    CHECK_OK(mt_untyped_retype(c->ut, MT_OBJ_ENDPOINT, 0, ROOT, 0, 0, s, 8));
    for (int i = 0; i < 8; i++)
        CHECK_EQ(cap_type(s + (mt_word_t)i), MT_CAP_ENDPOINT);
    return 0;
}

/* Objects come from the untyped in order: consecutive frames. */
static int t_watermark(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t a1 = 0, a2 = 0;
    mt_cptr_t sub = obj_new(c, MT_OBJ_UNTYPED, 16);
    mt_cptr_t f1 = obj_new_from(c, sub, MT_OBJ_FRAME_4K, 0);
    mt_cptr_t f2 = obj_new_from(c, sub, MT_OBJ_FRAME_4K, 0);
    CHECK(f1 && f2);
    CHECK_OK(mt_frame_get_address(f1, &a1));
    CHECK_OK(mt_frame_get_address(f2, &a2));
    CHECK_EQ(a1 & (MT_PAGE_SIZE - 1), 0);
    CHECK_EQ(a2, a1 + MT_PAGE_SIZE);
    return 0;
}

static int t_exhaustion(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t sub = obj_new(c, MT_OBJ_UNTYPED, 14);
    mt_cptr_t s = slot_alloc_n(c, 5);
    CHECK(sub && s);
    CHECK_OK(mt_untyped_retype(sub, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s, 4));
    CHECK_ERR(mt_untyped_retype(sub, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s + 4, 1),
              MT_NOT_ENOUGH_MEMORY);
    CHECK_EQ(mt_get_mr(0), 0);
    CHECK_EQ(cap_type(s + 4), MT_CAP_NULL);
    return 0;
}

/* A retype that does not fit creates nothing at all. */
static int t_exhaustion_count(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t sub = obj_new(c, MT_OBJ_UNTYPED, 14);
    mt_cptr_t s = slot_alloc_n(c, 5);
    CHECK(sub && s);
    CHECK_ERR(mt_untyped_retype(sub, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s, 5),
              MT_NOT_ENOUGH_MEMORY);
    CHECK_EQ(mt_get_mr(0), 1ul << 14);
    for (int i = 0; i < 5; i++)
        CHECK_EQ(cap_type(s + (mt_word_t)i), MT_CAP_NULL);
    CHECK_OK(mt_untyped_retype(sub, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s, 4));
    return 0;
}

static int t_revoke_resets_watermark(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t first = 0, again = 0;
    mt_cptr_t sub = obj_new(c, MT_OBJ_UNTYPED, 14);
    mt_cptr_t s = slot_alloc_n(c, 5);
    CHECK(sub && s);
    CHECK_OK(mt_untyped_retype(sub, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s, 4));
    CHECK_OK(mt_frame_get_address(s, &first));
    CHECK_OK(mt_cnode_revoke(ROOT, sub, ROOT_DEPTH));
    for (int i = 0; i < 4; i++)
        CHECK_EQ(cap_type(s + (mt_word_t)i), MT_CAP_NULL);
    CHECK_OK(mt_untyped_retype(sub, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s + 4, 1));
    CHECK_OK(mt_frame_get_address(s + 4, &again));
    CHECK_EQ(again, first);
    return 0;
}

/* A frame after a small object is aligned to its size: the gap is lost. */
static int t_alignment_padding(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t a = 0;
    mt_cptr_t sub = obj_new(c, MT_OBJ_UNTYPED, 14);
    CHECK(obj_new_from(c, sub, MT_OBJ_ENDPOINT, 0));
    mt_cptr_t s = slot_alloc_n(c, 4);
    CHECK_OK(mt_untyped_retype(sub, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s, 3));
    CHECK_OK(mt_frame_get_address(s, &a));
    CHECK_EQ(a & (MT_PAGE_SIZE - 1), 0);
    CHECK_ERR(mt_untyped_retype(sub, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s + 3, 1),
              MT_NOT_ENOUGH_MEMORY);
    return 0;
}

static int t_frame_2m_aligned(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t a = 0;
    CHECK(obj_new(c, MT_OBJ_ENDPOINT, 0));
    mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_2M, 0);
    CHECK(f);
    CHECK_OK(mt_frame_get_address(f, &a));
    CHECK_EQ(a & ((1ul << MT_FRAME_2M_SIZE_BITS) - 1), 0);
    return 0;
}

/* Memory handed out again after a revoke is zeroed. */
static int t_retype_zeroes(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t sub = obj_new(c, MT_OBJ_UNTYPED, 12);
    mt_cptr_t f = obj_new_from(c, sub, MT_OBJ_FRAME_4K, 0);
    mt_word_t v = vaddr_alloc(c, 1);
    CHECK(f);
    CHECK_OK(map_frame(c, VS, f, v, MT_VM_READ | MT_VM_WRITE));
    memset((void *)v, 0xa5, MT_PAGE_SIZE);
    CHECK_OK(mt_cnode_revoke(ROOT, sub, ROOT_DEPTH));
    CHECK_OK(mt_untyped_retype(sub, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, f, 1));
    CHECK_OK(map_frame(c, VS, f, v, MT_VM_READ | MT_VM_WRITE));
    for (int i = 0; i < (int)(MT_PAGE_SIZE / 8); i++)
        CHECK_EQ(((volatile mt_word_t *)v)[i], 0);
    return 0;
}

/* Retype straight into a CNode other than the root, then find it there. */
static int t_retype_into_cnode(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t cn = obj_new(c, MT_OBJ_CNODE, 4);
    mt_cptr_t dst = slot_alloc(c);
    CHECK(cn && dst);
    CHECK_OK(mt_untyped_retype(c->ut, MT_OBJ_ENDPOINT, 0, ROOT, cn, ROOT_DEPTH, 3, 1));
    CHECK_OK(mt_cnode_move(ROOT, dst, ROOT_DEPTH, cn, 3, 4));
    CHECK_EQ(cap_type(dst), MT_CAP_ENDPOINT);
    return 0;
}

static int t_child_too_big(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t s = slot_alloc(c);
    CHECK_ERR(mt_untyped_retype(c->ut, MT_OBJ_UNTYPED, TEST_UT_BITS + 1, ROOT, 0, 0, s, 1),
              MT_NOT_ENOUGH_MEMORY);
    /* the runner took the start of ut for the test thread: half still fits */
    CHECK_OK(mt_untyped_retype(c->ut, MT_OBJ_UNTYPED, TEST_UT_BITS - 1, ROOT, 0, 0, s, 1));
    return 0;
}

static int t_device_frames(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t a = 0;
    mt_cptr_t f = device_frame(c, RTC_PADDR);
    CHECK(f);
    CHECK_EQ(cap_type(f), MT_CAP_FRAME);
    CHECK_OK(mt_frame_get_address(f, &a));
    CHECK_EQ(a, RTC_PADDR);
    return 0;
}

static int t_device_no_kernel_objects(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static const int types[] = { MT_OBJ_TCB, MT_OBJ_ENDPOINT, MT_OBJ_NOTIFICATION,
                                 MT_OBJ_CNODE, MT_OBJ_PAGE_TABLE, MT_OBJ_VSPACE };
    mt_cptr_t dev = device_untyped_for(c, RTC_PADDR, 0);
    mt_cptr_t s = slot_alloc(c);
    CHECK(dev && s);
    for (int i = 0; i < (int)(sizeof types / sizeof types[0]); i++) {
        CHECK_ERR(mt_untyped_retype(dev, types[i], 4, ROOT, 0, 0, s, 1), MT_INVALID_ARGUMENT);
        CHECK_EQ(cap_type(s), MT_CAP_NULL);
    }
    return 0;
}

/* A copy of an untyped takes its memory over: the original is full while
 * the copy lives, and stays so after the copy is deleted while what the
 * copy made still lives — the two never hand out the same bytes. */
static int t_copy_takes_over(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct mt_untyped_info i;
    mt_cptr_t u = obj_new(c, MT_OBJ_UNTYPED, 14), u1 = slot_alloc(c), s = slot_alloc_n(c, 2);
    mt_word_t a = 0, b = 0;
    CHECK(u && u1 && s);
    CHECK_OK(mt_cnode_copy(ROOT, u1, ROOT_DEPTH, ROOT, u, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_OK(mt_untyped_describe(u, &i));
    CHECK_EQ(i.free_bytes, 0);
    CHECK_OK(mt_untyped_retype(u1, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s, 1));
    CHECK_OK(mt_cnode_delete(ROOT, u1, ROOT_DEPTH));
    CHECK_ERR(mt_untyped_retype(u, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s + 1, 1),
              MT_NOT_ENOUGH_MEMORY);
    CHECK_OK(mt_cnode_revoke(ROOT, u, ROOT_DEPTH));
    CHECK_EQ(cap_type(s), MT_CAP_NULL);
    CHECK_OK(mt_untyped_retype(u, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s + 1, 1));
    CHECK_OK(mt_frame_get_address(s + 1, &a));
    CHECK_OK(mt_untyped_describe(u, &i));
    b = i.paddr;
    CHECK_EQ(a, b);
    return 0;
}

/* Describe follows the watermark: all free, then less by what was made,
 * then all free again once everything made from it is revoked. */
static int t_describe(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct mt_untyped_info i;
    mt_cptr_t sub = obj_new(c, MT_OBJ_UNTYPED, 14);
    mt_cptr_t s = slot_alloc_n(c, 3);
    mt_word_t first = 0;
    CHECK(sub && s);
    CHECK_OK(mt_untyped_describe(sub, &i));
    CHECK_EQ(i.size_bits, 14);
    CHECK_EQ(i.free_bytes, 1u << 14);
    CHECK_EQ(i.device, 0);
    CHECK_OK(mt_untyped_retype(sub, MT_OBJ_ENDPOINT, 0, ROOT, 0, 0, s, 1));
    CHECK_OK(mt_untyped_retype(sub, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, s + 1, 1));
    CHECK_OK(mt_frame_get_address(s + 1, &first));
    CHECK_OK(mt_untyped_describe(sub, &i));
    /* the endpoint (16 bytes) is padded to the frame's 4 KiB alignment */
    CHECK_EQ(i.free_bytes, (1u << 14) - 2 * MT_PAGE_SIZE);
    CHECK_EQ(first, i.paddr + MT_PAGE_SIZE);
    CHECK_OK(mt_cnode_revoke(ROOT, sub, ROOT_DEPTH));
    CHECK_OK(mt_untyped_describe(sub, &i));
    CHECK_EQ(i.free_bytes, 1u << 14);
    return 0;
}

static int t_describe_device(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct mt_untyped_info i;
    mt_cptr_t dev = device_untyped_for(c, RTC_PADDR, 0);
    CHECK(dev);
    CHECK_OK(mt_untyped_describe(dev, &i));
    CHECK_EQ(i.device, 1);
    CHECK(i.paddr <= RTC_PADDR && RTC_PADDR < i.paddr + (1ul << i.size_bits));
    return 0;
}

static const struct test untyped_group_tests[] = {
    { "untyped_copy_takes_memory_over", t_copy_takes_over, 0 },
    { "untyped_describe_follows_watermark", t_describe, 0 },
    { "untyped_describe_device", t_describe_device, 0 },
    { "untyped_retype_untyped", t_retype_type, MT_OBJ_UNTYPED },
    { "untyped_retype_tcb", t_retype_type, MT_OBJ_TCB },
    { "untyped_retype_endpoint", t_retype_type, MT_OBJ_ENDPOINT },
    { "untyped_retype_notification", t_retype_type, MT_OBJ_NOTIFICATION },
    { "untyped_retype_cnode", t_retype_type, MT_OBJ_CNODE },
    { "untyped_retype_frame_4k", t_retype_type, MT_OBJ_FRAME_4K },
    { "untyped_retype_frame_2m", t_retype_type, MT_OBJ_FRAME_2M },
    { "untyped_retype_page_table", t_retype_type, MT_OBJ_PAGE_TABLE },
    { "untyped_retype_vspace", t_retype_type, MT_OBJ_VSPACE },
    { "untyped_retype_fpu", t_retype_type, MT_OBJ_FPU },
    { "untyped_retype_count_8", t_retype_many, 0 },
    { "untyped_watermark_consecutive", t_watermark, 0 },
    { "untyped_exhaustion", t_exhaustion, 0 },
    { "untyped_exhaustion_creates_nothing", t_exhaustion_count, 0 },
    { "untyped_revoke_resets_watermark", t_revoke_resets_watermark, 0 },
    { "untyped_alignment_padding", t_alignment_padding, 0 },
    { "untyped_frame_2m_aligned", t_frame_2m_aligned, 0 },
    { "untyped_retype_zeroes_memory", t_retype_zeroes, 0 },
    { "untyped_retype_into_other_cnode", t_retype_into_cnode, 0 },
    { "untyped_child_too_big", t_child_too_big, 0 },
    { "untyped_device_frame_at_paddr", t_device_frames, 0 },
    { "untyped_device_no_kernel_objects", t_device_no_kernel_objects, 0 },
};
GROUP(untyped_group);
