/* SPDX-License-Identifier: BSD-2-Clause */
/* Fault delivery. */
#include "cap.h"
#include "cspace.h"
#include "fault.h"
#include "ipc.h"
#include "irq.h"
#include "sched.h"

int fault_message(struct tcb *t, word_t *mr)
{
    word_t *r = t->regs;
    mr[0] = r[MT_REG_PC];
    switch ((enum mt_fault)t->fault_kind) {
    case MT_FAULT_CAP:            /* cptr, in receive, lookup failure */
    case MT_FAULT_VM:             /* address, access, scause */
    case MT_FAULT_USER_EXCEPTION: /* sp, scause, stval */
        mr[1] = t->fault_data[0];
        mr[2] = t->fault_data[1];
        mr[3] = t->fault_data[2];
        return 4;
    case MT_FAULT_UNKNOWN_SYSCALL:
        mr[1] = r[MT_REG_SP];
        mr[2] = r[MT_REG_A7];
        for (int i = 0; i < 7; i++)
            mr[3 + i] = r[MT_REG_A0 + i];
        return MT_FAULT_UNKNOWN_SYSCALL_LENGTH;
    case MT_FAULT_NONE:
        break;
    }
    return 1;
}

static bool usable_fault_ep(struct cap c)
{
    unsigned r = cap_rights(c);
    return cap_type(c) == MT_CAP_ENDPOINT && (r & MT_RIGHT_WRITE) &&
           (r & (MT_RIGHT_GRANT | MT_RIGHT_GRANT_REPLY));
}

void raise_fault(struct tcb *t, word_t kind, word_t d0, word_t d1, word_t d2)
{
    t->fault_kind = (uint8_t)kind;
    t->fault_data[0] = d0;
    t->fault_data[1] = d1;
    t->fault_data[2] = d2;
    struct lookup l = lookup_cap_slot(t, t->fault_ep);
    if (!l.slot || !usable_fault_ep(l.slot->cap)) {
        console_takes_interrupts = true;   /* nothing changed yet */
        kprintf("mote: a thread faulted (fault %lu at pc %lx, data %lx) and has no "
                "fault handler: suspended\n", kind, t->regs[MT_REG_PC], d0);
        console_takes_interrupts = false;
        t->fault_kind = MT_FAULT_NONE;
        t->state = TS_INACTIVE;
        sched_dequeue(t);
        return;
    }
    struct cap ep = l.slot->cap;
    ipc_send_fault(t, cap_object(ep), cap_badge(ep), cap_rights(ep));
}
