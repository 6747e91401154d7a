/* SPDX-License-Identifier: BSD-2-Clause */
/* Saved replies (CNode_SaveCaller), so that a server can take further
 * Calls before it answers one, and answer them in any order.
 *
 * The implicit reply (server->caller, caller->replier) stays what Call,
 * ReplyRecv and the fastpath use; SaveCaller moves it into a reply cap in
 * a CNode slot.  The cap has no object: it names the caller's TCB, and the
 * caller, while it waits, names the cap's slot in blocked_on.  So:
 *   - replying (Send or Call on the cap) consumes the cap;
 *   - moving the cap (CNode Move/Mutate, or deletion's own moves) updates
 *     blocked_on, so the link never dangles;
 *   - deleting the cap (or its CNode) wakes the caller with MT_REPLY_LOST
 *     (a faulted caller stays stopped, as after a non-zero fault reply);
 *   - suspending or destroying the caller empties the cap's slot: a later
 *     reply through that slot is an invocation of a null cap.
 * A reply cap cannot be copied or minted (derive_cap), so it is alone in
 * the derivation tree and each caller has at most one. */
#include "cap.h"
#include "cdt.h"
#include "ipc.h"
#include "reply.h"
#include "sched.h"

int reply_save(struct tcb *t, struct cte *dest)
{
    struct tcb *c = t->caller;
    if (!cap_is_null(dest->cap))
        return MT_DELETE_FIRST;
    if (!c)
        return MT_ILLEGAL_OPERATION;
    kassert(c->state == TS_BLOCKED_REPLY && c->replier == t && !c->blocked_on);
    t->caller = NULL;
    c->replier = NULL;
    c->blocked_on = dest;
    cte_insert_original(cap_reply(virt_to_phys(c)), NULL, dest);
    return MT_OK;
}

void reply_send(struct tcb *t, struct cte *slot)
{
    struct tcb *c = cap_tcb_ptr(slot->cap);
    kassert(c->blocked_on == slot);
    cte_detach(slot);
    c->blocked_on = NULL;
    ipc_deliver_reply(t, c, false);
}

void reply_moved(struct cap c, struct cte *dest)
{
    cap_tcb_ptr(c)->blocked_on = dest;
}

void reply_lost(struct cap cap)
{
    struct tcb *c = cap_tcb_ptr(cap);
    kassert(c->state == TS_BLOCKED_REPLY && !c->replier);
    c->blocked_on = NULL;
    if (c->fault_kind != MT_FAULT_NONE) {
        c->fault_kind = MT_FAULT_NONE;
        c->flags &= ~TF_FAULT;
        c->state = TS_INACTIVE;
        return;
    }
    set_kernel_reply(c, MT_REPLY_LOST, NULL, 0);
    sched_wake(c, false);
}

void reply_cancel(struct tcb *c)
{
    struct cte *slot = c->blocked_on;
    if (!slot)
        return;
    kassert(cap_type(slot->cap) == MT_CAP_REPLY && cap_tcb_ptr(slot->cap) == c);
    cte_detach(slot);
    c->blocked_on = NULL;
}
