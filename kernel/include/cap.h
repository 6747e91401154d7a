/* SPDX-License-Identifier: BSD-2-Clause */
/* Capability encoding.  Two words; the type (enum mt_cap_type) sits in the
 * top five bits of w1, the object's physical address in w1's low 48 bits.
 *
 *   type          w0                         w1 (below the type)
 *   untyped       paddr                      size_bits 0..5, device 6, free_index/16 7..58
 *   endpoint      badge                      paddr, rights 48..51
 *   notification  badge                      paddr, rights 48..51
 *   cnode         guard                      paddr | radix 0..5, guard_size 48..54
 *   tcb           -                          paddr
 *   frame         mapping record (below)     paddr, 2M 48, device 49, rights 50..53
 *   page table    mapping record (below)     paddr
 *   vspace        -                          paddr (its ASID is in the object)
 *   irq handler   irq                        -
 *   fpu           -                          paddr
 *   reply         -                          paddr of the waiting caller's TCB
 *   asid control  -                          -
 *   asid pool     first ASID                 paddr
 *
 * A mapping record says where a frame or page table was mapped: the vaddr
 * (bits 12..37), the ASID (38..50) and the low 25 bits of the id of the
 * table that holds its entry (bits 0..11 and 51..63; for the root, the
 * VSpace's tag), which tells that table apart from any other that was
 * there before (vspace.c).  ASID 0: not mapped.
 */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H

#include "object.h"

#define CAP_TYPE_SHIFT 59
#define CAP_PADDR_MASK MASK(48)
#define CAP_RIGHTS_SHIFT 48         /* endpoint and notification rights */

static inline enum mt_cap_type cap_type(struct cap c) { return (enum mt_cap_type)(c.w1 >> CAP_TYPE_SHIFT); }
static inline bool cap_is_null(struct cap c) { return cap_type(c) == MT_CAP_NULL; }
static inline struct cap cap_null(void) { return (struct cap){ 0, 0 }; }
static inline struct cap cap_make(int type, word_t w0, word_t w1)
{
    return (struct cap){ w0, w1 | ((word_t)type << CAP_TYPE_SHIFT) };
}
static inline paddr_t cap_paddr(struct cap c) { return c.w1 & CAP_PADDR_MASK; }
static inline void *cap_object(struct cap c) { return phys_to_virt(cap_paddr(c)); }

/* untyped */
static inline struct cap cap_untyped(paddr_t pa, int bits, bool device, word_t free_index)
{
    return cap_make(MT_CAP_UNTYPED, pa,
                    (word_t)bits | ((word_t)device << 6) | ((free_index >> 4) << 7));
}
static inline paddr_t cap_untyped_paddr(struct cap c) { return c.w0; }
static inline int cap_untyped_bits(struct cap c) { return (int)(c.w1 & 63); }
static inline bool cap_untyped_device(struct cap c) { return (c.w1 >> 6) & 1; }
static inline word_t cap_untyped_free(struct cap c) { return ((c.w1 & MASK(CAP_TYPE_SHIFT)) >> 7) << 4; }
static inline struct cap cap_untyped_set_free(struct cap c, word_t free_index)
{
    return cap_untyped(cap_untyped_paddr(c), cap_untyped_bits(c), cap_untyped_device(c), free_index);
}

/* endpoint and notification */
static inline struct cap cap_ipc(int type, paddr_t pa, word_t badge, unsigned rights)
{
    return cap_make(type, badge, pa | ((word_t)rights << CAP_RIGHTS_SHIFT));
}
static inline word_t cap_badge(struct cap c) { return c.w0; }
static inline struct cap cap_set_badge(struct cap c, word_t badge)
{
    c.w0 = badge;
    return c;
}
static inline unsigned cap_rights(struct cap c) { return (c.w1 >> CAP_RIGHTS_SHIFT) & 15; }
/* An endpoint cap with at least the rights in need.  Type and rights are
 * w1's top 16 bits, so this is one shift, one mask and one compare (the
 * IPC fastpath's lookup). */
static inline bool cap_is_endpoint_with(struct cap c, unsigned need)
{
    word_t mask = (31ul << (CAP_TYPE_SHIFT - CAP_RIGHTS_SHIFT)) | need;
    return ((c.w1 >> CAP_RIGHTS_SHIFT) & mask) ==
           (((word_t)MT_CAP_ENDPOINT << (CAP_TYPE_SHIFT - CAP_RIGHTS_SHIFT)) | need);
}

/* cnode */
static inline struct cap cap_cnode(paddr_t pa, int radix, int guard_size, word_t guard)
{
    return cap_make(MT_CAP_CNODE, guard, pa | (word_t)radix | ((word_t)guard_size << 48));
}
static inline int cap_cnode_radix(struct cap c) { return (int)(c.w1 & 63); }
static inline int cap_cnode_guard_size(struct cap c) { return (int)((c.w1 >> 48) & 127); }
static inline word_t cap_cnode_guard(struct cap c) { return c.w0; }
static inline paddr_t cap_cnode_paddr(struct cap c) { return c.w1 & CAP_PADDR_MASK & ~63ul; }
static inline struct cte *cap_cnode_slots(struct cap c) { return phys_to_virt(cap_cnode_paddr(c)); }

