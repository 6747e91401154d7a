/* SPDX-License-Identifier: BSD-2-Clause */
/* The capability derivation tree.  All slots form one doubly linked list
 * in depth-first order: a cap's descendants follow it directly.  Whether
 * the next slot is a child is computed (is_mdb_parent_of), as in seL4, so
 * the tree costs two words per slot and no allocation. */
#include "cap.h"
#include "cdt.h"
#include "reply.h"

static inline struct cte *mdb_ptr(word_t w) { return (struct cte *)(w & ~MDB_FLAGS); }
struct cte *mdb_next(const struct cte *s) { return mdb_ptr(s->mdb.next); }
struct cte *mdb_prev(const struct cte *s) { return mdb_ptr(s->mdb.prev); }
static bool mdb_flag(const struct cte *s, word_t f) { return s->mdb.next & f; }

static void set_next(struct cte *s, struct cte *n)
{
    s->mdb.next = (word_t)n | (s->mdb.next & MDB_FLAGS);
}

paddr_t cap_region_base(struct cap c)
{
    switch (cap_type(c)) {
    case MT_CAP_UNTYPED: return cap_untyped_paddr(c);
    case MT_CAP_CNODE: case CAP_ZOMBIE: return cap_cnode_paddr(c);
    case MT_CAP_ENDPOINT: case MT_CAP_NOTIFICATION: case MT_CAP_TCB:
    case MT_CAP_FRAME: case MT_CAP_PAGE_TABLE: case MT_CAP_VSPACE: case MT_CAP_FPU:
    case MT_CAP_ASID_POOL: case CAP_QUEUE_ZOMBIE:
        return cap_paddr(c);
    case MT_CAP_NULL: case MT_CAP_IRQ_CONTROL: case MT_CAP_IRQ_HANDLER:
    case MT_CAP_ASID_CONTROL: case MT_CAP_REPLY: case MT_CAP_POWER:
    case MT_CAP_TYPE_COUNT:
        return 0;   /* no memory */
    }
    return 0;
}

word_t cap_region_bytes(struct cap c)
{
    switch (cap_type(c)) {
    case MT_CAP_UNTYPED: return BIT(cap_untyped_bits(c));
    case MT_CAP_CNODE: return BIT(cap_cnode_radix(c) + MT_SLOT_SIZE_BITS);
    case CAP_ZOMBIE:
        return cap_zombie_is_tcb(c) ? BIT(MT_TCB_SIZE_BITS) : BIT(cap_cnode_radix(c) + MT_SLOT_SIZE_BITS);
    case MT_CAP_ENDPOINT: return BIT(MT_ENDPOINT_SIZE_BITS);
    case CAP_QUEUE_ZOMBIE: return cap_region_bytes(cap_queue_zombie_original(c));
    case MT_CAP_NOTIFICATION: return BIT(MT_NOTIFICATION_SIZE_BITS);
    case MT_CAP_TCB: return BIT(MT_TCB_SIZE_BITS);
    case MT_CAP_FRAME: return BIT(cap_frame_bits(c));
    case MT_CAP_PAGE_TABLE: return BIT(MT_PAGE_TABLE_SIZE_BITS);
    case MT_CAP_VSPACE: return BIT(MT_VSPACE_SIZE_BITS);
    case MT_CAP_FPU: return BIT(MT_FPU_SIZE_BITS);
    case MT_CAP_ASID_POOL: return BIT(MT_ASID_POOL_SIZE_BITS);
    case MT_CAP_NULL: case MT_CAP_IRQ_CONTROL: case MT_CAP_IRQ_HANDLER:
    case MT_CAP_ASID_CONTROL: case MT_CAP_REPLY: case MT_CAP_POWER:
    case MT_CAP_TYPE_COUNT:
        return 0;
    }
    return 0;
}

/* Do a and b name the same kernel object? (Untyped caps never do: each
 * untyped cap's deletion is final, and finalising one does nothing; nor
 * does a zombie, the only reference left to its CNode.) */
