/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads and interrupts: every TCB configured and its registers set
 * while it is still inactive; all are resumed together at the end, once
 * every cap, mapping and IRQ route they may use exists. */
#include "rs.h"

#define RS_NREGS (MT_REG_A0 + 1)

static void configure(const struct mt_spec_tcb *t)
{
    mt_cptr_t tcb = rs_obj_slot(t->tcb);
    mt_cptr_t ipc = t->ipc_frame == MT_SPEC_NONE ? 0 : rs_obj_slot(t->ipc_frame);
    RS_CHECK(mt_tcb_configure(tcb, t->fault_ep, rs_obj_slot(t->cspace), t->cspace_guard,
                              rs_obj_slot(t->vspace), ipc ? t->ipc_vaddr : 0, ipc),
             "configure %s", rs_name(t->tcb));
    RS_CHECK(mt_tcb_set_mc_priority(tcb, MT_INIT_TCB, t->max_priority),
             "priority of %s", rs_name(t->tcb));
    RS_CHECK(mt_tcb_set_priority(tcb, MT_INIT_TCB, t->priority), "priority of %s",
             rs_name(t->tcb));
    /* pc, sp and a0 = the thread's index; the component's crt0 sets gp
     * and tp (the IPC buffer) from its own tables. */
    mt_word_t regs[RS_NREGS] = { 0 };
    regs[MT_REG_PC] = t->entry;
    regs[MT_REG_SP] = t->stack_top;
    regs[MT_REG_A0] = t->arg;
    RS_CHECK(mt_tcb_write_registers(tcb, 0, RS_NREGS, regs), "registers of %s",
             rs_name(t->tcb));
    if (t->bound_ntfn != MT_SPEC_NONE)
        RS_CHECK(mt_tcb_bind_notification(tcb, rs_obj_slot(t->bound_ntfn)),
                 "binding a notification to %s", rs_name(t->tcb));
    if (t->fpu)
        RS_CHECK(mt_tcb_bind_fpu(tcb, rs_obj_slot((uint32_t)t->fpu - 1)),
                 "binding an FPU object to %s", rs_name(t->tcb));
}

void threads_configure(void)
{
    for (uint32_t i = 0; i < rs.spec->tcb_count; i++)
        configure(&rs.tcb[i]);
}

/* Each IRQ signals its consumer's notification with its own badge bit. */
void irqs_configure(void)
{
    for (uint32_t i = 0; i < rs.spec->irq_count; i++) {
        const struct mt_spec_irq *q = &rs.irq[i];
        mt_cptr_t tmp = rs_tmp(0);
        RS_CHECK(mt_cnode_mint(RS_ROOT, tmp, RS_DEPTH, RS_ROOT, rs_obj_slot(q->ntfn), RS_DEPTH,
                               MT_RIGHT_WRITE, q->badge), "badged cap for IRQ %u", q->irq);
        RS_CHECK(mt_irq_handler_set_notification(rs_obj_slot(q->handler), tmp),
                 "routing IRQ %u to %s", q->irq, rs_name(q->ntfn));
        rs_tmp_delete(tmp);
    }
}

/* The TCBs, saved while the spec is still mapped (the archive's boot-only
 * pages, the spec's among them, are revoked before the threads start): a
 * bit per object (RS_MAP_TCB).  Started in object order: none runs before the
 * rootserver suspends itself, so the order does not matter. */
static uint32_t n_objects;

void threads_save(void)
{
    n_objects = rs.spec->object_count;
    for (uint32_t i = 0; i < rs.spec->tcb_count; i++)
        rs_bit_set(RS_MAP_TCB, rs.tcb[i].tcb);
}

void threads_start(void)
{
    for (uint32_t i = 0; i < n_objects; i++)
        if (rs_bit(RS_MAP_TCB, i))
            RS_CHECK(mt_tcb_resume(rs_obj_slot(i)), "starting thread %u", i);
}
