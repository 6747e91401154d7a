/* SPDX-License-Identifier: BSD-2-Clause */
/* Endpoints: rendezvous message passing, Call/Reply, and the message
 * transfer (registers, IPC buffer, caps). */
#include "cap.h"
#include "cdt.h"
#include "cspace.h"
#include "invoke.h"
#include "irq.h"
#include "fault.h"
#include "ipc.h"
#include "notification.h"
#include "reply.h"
#include "sched.h"
#include "tcb.h"

#define A(i) (MT_REG_A0 + (i))

struct mt_ipc_buffer *tcb_ipc_buffer(struct tcb *t)
{
    struct cap f = t->ipc_frame.cap;
    if (cap_type(f) != MT_CAP_FRAME || !t->ipc_buffer)
        return NULL;
    return phys_to_virt(cap_paddr(f) + (t->ipc_buffer & MASK(cap_frame_bits(f))));
}

/* Message register i of t's outgoing message. */
static word_t get_mr(struct tcb *t, struct mt_ipc_buffer *b, int i)
{
    return i < MT_MSG_REGISTERS_IN_CPU ? t->regs[A(2 + i)] : b->mr[i];
}

/* Writes n MRs to t; returns how many fit (4 without an IPC buffer). */
static int put_mrs(struct tcb *t, const word_t *mr, int n)
{
    struct mt_ipc_buffer *b = tcb_ipc_buffer(t);
    if (!b && n > MT_MSG_REGISTERS_IN_CPU)
        n = MT_MSG_REGISTERS_IN_CPU;
    for (int i = 0; i < n; i++) {
        if (i < MT_MSG_REGISTERS_IN_CPU)
            t->regs[A(2 + i)] = mr[i];
        else
            b->mr[i] = mr[i];
    }
    return n;
}

void set_kernel_reply(struct tcb *t, word_t label, const word_t *mr, int n)
{
    n = put_mrs(t, mr, n);
    t->regs[A(0)] = 0;
    t->regs[A(1)] = mt_msginfo(label, 0, 0, (word_t)n);
}

/* The receive slot named in to's IPC buffer, if it names an empty one. */
static struct cte *receive_slot(struct tcb *to, struct mt_ipc_buffer *tb)
{
    struct lookup l = lookup_cap_slot(to, tb->receive_cnode);
    if (!l.slot || cap_type(l.slot->cap) != MT_CAP_CNODE)
        return NULL;
    l = lookup_slot_for_op(l.slot->cap, tb->receive_index, tb->receive_depth);
    return l.slot && cap_is_null(l.slot->cap) ? l.slot : NULL;
}

/* Caps travel only with grant.  A cap to the endpoint the message goes
 * through, badged, arrives unwrapped: just its badge.  Any other cap is
 * copied into the receiver's one receive slot.  Transfer stops at the
 * first cap that cannot go. */
static word_t transfer_caps(struct tcb *from, struct tcb *to, struct endpoint *ep,
                            word_t count, word_t *unwrapped)
{
    struct mt_ipc_buffer *fb = tcb_ipc_buffer(from), *tb = tcb_ipc_buffer(to);
    if (!fb || !tb)
        return 0;
    struct cte *dest = receive_slot(to, tb);
    word_t done = 0;
    for (; done < count; done++) {
        struct lookup l = lookup_cap_slot(from, fb->caps_or_badges[done]);
        if (!l.slot)
            break;
        struct cap c = l.slot->cap;
        if (cap_type(c) == MT_CAP_ENDPOINT && cap_object(c) == ep && cap_badge(c)) {
            tb->caps_or_badges[done] = cap_badge(c);
            *unwrapped |= BIT(done);
            continue;
        }
        struct cap derived;
        if (!dest || derive_cap(l.slot, &derived) != MT_OK || cap_is_null(derived))
            break;
        cte_insert(derived, l.slot, dest);
        dest = NULL;
    }
    return done;
}