bool same_object_as(struct cap a, struct cap b)
{
    enum mt_cap_type t = cap_type(a);
    if (t != cap_type(b) || cap_is_zombie(a))
        return false;
    switch (t) {
    case MT_CAP_NULL: case MT_CAP_UNTYPED: case MT_CAP_TYPE_COUNT:
    case MT_CAP_KERNEL_QUEUE_ZOMBIE: case MT_CAP_KERNEL_ZOMBIE:
        return false;
    case MT_CAP_IRQ_CONTROL: case MT_CAP_ASID_CONTROL: case MT_CAP_POWER: return true;
    case MT_CAP_IRQ_HANDLER: return cap_irq(a) == cap_irq(b);
    case MT_CAP_CNODE:
        return cap_cnode_paddr(a) == cap_cnode_paddr(b) &&
               cap_cnode_radix(a) == cap_cnode_radix(b);
    case MT_CAP_FRAME:
        return cap_paddr(a) == cap_paddr(b) && cap_frame_big(a) == cap_frame_big(b);
    case MT_CAP_TCB: case MT_CAP_ENDPOINT: case MT_CAP_NOTIFICATION:
    case MT_CAP_PAGE_TABLE: case MT_CAP_VSPACE: case MT_CAP_FPU: case MT_CAP_ASID_POOL:
    case MT_CAP_REPLY:
        return cap_paddr(a) == cap_paddr(b);
    }
    return false;
}

/* Is b's object inside what a controls? */
static bool same_region_as(struct cap a, struct cap b)
{
    if (cap_type(a) == MT_CAP_UNTYPED) {
        word_t bytes = cap_region_bytes(b);
        paddr_t base = cap_region_base(b), ubase = cap_untyped_paddr(a);
        return bytes != 0 && base >= ubase &&
               base + bytes - 1 <= ubase + BIT(cap_untyped_bits(a)) - 1;
    }
    if (cap_type(a) == MT_CAP_IRQ_CONTROL)
        return cap_type(b) == MT_CAP_IRQ_CONTROL || cap_type(b) == MT_CAP_IRQ_HANDLER ||
               cap_type(b) == MT_CAP_POWER;
    return same_object_as(a, b);
}

bool is_mdb_parent_of(const struct cte *a, const struct cte *b)
{
    if (!mdb_flag(a, MDB_REVOCABLE) || !same_region_as(a->cap, b->cap))
        return false;
    enum mt_cap_type t = cap_type(a->cap);
    if (t == MT_CAP_ENDPOINT || t == MT_CAP_NOTIFICATION) {
        word_t badge = cap_badge(a->cap);
        if (badge == 0)
            return true;
        return badge == cap_badge(b->cap) && !mdb_flag(b, MDB_FIRST_BADGED);
    }
    return true;
}

bool cte_has_children(const struct cte *s)
{
    struct cte *n = mdb_next(s);
    return n && is_mdb_parent_of(s, n);
}

/* A derived cap that can itself be revoked: a fresh badge or an IRQ
 * handler taken from IRQ control. */
static bool is_revocable(struct cap derived, struct cap src)
{
    switch (cap_type(derived)) {
    case MT_CAP_ENDPOINT: case MT_CAP_NOTIFICATION:
        return cap_badge(derived) != cap_badge(src);
    case MT_CAP_IRQ_HANDLER: return cap_type(src) == MT_CAP_IRQ_CONTROL;
    case MT_CAP_POWER: return cap_type(src) == MT_CAP_IRQ_CONTROL;
    case MT_CAP_UNTYPED: return true;
    case MT_CAP_NULL: case MT_CAP_TCB: case MT_CAP_CNODE: case MT_CAP_FRAME:
    case MT_CAP_PAGE_TABLE: case MT_CAP_VSPACE: case MT_CAP_IRQ_CONTROL:
    case MT_CAP_ASID_CONTROL: case MT_CAP_ASID_POOL: case MT_CAP_REPLY: case MT_CAP_FPU:
    case MT_CAP_TYPE_COUNT: case MT_CAP_KERNEL_QUEUE_ZOMBIE: case MT_CAP_KERNEL_ZOMBIE:
        return false;
    }
    return false;
}

static void link_after(struct cte *dest, struct cte *src, word_t flags)
{
    struct cte *n = mdb_next(src);
    dest->mdb.prev = (word_t)src;
    dest->mdb.next = (word_t)n | flags;
    if (n)
        n->mdb.prev = (word_t)dest;
    set_next(src, dest);
}

