/* SPDX-License-Identifier: BSD-2-Clause */
/* Deleting capabilities and destroying objects, without recursion and
 * with preemption points.
 *
 * When the last cap to a CNode or a TCB goes, the caps that object holds
 * must go too, and they may be last caps to further CNodes: a chain as
 * long as user space cares to build, and CNodes of up to 2^20 slots.  So
 * dead objects go on a list and are emptied one slot at a time.  The list
 * is threaded through the dead objects themselves, by physical address
 * (bit 0 marks a TCB): a dead TCB through its badge word; a dead CNode
 * through the zombie cap (cap.h) in its slot 0.  The CNode's last cap
 * becomes that zombie, keeping its place in the derivation tree, so the
 * CNode's memory stays allocated (Retype cannot reuse it) while it is
 * emptied; what slot 0 held moves to the slot being deleted and is dealt
 * with there.  A dead TCB is emptied at once (three slots), so when an
 * operation is preempted only zombies are on the list, every object is
 * consistent, and the next Delete or Revoke, by whichever thread, goes on
 * with them.  Likewise the last cap of an endpoint or notification with
 * waiters becomes a queue zombie in place while they are restarted one by
 * one; to users a zombie is no cap. */
#include "cap.h"
#include "cdt.h"
#include "fpu.h"
#include "invoke.h"
#include "invariants.h"
#include "ipc.h"
#include "irq.h"
#include "notification.h"
#include "reply.h"
#include "sched.h"
#include "tcb.h"
#include "vspace.h"

#define DEAD_TCB 1ul
static word_t dead_list;

_Static_assert(KERNEL_WINDOW_BYTES <= BIT(32), "a zombie links the list in 32 bits");

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
        t->badge = dead_list;
        dead_list = virt_to_phys(t) | DEAD_TCB;
        break;
    }
    /* Nothing to do: a frame's mappings went with their caps (reap_slot),
     * a CNode is emptied by reap_slot, untyped memory is just memory, the
     * authorities (IRQ and ASID control, Power) have no object, and a
     * zombie is finished by the dead list or restart_waiters. */
    case MT_CAP_NULL: case MT_CAP_UNTYPED: case MT_CAP_CNODE: case MT_CAP_FRAME:
    case MT_CAP_IRQ_CONTROL: case MT_CAP_ASID_CONTROL: case MT_CAP_POWER:
    case MT_CAP_TYPE_COUNT: case MT_CAP_KERNEL_QUEUE_ZOMBIE: case MT_CAP_KERNEL_ZOMBIE:
        break;
    }
}

/* The last cap to a CNode, in s, becomes the zombie in the CNode's own
 * slot 0; what slot 0 held comes to s. */
static void zombify(struct cte *s, struct cap c)
{
    struct cte *slots = cap_cnode_slots(c), held = { { 0, 0 }, { 0, 0 } };
    if (s != slots) {
        if (!cap_is_null(slots[0].cap))
            cte_move(slots[0].cap, &slots[0], &held);
        cte_move(c, s, &slots[0]);
    }
    slots[0].cap = cap_zombie(c, dead_list, 1);
    dead_list = cap_cnode_paddr(c);
    if (!cap_is_null(held.cap))
        cte_move(held.cap, &held, s);
}

/* The waiters of a dying endpoint or notification (its last cap now a
 * queue zombie) restart one at a time, a preemption point between two;
 * re-running their calls they find no cap.  Then the zombie goes. */
static int restart_waiters(struct cte *s)
{
    struct cap z = s->cap;
    struct thread_queue *q = cap_object(z);
    for (bool worked = false; q->head; worked = true) {
        if (worked && preemption_pending())
            return INV_PREEMPTED;
        struct tcb *t = q->head;
        ep_remove(q, t);   /* a notification's queue never holds a cursor */
        thread_restart(t);
    }
    cte_detach(s);
    finalise(cap_make((int)z.w0, 0, z.w1 & MASK(CAP_TYPE_SHIFT)));
    return MT_OK;
}

static bool has_waiters(struct cap c)
{
    int t = cap_type(c);
    return (t == MT_CAP_ENDPOINT || t == MT_CAP_NOTIFICATION) &&
           ((struct thread_queue *)cap_object(c))->head;
}

/* Empties slot s, destroying what its cap was the last cap to (a CNode
 * only becomes a zombie: the list empties it).  Only an endpoint's or a
 * notification's waiters can make it stop (INV_PREEMPTED). */
