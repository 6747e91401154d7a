/* Signal, Wait, Poll and the binding of a notification to a thread. */
#include "ipc.h"
#include "notification.h"
#include "sched.h"

static void queue_append(struct notification *n, struct tcb *t)
{
    t->ep_next = NULL;
    t->ep_prev = n->tail;
    if (n->tail)
        n->tail->ep_next = t;
    else
        n->head = t;
    n->tail = t;
}

static void queue_remove(struct notification *n, struct tcb *t)
{
    if (t->ep_prev)
        t->ep_prev->ep_next = t->ep_next;
    else
        n->head = t->ep_next;
    if (t->ep_next)
        t->ep_next->ep_prev = t->ep_prev;
    else
        n->tail = t->ep_prev;
    t->ep_next = t->ep_prev = NULL;
}

/* A waiter gets the badge in a0 and an empty message. */
static void complete_wait(struct tcb *t, word_t badge)
{
    t->regs[MT_REG_A0] = badge;
    t->regs[MT_REG_A1] = 0;
}

void ntfn_signal(struct notification *n, word_t badge)
{
    struct tcb *t = n->head;
    if (t) {
        queue_remove(n, t);
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
        t->blocked_on = n;
        sched_dequeue(t);
        queue_append(n, t);
    } else {
        complete_wait(t, 0);
    }
}

void ntfn_cancel_wait(struct tcb *t)
{
    queue_remove(t->blocked_on, t);
    t->blocked_on = NULL;
}

void ntfn_cancel_all(struct notification *n)
{
    while (n->head) {
        struct tcb *t = n->head;
        queue_remove(n, t);
        t->blocked_on = NULL;
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
