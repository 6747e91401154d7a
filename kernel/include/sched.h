/* The scheduler: 256 priorities, round robin within each.  A runnable
 * thread, the running one included, sits in its priority's ready queue;
 * the thread to run is the head of the highest non-empty queue. */
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