/* Inspect-only TCB and CNode caps (CNode_CopyInspect): w1 bit 58, free
 * in both encodings.  Such a cap names the same object as the one it was
 * copied from, but its only method is GetInfo or Describe. */
#define CAP_INSPECT_BIT 58
_Static_assert(CAP_INSPECT_BIT < CAP_TYPE_SHIFT && CAP_INSPECT_BIT > 54,
               "the inspect bit is above a CNode cap's guard size and below the type");
static inline bool cap_inspect_only(struct cap c)
{
    return (cap_type(c) == MT_CAP_TCB || cap_type(c) == MT_CAP_CNODE) &&
           ((c.w1 >> CAP_INSPECT_BIT) & 1);
}
static inline struct cap cap_set_inspect_only(struct cap c)
{
    c.w1 |= BIT(CAP_INSPECT_BIT);
    return c;
}

/* tcb */
static inline struct cap cap_tcb(paddr_t pa) { return cap_make(MT_CAP_TCB, 0, pa); }
static inline struct tcb *cap_tcb_ptr(struct cap c) { return cap_object(c); }

/* frame, page table: w0 records where the object is mapped */
#define REC_ASID_SHIFT 38
#define REC_ASID_BITS 13
#define REC_TAG_LO_BITS 12
#define REC_TAG_HI_SHIFT (REC_ASID_SHIFT + REC_ASID_BITS)
#define REC_TAG_BITS (REC_TAG_LO_BITS + MT_WORD_BITS - REC_TAG_HI_SHIFT)
_Static_assert(MT_USER_TOP <= BIT(REC_ASID_SHIFT), "a mapped vaddr fits below the ASID");
_Static_assert(MT_MAX_ASIDS <= BIT(REC_ASID_BITS), "every ASID fits a mapping record");
#define CAP_FRAME_RIGHTS_SHIFT 50
static inline struct cap cap_frame(paddr_t pa, bool big, bool device, unsigned rights)
{
    return cap_make(MT_CAP_FRAME, 0, pa | ((word_t)big << 48) | ((word_t)device << 49) |
                                         ((word_t)rights << CAP_FRAME_RIGHTS_SHIFT));
}
static inline bool cap_frame_big(struct cap c) { return (c.w1 >> 48) & 1; }
static inline bool cap_frame_device(struct cap c) { return (c.w1 >> 49) & 1; }
static inline unsigned cap_frame_rights(struct cap c) { return (c.w1 >> CAP_FRAME_RIGHTS_SHIFT) & 15; }
static inline struct cap cap_frame_set_rights(struct cap c, unsigned rights)
{
    c.w1 = (c.w1 & ~(15ul << CAP_FRAME_RIGHTS_SHIFT)) | ((word_t)rights << CAP_FRAME_RIGHTS_SHIFT);
    return c;
}
static inline int cap_frame_bits(struct cap c)
{
    return cap_frame_big(c) ? MT_FRAME_2M_SIZE_BITS : MT_FRAME_4K_SIZE_BITS;
}
static inline struct cap cap_page_table(paddr_t pa) { return cap_make(MT_CAP_PAGE_TABLE, 0, pa); }
static inline unsigned cap_mapped_asid(struct cap c)
{
    return (unsigned)((c.w0 >> REC_ASID_SHIFT) & MASK(REC_ASID_BITS));
}
static inline word_t cap_mapped_vaddr(struct cap c)
{
    return c.w0 & MASK(REC_ASID_SHIFT) & ~MASK(MT_PAGE_BITS);
}
static inline word_t cap_mapped_tag(struct cap c)
{
    return (c.w0 & MASK(REC_TAG_LO_BITS)) | ((c.w0 >> REC_TAG_HI_SHIFT) << REC_TAG_LO_BITS);
}
/* tag: the id of the table holding the entry (its low REC_TAG_BITS) */
static inline struct cap cap_set_mapping(struct cap c, unsigned asid, word_t vaddr, word_t tag)
{
    c.w0 = vaddr | ((word_t)asid << REC_ASID_SHIFT) | (tag & MASK(REC_TAG_LO_BITS)) |
           ((tag >> REC_TAG_LO_BITS) << REC_TAG_HI_SHIFT);
    return c;
}
static inline struct cap cap_clear_mapping(struct cap c)
{
    c.w0 = 0;
    return c;
}

/* vspace */
static inline struct cap cap_vspace(paddr_t pa) { return cap_make(MT_CAP_VSPACE, 0, pa); }

