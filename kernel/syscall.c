/* SPDX-License-Identifier: BSD-2-Clause */
/* System call dispatch (the slow path; fastpath.c takes the common
 * Call/ReplyRecv first). */
#include "cap.h"
#include "cspace.h"
#include "fault.h"
#include "invariants.h"
#include "invoke.h"
#include "ipc.h"
#include "irq.h"
#include "machine.h"
#include "notification.h"
#include "reply.h"
#include "sched.h"
#include "syscall.h"
#include "vspace.h"

#define REG(t, r) ((t)->regs[r])

static void cap_fault(struct tcb *t, mt_cptr_t cptr, bool in_recv, int failure)
{
    REG(t, MT_REG_PC) -= 4;   /* the handler's restart re-runs the ecall */
    raise_fault(t, MT_FAULT_CAP, cptr, in_recv, (word_t)failure);
}

/* Call, Send, NBSend: on an endpoint a message, on a notification a
 * signal, on a reply cap the reply (a Call gets an empty MT_OK), on any
 * other object an invocation. */
static void handle_send(struct tcb *t, bool call, bool blocking)
{
    mt_cptr_t cptr = REG(t, MT_REG_A0);
    /* As in seL4: only an address that does not resolve is a cap fault;
     * an empty slot is an invocation of a null cap, an error reply. */
    struct lookup l = resolve_address(t->cspace_root.cap, cptr, MT_WORD_BITS);
    if (!l.slot) {
        if (blocking)
            cap_fault(t, cptr, false, l.failure);
        return;
    }
    struct cap c = l.slot->cap;
    switch (cap_type(c)) {
    case MT_CAP_ENDPOINT:
        if (!(cap_rights(c) & MT_RIGHT_WRITE)) {
            if (call)
                set_kernel_reply(t, inv_invalid_cap(0), (word_t[]){ 0 }, 1);
            return;
        }
        ipc_send(t, cap_object(c), cap_badge(c), cap_rights(c), blocking, call);
        return;
    case MT_CAP_NOTIFICATION:
        if (cap_rights(c) & MT_RIGHT_WRITE)
            ntfn_signal(cap_object(c), cap_badge(c));
        if (call)
            set_kernel_reply(t, cap_rights(c) & MT_RIGHT_WRITE ? MT_OK : MT_INVALID_CAPABILITY,
                             (word_t[]){ 0 }, cap_rights(c) & MT_RIGHT_WRITE ? 0 : 1);
        return;
    case MT_CAP_REPLY:
        reply_send(t, l.slot);
        if (call)
            set_kernel_reply(t, MT_OK, NULL, 0);
        return;
    case MT_CAP_NULL: case MT_CAP_UNTYPED: case MT_CAP_TCB: case MT_CAP_CNODE:
    case MT_CAP_FRAME: case MT_CAP_PAGE_TABLE: case MT_CAP_VSPACE:
    case MT_CAP_IRQ_CONTROL: case MT_CAP_IRQ_HANDLER: case MT_CAP_ASID_CONTROL:
    case MT_CAP_ASID_POOL: case MT_CAP_FPU: case MT_CAP_POWER: case MT_CAP_TYPE_COUNT:
    case MT_CAP_KERNEL_QUEUE_ZOMBIE: case MT_CAP_KERNEL_ZOMBIE:   /* invalid, as an empty slot */
        invoke_object(t, l.slot, REG(t, MT_REG_A1), call);
        return;
    }
}

/* Recv, NBRecv: wait on an endpoint or a notification. */
static void handle_recv(struct tcb *t, bool blocking)
{
    mt_cptr_t cptr = REG(t, MT_REG_A0);
    struct lookup l = lookup_cap_slot(t, cptr);
    if (!l.slot) {
        cap_fault(t, cptr, true, l.failure);
        return;
    }
    struct cap c = l.slot->cap;
    bool readable = cap_rights(c) & MT_RIGHT_READ;
    if (cap_type(c) == MT_CAP_ENDPOINT && readable)
        ipc_recv(t, cap_object(c), blocking, cap_rights(c) & MT_RIGHT_GRANT);
    else if (cap_type(c) == MT_CAP_NOTIFICATION && readable &&
             (!ntfn_bound(cap_object(c)) || ntfn_bound(cap_object(c)) == t))
        ntfn_wait(t, cap_object(c), blocking);
    else
        cap_fault(t, cptr, true, MT_LOOKUP_MISSING_CAP);
}

