/* SPDX-License-Identifier: BSD-2-Clause */
/* Fault messages.  A fault is sent, as if by Call, to the endpoint named by
 * the faulting thread's fault endpoint cptr (looked up in its own CSpace);
 * the badge is that cap's badge and the label one of these.  The thread
 * waits for the reply: label 0 restarts it, and MR0.. of the reply (as many
 * as its length) overwrite registers in the order pc, sp, a0..a7 first;
 * any other label leaves it suspended.  A thread whose fault endpoint
 * cannot be found is suspended. */
#ifndef MOTE_FAULT_H
#define MOTE_FAULT_H

enum mt_fault {
    MT_FAULT_NONE = 0,
    /* MR0 pc, MR1 cptr, MR2 1 if it failed in a receive, MR3 lookup failure */
    MT_FAULT_CAP = 1,
    /* MR0 pc, MR1 sp, MR2 syscall number, MR3..MR9 a0..a6 */
    MT_FAULT_UNKNOWN_SYSCALL = 2,
    /* MR0 pc, MR1 sp, MR2 scause, MR3 stval (illegal instruction, misaligned
     * access, breakpoint, ...) */
    MT_FAULT_USER_EXCEPTION = 3,
    /* MR0 pc, MR1 fault address, MR2 access (MT_VM_READ/WRITE/EXEC), MR3 scause */
    MT_FAULT_VM = 4,
};

enum { MT_FAULT_CAP_LENGTH = 4, MT_FAULT_UNKNOWN_SYSCALL_LENGTH = 10,
       MT_FAULT_USER_EXCEPTION_LENGTH = 4, MT_FAULT_VM_LENGTH = 4 };

/* Order in which a fault reply's message registers overwrite registers. */
#define MT_FAULT_REPLY_REGS { 0, 2, 10, 11, 12, 13, 14, 15, 16, 17 }

#endif
