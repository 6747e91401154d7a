/* SPDX-License-Identifier: BSD-2-Clause */
/* Untyped memory and Retype: the only way kernel objects come to be. */
#include "cap.h"
#include "cdt.h"
#include "cspace.h"
#include "invoke.h"
#include "irq.h"
#include "tcb.h"
#include "untyped.h"
#include "vspace.h"

#define MAX_RETYPE_COUNT 256
/* Reset clears this much between preemption checks (about 4,100
 * instructions of memset). */
#define RESET_CHUNK_BITS 13

/* Makes the object at pa (memory clear unless device: see reset_untyped) and
 * returns its original cap. */
struct cap create_object(enum mt_object_type type, word_t size_bits, paddr_t pa, bool device)
{
    switch (type) {
    case MT_OBJ_UNTYPED: return cap_untyped(pa, (int)size_bits, device, 0);
    case MT_OBJ_TCB:
        tcb_init(phys_to_virt(pa));
        return cap_tcb(pa);
    case MT_OBJ_ENDPOINT: return cap_ipc(MT_CAP_ENDPOINT, pa, 0, MT_RIGHTS_ALL);
    case MT_OBJ_NOTIFICATION: return cap_ipc(MT_CAP_NOTIFICATION, pa, 0, MT_RIGHTS_ALL);
    case MT_OBJ_CNODE: return cap_cnode(pa, (int)size_bits, 0, 0);
    case MT_OBJ_FRAME_4K: return cap_frame(pa, false, device, MT_RIGHTS_ALL);
    case MT_OBJ_FRAME_2M: return cap_frame(pa, true, device, MT_RIGHTS_ALL);
    case MT_OBJ_PAGE_TABLE: return cap_page_table(pa);
    case MT_OBJ_FPU: return cap_fpu(pa);   /* cleared: +0.0 everywhere, fcsr 0 */
    case MT_OBJ_VSPACE:
        vspace_create(pa);
        return cap_vspace(pa);
    case MT_OBJ_ASID_POOL:      /* only ASIDControl_MakePool makes one */
    case MT_OBJ_COUNT: break;   /* decode_untyped refused both */
    }
    return cap_null();
}

/* The destination CNode and a check that its slots are free. */
static int retype_dest(struct invocation *iv, struct cte **slots)
{
    struct cap root = iv->extra[0]->cap;
    word_t depth = inv_arg(iv, 3), offset = inv_arg(iv, 4), count = inv_arg(iv, 5);
    struct cap node = root;
    if (depth != 0) {
        struct lookup l = lookup_slot_for_op(root, inv_arg(iv, 2), depth);
        if (!l.slot)
            return inv_lookup_error(false, l.failure);
        node = l.slot->cap;
    }
    if (cap_type(node) != MT_CAP_CNODE)
        return inv_lookup_error(false, MT_LOOKUP_INVALID_ROOT);
    word_t n_slots = BIT(cap_cnode_radix(node));
    if (offset >= n_slots)
        return inv_range_error(0, n_slots - 1);
    if (count < 1 || count > MAX_RETYPE_COUNT || count > n_slots - offset)
        return inv_range_error(1, n_slots - offset < MAX_RETYPE_COUNT ? n_slots - offset : MAX_RETYPE_COUNT);
    *slots = cap_cnode_slots(node) + offset;
    for (word_t i = 0; i < count; i++)
        if (!cap_is_null((*slots)[i].cap))
            return MT_DELETE_FIRST;
    return MT_OK;
}

/* Memory of an untyped above its watermark is always clear; below it, it
 * may hold old objects.  An untyped with nothing made from it is reset
 * before its next Retype (seL4's resetUntypedCap): the watermark comes
 * down to 0 a chunk at a time, each chunk cleared first, so a preempted
 * reset goes on where it stopped.  So Retype clears nothing itself, and
 * an untyped child costs no clearing at all: its memory is clear already,
 * and its own children are cleared when it is reset.  Device memory is
 * never cleared.  A chunk is a preemption point; so is the end of the
 * reset, before the Retype that follows makes its objects. */
