/* A component restarted by its supervisor (components/fault_supervisor):
 * its own object file, linked only into components with a restart
 * policy (MT_COMPONENT names it when the generated header defines
 * MT_RESTART_POLICY), so the others pay no byte for it. */
#include <stdint.h>
#include <libmote/component.h>
#include <libmote/string.h>

extern char __data_start[], __bss_start[], __bss_end[];   /* lib/mote/component.ld */

/* Thread 0, restarted (a1 = 1; the other threads are suspended with their
 * registers reset): before anything reads a variable, the data comes back
 * from the pristine copy of its archive pages that motec maps
 * MT_SPEC_PRISTINE_OFFSET above it and bss is cleared (stacks need
 * nothing: sp is back at the top); an IRQ the old threads took but never
 * acknowledged would stay masked, so every one is acknowledged; then the
 * other threads run, into the start-up wait for thread 0. */
void mt_restart_reset(const struct mt_component *c)
{
    memcpy(__data_start, (const char *)((uintptr_t)__data_start + MT_SPEC_PRISTINE_OFFSET),
           (size_t)(__bss_start - __data_start));
    memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));
    for (unsigned i = 0; i < c->iface_count; i++)
        for (unsigned k = 0; k < c->ifaces[i].irq_count; k++)
            mt_irq_handler_ack(c->ifaces[i].irqs[k].handler_slot);
    for (unsigned i = 1; i < c->thread_count; i++)
        mt_tcb_resume(c->threads[i].tcb_slot);
}