static void do_transfer(struct tcb *from, struct tcb *to, struct endpoint *ep,
                        word_t badge, bool grant)
{
    word_t info = from->regs[A(1)];
    word_t n = mt_msginfo_length(info);
    struct mt_ipc_buffer *fb = tcb_ipc_buffer(from), *tb = tcb_ipc_buffer(to);
    if (n > MT_MSG_MAX_LENGTH)
        n = MT_MSG_MAX_LENGTH;
    if ((!fb || !tb) && n > MT_MSG_REGISTERS_IN_CPU)
        n = MT_MSG_REGISTERS_IN_CPU;
    for (word_t i = 0; i < n; i++) {
        if (i < MT_MSG_REGISTERS_IN_CPU)
            to->regs[A(2 + i)] = from->regs[A(2 + i)];
        else
            tb->mr[i] = fb->mr[i];
    }
    word_t unwrapped = 0, caps = 0;
    if (grant && mt_msginfo_extra_caps(info))
        caps = transfer_caps(from, to, ep, mt_msginfo_extra_caps(info), &unwrapped);
    to->regs[A(0)] = badge;
    to->regs[A(1)] = mt_msginfo(mt_msginfo_label(info), unwrapped, caps, n);
}

static void do_fault_transfer(struct tcb *from, struct tcb *to, word_t badge)
{
    word_t mr[MT_FAULT_UNKNOWN_SYSCALL_LENGTH];
    int n = fault_message(from, mr);
    n = put_mrs(to, mr, n);
    to->regs[A(0)] = badge;
    to->regs[A(1)] = mt_msginfo(from->fault_kind, 0, 0, (word_t)n);
}

/* After a Call is delivered: the caller waits for server's reply, if its
 * cap allowed one; without grant or grant-reply it simply stops.  From
 * here on the caller's TF_GRANT says whether the reply may carry caps:
 * seL4's rule, the grant right of the cap the server received the call
 * with (server's TF_GRANT while it receives). */
static void block_for_reply(struct tcb *caller, struct tcb *server)
{
    sched_dequeue(caller);
    if (!(caller->flags & (TF_GRANT | TF_GRANT_REPLY))) {
        caller->state = TS_INACTIVE;
        return;
    }
    caller->flags = (uint8_t)((caller->flags & ~TF_GRANT) | (server->flags & TF_GRANT));
    if (server->caller)
        server->caller->replier = NULL;   /* the older caller is abandoned */
    server->caller = caller;
    caller->replier = server;
    caller->state = TS_BLOCKED_REPLY;
}

static unsigned send_flags(unsigned rights, bool call)
{
    return (call ? TF_CALL : 0) | (rights & MT_RIGHT_GRANT ? TF_GRANT : 0) |
           (rights & MT_RIGHT_GRANT_REPLY ? TF_GRANT_REPLY : 0);
}

static void send(struct tcb *t, struct endpoint *ep, word_t badge, unsigned flags,
                 bool blocking)
{
    struct tcb *r = ep->q.head;
    t->flags = (uint8_t)((t->flags & ~(TF_CALL | TF_GRANT | TF_GRANT_REPLY | TF_FAULT)) | flags);
    if (r && r->state == TS_BLOCKED_RECV) {
        tq_remove(&ep->q, r);
        if (flags & TF_FAULT)
            do_fault_transfer(t, r, badge);
        else
            do_transfer(t, r, ep, badge, flags & TF_GRANT);
        if (flags & TF_CALL)
            block_for_reply(t, r);
        sched_wake(r, flags & TF_CALL);
        return;
    }
    if (!blocking)
        return;
    t->state = TS_BLOCKED_SEND;
    t->badge = badge;
    sched_dequeue(t);
    tq_append(&ep->q, t, ep);
}

void ipc_send(struct tcb *t, struct endpoint *ep, word_t badge, unsigned rights,
              bool blocking, bool call)
{
    send(t, ep, badge, send_flags(rights, call), blocking);
}

void ipc_send_fault(struct tcb *t, struct endpoint *ep, word_t badge, unsigned rights)
{
    send(t, ep, badge, send_flags(rights, true) | TF_FAULT, true);
}

