/* SPDX-License-Identifier: BSD-2-Clause */
/* CNode invocations: Copy, Mint, Move, Mutate, Delete, Revoke,
 * CancelBadgedSends and SaveCaller (reply.c). */
#include "cap.h"
#include "cdt.h"
#include "cspace.h"
#include "invoke.h"
#include "ipc.h"
#include "reply.h"

/* Mint's or Mutate's badge or guard data applied to a cap; a null cap if
 * it does not apply: an endpoint that already has a badge, a badge by
 * Mutate (preserve: a badge must come with a new, revocable cap, so only
 * Mint gives one, as in seL4), a guard that does not fit. */
static struct cap update_cap_data(struct cap c, word_t data, bool preserve)
{
    switch (cap_type(c)) {
    case MT_CAP_ENDPOINT:
    case MT_CAP_NOTIFICATION:
        if (preserve || cap_badge(c) != 0)
            return cap_null();
        return cap_set_badge(c, data);
    case MT_CAP_CNODE: {
        word_t size = data & MASK(MT_GUARD_SIZE_BITS), guard = data >> MT_GUARD_SIZE_BITS;
        if (size + (word_t)cap_cnode_radix(c) > (word_t)MT_WORD_BITS || (size < 64 && (guard >> size)))
            return cap_null();
        struct cap n = cap_cnode(cap_cnode_paddr(c), cap_cnode_radix(c), (int)size, guard);
        return cap_inspect_only(c) ? cap_set_inspect_only(n) : n;
    }
    case MT_CAP_NULL: case MT_CAP_UNTYPED: case MT_CAP_TCB: case MT_CAP_FRAME:
    case MT_CAP_PAGE_TABLE: case MT_CAP_VSPACE: case MT_CAP_IRQ_CONTROL:
    case MT_CAP_IRQ_HANDLER: case MT_CAP_ASID_CONTROL: case MT_CAP_ASID_POOL:
    case MT_CAP_REPLY: case MT_CAP_FPU: case MT_CAP_POWER: case MT_CAP_TYPE_COUNT:
    case MT_CAP_KERNEL_QUEUE_ZOMBIE: case MT_CAP_KERNEL_ZOMBIE:
        break;   /* the data means nothing to these */
    }
    return c;
}

static struct cap mask_rights(struct cap c, unsigned rights)
{
    enum mt_cap_type t = cap_type(c);
    if (t == MT_CAP_ENDPOINT || t == MT_CAP_NOTIFICATION)
        return cap_ipc(t, cap_paddr(c), cap_badge(c), cap_rights(c) & rights);
    if (t == MT_CAP_FRAME)
        return cap_frame_set_rights(c, cap_frame_rights(c) & rights);
    return c;
}

/* Source slot: (cap0, MR2, MR3); it must hold a cap. */
static int source_slot(struct invocation *iv, struct cte **src)
{
    if (cap_type(iv->extra[0]->cap) != MT_CAP_CNODE)
        return inv_invalid_cap(1);
    struct lookup l = lookup_slot_for_op(iv->extra[0]->cap, inv_arg(iv, 2), inv_arg(iv, 3));
    if (!l.slot)
        return inv_lookup_error(true, l.failure);
    if (cap_is_null(l.slot->cap) || cap_is_zombie(l.slot->cap))
        return inv_lookup_error(true, MT_LOOKUP_MISSING_CAP);
    *src = l.slot;
    return MT_OK;
}

static int copy_or_mint(struct invocation *iv, struct cte *dest, bool mint)
{
    int err = inv_need(iv, mint ? 6 : 5, 1);
    struct cte *src;
    if (err || (err = source_slot(iv, &src)))
        return err;
    struct cap c;
    if ((err = derive_cap(src, &c)))
        return err;
    c = mask_rights(c, (unsigned)inv_arg(iv, 4));
    if (mint && inv_arg(iv, 5) != 0)
        c = update_cap_data(c, inv_arg(iv, 5), false);
    if (cap_is_null(c))
        return MT_ILLEGAL_OPERATION;
    cte_insert(c, src, dest);
    return MT_OK;
}

/* CopyInspect: an inspect-only child of a TCB or CNode cap. */
static int copy_inspect(struct invocation *iv, struct cte *dest)
{
    int err = inv_need(iv, 4, 1);
    struct cte *src;
    if (err || (err = source_slot(iv, &src)))
        return err;
    int t = cap_type(src->cap);
    if (t != MT_CAP_TCB && t != MT_CAP_CNODE)
        return MT_ILLEGAL_OPERATION;
    struct cap c;
    if ((err = derive_cap(src, &c)))
        return err;
    cte_insert(cap_set_inspect_only(c), src, dest);
    return MT_OK;
}

/* An untyped's paddr, size and bytes free for Retype (as Untyped_Describe). */
static void describe_untyped(struct invocation *iv, struct cte *s)
{
    struct cap c = s->cap;
    word_t size = BIT(cap_untyped_bits(c));
    iv->out[2] = cap_untyped_paddr(c);
    iv->out[3] |= cap_untyped_device(c) ? MT_DESCRIBE_DEVICE : 0;
    iv->out[4] = (word_t)cap_untyped_bits(c);
    iv->out[5] = cte_has_children(s) ? size - cap_untyped_free(c) : size;
}

