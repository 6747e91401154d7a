/* The IPC fastpath: Call and ReplyRecv in their common form (no caps, at
 * most four message registers, the partner waiting, no priority
 * question), done straight from trap entry.  Anything else returns to the
 * slow path, which gives the same result. */
#include "cap.h"
#include "cspace.h"
#include "ipc.h"
#include "machine.h"
#include "sched.h"
#include "vspace.h"

#define A(i) (MT_REG_A0 + (i))

static bool simple_message(word_t info)
{
    return mt_msginfo_extra_caps(info) == 0 && mt_msginfo_length(info) <= MT_MSG_REGISTERS_IN_CPU;
}

/* The endpoint cap t names in a0, if it is one with the rights given. */
static struct cap endpoint_cap(struct tcb *t, unsigned need)
{
    struct lookup l = resolve_address(t->cspace_root.cap, t->regs[A(0)], MT_WORD_BITS);
    if (!l.slot || cap_type(l.slot->cap) != MT_CAP_ENDPOINT || (cap_rights(l.slot->cap) & need) != need)
        return cap_null();
    return l.slot->cap;
}

static NORETURN void switch_to(struct tcb *from, struct tcb *to, word_t badge, word_t info)
{
    for (int i = 2; i < 2 + MT_MSG_REGISTERS_IN_CPU; i++)
        to->regs[A(i)] = from->regs[A(i)];
    to->regs[A(0)] = badge;
    to->regs[A(1)] = mt_msginfo(mt_msginfo_label(info), 0, 0, mt_msginfo_length(info));
    from->regs[MT_REG_PC] += 4;
    to->state = TS_RUNNING;
    sched_enqueue_head(to);
    vspace_activate(to);
    cur = to;
    restore_user(to->regs);
}

static void fastpath_call(struct tcb *t, word_t info)
{
    struct cap c = endpoint_cap(t, MT_RIGHT_WRITE | MT_RIGHT_GRANT_REPLY);
    if (cap_is_null(c))
        return;
    struct endpoint *ep = cap_object(c);
    struct tcb *server = ep->head;
    if (!server || server->state != TS_BLOCKED_RECV || server->priority < t->priority ||
        cap_type(server->vspace_root.cap) != MT_CAP_VSPACE)
        return;
    ep_queue_remove(ep, server);
    sched_dequeue(t);
    t->flags = (uint8_t)((t->flags & ~(TF_GRANT | TF_FAULT)) | TF_CALL | TF_GRANT_REPLY |
                         (cap_rights(c) & MT_RIGHT_GRANT ? TF_GRANT : 0));
    t->state = TS_BLOCKED_REPLY;
    if (server->caller)
        server->caller->replier = NULL;
    server->caller = t;
    t->replier = server;
    switch_to(t, server, cap_badge(c), info);
}

static void fastpath_reply_recv(struct tcb *t, word_t info)
{
    struct tcb *caller = t->caller;
    if (!caller || caller->fault[0] != MT_FAULT_NONE || caller->priority < t->priority ||
        cap_type(caller->vspace_root.cap) != MT_CAP_VSPACE)
        return;
    if (t->bound_ntfn && ntfn_active(t->bound_ntfn))
        return;
    struct cap c = endpoint_cap(t, MT_RIGHT_READ);
    if (cap_is_null(c))
        return;
    struct endpoint *ep = cap_object(c);
    if (ep->head && ep->head->state == TS_BLOCKED_SEND)
        return;
    sched_dequeue(t);
    t->state = TS_BLOCKED_RECV;
    ep_queue_append(ep, t);
    t->caller = NULL;
    caller->replier = NULL;
    switch_to(t, caller, 0, info);
}

void fastpath_ipc(struct tcb *t)
{
    word_t info = t->regs[A(1)];
    if (!simple_message(info))
        return;
    if (t->regs[MT_REG_A7] == MT_SYS_CALL)
        fastpath_call(t, info);
    else
        fastpath_reply_recv(t, info);
}