void ipc_recv(struct tcb *t, struct endpoint *ep, bool blocking, bool grant)
{
    t->flags = (uint8_t)((t->flags & ~(TF_CALL | TF_GRANT | TF_GRANT_REPLY | TF_FAULT)) |
                         (grant ? TF_GRANT : 0));
    if (t->bound_ntfn && ntfn_active(t->bound_ntfn)) {
        ntfn_wait(t, t->bound_ntfn, false);
        return;
    }
    struct tcb *s = ep->q.head;
    if (s && s->state == TS_BLOCKED_SEND) {
        ep_remove(&ep->q, s);
        if (s->flags & TF_FAULT)
            do_fault_transfer(s, t, s->badge);
        else
            do_transfer(s, t, ep, s->badge, s->flags & TF_GRANT);
        if (s->flags & TF_CALL)
            block_for_reply(s, t);
        else
            sched_wake(s, false);
        return;
    }
    if (!blocking) {
        t->regs[A(0)] = 0;
        t->regs[A(1)] = 0;
        return;
    }
    t->state = TS_BLOCKED_RECV;
    sched_dequeue(t);
    tq_append(&ep->q, t, ep);
}

/* The reply to a fault restarts the thread (label 0), with the reply's
 * MRs overwriting pc, sp, a0.. in that order, or leaves it stopped. */
static void reply_to_fault(struct tcb *t, struct tcb *c)
{
    static const uint8_t order[] = MT_FAULT_REPLY_REGS;
    word_t info = t->regs[A(1)];
    struct mt_ipc_buffer *b = tcb_ipc_buffer(t);
    word_t n = mt_msginfo_length(info);
    if (n > ARRAY_SIZE(order))
        n = ARRAY_SIZE(order);
    if (!b && n > MT_MSG_REGISTERS_IN_CPU)
        n = MT_MSG_REGISTERS_IN_CPU;
    c->fault_kind = MT_FAULT_NONE;
    c->flags &= ~TF_FAULT;
    if (mt_msginfo_label(info) != 0) {
        c->state = TS_INACTIVE;
        return;
    }
    for (word_t i = 0; i < n; i++)
        c->regs[order[i]] = get_mr(t, b, (int)i);
    sched_wake(c, false);
}

void ipc_deliver_reply(struct tcb *t, struct tcb *c, bool donate)
{
    kassert(c->state == TS_BLOCKED_REPLY && !c->replier && !c->blocked_on);
    if (c->fault_kind != MT_FAULT_NONE) {
        reply_to_fault(t, c);
        return;
    }
    do_transfer(t, c, NULL, 0, c->flags & TF_GRANT);
    sched_wake(c, donate);
}

void ipc_reply(struct tcb *t, bool donate)
{
    struct tcb *c = t->caller;
    if (!c)
        return;
    t->caller = NULL;
    c->replier = NULL;
    ipc_deliver_reply(t, c, donate);
}

void ipc_cancel(struct tcb *t)
{
    switch ((enum thread_state)t->state) {
    case TS_BLOCKED_SEND:
    case TS_BLOCKED_RECV:
        ep_remove(&((struct endpoint *)t->blocked_on)->q, t);
        break;
    case TS_BLOCKED_NTFN:
        ntfn_cancel_wait(t);
        break;
    case TS_BLOCKED_REPLY:
        if (t->replier)
            t->replier->caller = NULL;
        t->replier = NULL;
        reply_cancel(t);   /* its saved reply cap, if any, goes */
        break;
    case TS_INACTIVE:
    case TS_RUNNING:
        break;
    }
}

/* A thread stopped inside a system call has its pc past the ecall; to run
 * the call again it goes back one instruction.  A thread stopped by a
 * fault re-executes the faulting instruction anyway. */
void thread_rewind(struct tcb *t)
{
    bool in_syscall = t->state >= TS_BLOCKED_SEND && t->state <= TS_BLOCKED_NTFN;
    if (in_syscall && !(t->flags & TF_FAULT) && t->fault_kind == MT_FAULT_NONE)
        t->regs[MT_REG_PC] -= 4;
    t->flags &= ~(TF_CALL | TF_GRANT | TF_GRANT_REPLY | TF_FAULT);
    t->fault_kind = MT_FAULT_NONE;
}

void thread_restart(struct tcb *t)
{
    thread_rewind(t);
    sched_wake(t, false);
}

