/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef KERNEL_ARCH_MACHINE_H
#define KERNEL_ARCH_MACHINE_H

#include "kernel.h"

NORETURN void machine_exit(unsigned code);
void timer_init(void);
void timer_rearm(void);
word_t timer_ticks(void);
word_t timer_tick_length(void);
NORETURN void restore_user(word_t *regs);
/* The same entry, not declared NORETURN so that a call to it at the end of
 * a function compiles to a plain jump (the fastpath ends with it). */
void restore_user_jump(word_t *regs);

/* PLIC: interrupt controller of QEMU virt (S-mode context of hart 0). */
void plic_init(void);
void plic_enable(unsigned irq, bool on);
unsigned plic_claim(void);
void plic_complete(unsigned irq);

#endif