void cte_insert(struct cap cap, struct cte *src, struct cte *dest)
{
    kassert(cap_is_null(dest->cap));
    /* A copy of an untyped cap takes over its memory: the source is full
     * from now on, so the two can never hand out the same bytes (seL4's
     * setUntypedCapAsFull).  Revoking the source frees it again. */
    if (cap_type(cap) == MT_CAP_UNTYPED && cap_type(src->cap) == MT_CAP_UNTYPED &&
        cap_untyped_paddr(cap) == cap_untyped_paddr(src->cap) &&
        cap_untyped_bits(cap) == cap_untyped_bits(src->cap))
        src->cap = cap_untyped_set_free(src->cap, BIT(cap_untyped_bits(src->cap)));
    word_t flags = is_revocable(cap, src->cap) ? MDB_REVOCABLE | MDB_FIRST_BADGED : 0;
    dest->cap = cap;
    link_after(dest, src, flags);
}

/* A cap for a new object: an original, revocable child of its untyped. */
void cte_insert_original(struct cap cap, struct cte *parent, struct cte *dest)
{
    kassert(cap_is_null(dest->cap));
    dest->cap = cap;
    if (parent)
        link_after(dest, parent, MDB_REVOCABLE | MDB_FIRST_BADGED);
    else
        dest->mdb = (struct mdb){ 0, MDB_REVOCABLE | MDB_FIRST_BADGED };
}

/* Makes the cap in s a child of parent's (boot only: it moves a cap that
 * has no relatives to under a cap made after it). */
void cte_adopt(struct cte *s, struct cte *parent)
{
    struct cap c = s->cap;
    word_t flags = s->mdb.next & MDB_FLAGS;
    cte_detach(s);
    s->cap = c;
    link_after(s, parent, flags);
}

void cte_move(struct cap cap, struct cte *src, struct cte *dest)
{
    kassert(cap_is_null(dest->cap));
    dest->cap = cap;
    dest->mdb = src->mdb;
    struct cte *p = mdb_prev(src), *n = mdb_next(src);
    if (p)
        set_next(p, dest);
    if (n)
        n->mdb.prev = (word_t)dest;
    src->cap = cap_null();
    src->mdb = (struct mdb){ 0, 0 };
    if (cap_type(cap) == MT_CAP_REPLY)
        reply_moved(cap, dest);   /* its caller knows where it is */
}

/* Would deleting this slot destroy its object?  Caps to one object are
 * always adjacent in the list, so the neighbours tell. */
bool cte_is_final(const struct cte *s)
{
    struct cte *p = mdb_prev(s), *n = mdb_next(s);
    return !(p && same_object_as(p->cap, s->cap)) && !(n && same_object_as(n->cap, s->cap));
}

/* Unlink a slot from the tree and empty it.  Returns whether the cap was
 * the last one to its object. */
bool cte_detach(struct cte *s)
{
    bool final = cte_is_final(s);
    struct cte *p = mdb_prev(s), *n = mdb_next(s);
    if (p)
        set_next(p, n);
    if (n)
        n->mdb.prev = (word_t)p;
    s->cap = cap_null();
    s->mdb = (struct mdb){ 0, 0 };
    return final;
}

/* The cap a Copy, Mint or cap transfer makes from the one in slot.  An
 * untyped cap can be copied only while nothing was made from it (else two
 * caps would hand out the same memory); a copied frame is unmapped; an
 * unmapped page table cannot be copied (two mappings would follow); there
 * is one IRQ control cap. */
int derive_cap(struct cte *slot, struct cap *out)
{
    struct cap c = slot->cap;
    switch (cap_type(c)) {
    case MT_CAP_UNTYPED:
        if (cte_has_children(slot))
            return MT_REVOKE_FIRST;
        break;
    case MT_CAP_FRAME:
        c = cap_clear_mapping(c);
        break;
    case MT_CAP_PAGE_TABLE:
        if (!cap_mapped_asid(c))
            return MT_ILLEGAL_OPERATION;
        break;
    case MT_CAP_IRQ_CONTROL:
    case MT_CAP_REPLY:     /* one per caller: it may be moved, not copied */
    case CAP_QUEUE_ZOMBIE:
    case CAP_ZOMBIE:
        return MT_ILLEGAL_OPERATION;
    case MT_CAP_NULL: case MT_CAP_TCB: case MT_CAP_ENDPOINT: case MT_CAP_NOTIFICATION:
    case MT_CAP_CNODE: case MT_CAP_VSPACE: case MT_CAP_IRQ_HANDLER: case MT_CAP_ASID_CONTROL:
    case MT_CAP_ASID_POOL: case MT_CAP_FPU: case MT_CAP_POWER: case MT_CAP_TYPE_COUNT:
        break;
    }
    *out = c;
    return MT_OK;
}
