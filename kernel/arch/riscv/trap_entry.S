/* SPDX-License-Identifier: BSD-2-Clause */
/* Trap entry and exit.  While a thread runs in U-mode, sscratch holds the
 * address of its saved-register area (the start of its TCB): entry swaps it
 * into t6, saves every user register there, then runs C on the one kernel
 * stack.  The kernel runs with interrupts masked (long operations poll for
 * them at preemption points and restart the system call) and every trap
 * starts on an empty kernel stack. */
#include "layout.h"

#define REG(n) (n * 8)

    .section .text
    .globl trap_entry
    .balign 4
trap_entry:
    csrrw t6, sscratch, t6
    beqz t6, kernel_trap
    sd x1, REG(1)(t6)
    sd x2, REG(2)(t6)
    sd x3, REG(3)(t6)
    sd x4, REG(4)(t6)
    sd x5, REG(5)(t6)
    sd x6, REG(6)(t6)
    sd x7, REG(7)(t6)
    sd x8, REG(8)(t6)
    sd x9, REG(9)(t6)
    sd x10, REG(10)(t6)
    sd x11, REG(11)(t6)
    sd x12, REG(12)(t6)
    sd x13, REG(13)(t6)
    sd x14, REG(14)(t6)
    sd x15, REG(15)(t6)
    sd x16, REG(16)(t6)
    sd x17, REG(17)(t6)
    sd x18, REG(18)(t6)
    sd x19, REG(19)(t6)
    sd x20, REG(20)(t6)
    sd x21, REG(21)(t6)
    sd x22, REG(22)(t6)
    sd x23, REG(23)(t6)
    sd x24, REG(24)(t6)
    sd x25, REG(25)(t6)
    sd x26, REG(26)(t6)
    sd x27, REG(27)(t6)
    sd x28, REG(28)(t6)
    sd x29, REG(29)(t6)
    sd x30, REG(30)(t6)
    csrr t0, sscratch
    sd t0, REG(31)(t6)
    csrr t0, sepc
    sd t0, REG(0)(t6)
    /* sscratch = 0 while in the kernel: a trap taken here is a kernel bug */
    csrw sscratch, zero
    lla sp, kernel_stack_top
#ifdef KERNEL_STRETCH
    /* a bench build: the stretch without interrupts starts here (irq.h) */
    csrr t0, instret
    lla t1, stretch_last
    sd t0, 0(t1)
#endif
    /* the syscall fastpath: a7 still holds the syscall number; the
     * fastpath functions return only when the slow path must run */
    csrr a0, scause
    li t0, 8            /* ecall from U-mode */
    bne a0, t0, 1f
    mv a0, t6
    li t0, 1            /* MT_SYS_CALL */
    bne a7, t0, 2f
    call fastpath_call
    j 3f
2:  li t0, 2            /* MT_SYS_REPLY_RECV */
    bne a7, t0, 3f
    call fastpath_reply_recv
3:  csrr a0, scause
1:  call handle_trap
    /* handle_trap does not return: it ends in restore_user */

kernel_trap:
    csrrw t6, sscratch, t6  /* sscratch back to 0, t6 restored */
    lla sp, kernel_stack_top
    csrr a0, scause
    csrr a1, sepc
    csrr a2, stval
    call kernel_fault
1:  j 1b

/* restore_user(word_t *regs): resume the thread whose registers these are. */
    .globl restore_user, restore_user_jump
restore_user:
restore_user_jump:
#ifdef KERNEL_STRETCH
    mv s1, a0               /* every register is loaded from a0's area below */
    call stretch_mark
    mv a0, s1
#endif
    csrw sscratch, a0
    ld t0, REG(0)(a0)
    csrw sepc, t0
    mv t6, a0
    ld x1, REG(1)(t6)
    ld x2, REG(2)(t6)
    ld x3, REG(3)(t6)
    ld x4, REG(4)(t6)
    ld x5, REG(5)(t6)
    ld x6, REG(6)(t6)
    ld x7, REG(7)(t6)
    ld x8, REG(8)(t6)
    ld x9, REG(9)(t6)
    ld x10, REG(10)(t6)
    ld x11, REG(11)(t6)
    ld x12, REG(12)(t6)
    ld x13, REG(13)(t6)
    ld x14, REG(14)(t6)
    ld x15, REG(15)(t6)
    ld x16, REG(16)(t6)
    ld x17, REG(17)(t6)
    ld x18, REG(18)(t6)
    ld x19, REG(19)(t6)
    ld x20, REG(20)(t6)
    ld x21, REG(21)(t6)
    ld x22, REG(22)(t6)
    ld x23, REG(23)(t6)
    ld x24, REG(24)(t6)
    ld x25, REG(25)(t6)
    ld x26, REG(26)(t6)
    ld x27, REG(27)(t6)
    ld x28, REG(28)(t6)
    ld x29, REG(29)(t6)
    ld x30, REG(30)(t6)
    ld x31, REG(31)(t6)
    sret
