/* SPDX-License-Identifier: BSD-2-Clause */
/* Floating point: FPU objects bound to TCBs and lazy switching of the
 * F/D registers (kernel/arch/riscv/fpu.c). */
#ifndef KERNEL_FPU_H
#define KERNEL_FPU_H

#include "object.h"

/* The thread whose FP state is in the registers, or NULL. */
extern struct tcb *fpu_owner;

void fpu_bind(struct tcb *t, struct fpu *f);
/* t (bound) lets go of its FPU object, whose state is saved first. */
void fpu_unbind(struct tcb *t);
/* The last cap to f is gone. */
void fpu_destroy(struct fpu *f);
/* An illegal-instruction trap of t: true if it was t's first FP use since
 * it last ran with FP off (the instruction is then retried), false if it
 * is a fault. */
bool fpu_trap(struct tcb *t);
/* Turns FP off in the registers, remembering whether they were dirty. */
void fpu_off(void);

/* Before next runs: FP stays on only for the owner. */
static inline void fpu_switch(struct tcb *next)
{
    if (fpu_owner && next != fpu_owner)
        fpu_off();
}

#endif