#ifdef KERNEL_DEBUG
/* Prints len bytes at user address va, in one piece (interrupts are
 * handled between characters, in place: nothing else runs meanwhile). */
static word_t debug_puts(struct tcb *t, word_t va, word_t len)
{
    word_t n = 0;
    char c;
    if (len > MT_DEBUG_PUTS_MAX)
        len = MT_DEBUG_PUTS_MAX;
    console_takes_interrupts = true;
    for (; n < len && user_read_byte(t, va + n, &c); n++)
        kputc(c);
    console_takes_interrupts = false;
    return n;
}

/* Debug calls exist only in debug builds (KERNEL_DEBUG, on by default);
 * a release kernel treats them as unknown system calls. */
static void handle_debug(struct tcb *t, word_t no)
{
    switch (no) {
    case MT_SYS_DEBUG_PUTCHAR:
        kputc((char)REG(t, MT_REG_A0));
        break;
    case MT_SYS_DEBUG_SHUTDOWN:
        stretch_report();
        machine_exit((unsigned)REG(t, MT_REG_A0));
    case MT_SYS_DEBUG_CAP_IDENTIFY: {
        struct lookup l = lookup_cap_slot(t, REG(t, MT_REG_A0));
        REG(t, MT_REG_A0) = l.slot && !cap_is_zombie(l.slot->cap) ? (word_t)cap_type(l.slot->cap)
                                                                    : MT_CAP_NULL;
        break;
    }
    case MT_SYS_DEBUG_KERNEL_INFO:
        kernel_info(&REG(t, MT_REG_A0));
        break;
    case MT_SYS_DEBUG_PUTS:
        REG(t, MT_REG_A0) = debug_puts(t, REG(t, MT_REG_A0), REG(t, MT_REG_A1));
        break;
    case MT_SYS_DEBUG_CHECK:
        REG(t, MT_REG_A0) = !invariants_check(t, &REG(t, MT_REG_A1));
        /* A test tool walking every cap (hundreds of thousands of
         * instructions), no kernel work: a bench build does not count it. */
        stretch_restart();
        break;
    }
}
#endif

void handle_syscall(struct tcb *t)
{
    word_t no = REG(t, MT_REG_A7);
    REG(t, MT_REG_PC) += 4;
    switch (no) {
    case MT_SYS_CALL: handle_send(t, true, true); break;
    case MT_SYS_SEND: handle_send(t, false, true); break;
    case MT_SYS_NBSEND: handle_send(t, false, false); break;
    case MT_SYS_RECV: handle_recv(t, true); break;
    case MT_SYS_NBRECV: handle_recv(t, false); break;
    case MT_SYS_REPLY: ipc_reply(t, false); break;
    case MT_SYS_REPLY_RECV:
        ipc_reply(t, true);
        handle_recv(t, true);
        break;
    case MT_SYS_YIELD: sched_yield(t); break;
#ifdef KERNEL_DEBUG
    case MT_SYS_DEBUG_PUTCHAR:
    case MT_SYS_DEBUG_SHUTDOWN:
    case MT_SYS_DEBUG_CAP_IDENTIFY:
    case MT_SYS_DEBUG_KERNEL_INFO:
    case MT_SYS_DEBUG_PUTS:
    case MT_SYS_DEBUG_CHECK:
        handle_debug(t, no);
        break;
#endif
    default:
        REG(t, MT_REG_PC) -= 4;
        raise_fault(t, MT_FAULT_UNKNOWN_SYSCALL, 0, 0, 0);
        break;
    }
}
