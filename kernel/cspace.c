/* SPDX-License-Identifier: BSD-2-Clause */
/* Resolving capability addresses. */
#include "cap.h"
#include "cspace.h"

static struct lookup fail(int failure, int bits_left)
{
    return (struct lookup){ NULL, failure, bits_left };
}

struct lookup resolve_address(struct cap root, mt_cptr_t cptr, int depth)
{
    if (cap_type(root) != MT_CAP_CNODE)
        return fail(MT_LOOKUP_INVALID_ROOT, depth);
    int bits = depth;
    struct cap node = root;
    for (;;) {
        int radix = cap_cnode_radix(node), guard_bits = cap_cnode_guard_size(node);
        int level = radix + guard_bits;
        if (guard_bits > bits)
            return fail(MT_LOOKUP_GUARD_MISMATCH, bits);
        word_t guard = guard_bits ? (cptr >> (bits - guard_bits)) & MASK(guard_bits) : 0;
        if (guard != cap_cnode_guard(node))
            return fail(MT_LOOKUP_GUARD_MISMATCH, bits);
        if (level > bits)
            return fail(MT_LOOKUP_DEPTH_MISMATCH, bits);
        word_t index = (cptr >> (bits - level)) & MASK(radix);
        struct cte *slot = &cap_cnode_slots(node)[index];
        bits -= level;
        if (bits == 0 || cap_type(slot->cap) != MT_CAP_CNODE)
            return (struct lookup){ slot, MT_LOOKUP_NONE, bits };
        node = slot->cap;
    }
}

struct lookup lookup_cap_slot(struct tcb *t, mt_cptr_t cptr)
{
    struct lookup l = resolve_address(t->cspace_root.cap, cptr, MT_WORD_BITS);
    if (l.slot && cap_is_null(l.slot->cap))
        return fail(MT_LOOKUP_MISSING_CAP, l.bits_left);
    return l;
}

struct lookup lookup_slot_for_op(struct cap root, mt_cptr_t index, word_t depth)
{
    if (depth < 1 || depth > (word_t)MT_WORD_BITS)
        return fail(LOOKUP_BAD_DEPTH, 0);
    struct lookup l = resolve_address(root, index, (int)depth);
    if (l.slot && l.bits_left != 0)
        return fail(MT_LOOKUP_DEPTH_MISMATCH, l.bits_left);
    return l;
}
