/* SPDX-License-Identifier: BSD-2-Clause */
/* CNode invocations: Copy, Mint, Move, Mutate, Delete, Revoke, guards and
 * depths. */
#include "ktest.h"

static mt_cptr_t new_ep(struct ctx *c) { return obj_new(c, MT_OBJ_ENDPOINT, 0); }

static int t_copy(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c), dst = slot_alloc(c);
    CHECK(ep && dst);
    CHECK_OK(mt_cnode_copy(ROOT, dst, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_EQ(cap_type(dst), MT_CAP_ENDPOINT);
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    return 0;
}

static int t_copy_dest_occupied(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c), other = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(ep && other);
    CHECK_ERR(mt_cnode_copy(ROOT, other, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL),
              MT_DELETE_FIRST);
    CHECK_EQ(cap_type(other), MT_CAP_NOTIFICATION);
    return 0;
}

static int t_copy_src_empty(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t empty = slot_alloc(c), dst = slot_alloc(c);
    CHECK_ERR(mt_cnode_copy(ROOT, dst, ROOT_DEPTH, ROOT, empty, ROOT_DEPTH, MT_RIGHTS_ALL),
              MT_FAILED_LOOKUP);
    CHECK_EQ(mt_get_mr(0), 1);
    CHECK_EQ(cap_type(dst), MT_CAP_NULL);
    return 0;
}

/* A frame minted read-only cannot be mapped writable, and rights never grow
 * back through a later copy. */
static int t_mint_rights(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_4K, 0);
    CHECK(f);
    mt_cptr_t ro = cap_mint(c, f, MT_RIGHT_READ, 0);
    mt_cptr_t again = ro ? cap_copy(c, ro, MT_RIGHTS_ALL) : 0;
    CHECK(ro && again);
    mt_word_t v = vaddr_alloc(c, 1);
    CHECK_ERR(map_frame(c, VS, ro, v, MT_VM_READ | MT_VM_WRITE), MT_INVALID_ARGUMENT);
    CHECK_ERR(map_frame(c, VS, again, v, MT_VM_READ | MT_VM_WRITE), MT_INVALID_ARGUMENT);
    CHECK_OK(map_frame(c, VS, again, v, MT_VM_READ));
    CHECK_EQ(*(volatile mt_word_t *)v, 0);
    return 0;
}

static int t_move(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c), dst = slot_alloc(c);
    CHECK(ep && dst);
    CHECK_OK(mt_cnode_move(ROOT, dst, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH));
    CHECK_EQ(cap_type(ep), MT_CAP_NULL);
    CHECK_EQ(cap_type(dst), MT_CAP_ENDPOINT);
    return 0;
}

static int t_move_dest_occupied(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c), other = new_ep(c);
    CHECK(ep && other);
    CHECK_ERR(mt_cnode_move(ROOT, other, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH), MT_DELETE_FIRST);
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    return 0;
}

static int t_move_src_empty(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t empty = slot_alloc(c), dst = slot_alloc(c);
    CHECK_ERR(mt_cnode_move(ROOT, dst, ROOT_DEPTH, ROOT, empty, ROOT_DEPTH), MT_FAILED_LOOKUP);
    CHECK_EQ(mt_get_mr(0), 1);
    return 0;
}

static volatile mt_word_t seen_badge, seen_label;

static void recv_badge(mt_word_t ep)
{
    mt_word_t badge = 0;
    seen_label = mt_msginfo_label(mt_recv(ep, &badge));
    seen_badge = badge;
}

/* The badge a message sent through send_cap carries. */
static int badge_via_ipc(struct ctx *c, mt_cptr_t send_cap, mt_cptr_t recv_cap, mt_word_t *badge)
{
    struct thread t;
    seen_label = 0;
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, recv_badge, recv_cap));
    mt_send(send_cap, mt_msginfo(0x33, 0, 0, 0));
    CHECK_EQ(seen_label, 0x33);
    *badge = seen_badge;
    return 0;
}

static int t_mint_badge(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t badge = 0;
    mt_cptr_t ep = new_ep(c);
    mt_cptr_t b = ep ? cap_mint(c, ep, MT_RIGHTS_ALL, 0x42) : 0;
    CHECK(b);
    TRY(badge_via_ipc(c, b, ep, &badge));
    CHECK_EQ(badge, 0x42);
    TRY(badge_via_ipc(c, ep, ep, &badge));
    CHECK_EQ(badge, 0);
    return 0;
}

/* A badge comes only with Mint (a new, revocable cap), as in seL4: Mutate
 * refuses one and leaves the source alone; without data it is a Move. */
