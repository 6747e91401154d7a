/* SPDX-License-Identifier: BSD-2-Clause */
/* The scheduler: 256 priorities, round robin within each.  Runnable
 * threads other than the running one sit in their priority's ready queue;
 * the running thread keeps the CPU until it blocks, yields, uses up its
 * time slice or is outranked by a queued thread. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "object.h"

extern struct tcb *cur;   /* the thread whose registers trap.S saved */

#define TIMESLICE_TICKS 5

void sched_enqueue_tail(struct tcb *t);
void sched_enqueue_head(struct tcb *t);
void sched_dequeue(struct tcb *t);
/* t becomes runnable; donate: it was the partner of a blocking IPC and
 * should run next if its priority allows. */
void sched_wake(struct tcb *t, bool donate);
void sched_yield(struct tcb *t);
void sched_tick(void);
void sched_set_priority(struct tcb *t, int prio);
NORETURN void schedule_and_run(void);

static inline bool thread_runnable(const struct tcb *t)
{
    return t->state == TS_RUNNING;
}

#endif