/* CancelBadgedSends keeps its place in the queue between two preemption
 * points with the invoker's own TCB as a cursor (a "cursor node"): a
 * running (or suspended) thread is in no queue, so its ep links are free.
 * The invoker walks the send queue from the tail to the head, so senders
 * that queue after the call began (the cancelled ones sending again among
 * them) are never looked at; when preempted it links itself in after the
 * next sender to look at.  Behind the cursor are the senders it kept, in
 * their order; nothing is moved, so FIFO order holds for all of them
 * while the invoker waits, whatever other threads do to the queue.
 *
 * A cursor is never the head of its queue: receivers and the fastpath
 * only look at the head.  When the threads in front of one all leave
 * (ep_remove), nothing is left for its canceller to look at: its call
 * is completed there, pc past the ecall and the reply MT_OK.  A cursor
 * holds: TF_CURSOR, blocked_on = the endpoint, badge = the badge being
 * cancelled, TF_CURSOR_REPLY if the call wants a reply.  The invoker
 * takes its cursor out at its next system call or fault (cursor_take), before
 * anything can use its ep links; its cspace_limit is 0 meanwhile, so the
 * fastpath, which does not look, never takes it. */
static struct {
    struct tcb *t;               /* the thread re-entering the kernel */
    struct endpoint *ep;
    word_t badge;
    struct tcb *from;            /* the next sender to look at */
} resume;

static void cursor_link(struct tcb *k, struct endpoint *ep, word_t badge, struct tcb *after,
                        bool reply)
{
    k->ep_prev = after;
    k->ep_next = after->ep_next;
    if (after->ep_next)
        after->ep_next->ep_prev = k;
    else
        ep->q.tail = k;
    after->ep_next = k;
    k->blocked_on = ep;
    k->badge = badge;
    k->flags |= TF_CURSOR | (reply ? TF_CURSOR_REPLY : 0);
    k->cspace_limit = 0;
}

static void cursor_unlink(struct tcb *k)
{
    tq_remove(&((struct endpoint *)k->blocked_on)->q, k);
    k->flags &= ~(TF_CURSOR | TF_CURSOR_REPLY);
    k->badge = 0;
    tcb_cache_cspace(k);
}

void cursor_take(struct tcb *t)
{
    resume.t = NULL;
    if (!(t->flags & TF_CURSOR))
        return;
    resume.t = t;
    resume.ep = t->blocked_on;
    resume.badge = t->badge;
    resume.from = t->ep_prev;   /* a cursor is never the head */
    cursor_unlink(t);
}

void cursor_drop(struct tcb *t)
{
    if (t->flags & TF_CURSOR)
        cursor_unlink(t);
}

/* Nothing is left in front of k's cursor: its call is done. */
static void cursor_complete(struct tcb *k)
{
    bool reply = k->flags & TF_CURSOR_REPLY;
    cursor_unlink(k);
    k->regs[MT_REG_PC] += 4;
    if (reply)
        set_kernel_reply(k, MT_OK, NULL, 0);
}

void ep_remove(struct thread_queue *q, struct tcb *t)
{
    tq_remove(q, t);
    while (q->head && (q->head->flags & TF_CURSOR))
        cursor_complete(q->head);
}

void ep_cancel_all(struct endpoint *ep)
{
    while (ep->q.head) {
        struct tcb *t = ep->q.head;
        ep_remove(&ep->q, t);
        thread_restart(t);
    }
}

/* The senders with this badge restart, one a step from the tail on (see
 * the cursor above); a restart by k continues where its cursor was. */
int ep_cancel_badged(struct tcb *k, struct endpoint *ep, word_t badge, bool reply)
{
    struct tcb *t = ep->q.tail;
    if (resume.t == k && resume.ep == ep && resume.badge == badge)
        t = resume.from;
    resume.t = NULL;
    if (!ep->q.head || ep->q.head->state != TS_BLOCKED_SEND)
        return MT_OK;   /* no senders: none to look at */
    for (bool worked = false; t; worked = true) {
        if (worked && preemption_pending()) {
            cursor_link(k, ep, badge, t, reply);
            return INV_PREEMPTED;
        }
        struct tcb *prev = t->ep_prev;
        if (t->state == TS_BLOCKED_SEND && t->badge == badge) {
            ep_remove(&ep->q, t);
            thread_restart(t);
        }
        t = prev;
    }
    return MT_OK;
}