static int reset_untyped(struct cte *slot)
{
    struct cap ut = slot->cap;
    paddr_t base = cap_untyped_paddr(ut);
    word_t w = cap_untyped_free(ut);
    if (cap_untyped_device(ut))
        w = 0;
    slot->cap = cap_untyped_set_free(ut, w);
    while (w > 0) {
        word_t lo = (w - 1) & ~MASK(RESET_CHUNK_BITS);
        memset(phys_to_virt(base + lo), 0, w - lo);
        w = lo;
        slot->cap = cap_untyped_set_free(slot->cap, w);
        /* after the last chunk too: creating up to 256 objects follows */
        if (preemption_pending())
            return INV_PREEMPTED;
    }
    return MT_OK;
}

/* Free bytes: all of it when nothing made from it is left (the next
 * Retype starts again at the bottom), else what lies above the watermark. */
static int describe(struct invocation *iv)
{
    struct cap ut = iv->cap;
    word_t size = BIT(cap_untyped_bits(ut));
    iv->out[0] = cap_untyped_paddr(ut);
    iv->out[1] = (word_t)cap_untyped_bits(ut);
    iv->out[2] = cte_has_children(iv->slot) ? size - cap_untyped_free(ut) : size;
    iv->out[3] = cap_untyped_device(ut);
    iv->out_len = 4;
    return MT_OK;
}

int decode_untyped(struct invocation *iv)
{
    if (iv->label == MT_UNTYPED_DESCRIBE)
        return describe(iv);
    if (iv->label != MT_UNTYPED_RETYPE)
        return MT_ILLEGAL_OPERATION;
    int err = inv_need(iv, 6, 1);
    if (err)
        return err;
    word_t type = inv_arg(iv, 0), size_bits = inv_arg(iv, 1), count = inv_arg(iv, 5);
    struct cap ut = iv->cap;
    bool device = cap_untyped_device(ut);
    if (type >= MT_OBJ_COUNT || type == MT_OBJ_ASID_POOL)   /* pools: ASIDControl_MakePool */
        return inv_invalid_arg(0);
    int obj_bits = mt_object_size_bits(type, size_bits);
    if (obj_bits < 0 && type != MT_OBJ_UNTYPED && type != MT_OBJ_CNODE)
        return inv_invalid_arg(0);   /* a type number without an object */
    if (obj_bits < 0)
        return type == MT_OBJ_UNTYPED ? inv_range_error(MT_UNTYPED_MIN_BITS, MT_UNTYPED_MAX_BITS)
                                      : inv_range_error(MT_CNODE_MIN_RADIX, MT_CNODE_MAX_RADIX);
    if (device && type != MT_OBJ_UNTYPED && type != MT_OBJ_FRAME_4K && type != MT_OBJ_FRAME_2M)
        return inv_invalid_arg(0);
    struct cte *slots = NULL;
    if ((err = retype_dest(iv, &slots)))
        return err;
    word_t base = cap_untyped_paddr(ut), size = BIT(cap_untyped_bits(ut));
    bool fresh = !cte_has_children(iv->slot);
    word_t start = ALIGN_UP(base + (fresh ? 0 : cap_untyped_free(ut)), BIT(obj_bits));
    if (obj_bits > cap_untyped_bits(ut) || start - base + (count << obj_bits) > size) {
        word_t avail = start - base < size ? size - (start - base) : 0;
        return inv_error_mrs(MT_NOT_ENOUGH_MEMORY, avail, 0, 1);
    }
    if (fresh && (err = reset_untyped(iv->slot)))
        return err;
    iv->slot->cap = cap_untyped_set_free(iv->slot->cap, start - base + (count << obj_bits));
    for (word_t i = 0; i < count; i++) {
        paddr_t pa = start + (i << obj_bits);
        cte_insert_original(create_object((enum mt_object_type)type, size_bits, pa, device),
                            iv->slot, &slots[i]);
    }
    return MT_OK;
}
