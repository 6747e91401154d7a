/* Device interrupts: PLIC sources routed to notifications. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include "object.h"

void irq_init(void);
void irq_handler_destroy(word_t irq);
/* Handle whatever interrupt is pending (timer or device). */
void handle_interrupt(word_t scause);
/* The idle loop's body: sleep until an interrupt is pending, handle it. */
void wfi_and_handle_interrupt(void);

#endif
