/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupts.  A device interrupt is masked when it arrives and signals
 * the notification its handler cap set; IRQHandler_Ack unmasks it. */
#include "cap.h"
#include "cdt.h"
#include "cspace.h"
#include "invariants.h"
#include "invoke.h"
#include "irq.h"
#include "machine.h"
#include "notification.h"
#include "sched.h"
#include "csr.h"

/* The only per-IRQ kernel state: a handler exists, and where to signal. */
static bool irq_claimed[MT_IRQ_MAX + 1];
static struct cte irq_notification[MT_IRQ_MAX + 1];

void irq_init(void)
{
    plic_init();
    csr_set(sie, SIE_SEIE);
}

struct cte *irq_notification_slot(word_t irq) { return &irq_notification[irq]; }

/* The notification slot is empty by now (delete.c empties it first, one
 * waiter a step), so cte_delete_leaf has nothing to do but is kept for a
 * handler finalised any other way. */
void irq_handler_destroy(word_t irq)
{
    plic_enable((unsigned)irq, false);
    cte_delete_leaf(&irq_notification[irq]);
    irq_claimed[irq] = false;
}

static void device_interrupt(void)
{
    unsigned irq = plic_claim();
    if (irq == 0)
        return;
    plic_enable(irq, false);
    plic_complete(irq);
    struct cap n = irq <= MT_IRQ_MAX ? irq_notification[irq].cap : cap_null();
    if (cap_type(n) == MT_CAP_NOTIFICATION)
        ntfn_signal(cap_object(n), cap_badge(n));
}

void handle_interrupt(word_t scause)
{
    word_t code = scause & ~SCAUSE_INTERRUPT;
    if (code == IRQ_S_TIMER) {
        timer_rearm();
        sched_tick();
    } else if (code == IRQ_S_EXTERNAL) {
        device_interrupt();
    }
}

#ifdef KERNEL_STRETCH
word_t stretch_last, stretch_max;

/* Instructions since the last point where an interrupt could be taken;
 * the first mark (the return to user after boot) only starts counting. */
void stretch_mark(void)
{
    word_t now = csr_read(instret);
    if (stretch_last && now - stretch_last > stretch_max)
        stretch_max = now - stretch_last;
    stretch_last = now;
}

/* After wfi: time asleep is no stretch (instret counts it under icount). */
void stretch_restart(void)
{
    stretch_last = csr_read(instret);
}

void stretch_report(void)
{
    kprintf("kernel_max_nonpreemptible %lu instructions\n", stretch_max);
}
#endif

/* The kernel runs with interrupts masked; these read what is waiting.
 * A stress build (KERNEL_PREEMPT_STRESS) preempts at every point: every
 * long operation then restarts after each step, which its end state must
 * not show. */
bool preemption_pending(void)
{
    stretch_mark();
#ifdef KERNEL_PREEMPT_STRESS
    return true;
#else
    return csr_read(sip) & (BIT(IRQ_S_TIMER) | BIT(IRQ_S_EXTERNAL));
#endif
}

void handle_pending_interrupts(void)
{
    word_t pending = csr_read(sip) & csr_read(sie);
    if (pending & BIT(IRQ_S_TIMER))
        handle_interrupt(SCAUSE_INTERRUPT | IRQ_S_TIMER);
    if (pending & BIT(IRQ_S_EXTERNAL))
        handle_interrupt(SCAUSE_INTERRUPT | IRQ_S_EXTERNAL);
}

/* IRQControl_GetPower: a Power cap into an empty slot, a child of this
 * IRQControl cap (so revoking IRQControl takes it back). */
static int get_power(struct invocation *iv)
{
    int err = inv_need(iv, 2, 1);
    if (err)
        return err;
    struct lookup l = lookup_slot_for_op(iv->extra[0]->cap, inv_arg(iv, 0), inv_arg(iv, 1));
    if (!l.slot)
        return inv_lookup_error(false, l.failure);
    if (!cap_is_null(l.slot->cap))
        return MT_DELETE_FIRST;
    cte_insert(cap_power(), iv->slot, l.slot);
    return MT_OK;
}

void wfi_and_handle_interrupt(void)
{
    stretch_mark();
    wfi();
    stretch_restart();
    handle_pending_interrupts();
}

int decode_irq_control(struct invocation *iv)
{
    if (iv->label == MT_IRQ_CONTROL_GET_POWER)
        return get_power(iv);
    if (iv->label != MT_IRQ_CONTROL_GET)
        return MT_ILLEGAL_OPERATION;
    int err = inv_need(iv, 3, 1);
    if (err)
        return err;
    word_t irq = inv_arg(iv, 0);
    if (irq < 1 || irq > MT_IRQ_MAX)
        return inv_range_error(1, MT_IRQ_MAX);
    if (irq_claimed[irq])
        return MT_REVOKE_FIRST;
    struct lookup l = lookup_slot_for_op(iv->extra[0]->cap, inv_arg(iv, 1), inv_arg(iv, 2));
    if (!l.slot)
        return inv_lookup_error(false, l.failure);
    if (!cap_is_null(l.slot->cap))
        return MT_DELETE_FIRST;
    irq_claimed[irq] = true;
    cte_insert(cap_irq_handler(irq), iv->slot, l.slot);
    return MT_OK;
}

int decode_irq_handler(struct invocation *iv)
{
    word_t irq = cap_irq(iv->cap);
    switch (iv->label) {
    case MT_IRQ_HANDLER_ACK:
        plic_enable((unsigned)irq, true);
        return MT_OK;
    case MT_IRQ_HANDLER_SET_NOTIFICATION: {
        int err = inv_need(iv, 0, 1);
        if (err)
            return err;
        struct cte *src = iv->extra[0];
        if (cap_type(src->cap) != MT_CAP_NOTIFICATION || !(cap_rights(src->cap) & MT_RIGHT_WRITE))
            return inv_invalid_cap(1);
        /* the old one may be the last cap of a notification with waiters:
         * they restart one a step, and a restart of this call goes on */
        if (cte_delete(&irq_notification[irq]) == INV_PREEMPTED)
            return INV_PREEMPTED;
        cte_insert(src->cap, src, &irq_notification[irq]);
        plic_enable((unsigned)irq, true);
        return MT_OK;
    }
    case MT_IRQ_HANDLER_CLEAR:
        plic_enable((unsigned)irq, false);
        return cte_delete(&irq_notification[irq]);
    default:
        return MT_ILLEGAL_OPERATION;
    }
}

/* Power_Off(status): the machine ends; only a Power cap's holder may. */
int decode_power(struct invocation *iv)
{
    if (iv->label != MT_POWER_OFF)
        return MT_ILLEGAL_OPERATION;
    int err = inv_need(iv, 1, 0);
    if (err)
        return err;
    if (inv_arg(iv, 0) > 0xffff)
        return inv_range_error(0, 0xffff);
    machine_exit((unsigned)inv_arg(iv, 0));
}

#ifdef KERNEL_DEBUG
struct cte *irq_table(void) { return irq_notification; }
bool irq_is_claimed(word_t irq) { return irq_claimed[irq]; }
#endif
