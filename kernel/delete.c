/* SPDX-License-Identifier: BSD-2-Clause */
/* Deleting capabilities and destroying objects, without recursion and
 * with preemption points.
 *
 * When the last cap to a CNode or a TCB goes, the caps that object holds
 * must go too, and they may be last caps to further CNodes and TCBs: a
 * chain as long as user space cares to build, and CNodes of up to 2^20
 * slots.  So the last cap becomes a zombie in the object's own first slot
 * (a CNode's slot 0, a TCB's CSpace slot), keeping its place in the
 * derivation tree, so the memory stays allocated (Retype cannot reuse it)
 * while the object is emptied one slot at a time; what that first slot
 * held moves to the slot being deleted and is dealt with there.  Zombies
 * are on the dead list, threaded through the zombie caps by the physical
 * address of that first slot, newest first.  When an operation is
 * preempted every object is consistent, and the next Delete or Revoke, by
 * whichever thread, goes on with the list first.  Likewise the last cap
 * of an endpoint or notification with waiters becomes a queue zombie in
 * place while they are restarted one by one; to users a zombie is no cap.
 *
 * A slot can receive, that way, a chain: the last cap of a CNode whose
 * slot 0 holds the last cap of another, and so on.  Each link is a step;
 * a preemption between two parks what the slot then holds in the limbo
 * slot, a kernel slot the dead list empties before anything else (so the
 * slot being deleted, maybe a Revoke's child, is empty and nothing is
 * left where no restart would look). */
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

static word_t dead_list;
static struct cte limbo;

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
    /* Nothing to do: a frame's mappings went with their caps (reap_slot),
     * a CNode or TCB became a zombie (reap_slot), untyped memory is just
     * memory, the authorities (IRQ and ASID control, Power) have no
     * object, and a zombie is finished by the dead list or
     * restart_waiters. */
    case MT_CAP_NULL: case MT_CAP_UNTYPED: case MT_CAP_CNODE: case MT_CAP_FRAME: case MT_CAP_TCB:
    case MT_CAP_IRQ_CONTROL: case MT_CAP_ASID_CONTROL: case MT_CAP_POWER:
    case MT_CAP_TYPE_COUNT: case MT_CAP_KERNEL_QUEUE_ZOMBIE: case MT_CAP_KERNEL_ZOMBIE:
        break;
    }
}

/* The first slot of a CNode or a TCB: where its zombie goes. */
static struct cte *first_slot(struct cap c)
{
    return cap_type(c) == MT_CAP_TCB ? &cap_tcb_ptr(c)->cspace_root : cap_cnode_slots(c);
}

/* The last cap to a CNode or TCB, in s, becomes the zombie in the
 * object's own first slot; what that slot held comes to s.  A TCB stops
 * here, its three slots still full. */
static void zombify(struct cte *s, struct cap c)
{
    struct cte *slots = first_slot(c), held = { { 0, 0 }, { 0, 0 } };
    if (cap_type(c) == MT_CAP_TCB)
        tcb_destroy(cap_tcb_ptr(c));
    if (s != slots) {
        if (!cap_is_null(slots[0].cap))
            cte_move(slots[0].cap, &slots[0], &held);
        cte_move(c, s, &slots[0]);
    }
    slots[0].cap = cap_zombie(c, dead_list, 1);
    dead_list = virt_to_phys(slots);
    if (!cap_is_null(held.cap))
        cte_move(held.cap, &held, s);
}

/* Does the object of c, a last cap, still have what must let go of it
 * before it is destroyed: waiters in its queue, threads running in the
 * VSpace, VSpaces with ASIDs from the pool? */
static bool has_waiters(struct cap c)
{
    int t = cap_type(c);
    if (t == MT_CAP_ENDPOINT || t == MT_CAP_NOTIFICATION)
        return ((struct thread_queue *)cap_object(c))->head;
    if (t == MT_CAP_VSPACE)
        return vspace_has_threads(cap_paddr(c));
    return t == MT_CAP_ASID_POOL && asid_pool_in_use(c);
}

static void release_one(struct cap c)
{
    if (cap_type(c) == MT_CAP_VSPACE) {
        vspace_release_thread(cap_paddr(c));
    } else if (cap_type(c) == MT_CAP_ASID_POOL) {
        asid_pool_release_one(c);
    } else {
        struct thread_queue *q = cap_object(c);
        struct tcb *t = q->head;
        ep_remove(q, t);   /* a notification's queue never holds a cursor */
        thread_restart(t);   /* re-running its call it finds no cap */
    }
}

/* What depends on a dying object (its last cap now a queue zombie) lets
 * go one thing at a time, a preemption point between two.  Then the
 * zombie goes and the object is destroyed. */
static int restart_waiters(struct cte *s)
{
    struct cap c = cap_queue_zombie_original(s->cap);
    for (bool worked = false; has_waiters(c); worked = true) {
        if (worked && preemption_pending())
            return INV_PREEMPTED;
        release_one(c);
    }
    cte_detach(s);
    finalise(c);
    return MT_OK;
}