static int t_mutate_badge(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t badge = 1;
    mt_cptr_t ep = new_ep(c), dst = slot_alloc(c);
    CHECK(ep && dst);
    CHECK_ERR(mt_cnode_mutate(ROOT, dst, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, 5),
              MT_ILLEGAL_OPERATION);
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    CHECK_EQ(cap_type(dst), MT_CAP_NULL);
    CHECK_OK(mt_cnode_mutate(ROOT, dst, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, 0));
    CHECK_EQ(cap_type(ep), MT_CAP_NULL);
    TRY(badge_via_ipc(c, dst, dst, &badge));
    CHECK_EQ(badge, 0);
    return 0;
}

static int t_delete(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c), empty = slot_alloc(c);
    CHECK(ep);
    CHECK_OK(mt_cnode_delete(ROOT, ep, ROOT_DEPTH));
    CHECK_EQ(cap_type(ep), MT_CAP_NULL);
    CHECK_OK(mt_cnode_delete(ROOT, empty, ROOT_DEPTH));
    return 0;
}

/* Deleting a parent leaves its copies working. */
static int t_delete_parent_keeps_copy(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t badge = 1;
    mt_cptr_t ep = new_ep(c);
    mt_cptr_t cp = ep ? cap_copy(c, ep, MT_RIGHTS_ALL) : 0;
    CHECK(cp);
    CHECK_OK(mt_cnode_delete(ROOT, ep, ROOT_DEPTH));
    CHECK_EQ(cap_type(cp), MT_CAP_ENDPOINT);
    TRY(badge_via_ipc(c, cp, cp, &badge));
    CHECK_EQ(badge, 0);
    return 0;
}

static int t_revoke(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c);
    CHECK(ep);
    mt_cptr_t c1 = cap_copy(c, ep, MT_RIGHTS_ALL);
    mt_cptr_t c2 = c1 ? cap_copy(c, c1, MT_RIGHT_WRITE) : 0;
    mt_cptr_t b = cap_mint(c, ep, MT_RIGHTS_ALL, 9);
    CHECK(c2 && b);
    CHECK_OK(mt_cnode_revoke(ROOT, ep, ROOT_DEPTH));
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    CHECK_EQ(cap_type(c1), MT_CAP_NULL);
    CHECK_EQ(cap_type(c2), MT_CAP_NULL);
    CHECK_EQ(cap_type(b), MT_CAP_NULL);
    return 0;
}

static int t_revoke_leaf(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c), empty = slot_alloc(c);
    CHECK(ep);
    CHECK_OK(mt_cnode_revoke(ROOT, ep, ROOT_DEPTH));
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    CHECK_OK(mt_cnode_revoke(ROOT, empty, ROOT_DEPTH));
    return 0;
}

/* A 16-slot CNode minted with guard 0x5 (4 bits), an endpoint in slot 3. */
static mt_cptr_t guarded_cnode(struct ctx *c)
{
    mt_cptr_t cn = obj_new(c, MT_OBJ_CNODE, 4);
    if (!cn || mt_untyped_retype(c->ut, MT_OBJ_ENDPOINT, 0, ROOT, cn, ROOT_DEPTH, 3, 1))
        return 0;
    return cap_mint(c, cn, MT_RIGHTS_ALL, mt_cnode_guard(0x5, 4));
}

static int t_guard_lookup(struct ctx *c, mt_word_t arg)
{
    mt_cptr_t g = guarded_cnode(c), dst = slot_alloc(c);
    CHECK(g && dst);
    /* the guard is matched against the top bits of the depth window */
    static const mt_word_t index[] = { (0x5 << 4) | 3, (0x6 << 4) | 3, (0x5 << 3) | 3 };
    static const int depth[] = { 8, 8, 7 };
    static const int fail[] = { 0, MT_LOOKUP_GUARD_MISMATCH, MT_LOOKUP_DEPTH_MISMATCH };
    int err = mt_cnode_copy(ROOT, dst, ROOT_DEPTH, g, index[arg], depth[arg], MT_RIGHTS_ALL);
    if (!fail[arg]) {
        CHECK_OK(err);
        CHECK_EQ(cap_type(dst), MT_CAP_ENDPOINT);
        return 0;
    }
    CHECK_ERR(err, MT_FAILED_LOOKUP);
    CHECK_EQ(mt_get_mr(0), 1);
    CHECK_EQ(mt_get_mr(1), fail[arg]);
    return 0;
}