static int reap_slot(struct cte *s)
{
    while (!cap_is_null(s->cap)) {
        struct cap c = s->cap;
        if (cap_type(c) == CAP_ZOMBIE)
            return MT_OK;   /* reached by a Revoke: the dead list finishes it */
        if (cap_type(c) == CAP_QUEUE_ZOMBIE)
            return restart_waiters(s);
        bool cnode = cap_type(c) == MT_CAP_CNODE;
        /* A dying IRQ handler's notification goes first, the way a
         * deleted one does (its waiters restart one a step), while the
         * handler keeps the IRQ claimed. */
        if (cap_type(c) == MT_CAP_IRQ_HANDLER && cte_is_final(s) &&
            reap_slot(irq_notification_slot(cap_irq(c))) == INV_PREEMPTED)
            return INV_PREEMPTED;
        if ((cnode || has_waiters(c)) && cte_is_final(s)) {
            if (cnode)
                zombify(s, c);
            else
                s->cap = cap_queue_zombie(c);
            continue;
        }
        bool final = cte_detach(s);
        /* A mapping belongs to the frame cap that made it (each mapping
         * needs a cap of its own), so it goes with that cap, last or not. */
        if (cap_type(c) == MT_CAP_FRAME)
            frame_unmap(c);
        if (final)
            finalise(c);
        return MT_OK;
    }
    return MT_OK;
}

/* A dead TCB's memory is free once its last cap is gone, so its slots
 * are emptied now, without a stop: a CNode's slot 0 moved into one may
 * have brought an endpoint whose waiters then restart all at once. */
static void reap_slot_now(struct cte *s)
{
    while (reap_slot(s) == INV_PREEMPTED)
        ;
}

static void empty_dead_tcb(void)
{
    struct tcb *t = phys_to_virt(dead_list & ~DEAD_TCB);
    dead_list = t->badge;
    reap_slot_now(&t->cspace_root);
    reap_slot_now(&t->vspace_root);
    reap_slot_now(&t->ipc_frame);
}

/* One slot of the zombie at the head of the list, or, when all are
 * empty, the zombie itself: then the CNode's memory is free. */
static int empty_zombie_step(void)
{
    struct cte *slots = phys_to_virt(dead_list);
    struct cap z = slots[0].cap;
    word_t i = cap_zombie_index(z);
    if (i == BIT(cap_cnode_radix(z))) {
        dead_list = cap_zombie_next(z);
        cte_detach(&slots[0]);
        return MT_OK;
    }
    if (reap_slot(&slots[i]) == INV_PREEMPTED)
        return INV_PREEMPTED;   /* slot i again next time */
    slots[0].cap = cap_zombie(z, cap_zombie_next(z), i + 1);
    return MT_OK;
}

/* Empties the dead objects, stopping between two slots when an
 * interrupt is pending (never with a dead TCB on the list). */
static int empty_dead_objects(void)
{
    bool worked = false;
    while (dead_list) {
        if (dead_list & DEAD_TCB) {
            empty_dead_tcb();
            continue;
        }
        if (worked && preemption_pending())
            return INV_PREEMPTED;
        if (empty_zombie_step() == INV_PREEMPTED)
            return INV_PREEMPTED;
        worked = true;
    }
    return MT_OK;
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

int cte_delete(struct cte *s)
{
    if (reap_slot(s) == INV_PREEMPTED)
        return INV_PREEMPTED;
    return empty_dead_objects();
}

/* Children go one at a time, a preemption point between two; a restart
 * finds the rest still children of s. */
int cte_revoke(struct cte *s)
{
    struct cte *n;
    bool worked = false;
    while ((n = mdb_next(s)) && is_mdb_parent_of(s, n)) {
        if (worked && preemption_pending())
            return INV_PREEMPTED;
        if (reap_slot(n) == INV_PREEMPTED || (dead_list && empty_dead_objects() == INV_PREEMPTED))
            return INV_PREEMPTED;
        worked = true;
    }
    return MT_OK;
}

#ifdef KERNEL_DEBUG
/* Between system calls only zombies may wait on the dead list (a
 * preempted Delete or Revoke leaves them for the next one); a dead TCB is
 * always emptied at once. */
bool delete_is_idle(void)
{
    for (word_t d = dead_list; d; d = cap_zombie_next(((struct cte *)phys_to_virt(d))[0].cap))
        if (d & DEAD_TCB)
            return false;
    return true;
}
#endif
