/* Deleting capabilities and destroying objects, without recursion.
 *
 * When the last cap to a CNode or a TCB goes, the caps that object holds
 * must go too, and they may be last caps to further CNodes: a chain as
 * long as user space cares to build.  So dead containers go on a list and
 * are emptied one slot at a time.  The list is threaded through the dead
 * objects themselves: a dead TCB through its badge word; a dead CNode
 * through its slot 0, whose cap is first moved into the slot being
 * deleted (now empty) and dealt with there. */
#include "cap.h"
#include "cdt.h"
#include "fpu.h"
#include "ipc.h"
#include "irq.h"
#include "notification.h"
#include "reply.h"
#include "sched.h"
#include "tcb.h"
#include "vspace.h"

#define DEAD_TCB 1ul
static word_t dead_list;

static void push_dead(word_t item, word_t *link)
{
    *link = dead_list;
    dead_list = item;
}

/* Objects whose last cap is gone. */
static void finalise(struct cap c)
{
    switch (cap_type(c)) {
    case MT_CAP_ENDPOINT: ep_cancel_all(cap_object(c)); break;
    case MT_CAP_NOTIFICATION: ntfn_cancel_all(cap_object(c)); break;
    case MT_CAP_PAGE_TABLE: page_table_unmap(c); break;
    case MT_CAP_VSPACE: vspace_destroy(c); break;
    case MT_CAP_ASID_POOL: asid_pool_destroy(c); break;
    case MT_CAP_IRQ_HANDLER: irq_handler_destroy(cap_irq(c)); break;
    case MT_CAP_FPU: fpu_destroy(cap_object(c)); break;
    case MT_CAP_REPLY: reply_lost(c); break;
    case MT_CAP_TCB: {
        struct tcb *t = cap_tcb_ptr(c);
        tcb_destroy(t);
        push_dead((word_t)t | DEAD_TCB, &t->badge);
        break;
    }
    default: break;
    }
}

/* Empties slot s, destroying what its cap was the last cap to. */
static void reap_slot(struct cte *s)
{
    while (!cap_is_null(s->cap)) {
        struct cap c = s->cap;
        bool final = cte_detach(s);
        /* A mapping belongs to the frame cap that made it (each mapping
         * needs a cap of its own), so it goes with that cap, last or not. */
        if (cap_type(c) == MT_CAP_FRAME)
            frame_unmap(c);
        if (!final)
            return;
        if (cap_type(c) != MT_CAP_CNODE) {
            finalise(c);
            return;
        }
        struct cte *slots = cap_cnode_slots(c);
        if (!cap_is_null(slots[0].cap))
            cte_move(slots[0].cap, &slots[0], s);
        slots[0].cap.w1 = (word_t)cap_cnode_radix(c);  /* type bits stay 0: null */
        push_dead((word_t)slots, &slots[0].cap.w0);
    }
}

static void empty_dead_objects(void)
{
    while (dead_list) {
        word_t item = dead_list;
        if (item & DEAD_TCB) {
            struct tcb *t = (struct tcb *)(item & ~DEAD_TCB);
            dead_list = t->badge;
            reap_slot(&t->cspace_root);
            reap_slot(&t->vspace_root);
            reap_slot(&t->ipc_frame);
        } else {
            struct cte *slots = (struct cte *)item;
            word_t n = BIT(slots[0].cap.w1);
            dead_list = slots[0].cap.w0;
            slots[0].cap = cap_null();
            for (word_t i = 1; i < n; i++)
                reap_slot(&slots[i]);
        }
    }
}

/* For a slot that never holds a CNode or TCB cap (an IRQ's notification):
 * deleting it cannot add to the dead list, so it is safe where the list is
 * being emptied (an IRQ handler's finalisation) and needs no recursion. */
void cte_delete_leaf(struct cte *s)
{
    struct cap c = s->cap;
    kassert(cap_type(c) != MT_CAP_CNODE && cap_type(c) != MT_CAP_TCB);
    if (!cap_is_null(c) && cte_detach(s))
        finalise(c);
}

void cte_delete(struct cte *s)
{
    reap_slot(s);
    empty_dead_objects();
}

void cte_revoke(struct cte *s)
{
    struct cte *n;
    while ((n = mdb_next(s)) && is_mdb_parent_of(s, n)) {
        reap_slot(n);
        empty_dead_objects();
    }
}