/* root -> A[2] -> B[7]: a 4 + 4 bit path through two CNodes. */
static int t_two_level(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t a = obj_new(c, MT_OBJ_CNODE, 4), b = obj_new(c, MT_OBJ_CNODE, 4);
    mt_cptr_t dst = slot_alloc(c);
    CHECK(a && b && dst);
    CHECK_OK(mt_untyped_retype(c->ut, MT_OBJ_NOTIFICATION, 0, ROOT, b, ROOT_DEPTH, 7, 1));
    CHECK_OK(mt_cnode_copy(a, 2, 4, ROOT, b, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_OK(mt_cnode_copy(ROOT, dst, ROOT_DEPTH, a, (2 << 4) | 7, 8, MT_RIGHTS_ALL));
    CHECK_EQ(cap_type(dst), MT_CAP_NOTIFICATION);
    CHECK_OK(mt_cnode_delete(a, (2 << 4) | 7, 8));
    mt_cptr_t dst2 = slot_alloc(c);
    CHECK_ERR(mt_cnode_copy(ROOT, dst2, ROOT_DEPTH, a, (2 << 4) | 7, 8, MT_RIGHTS_ALL),
              MT_FAILED_LOOKUP);
    return 0;
}

static int t_depth_range(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c);
    CHECK(ep);
    CHECK_ERR(mt_cnode_delete(ROOT, ep, 0), MT_RANGE_ERROR);
    CHECK_ERR(mt_cnode_delete(ROOT, ep, MT_WORD_BITS + 1), MT_RANGE_ERROR);
    CHECK_ERR(mt_cnode_revoke(ROOT, ep, MT_WORD_BITS + 1), MT_RANGE_ERROR);
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    return 0;
}

static int t_root_guard_mismatch(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c);
    CHECK(ep);
    CHECK_ERR(mt_cnode_delete(ROOT, ep | (1ul << 40), ROOT_DEPTH), MT_FAILED_LOOKUP);
    CHECK_EQ(mt_get_mr(1), MT_LOOKUP_GUARD_MISMATCH);
    CHECK_ERR(mt_cnode_delete(ROOT, ep, ROOT_DEPTH - 1), MT_FAILED_LOOKUP);
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    return 0;
}

static int t_mint_badged_again(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c);
    mt_cptr_t b = ep ? cap_mint(c, ep, MT_RIGHTS_ALL, 3) : 0;
    mt_cptr_t dst = slot_alloc(c);
    CHECK(b && dst);
    CHECK_ERR(mt_cnode_mint(ROOT, dst, ROOT_DEPTH, ROOT, b, ROOT_DEPTH, MT_RIGHTS_ALL, 4),
              MT_ILLEGAL_OPERATION);
    CHECK_EQ(cap_type(dst), MT_CAP_NULL);
    return 0;
}

static int t_mint_bad_guard(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t cn = obj_new(c, MT_OBJ_CNODE, 4), dst = slot_alloc(c);
    CHECK(cn && dst);
    CHECK_ERR(mt_cnode_mint(ROOT, dst, ROOT_DEPTH, ROOT, cn, ROOT_DEPTH, MT_RIGHTS_ALL,
                            mt_cnode_guard(0, 61)),
              MT_ILLEGAL_OPERATION);
    CHECK_EQ(cap_type(dst), MT_CAP_NULL);
    return 0;
}

static int t_cancel_badged_sends(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = new_ep(c);
    mt_cptr_t b = ep ? cap_mint(c, ep, MT_RIGHTS_ALL, 3) : 0;
    CHECK(b);
    CHECK_OK(mt_cnode_cancel_badged_sends(ROOT, b, ROOT_DEPTH));
    CHECK_OK(mt_cnode_cancel_badged_sends(ROOT, ep, ROOT_DEPTH));
    CHECK_EQ(cap_type(b), MT_CAP_ENDPOINT);
    return 0;
}

static const struct test cnode_group_tests[] = {
    { "cnode_copy", t_copy, 0 },
    { "cnode_copy_dest_occupied", t_copy_dest_occupied, 0 },
    { "cnode_copy_src_empty", t_copy_src_empty, 0 },
    { "cnode_mint_rights_frame", t_mint_rights, 0 },
    { "cnode_move", t_move, 0 },
    { "cnode_move_dest_occupied", t_move_dest_occupied, 0 },
    { "cnode_move_src_empty", t_move_src_empty, 0 },
    { "cnode_mint_badge", t_mint_badge, 0 },
    { "cnode_mutate_refuses_badge", t_mutate_badge, 0 },
    { "cnode_delete", t_delete, 0 },
    { "cnode_delete_parent_keeps_copy", t_delete_parent_keeps_copy, 0 },
    { "cnode_revoke_copies_and_badged", t_revoke, 0 },
    { "cnode_revoke_leaf", t_revoke_leaf, 0 },
    { "cnode_guard_lookup", t_guard_lookup, 0 },
    { "cnode_guard_mismatch", t_guard_lookup, 1 },
    { "cnode_depth_mismatch", t_guard_lookup, 2 },
    { "cnode_two_level_lookup", t_two_level, 0 },
    { "cnode_depth_out_of_range", t_depth_range, 0 },
    { "cnode_root_guard_mismatch", t_root_guard_mismatch, 0 },
    { "cnode_mint_badged_again", t_mint_badged_again, 0 },
    { "cnode_mint_bad_guard", t_mint_bad_guard, 0 },
    { "cnode_cancel_badged_sends", t_cancel_badged_sends, 0 },
};
GROUP(cnode_group);
