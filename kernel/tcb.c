/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads: their life cycle and the TCB invocations. */
#include "cap.h"
#include "cdt.h"
#include "fpu.h"
#include "invoke.h"
#include "ipc.h"
#include "notification.h"
#include "reply.h"
#include "sched.h"
#include "tcb.h"
#include "vspace.h"

/* A new TCB's memory is clear (untyped.c): zero is TS_INACTIVE, no
 * links, no caps. */
void tcb_init(struct tcb *t)
{
    t->timeslice = TIMESLICE_TICKS;
    vspace_tcb_init(t);
}

void tcb_suspend(struct tcb *t)
{
    ipc_cancel(t);
    reply_abandoned(t);
    thread_rewind(t);
    t->state = TS_INACTIVE;
    sched_dequeue(t);
}

void tcb_resume(struct tcb *t)
{
    if (t->state != TS_INACTIVE)
        return;
    t->timeslice = TIMESLICE_TICKS;
    sched_wake(t, false);
}

/* Last cap gone: the thread stops and lets go of everything it is linked
 * to.  Its own slots are emptied by the caller (delete.c). */
void tcb_destroy(struct tcb *t)
{
    cursor_drop(t);
    tcb_suspend(t);
    ntfn_unbind(t);
    if (t->fpu)
        fpu_unbind(t);
    vspace_unbind_tcb(t);
}

/* What the fastpath needs from t's CSpace cap.  The FPU's owner and a
 * thread with a cursor in a send queue (ipc.c) take the slow path for
 * their own calls: their limit is 0. */
void tcb_cache_cspace(struct tcb *t)
{
    struct cap cs = t->cspace_root.cap;
    int radix = cap_cnode_radix(cs);
    bool one_level = cap_type(cs) == MT_CAP_CNODE && cap_cnode_guard(cs) == 0 &&
                     radix + cap_cnode_guard_size(cs) == MT_WORD_BITS;
    t->cspace_slots = one_level ? cap_cnode_slots(cs) : NULL;
    t->cspace_limit = one_level && t != fpu_owner && !(t->flags & TF_CURSOR) ? BIT(radix) : 0;
}

/* What the fastpath needs from t's CSpace and VSpace caps, worked out
 * once, when they are installed, instead of at every IPC. */
void tcb_cache_spaces(struct tcb *t)
{
    tcb_cache_cspace(t);
    vspace_bind_tcb(t);
}

static bool same_cap(struct cap a, struct cap b) { return a.w0 == b.w0 && a.w1 == b.w1; }

#define NOT_INSTALLED 1

/* Replace one of the invoked TCB's cap slots with c, a copy of the cap in
 * src, which the caller checked.  Deleting the old cap may destroy
 * objects: the one src lies in, even the TCB itself (its CSpace may hold
 * its last cap).  So the copy is made only if both the invoked TCB cap and
 * src still hold what was checked (seL4 re-checks the same way).  The
 * deletion may stop at a preemption point (INV_PREEMPTED): the restarted
 * invocation installs again what it had installed, harmlessly. */
static int install_cap(struct invocation *iv, struct cte *dest, struct cte *src,
                       struct cap expect, struct cap c)
{
    if (cte_delete(dest) == INV_PREEMPTED)
        return INV_PREEMPTED;
    if (!same_cap(iv->slot->cap, iv->cap) || !same_cap(src->cap, expect))
        return NOT_INSTALLED;
    cte_insert(c, src, dest);
    return MT_OK;
}

/* A CSpace root with the guard data of Configure/SetSpace applied. */
static int cspace_cap(struct cte *src, word_t guard_data, struct cap *out)
{
    struct cap c = src->cap;
    if (cap_type(c) != MT_CAP_CNODE)
        return inv_invalid_cap(1);
    if (derive_cap(src, &c) != MT_OK)
        return inv_invalid_cap(1);
    if (guard_data) {
        word_t size = guard_data & MASK(MT_GUARD_SIZE_BITS), guard = guard_data >> MT_GUARD_SIZE_BITS;
        if (size + (word_t)cap_cnode_radix(c) > (word_t)MT_WORD_BITS || (size < 64 && (guard >> size)))
            return inv_invalid_arg(1);
        c = cap_cnode(cap_cnode_paddr(c), cap_cnode_radix(c), (int)size, guard);
    }
    *out = c;
    return MT_OK;
}

static int check_ipc_buffer(struct cte *frame, word_t vaddr)
{
    if (!IS_ALIGNED(vaddr, 9))
        return MT_ALIGNMENT_ERROR;
    /* the kernel writes received messages into it: read and write */
    if (cap_type(frame->cap) != MT_CAP_FRAME || cap_frame_device(frame->cap) ||
        (cap_frame_rights(frame->cap) & (MT_RIGHT_READ | MT_RIGHT_WRITE)) !=
            (MT_RIGHT_READ | MT_RIGHT_WRITE))
        return inv_invalid_cap(3);
    return MT_OK;
}

