/* SPDX-License-Identifier: BSD-2-Clause */
/* Device interrupts: PLIC sources routed to notifications. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include "object.h"

void irq_init(void);
void irq_handler_destroy(word_t irq);
/* Where IRQ irq's notification cap is kept. */
struct cte *irq_notification_slot(word_t irq);
/* Handle whatever interrupt is pending (timer or device). */
void handle_interrupt(word_t scause);
/* The idle loop's body: sleep until an interrupt is pending, handle it. */
void wfi_and_handle_interrupt(void);
/* Preemption points (see ARCHITECTURE.md): is a timer or device
 * interrupt pending?  A long operation asks after each bounded step and,
 * if so, stops with every object consistent and returns INV_PREEMPTED;
 * the invocation is then restarted, after handle_pending_interrupts. */
bool preemption_pending(void);
void handle_pending_interrupts(void);
/* Set around console output made where the kernel's state is consistent
 * (a fault message, debug PutS): kputc then handles interrupts. */
extern bool console_takes_interrupts;

/* A bench build (KERNEL_STRETCH) measures the longest stretch the kernel
 * runs between two points where it could take an interrupt: kernel entry,
 * each preemption check, the idle loop's wfi and the return to user. */
#ifdef KERNEL_STRETCH
void stretch_mark(void);
void stretch_restart(void);
void stretch_report(void);   /* at Shutdown: the figure, for make bench-preempt */
#else
static inline void stretch_mark(void) {}
static inline void stretch_restart(void) {}
static inline void stretch_report(void) {}
#endif

#endif
