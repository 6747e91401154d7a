/* SPDX-License-Identifier: BSD-2-Clause */
/* Every trap from user space ends up here (after trap.S saved the
 * registers of cur): syscalls, faults and interrupts. */
#include "csr.h"
#include "fault.h"
#include "fpu.h"
#include "ipc.h"
#include "irq.h"
#include "sched.h"
#include "syscall.h"

static void user_fault(struct tcb *t, word_t cause)
{
    word_t tval = csr_read(stval);
    switch (cause) {
    case EXC_INSTR_PAGE_FAULT: case EXC_INSTR_ACCESS:
        raise_fault(t, MT_FAULT_VM, tval, MT_VM_EXEC, cause);
        break;
    case EXC_LOAD_PAGE_FAULT: case EXC_LOAD_ACCESS:
        raise_fault(t, MT_FAULT_VM, tval, MT_VM_READ, cause);
        break;
    case EXC_STORE_PAGE_FAULT: case EXC_STORE_ACCESS:
        raise_fault(t, MT_FAULT_VM, tval, MT_VM_WRITE, cause);
        break;
    default:
        raise_fault(t, MT_FAULT_USER_EXCEPTION, t->regs[MT_REG_SP], cause, tval);
        break;
    }
}

NORETURN void handle_trap(word_t scause)
{
    if (scause & SCAUSE_INTERRUPT) {
        handle_interrupt(scause);
        schedule_and_run();
    }
    cursor_take(cur);   /* before the call or the fault can use its links */
    if (scause == EXC_ECALL_U)
        handle_syscall(cur);
    else if (scause != EXC_ILLEGAL_INSTR || !fpu_trap(cur))
        user_fault(cur, scause);   /* else FP was switched in: retry */
    schedule_and_run();
}

/* A trap taken in the kernel is a kernel bug. */
NORETURN void kernel_fault(word_t scause, word_t sepc, word_t stval)
{
    kprintf("mote: kernel trap: scause %lx sepc %lx stval %lx\n", scause, sepc, stval);
    panic("kernel trap");
}
