/* SPDX-License-Identifier: BSD-2-Clause */
/* The IPC fastpath: Call and ReplyRecv in their common form (no caps, at
 * most four message registers, the partner waiting and of at least the
 * sender's priority, a CSpace of one level), entered from trap_entry.S
 * before any slow-path work.  Anything else returns, and the slow path
 * gives the same result.  This path is an RPC round trip's whole kernel
 * cost, so each check is written to be a few instructions. */
#include "cap.h"
#include "ipc.h"
#include "machine.h"
#include "sched.h"
#include "vspace_switch.h"

#define A(i) (MT_REG_A0 + (i))

/* No extra caps and at most four MRs: bits 7..8 count the caps, so one
 * compare covers both. */
static inline bool simple_message(word_t info)
{
    return (info & MASK(MT_MSGINFO_UNWRAPPED_SHIFT)) <= MT_MSG_REGISTERS_IN_CPU;
}

/* The slot cptr names in t's CSpace when it is one level with guard 0
 * (as motec and the boot CNode make them): the install-time cache in the
 * TCB, valid while cspace_root holds a CNode cap. */
static inline bool single_level_lookup(struct tcb *t, word_t cptr, struct cte **slot)
{
    *slot = t->cspace_slots + cptr;
    return cap_type(t->cspace_root.cap) == MT_CAP_CNODE && cptr < t->cspace_limit;
}

static inline bool runs_in_vspace(struct tcb *t)
{
    return cap_type(t->vspace_root.cap) == MT_CAP_VSPACE;
}

/* from stops running and to runs in its place with from's message.  The
 * message's MRs (at most four, checked) overwrite to's saved a2..; the
 * others keep to's own values, as the slow path leaves them.  Neither
 * thread is in a ready queue: the running thread never is, and to was
 * blocked. */
static inline __attribute__((always_inline)) void
switch_to(struct tcb *from, struct tcb *to, word_t badge, word_t info)
{
    word_t *dst = &to->regs[A(2)];
    const word_t *src = &from->regs[A(2)];
    word_t n = info & MASK(MT_MSGINFO_LENGTH_BITS);   /* 0..4, checked */
    /* one compare per MR copied: cheaper than a switch's search for the
     * short messages that are the common case */
    if (n > 0) {
        dst[0] = src[0];
        if (n > 1) {
            dst[1] = src[1];
            if (n > 2) {
                dst[2] = src[2];
                if (n > 3)
                    dst[3] = src[3];
            }
        }
    }
    to->regs[A(0)] = badge;
    to->regs[A(1)] = info & ~(MASK(MT_MSGINFO_LABEL_SHIFT) & ~MASK(MT_MSGINFO_LENGTH_BITS));
    from->regs[MT_REG_PC] += 4;
    to->state = TS_RUNNING;
    satp_switch(to->satp);   /* its VSpace cap was checked, so satp is valid */
    cur = to;
    restore_user_jump(to->regs);
}

void fastpath_call(struct tcb *t)
{
    word_t info = t->regs[A(1)];
    if (!simple_message(info))
        return;
    struct cte *s;
    if (!single_level_lookup(t, t->regs[A(0)], &s) ||
        !cap_is_endpoint_with(s->cap, MT_RIGHT_WRITE | MT_RIGHT_GRANT_REPLY))
        return;
    struct endpoint *ep = cap_object(s->cap);
    struct tcb *server = ep->q.head;
    if (!server || server->state != TS_BLOCKED_RECV || server->priority < t->priority ||
        !runs_in_vspace(server))
        return;
    tq_pop_head(&ep->q, server);
    /* The running thread has no other flag set: it is in no ready queue
     * and, making a system call, has no fault pending.  The message has no
     * caps, so its own grant does not matter: TF_GRANT now says whether
     * the reply may carry caps, the grant of the server's receive cap. */
    t->flags = (uint8_t)(TF_CALL | TF_GRANT_REPLY | (server->flags & TF_GRANT));
    t->state = TS_BLOCKED_REPLY;
    if (server->caller)
        server->caller->replier = NULL;
    server->caller = t;
    t->replier = server;
    switch_to(t, server, cap_badge(s->cap), info);
}

void fastpath_reply_recv(struct tcb *t)
{
    word_t info = t->regs[A(1)];
    struct tcb *caller = t->caller;
    if (!simple_message(info) || !caller || caller->fault_kind != MT_FAULT_NONE ||
        caller->priority < t->priority || !runs_in_vspace(caller) ||
        (t->bound_ntfn && ntfn_active(t->bound_ntfn)))
        return;
    struct cte *s;
    if (!single_level_lookup(t, t->regs[A(0)], &s) || !cap_is_endpoint_with(s->cap, MT_RIGHT_READ))
        return;
    struct endpoint *ep = cap_object(s->cap);
    if (ep->q.head && ep->q.head->state == TS_BLOCKED_SEND)
        return;
    t->state = TS_BLOCKED_RECV;
    /* as ipc_recv: whether replies to what it receives may carry caps */
    t->flags = (uint8_t)(cap_rights(s->cap) & MT_RIGHT_GRANT ? TF_GRANT : 0);
    tq_append(&ep->q, t, ep);
    t->caller = NULL;
    caller->replier = NULL;
    switch_to(t, caller, 0, info);
}