/* Preempted with a cap that came to s from a dying object's first slot:
 * it waits in the limbo slot (empty whenever reap_slot starts on another
 * slot: every deletion empties the dead list and the limbo first). */
static int park(struct cte *s)
{
    if (s != &limbo)
        cte_move(s->cap, s, &limbo);
    return INV_PREEMPTED;
}

/* The last cap of c in s: does its object need steps to die? */
static bool dies_in_steps(struct cap c)
{
    int t = cap_type(c);
    return t == MT_CAP_CNODE || t == MT_CAP_TCB || has_waiters(c);
}

/* Empties slot s, destroying what its cap was the last cap to (a CNode
 * or TCB only becomes a zombie: the list empties it).  It stops
 * (INV_PREEMPTED) between two links of a chain and between two waiters
 * of a dying endpoint or notification. */
static int reap_slot(struct cte *s)
{
    bool moved = false;   /* s holds what came from a dying object */
    while (!cap_is_null(s->cap)) {
        struct cap c = s->cap;
        if (cap_type(c) == CAP_ZOMBIE)
            return MT_OK;   /* reached by a Revoke: the dead list finishes it */
        if (moved && preemption_pending())
            return park(s);
        if (cap_type(c) == CAP_QUEUE_ZOMBIE) {
            int r = restart_waiters(s);
            return r == INV_PREEMPTED && moved ? park(s) : r;
        }
        /* A dying IRQ handler's notification goes first, the way a
         * deleted one does (its waiters restart one a step), while the
         * handler keeps the IRQ claimed. */
        if (cap_type(c) == MT_CAP_IRQ_HANDLER && cte_is_final(s) &&
            reap_slot(irq_notification_slot(cap_irq(c))) == INV_PREEMPTED)
            return INV_PREEMPTED;
        if (dies_in_steps(c) && cte_is_final(s)) {
            if (cap_type(c) == MT_CAP_CNODE || cap_type(c) == MT_CAP_TCB) {
                zombify(s, c);
                moved = true;
            } else {
                s->cap = cap_queue_zombie(c);
            }
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

/* One slot of the zombie at the head of the list, or, when all are
 * empty, the zombie itself: then the object's memory is free. */
static int empty_zombie_step(void)
{
    struct cte *slots = phys_to_virt(dead_list);
    struct cap z = slots[0].cap;
    word_t i = cap_zombie_index(z);
    if (i == cap_zombie_slots(z)) {
        dead_list = cap_zombie_next(z);
        cte_detach(&slots[0]);
        return MT_OK;
    }
    if (reap_slot(&slots[i]) == INV_PREEMPTED)
        return INV_PREEMPTED;   /* slot i again next time */
    slots[0].cap = cap_zombie(z, cap_zombie_next(z), i + 1);
    return MT_OK;
}

static bool dead_work(void) { return dead_list || !cap_is_null(limbo.cap); }

/* Empties the limbo slot and the dead objects, stopping between two
 * steps when an interrupt is pending. */
static int empty_dead_objects(void)
{
    for (bool worked = false; dead_work(); worked = true) {
        if (worked && preemption_pending())
            return INV_PREEMPTED;
        int r = cap_is_null(limbo.cap) ? empty_zombie_step() : reap_slot(&limbo);
        if (r == INV_PREEMPTED)
            return INV_PREEMPTED;
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

/* What an earlier deletion left goes first (the limbo slot must be free
 * before another slot is reaped). */
int cte_delete(struct cte *s)
{
    if ((dead_work() && empty_dead_objects() == INV_PREEMPTED) || reap_slot(s) == INV_PREEMPTED)
        return INV_PREEMPTED;
    return dead_work() ? empty_dead_objects() : MT_OK;
}

/* Children go one at a time, a preemption point between two; a restart
 * finds the rest still children of s. */
int cte_revoke(struct cte *s)
{
    for (bool worked = false;; worked = true) {
        if (worked && preemption_pending())
            return INV_PREEMPTED;
        if (dead_work() && empty_dead_objects() == INV_PREEMPTED)
            return INV_PREEMPTED;
        struct cte *n = mdb_next(s);
        if (!n || !is_mdb_parent_of(s, n))
            return MT_OK;
        if (reap_slot(n) == INV_PREEMPTED)
            return INV_PREEMPTED;
    }
}

#ifdef KERNEL_DEBUG
/* Between system calls the dead list holds only zombies, each in its
 * object's first slot. */
bool delete_list_is_sound(void)
{
    for (word_t d = dead_list; d; d = cap_zombie_next(((struct cte *)phys_to_virt(d))[0].cap)) {
        struct cap z = ((struct cte *)phys_to_virt(d))[0].cap;
        if (cap_type(z) != CAP_ZOMBIE || cap_zombie_index(z) > cap_zombie_slots(z))
            return false;
    }
    return true;
}

struct cte *delete_limbo(void) { return &limbo; }
#endif
