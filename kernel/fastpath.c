/* The IPC fastpath: Call and ReplyRecv in their common form (no caps, at
 * most four message registers, the partner waiting, a CSpace of one
 * level), done straight from trap entry.  Anything else returns to the
 * slow path, which gives the same result.  Every check is a few
 * instructions: this path is the RPC round trip's whole kernel cost. */
#include "cap.h"
#include "ipc.h"
#include "machine.h"
#include "sched.h"
#include "vspace.h"
#include "vspace_switch.h"

#define A(i) (MT_REG_A0 + (i))

/* The slot a cptr names when the CSpace root alone resolves every bit
 * (guard + radix = word size, as motec and the boot CNode make them). */
static inline struct cte *single_level_lookup(struct tcb *t, mt_cptr_t cptr)
{
    struct cap root = t->cspace_root.cap;
    int radix = cap_cnode_radix(root);
    if (cap_type(root) != MT_CAP_CNODE || radix + cap_cnode_guard_size(root) != MT_WORD_BITS ||
        (cptr >> radix) != cap_cnode_guard(root))
        return NULL;
    return &cap_cnode_slots(root)[cptr & MASK(radix)];
}

static inline struct endpoint *endpoint_with(struct tcb *t, unsigned need, word_t *badge,
                                             unsigned *rights)
{
    struct cte *s = single_level_lookup(t, t->regs[A(0)]);
    if (!s || cap_type(s->cap) != MT_CAP_ENDPOINT || (cap_rights(s->cap) & need) != need)
        return NULL;
    *badge = cap_badge(s->cap);
    *rights = cap_rights(s->cap);
    return cap_object(s->cap);
}

/* from stops running and to runs in its place. */
static NORETURN void switch_to(struct tcb *from, struct tcb *to, word_t badge, word_t info)
{
    to->regs[A(2)] = from->regs[A(2)];
    to->regs[A(3)] = from->regs[A(3)];
    to->regs[A(4)] = from->regs[A(4)];
    to->regs[A(5)] = from->regs[A(5)];
    to->regs[A(0)] = badge;
    to->regs[A(1)] = info & ~((word_t)MASK(MT_MSGINFO_LABEL_SHIFT) & ~MASK(MT_MSGINFO_LENGTH_BITS));
    from->regs[MT_REG_PC] += 4;
    to->state = TS_RUNNING;   /* neither is queued: cur never is */
    vspace_switch(to->vspace_root.cap);   /* checked to be a VSpace */
    cur = to;
    restore_user(to->regs);
}

static inline void fastpath_call(struct tcb *t, word_t info)
{
    word_t badge;
    unsigned rights;
    struct endpoint *ep = endpoint_with(t, MT_RIGHT_WRITE | MT_RIGHT_GRANT_REPLY, &badge, &rights);
    if (!ep)
        return;
    struct tcb *server = ep->q.head;
    if (!server || server->state != TS_BLOCKED_RECV || server->priority < t->priority ||
        cap_type(server->vspace_root.cap) != MT_CAP_VSPACE)
        return;
    tq_remove(&ep->q, server);
    t->flags = (uint8_t)((t->flags & ~(TF_GRANT | TF_FAULT)) | TF_CALL | TF_GRANT_REPLY |
                         (rights & MT_RIGHT_GRANT ? TF_GRANT : 0));
    t->state = TS_BLOCKED_REPLY;
    if (server->caller)
        server->caller->replier = NULL;
    server->caller = t;
    t->replier = server;
    switch_to(t, server, badge, info);
}

static inline void fastpath_reply_recv(struct tcb *t, word_t info)
{
    struct tcb *caller = t->caller;
    if (!caller || caller->fault[0] != MT_FAULT_NONE || caller->priority < t->priority ||
        cap_type(caller->vspace_root.cap) != MT_CAP_VSPACE ||
        (t->bound_ntfn && ntfn_active(t->bound_ntfn)))
        return;
    word_t badge;
    unsigned rights;
    struct endpoint *ep = endpoint_with(t, MT_RIGHT_READ, &badge, &rights);
    if (!ep || (ep->q.head && ep->q.head->state == TS_BLOCKED_SEND))
        return;
    t->state = TS_BLOCKED_RECV;
    tq_append(&ep->q, t, ep);
    t->caller = NULL;
    caller->replier = NULL;
    switch_to(t, caller, 0, info);
}

void fastpath_ipc(struct tcb *t)
{
    word_t info = t->regs[A(1)];
    if (mt_msginfo_extra_caps(info) != 0 || mt_msginfo_length(info) > MT_MSG_REGISTERS_IN_CPU)
        return;
    if (t->regs[MT_REG_A7] == MT_SYS_CALL)
        fastpath_call(t, info);
    else
        fastpath_reply_recv(t, info);
}
