/* SPDX-License-Identifier: BSD-2-Clause */
/* The debug-build invariant checker (invariants.c) and the read-only
 * views it has of other files' static state.  Debug builds only. */
#ifndef KERNEL_INVARIANTS_H
#define KERNEL_INVARIANTS_H

#include "object.h"

#ifdef KERNEL_DEBUG
/* Checks every invariant the checker knows; t is the calling thread.
 * Returns whether all hold; out[0] = caps checked, out[1] = containers
 * (CNodes and TCBs) scanned.  The first broken invariant is printed. */
bool invariants_check(struct tcb *t, word_t out[2]);

struct tcb *sched_queue_head(int prio);    /* sched.c */
bool sched_bitmap_has(int prio);
struct cte *irq_table(void);               /* irq.c: MT_IRQ_MAX + 1 slots */
bool irq_is_claimed(word_t irq);
bool delete_list_is_sound(void);           /* delete.c: only zombies on the dead list
                                              (they may wait for the next Delete) */
struct cte *delete_limbo(void);            /* delete.c: its limbo slot */
#endif

#endif