static int set_space(struct invocation *iv, word_t fault_ep, word_t guard_data,
                     struct cte *frame, word_t buffer)
{
    struct tcb *t = cap_tcb_ptr(iv->cap);
    struct cte *cs = iv->extra[0], *vs = iv->extra[1];
    struct cap cspace, vspace = vs->cap;
    int err = cspace_cap(cs, guard_data, &cspace);
    if (err)
        return err;
    if (cap_type(vspace) != MT_CAP_VSPACE || !vspace_asid(cap_paddr(vspace)))
        return inv_invalid_cap(2);   /* no ASID: assign it first */
    if (frame && (err = check_ipc_buffer(frame, buffer)))
        return err;
    struct cap cs_old = cs->cap, vs_old = vs->cap, fr_old = frame ? frame->cap : cap_null();
    t->fault_ep = fault_ep;
    /* the fastpath's cache follows each cap that is put in place */
    if ((err = install_cap(iv, &t->cspace_root, cs, cs_old, cspace)))
        return err == INV_PREEMPTED ? err : MT_OK;
    tcb_cache_spaces(t);
    if ((err = install_cap(iv, &t->vspace_root, vs, vs_old, vspace)))
        return err == INV_PREEMPTED ? err : MT_OK;
    tcb_cache_spaces(t);
    if (frame && (err = install_cap(iv, &t->ipc_frame, frame, fr_old, cap_clear_mapping(fr_old))))
        return err == INV_PREEMPTED ? err : MT_OK;
    if (frame)
        t->ipc_buffer = buffer;
    return MT_OK;
}

static int set_ipc_buffer(struct invocation *iv)
{
    struct tcb *t = cap_tcb_ptr(iv->cap);
    word_t vaddr = inv_arg(iv, 0);
    if (vaddr == 0) {
        /* a frame cap: it destroys nothing, but the dead list may not be empty */
        if (cte_delete(&t->ipc_frame) == INV_PREEMPTED)
            return INV_PREEMPTED;
        t->ipc_buffer = 0;
        return MT_OK;
    }
    int err = inv_need(iv, 1, 1);
    if (err)
        return err;
    if ((err = check_ipc_buffer(iv->extra[0], vaddr)))
        return err == MT_INVALID_CAPABILITY ? inv_invalid_cap(1) : err;
    struct cap f = iv->extra[0]->cap;
    if ((err = install_cap(iv, &t->ipc_frame, iv->extra[0], f, cap_clear_mapping(f))))
        return err == INV_PREEMPTED ? err : MT_OK;
    t->ipc_buffer = vaddr;
    return MT_OK;
}

/* The new priority (or MCP) may not exceed the authority's MCP. */
static int set_priority(struct invocation *iv, bool mcp)
{
    int err = inv_need(iv, 1, 1);
    if (err)
        return err;
    if (cap_type(iv->extra[0]->cap) != MT_CAP_TCB)
        return inv_invalid_cap(1);
    struct tcb *auth = cap_tcb_ptr(iv->extra[0]->cap), *t = cap_tcb_ptr(iv->cap);
    word_t prio = inv_arg(iv, 0);
    if (prio > auth->mcp)
        return inv_range_error(0, auth->mcp);
    if (mcp)
        t->mcp = (uint8_t)prio;
    else
        sched_set_priority(t, (int)prio);
    return MT_OK;
}

/* Read/WriteRegisters: MR0 flag, MR1 count (1..32), never on oneself. */
static int register_args(struct invocation *iv, word_t *n)
{
    int err = inv_need(iv, 2, 0);
    if (err)
        return err;
    *n = inv_arg(iv, 1);
    if (cap_tcb_ptr(iv->cap) == iv->t)
        return MT_ILLEGAL_OPERATION;
    if (*n < 1 || *n > MT_REG_COUNT)
        return inv_range_error(1, MT_REG_COUNT);
    return MT_OK;
}

static int read_registers(struct invocation *iv)
{
    struct tcb *t = cap_tcb_ptr(iv->cap);
    word_t n;
    int err = register_args(iv, &n);
    if (err)
        return err;
    if (inv_arg(iv, 0))
        tcb_suspend(t);
    for (word_t i = 0; i < n; i++)
        iv->out[i] = t->regs[i];
    iv->out_len = (int)n;
    return MT_OK;
}