/* asid control, asid pool */
static inline struct cap cap_asid_control(void) { return cap_make(MT_CAP_ASID_CONTROL, 0, 0); }
static inline struct cap cap_asid_pool(paddr_t pa, unsigned first_asid)
{
    return cap_make(MT_CAP_ASID_POOL, first_asid, pa);
}
static inline unsigned cap_asid_pool_first(struct cap c) { return (unsigned)c.w0; }

/* irq */
static inline struct cap cap_irq_control(void) { return cap_make(MT_CAP_IRQ_CONTROL, 0, 0); }
static inline struct cap cap_irq_handler(word_t irq) { return cap_make(MT_CAP_IRQ_HANDLER, irq, 0); }
static inline word_t cap_irq(struct cap c) { return c.w0; }

/* fpu */
static inline struct cap cap_fpu(paddr_t pa) { return cap_make(MT_CAP_FPU, 0, pa); }
/* reply: one per waiting caller, made by CNode_SaveCaller (reply.c) */
static inline struct cap cap_reply(paddr_t caller) { return cap_make(MT_CAP_REPLY, 0, caller); }
/* power: a singleton authority, like IRQ control */
static inline struct cap cap_power(void) { return cap_make(MT_CAP_POWER, 0, 0); }
/* zombie (kernel-only, never in a CSpace a lookup reaches): a CNode or a
 * TCB whose last cap is gone while its slots are emptied (delete.c).  It
 * sits in the object's own first slot (a CNode's slot 0, a TCB's CSpace
 * slot), where the object's cap was, so the memory stays a child of its
 * untyped until the object is empty.  w1 as a CNode cap, or for a TCB
 * its physical address alone (radix 0: a CNode has at least 1); w0: the
 * next dead object (a physical address below 4 GiB, delete.c's list) and
 * above it the index of the next slot to empty. */
#define CAP_ZOMBIE MT_CAP_KERNEL_ZOMBIE
_Static_assert(MT_CNODE_MIN_RADIX > 0, "radix 0 marks a TCB's zombie");
static inline struct cap cap_zombie(struct cap c, word_t next, word_t index)
{
    word_t w1 = cap_type(c) == MT_CAP_TCB ? cap_paddr(c) : c.w1 & MASK(CAP_TYPE_SHIFT);
    return (struct cap){ next | (index << 32), w1 | ((word_t)CAP_ZOMBIE << CAP_TYPE_SHIFT) };
}
static inline word_t cap_zombie_next(struct cap c) { return c.w0 & MASK(32); }
static inline word_t cap_zombie_index(struct cap c) { return c.w0 >> 32; }
static inline bool cap_zombie_is_tcb(struct cap c) { return cap_cnode_radix(c) == 0; }
/* the zombie's slots: a CNode's, or a TCB's three (contiguous, object.h) */
static inline word_t cap_zombie_slots(struct cap c)
{
    return cap_zombie_is_tcb(c) ? 3 : BIT(cap_cnode_radix(c));
}

/* queue zombie (kernel-only): the last cap of an object whose last cap
 * cannot go until what depends on it is let go, one a step (delete.c):
 * an endpoint's or notification's waiters, the threads whose satp names
 * a VSpace, the VSpaces of an ASID pool.  It stays in its slot and the
 * derivation tree until they all are.  w1 as the original cap's; w0 the
 * original type and above it a pool's first ASID (a badge is not kept).
 * To users a zombie is no cap: it cannot be invoked, derived, moved or
 * looked up through. */
#define CAP_QUEUE_ZOMBIE MT_CAP_KERNEL_QUEUE_ZOMBIE
#define QZ_W0_SHIFT 8
static inline struct cap cap_queue_zombie(struct cap c)
{
    word_t w0 = cap_type(c) == MT_CAP_ASID_POOL ? c.w0 << QZ_W0_SHIFT : 0;
    return (struct cap){ w0 | (word_t)cap_type(c), (c.w1 & MASK(CAP_TYPE_SHIFT)) |
                                                    ((word_t)CAP_QUEUE_ZOMBIE << CAP_TYPE_SHIFT) };
}
static inline int cap_queue_zombie_type(struct cap z) { return (int)(z.w0 & MASK(QZ_W0_SHIFT)); }
/* The original cap, as far as its object's end needs it. */
static inline struct cap cap_queue_zombie_original(struct cap z)
{
    return cap_make(cap_queue_zombie_type(z), z.w0 >> QZ_W0_SHIFT, z.w1 & MASK(CAP_TYPE_SHIFT));
}
static inline bool cap_is_zombie(struct cap c) { return cap_type(c) >= CAP_QUEUE_ZOMBIE; }
_Static_assert(MT_CAP_TYPE_COUNT <= CAP_QUEUE_ZOMBIE, "the zombie types are no ABI cap types");

/* Where an object's memory lies, for the derivation tree and untyped. */
paddr_t cap_region_base(struct cap c);
word_t cap_region_bytes(struct cap c);

#endif
