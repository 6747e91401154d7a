/* SPDX-License-Identifier: BSD-2-Clause */
/* System call numbers and the register ABI.
 *
 * Entry (ecall from U-mode):
 *   a7  syscall number (enum mt_syscall)
 *   a0  capability pointer (the invoked or waited-on cap); PutChar: the
 *       character; Shutdown: the exit code
 *   a1  message info (see msginfo.h)
 *   a2..a5  message registers MR0..MR3; MR4.. live in the IPC buffer
 * Return from any receive (Recv, NBRecv, Call, ReplyRecv):
 *   a0  badge of the cap the message came through (0 if none; for a
 *       notification, the accumulated badge word)
 *   a1  message info of the received message
 *   a2..a5  MR0..MR3
 * Every other register is preserved.  Send, NBSend, Reply and Yield return
 * nothing.  An unknown number becomes an unknown-syscall fault. */
#ifndef MOTE_SYSCALL_H
#define MOTE_SYSCALL_H

enum mt_syscall {
    MT_SYS_CALL = 1,       /* send, then wait for the reply (kernel invocations too) */
    MT_SYS_REPLY_RECV = 2, /* reply to the last caller, then Recv on a0 */
    MT_SYS_SEND = 3,       /* blocking send; on a notification: Signal */
    MT_SYS_NBSEND = 4,     /* send only if a receiver waits; otherwise dropped */
    MT_SYS_RECV = 5,       /* blocking receive; on a notification: Wait */
    MT_SYS_NBRECV = 6,     /* non-blocking receive; on a notification: Poll */
    MT_SYS_REPLY = 7,      /* reply to the last caller */
    MT_SYS_YIELD = 8,      /* go to the back of this priority's queue */
    MT_SYS_DEBUG_PUTCHAR = 9,
    MT_SYS_DEBUG_SHUTDOWN = 10,      /* a0: exit status of QEMU */
    MT_SYS_DEBUG_CAP_IDENTIFY = 11,  /* a0: cptr -> a0: enum mt_cap_type */
    MT_SYS_DEBUG_KERNEL_INFO = 12,   /* -> a0..a3: see enum mt_kernel_info */
    /* a0: address, a1: length (at most MT_DEBUG_PUTS_MAX) of bytes in the
     * caller's address space -> a0: bytes printed.  One call is printed
     * whole, so lines from different threads do not interleave; printing
     * stops at the first byte the caller may not read. */
    MT_SYS_DEBUG_PUTS = 13,
    /* The invariant checker (kernel/invariants.c): -> a0: 0 if every
     * invariant holds, 1 if one is broken (the kernel prints which); a1:
     * caps checked, a2: CNodes and TCBs scanned. */
    MT_SYS_DEBUG_CHECK = 14,
    MT_SYS_COUNT
};

/* MT_SYS_DEBUG_KERNEL_INFO fills a0..a3 with these, in this order. */
enum mt_kernel_info {
    MT_KINFO_IMAGE_BYTES,  /* kernel image incl. stack and static tables */
    MT_KINFO_RAM_BYTES,    /* RAM the kernel found at boot */
    MT_KINFO_TICKS,        /* timer ticks since boot */
    MT_KINFO_TIMESLICE,    /* timebase ticks per time slice */
};

#define MT_MSG_REGISTERS_IN_CPU 4
#define MT_DEBUG_PUTS_MAX 1024

#endif
