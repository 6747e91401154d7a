/* SPDX-License-Identifier: BSD-2-Clause */
/* System call wrappers: the register ABI of include/mote/syscall.h, nothing
 * more.  The calling thread's IPC buffer address lives in tp (libmote's
 * start-up code sets it), so no thread-local storage is needed.  Message
 * registers MR0..MR3 travel in a2..a5; these wrappers move them between the
 * CPU and ipcbuf->mr[0..3] so callers can treat all MRs alike. */
#ifndef LIBMOTE_SYSCALL_H
#define LIBMOTE_SYSCALL_H

#include <mote/mote.h>

static inline struct mt_ipc_buffer *mt_ipcbuf(void)
{
    struct mt_ipc_buffer *b;
    __asm__ volatile("mv %0, tp" : "=r"(b));
    return b;
}

static inline void mt_set_ipcbuf(struct mt_ipc_buffer *b)
{
    __asm__ volatile("mv tp, %0" : : "r"(b) : "memory");
}

static inline mt_word_t mt_get_mr(int i) { return mt_ipcbuf()->mr[i]; }
static inline void mt_set_mr(int i, mt_word_t v) { mt_ipcbuf()->mr[i] = v; }
static inline void mt_set_cap(int i, mt_cptr_t c) { mt_ipcbuf()->caps_or_badges[i] = c; }

/* The one trap: every register the ABI names, in and out. */
struct mt_regs6 { mt_word_t a0, a1, a2, a3, a4, a5; };

static inline void mt_trap(mt_word_t sys, struct mt_regs6 *r)
{
    register mt_word_t a0 __asm__("a0") = r->a0;
    register mt_word_t a1 __asm__("a1") = r->a1;
    register mt_word_t a2 __asm__("a2") = r->a2;
    register mt_word_t a3 __asm__("a3") = r->a3;
    register mt_word_t a4 __asm__("a4") = r->a4;
    register mt_word_t a5 __asm__("a5") = r->a5;
    register mt_word_t a7 __asm__("a7") = sys;
    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                     : "r"(a7)
                     : "memory");
    r->a0 = a0; r->a1 = a1; r->a2 = a2; r->a3 = a3; r->a4 = a4; r->a5 = a5;
}

/* Sends info + MR0..MR3 from the IPC buffer; on a receiving syscall copies
 * MR0..MR3 back into it and returns the received message info. */
static inline mt_word_t mt_syscall_ipc(mt_word_t sys, mt_cptr_t cap, mt_word_t info,
                                       mt_word_t *badge)
{
    struct mt_ipc_buffer *b = mt_ipcbuf();
    struct mt_regs6 r = { cap, info, b->mr[0], b->mr[1], b->mr[2], b->mr[3] };
    mt_trap(sys, &r);
    b->mr[0] = r.a2; b->mr[1] = r.a3; b->mr[2] = r.a4; b->mr[3] = r.a5;
    if (badge)
        *badge = r.a0;
    return r.a1;
}

static inline mt_word_t mt_call(mt_cptr_t cap, mt_word_t info)
{ return mt_syscall_ipc(MT_SYS_CALL, cap, info, 0); }
static inline mt_word_t mt_recv(mt_cptr_t cap, mt_word_t *badge)
{ return mt_syscall_ipc(MT_SYS_RECV, cap, 0, badge); }
static inline mt_word_t mt_nbrecv(mt_cptr_t cap, mt_word_t *badge)
{ return mt_syscall_ipc(MT_SYS_NBRECV, cap, 0, badge); }
static inline mt_word_t mt_reply_recv(mt_cptr_t cap, mt_word_t info, mt_word_t *badge)
{ return mt_syscall_ipc(MT_SYS_REPLY_RECV, cap, info, badge); }
static inline void mt_send(mt_cptr_t cap, mt_word_t info)
{ (void)mt_syscall_ipc(MT_SYS_SEND, cap, info, 0); }
static inline void mt_nbsend(mt_cptr_t cap, mt_word_t info)
{ (void)mt_syscall_ipc(MT_SYS_NBSEND, cap, info, 0); }
static inline void mt_reply(mt_word_t info)
{ (void)mt_syscall_ipc(MT_SYS_REPLY, 0, info, 0); }
/* Reply (info, MRs, caps as for any message) through a reply cap that
 * mt_cnode_save_caller made; the cap is used up.  A Call on the cap, so the
 * kernel tells the outcome: MT_OK, or MT_INVALID_CAPABILITY when the slot
 * is empty (the caller was suspended or destroyed meanwhile: nobody waits). */
static inline int mt_reply_to(mt_cptr_t reply, mt_word_t info)
{ return (int)mt_msginfo_label(mt_syscall_ipc(MT_SYS_CALL, reply, info, 0)); }

static inline void mt_yield(void)
{
    struct mt_regs6 r = { 0, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_YIELD, &r);
}

/* Notifications: Signal, Wait and Poll are Send, Recv and NBRecv on a
 * notification cap; Wait and Poll return the badge word. */
static inline void mt_signal(mt_cptr_t ntfn)
{
    struct mt_regs6 r = { ntfn, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_SEND, &r);
}
static inline mt_word_t mt_wait(mt_cptr_t ntfn)
{
    struct mt_regs6 r = { ntfn, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_RECV, &r);
    return r.a0;
}
static inline mt_word_t mt_poll(mt_cptr_t ntfn)
{
    struct mt_regs6 r = { ntfn, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_NBRECV, &r);
    return r.a0;
}

/* The debug system calls exist only for the debug kernel: user code built
 * for the release kernel (MT_KERNEL_DEBUG=0, see the Makefile) cannot call
 * them, since that kernel treats them as unknown system calls (a fault). */
#ifndef MT_KERNEL_DEBUG
#error "MT_KERNEL_DEBUG must be 0 (release kernel) or 1 (debug kernel)"
#endif
#if MT_KERNEL_DEBUG
static inline void mt_debug_putchar(char c)
{
    struct mt_regs6 r = { (unsigned char)c, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_DEBUG_PUTCHAR, &r);
}
static inline void mt_debug_shutdown(int code)
{
    struct mt_regs6 r = { (mt_word_t)code, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_DEBUG_SHUTDOWN, &r);
}
static inline int mt_debug_cap_identify(mt_cptr_t cap)
{
    struct mt_regs6 r = { cap, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_DEBUG_CAP_IDENTIFY, &r);
    return (int)r.a0;
}
/* Prints len bytes in one piece; returns how many were printed. */
static inline mt_word_t mt_debug_puts(const char *s, mt_word_t len)
{
    struct mt_regs6 r = { (mt_word_t)s, len, 0, 0, 0, 0 };
    mt_trap(MT_SYS_DEBUG_PUTS, &r);
    return r.a0;
}

/* The kernel's invariant checker: 0 if all hold (else the kernel printed
 * the broken one); out: caps checked, CNodes and TCBs scanned. */
static inline mt_word_t mt_debug_check(mt_word_t out[2])
{
    struct mt_regs6 r = { 0, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_DEBUG_CHECK, &r);
    out[0] = r.a1;
    out[1] = r.a2;
    return r.a0;
}

static inline void mt_debug_kernel_info(mt_word_t out[4])
{
    struct mt_regs6 r = { 0, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_DEBUG_KERNEL_INFO, &r);
    out[0] = r.a0; out[1] = r.a1; out[2] = r.a2; out[3] = r.a3;
}
#endif

#endif
