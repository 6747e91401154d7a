/* SPDX-License-Identifier: BSD-2-Clause */
/* A component started again by its supervisor (components/fault_supervisor,
 * docs/ARCHITECTURE.md, Supervision): its own object file, linked only
 * into components with a restart policy (MT_COMPONENT names it when the
 * generated header defines MT_RESTART_POLICY), so the others pay no byte
 * for it.  The supervisor suspended every thread, reset its registers and
 * resumed thread 0 with a1 = MT_START_RESTART (run again) or
 * MT_START_STOPPED (stopped for good: answer every call with an error). */
#include <stdint.h>
#include <libmote/component.h>
#include <libmote/rpc.h>
#include <libmote/string.h>

extern char __data_start[], __bss_start[], __bss_end[];   /* lib/mote/component.ld */

/* Thread 0: before anything reads a variable, the data comes back from
 * the pristine copy of its archive pages that motec maps
 * MT_SPEC_PRISTINE_OFFSET above it and bss is cleared (stacks need
 * nothing: sp is back at the top); the callers the old threads saved
 * (mt_rpc_defer, in free slots) will never be answered, so their reply
 * caps go (their Calls return MT_REPLY_LOST) while every other cap stays;
 * an IRQ the old threads took but never acknowledged would stay masked,
 * so every one is acknowledged; then the other threads run (into the
 * start-up wait for thread 0, or refusing). */
static void reset(const struct mt_component *c)
{
    memcpy(__data_start, (const char *)((uintptr_t)__data_start + MT_SPEC_PRISTINE_OFFSET),
           (size_t)(__bss_start - __data_start));
    memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));
    for (mt_cptr_t s = c->first_free_slot; s < c->slot_count; s++)
        mt_cnode_delete_reply(MT_SPEC_SLOT_CNODE, s, MT_WORD_BITS);
    for (unsigned i = 0; i < c->iface_count; i++)
        for (unsigned k = 0; k < c->ifaces[i].irq_count; k++)
            mt_irq_handler_ack(c->ifaces[i].irqs[k].handler_slot);
    for (unsigned i = 1; i < c->thread_count; i++)
        mt_tcb_resume(c->threads[i].tcb_slot);
}

/* The provided interface thread index serves: its own, or for the
 * control thread the first one no thread of its own serves
 * (<iface>_has_thread = false); -1: none. */
static int served_by(const struct mt_component *c, unsigned index)
{
    const struct mt_thread_info *t = &c->threads[index];
    if (t->role == MT_THREAD_ROLE_RPC)
        return t->iface;
    if (t->role != MT_THREAD_ROLE_CONTROL)
        return -1;
    for (unsigned i = 0; i < c->iface_count; i++) {
        int own = 0;
        for (unsigned k = 0; k < c->thread_count && !own; k++)
            own = c->threads[k].role == MT_THREAD_ROLE_RPC && c->threads[k].iface == i;
        if (c->ifaces[i].dispatch && !own)
            return (int)i;
    }
    return -1;
}

/* Stopped for good: a thread serving a provided interface answers every
 * call MT_RPC_STOPPED (its clients get an error, never a hang) and runs
 * none of the component's code; every other thread stops. */
static void refuse(const struct mt_component *c, unsigned index)
{
    int i = served_by(c, index);
    if (i >= 0) {
        mt_word_t badge;
        mt_recv(c->ifaces[i].slot, &badge);
        for (;;)
            mt_reply_recv(c->ifaces[i].slot, mt_msginfo(MT_RPC_STOPPED, 0, 0, 0), &badge);
    }
    mt_thread_exit();
}

void mt_restart_start(const struct mt_component *c, unsigned index, mt_word_t how)
{
    if (index == 0)
        reset(c);
    if (how == MT_START_STOPPED)
        refuse(c, index);
}
