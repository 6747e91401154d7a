/* SPDX-License-Identifier: BSD-2-Clause */
/* The platform-level interrupt controller.  Context 1 is hart 0's S-mode.
 * Every source has priority 1 and the threshold is 0, so an enabled source
 * always interrupts; masking is done with the enable bits. */
#include "kernel.h"
#include "layout.h"
#include "machine.h"

#define PLIC_PRIORITY(irq) (PLIC_PADDR + 4 * (irq))
#define PLIC_ENABLE(ctx) (PLIC_PADDR + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC_PADDR + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_PADDR + 0x200004 + 0x1000 * (ctx))
#define S_CONTEXT 1

static volatile uint32_t *reg(paddr_t pa) { return phys_to_virt(pa); }

void plic_init(void)
{
    for (unsigned irq = 1; irq <= MT_IRQ_MAX; irq++) {
        *reg(PLIC_PRIORITY(irq)) = 1;
        plic_enable(irq, false);
    }
    *reg(PLIC_THRESHOLD(S_CONTEXT)) = 0;
}

void plic_enable(unsigned irq, bool on)
{
    volatile uint32_t *en = reg(PLIC_ENABLE(S_CONTEXT) + 4 * (irq / 32));
    if (on)
        *en |= 1u << (irq % 32);
    else
        *en &= ~(1u << (irq % 32));
    /* A source that became pending while masked must interrupt now; QEMU's
     * PLIC re-evaluates its output on a threshold write, not on an enable
     * write, so write the (unchanged) threshold. */
    *reg(PLIC_THRESHOLD(S_CONTEXT)) = 0;
}

unsigned plic_claim(void) { return *reg(PLIC_CLAIM(S_CONTEXT)); }
void plic_complete(unsigned irq) { *reg(PLIC_CLAIM(S_CONTEXT)) = irq; }
