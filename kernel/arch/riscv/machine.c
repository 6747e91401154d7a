/* SPDX-License-Identifier: BSD-2-Clause */
/* Machine-level services: console, power-off with an exit status, timer. */
#include "kernel.h"
#include "csr.h"
#include "layout.h"
#include "sbi.h"
#include "machine.h"
#include "irq.h"

bool console_takes_interrupts;

/* A character costs hundreds of instructions in the firmware: where the
 * caller says its state is consistent, interrupts are handled between two
 * (in place: the text still comes out whole). */
void kputc(char c)
{
    if (c == '\n')
        sbi_putchar('\r');
    sbi_putchar(c);
    if (console_takes_interrupts && preemption_pending())
        handle_pending_interrupts();
}

/* QEMU's test device ends the emulator with a status: 0x5555 for 0,
 * (code << 16) | 0x3333 for anything else.  SRST is the fallback. */
NORETURN void machine_exit(unsigned code)
{
    volatile uint32_t *test = phys_to_virt(TEST_DEVICE_PADDR);
    *test = code == 0 ? 0x5555u : ((code & 0xffffu) << 16) | 0x3333u;
    sbi_shutdown();
    for (;;)
        wfi();
}

/* The timebase of QEMU virt runs at 10 MHz. */
#define TIMEBASE_HZ 10000000ul
#define TICK_HZ 1000ul

static word_t ticks;

word_t timer_ticks(void) { return ticks; }
word_t timer_tick_length(void) { return TIMEBASE_HZ / TICK_HZ; }

void timer_rearm(void)
{
    ticks++;
    sbi_set_timer(csr_read(time) + TIMEBASE_HZ / TICK_HZ);
}

void timer_init(void)
{
    csr_set(sie, SIE_STIE);
    sbi_set_timer(csr_read(time) + TIMEBASE_HZ / TICK_HZ);
}