/* Describe: what a slot holds, never the power to use it. */
static int describe(struct invocation *iv, struct cte *s)
{
    struct cap c = s->cap;
    int t = cap_is_zombie(c) ? MT_CAP_NULL : cap_type(c);
    iv->out[0] = (word_t)t;
    iv->out[1] = t == MT_CAP_NULL ? 0 : MT_RIGHTS_ALL;
    iv->out[2] = iv->out[4] = iv->out[5] = 0;
    iv->out[3] = cap_inspect_only(c) ? MT_DESCRIBE_INSPECT_ONLY : 0;
    iv->out_len = 6;
    if (t == MT_CAP_ENDPOINT || t == MT_CAP_NOTIFICATION) {
        iv->out[1] = cap_rights(c);
        iv->out[2] = cap_badge(c);
    } else if (t == MT_CAP_FRAME) {
        iv->out[1] = cap_frame_rights(c);
        iv->out[4] = (word_t)cap_frame_bits(c);
        iv->out[3] |= cap_frame_device(c) ? MT_DESCRIBE_DEVICE : 0;
    } else if (t == MT_CAP_CNODE) {
        iv->out[2] = mt_cnode_guard(cap_cnode_guard(c), (unsigned long)cap_cnode_guard_size(c));
        iv->out[4] = (word_t)cap_cnode_radix(c);
    } else if (t == MT_CAP_UNTYPED) {
        describe_untyped(iv, s);
    }
    return MT_OK;
}

/* Describe looks in the invoked CNode, inspect-only or not: its own
 * slots, for this one lookup. */
static int decode_describe(struct invocation *iv)
{
    int err = inv_need(iv, 2, 0);
    if (err)
        return err;
    struct cap root = iv->cap;
    root.w1 &= ~BIT(CAP_INSPECT_BIT);
    struct lookup l = lookup_slot_for_op(root, inv_arg(iv, 0), inv_arg(iv, 1));
    return l.slot ? describe(iv, l.slot) : inv_lookup_error(false, l.failure);
}

static int move_or_mutate(struct invocation *iv, struct cte *dest, bool mutate)
{
    int err = inv_need(iv, mutate ? 5 : 4, 1);
    struct cte *src;
    if (err || (err = source_slot(iv, &src)))
        return err;
    struct cap c = src->cap;
    if (mutate && inv_arg(iv, 4) != 0) {
        c = update_cap_data(c, inv_arg(iv, 4), true);
        if (cap_is_null(c))
            return MT_ILLEGAL_OPERATION;
    }
    cte_move(c, src, dest);   /* dest is empty and src is not: never the same */
    return MT_OK;
}

/* It reorders other threads' sends: only with all rights (as seL4). */
static int cancel_badged_sends(struct invocation *iv, struct cte *s)
{
    struct cap c = s->cap;
    if (cap_type(c) != MT_CAP_ENDPOINT || cap_rights(c) != MT_RIGHTS_ALL)
        return MT_ILLEGAL_OPERATION;
    if (cap_badge(c) == 0)
        return MT_OK;
    return ep_cancel_badged(iv->t, cap_object(c), cap_badge(c), iv->call);
}

/* An inspect-only CNode cap has Describe alone; it is also no root for
 * a lookup (cspace.c), so nothing below reaches its slots through it. */
int decode_cnode(struct invocation *iv)
{
    if ((iv->label < MT_CNODE_REVOKE || iv->label > MT_CNODE_CANCEL_BADGED_SENDS) &&
        iv->label != MT_CNODE_SAVE_CALLER && iv->label != MT_CNODE_DELETE_REPLY &&
        iv->label != MT_CNODE_COPY_INSPECT &&
        iv->label != MT_CNODE_DESCRIBE)
        return MT_ILLEGAL_OPERATION;
    if (iv->label == MT_CNODE_DESCRIBE)
        return decode_describe(iv);
    if (cap_inspect_only(iv->cap))
        return MT_ILLEGAL_OPERATION;
    int err = inv_need(iv, 2, 0);
    if (err)
        return err;
    struct lookup l = lookup_slot_for_op(iv->cap, inv_arg(iv, 0), inv_arg(iv, 1));
    if (!l.slot)
        return inv_lookup_error(false, l.failure);
    struct cte *s = l.slot;
    switch (iv->label) {
    case MT_CNODE_REVOKE: return cte_revoke(s);
    case MT_CNODE_DELETE: return cte_delete(s);
    case MT_CNODE_CANCEL_BADGED_SENDS: return cancel_badged_sends(iv, s);
    case MT_CNODE_SAVE_CALLER: return reply_save(iv->t, s);
    case MT_CNODE_DELETE_REPLY:   /* one reply cap: deleting it is O(1) */
        return cap_type(s->cap) == MT_CAP_REPLY ? cte_delete(s) : MT_ILLEGAL_OPERATION;
    case MT_CNODE_COPY:
    case MT_CNODE_MINT:
    case MT_CNODE_MOVE:
    case MT_CNODE_MUTATE:
    case MT_CNODE_COPY_INSPECT:
        if (!cap_is_null(s->cap))
            return MT_DELETE_FIRST;
        if (iv->label == MT_CNODE_COPY_INSPECT)
            return copy_inspect(iv, s);
        if (iv->label == MT_CNODE_COPY || iv->label == MT_CNODE_MINT)
            return copy_or_mint(iv, s, iv->label == MT_CNODE_MINT);
        return move_or_mutate(iv, s, iv->label == MT_CNODE_MUTATE);
    default:
        return MT_ILLEGAL_OPERATION;
    }
}
