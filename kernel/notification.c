/* SPDX-License-Identifier: BSD-2-Clause */
/* Signal, Wait, Poll and the binding of a notification to a thread. */
#include "ipc.h"
#include "notification.h"
#include "sched.h"

/* A waiter gets the badge in a0 and an empty message. */
static void complete_wait(struct tcb *t, word_t badge)
{
    t->regs[MT_REG_A0] = badge;
    t->regs[MT_REG_A1] = 0;
}

void ntfn_signal(struct notification *n, word_t badge)
{
    struct tcb *t = n->q.head;
    if (t) {
        tq_remove(&n->q, t);
        complete_wait(t, badge);
        sched_wake(t, false);
        return;
    }
    t = ntfn_bound(n);
    if (t && t->state == TS_BLOCKED_RECV) {
        /* a bound thread waiting on an endpoint takes the signal instead */
        ipc_cancel(t);
        complete_wait(t, badge);
        sched_wake(t, false);
        return;
    }
    n->word |= badge;
    ntfn_set_active(n, true);
}

void ntfn_wait(struct tcb *t, struct notification *n, bool blocking)
{
    if (ntfn_active(n)) {
        complete_wait(t, n->word);
        n->word = 0;
        ntfn_set_active(n, false);
    } else if (blocking) {
        t->state = TS_BLOCKED_NTFN;
        sched_dequeue(t);
        tq_append(&n->q, t, n);
    } else {
        complete_wait(t, 0);
    }
}

void ntfn_cancel_wait(struct tcb *t)
{
    tq_remove(&((struct notification *)t->blocked_on)->q, t);
}

void ntfn_cancel_all(struct notification *n)
{
    while (n->q.head) {
        struct tcb *t = n->q.head;
        tq_remove(&n->q, t);
        thread_restart(t);
    }
    struct tcb *b = ntfn_bound(n);
    if (b)
        b->bound_ntfn = NULL;
    ntfn_set_bound(n, NULL);
}

void ntfn_bind(struct notification *n, struct tcb *t)
{
    ntfn_set_bound(n, t);
    t->bound_ntfn = n;
}

void ntfn_unbind(struct tcb *t)
{
    if (t->bound_ntfn)
        ntfn_set_bound(t->bound_ntfn, NULL);
    t->bound_ntfn = NULL;
}