static int write_registers(struct invocation *iv)
{
    struct tcb *t = cap_tcb_ptr(iv->cap);
    word_t n;
    int err = register_args(iv, &n);
    if (err)
        return err;
    if (iv->length < 2 + n)
        return MT_TRUNCATED_MESSAGE;
    cursor_drop(t);   /* its pending call is no longer what it will run */
    for (word_t i = 0; i < n; i++)
        t->regs[i] = inv_arg(iv, (int)(2 + i));
    if (inv_arg(iv, 0))
        tcb_resume(t);
    return MT_OK;
}

static int bind_notification(struct invocation *iv)
{
    struct tcb *t = cap_tcb_ptr(iv->cap);
    int err = inv_need(iv, 0, 1);
    if (err)
        return err;
    struct cap n = iv->extra[0]->cap;
    if (cap_type(n) != MT_CAP_NOTIFICATION || !(cap_rights(n) & MT_RIGHT_READ))
        return inv_invalid_cap(1);
    struct notification *ntfn = cap_object(n);
    if (t->bound_ntfn || ntfn_bound(ntfn) || ntfn->q.head)
        return MT_ILLEGAL_OPERATION;
    ntfn_bind(ntfn, t);
    return MT_OK;
}

static int bind_fpu(struct invocation *iv)
{
    struct tcb *t = cap_tcb_ptr(iv->cap);
    int err = inv_need(iv, 0, 1);
    if (err)
        return err;
    struct cap f = iv->extra[0]->cap;
    if (cap_type(f) != MT_CAP_FPU)
        return inv_invalid_cap(1);
    struct fpu *fpu = cap_object(f);
    if (t->fpu || fpu->bound)
        return MT_ILLEGAL_OPERATION;
    fpu_bind(t, fpu);
    return MT_OK;
}

/* Priority, MCP and state: what `ps` shows.  The ABI's states are the
 * kernel's, numbered alike (asserted below). */
static int get_info(struct invocation *iv, const struct tcb *t)
{
    iv->out[0] = t->priority;
    iv->out[1] = t->mcp;
    iv->out[2] = t->state;
    iv->out_len = 3;
    return MT_OK;
}
_Static_assert((int)TS_INACTIVE == MT_THREAD_INACTIVE && (int)TS_RUNNING == MT_THREAD_RUNNABLE &&
               (int)TS_BLOCKED_SEND == MT_THREAD_BLOCKED_SEND &&
               (int)TS_BLOCKED_RECV == MT_THREAD_BLOCKED_RECV &&
               (int)TS_BLOCKED_REPLY == MT_THREAD_BLOCKED_REPLY &&
               (int)TS_BLOCKED_NTFN == MT_THREAD_BLOCKED_NTFN, "thread states are ABI");

int decode_tcb(struct invocation *iv)
{
    struct tcb *t = cap_tcb_ptr(iv->cap);
    int err;
    if (iv->label == MT_TCB_GET_INFO)
        return get_info(iv, t);
    if (cap_inspect_only(iv->cap))
        return MT_ILLEGAL_OPERATION;
    switch (iv->label) {
    case MT_TCB_CONFIGURE:
        if ((err = inv_need(iv, 3, 2)))
            return err;
        return set_space(iv, inv_arg(iv, 0), inv_arg(iv, 1),
                         iv->n_extra > 2 ? iv->extra[2] : NULL, inv_arg(iv, 2));
    case MT_TCB_SET_SPACE:
        if ((err = inv_need(iv, 2, 2)))
            return err;
        return set_space(iv, inv_arg(iv, 0), inv_arg(iv, 1), NULL, 0);
    case MT_TCB_SET_IPC_BUFFER:
        if ((err = inv_need(iv, 1, 0)))
            return err;
        return set_ipc_buffer(iv);
    case MT_TCB_SET_PRIORITY: return set_priority(iv, false);
    case MT_TCB_SET_MC_PRIORITY: return set_priority(iv, true);
    case MT_TCB_READ_REGISTERS: return read_registers(iv);
    case MT_TCB_WRITE_REGISTERS: return write_registers(iv);
    case MT_TCB_SUSPEND: tcb_suspend(t); return MT_OK;
    case MT_TCB_RESUME: tcb_resume(t); return MT_OK;
    case MT_TCB_BIND_NOTIFICATION: return bind_notification(iv);
    case MT_TCB_UNBIND_NOTIFICATION:
        if (!t->bound_ntfn)
            return MT_ILLEGAL_OPERATION;
        ntfn_unbind(t);
        return MT_OK;
    case MT_TCB_BIND_FPU: return bind_fpu(iv);
    case MT_TCB_UNBIND_FPU:
        if (!t->fpu)
            return MT_ILLEGAL_OPERATION;
        fpu_unbind(t);
        return MT_OK;
    default: return MT_ILLEGAL_OPERATION;
    }
}
