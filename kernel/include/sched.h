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

/* Bit 255 - p: priority p's ready queue is not empty (sched.c). */
#define SCHED_BITMAP_WORDS ((MT_MAX_PRIORITY + 1) / MT_WORD_BITS)
extern word_t sched_ready_bitmap[SCHED_BITMAP_WORDS];
_Static_assert(SCHED_BITMAP_WORDS * MT_WORD_BITS == MT_MAX_PRIORITY + 1,
               "sched_ready_above finds p's bit as 63 - p % 64 of word 3 - p / 64");

/* Is some queued thread of priority above prio?  The scheduler picks such
 * a thread before any thread of prio, so the fastpath may switch to a
 * thread of prio only when there is none.  bound is at least every queued
 * priority (the running thread's: none outranks it), so only the words
 * from bound's to prio's are looked at, usually one. */
static inline bool sched_ready_above(word_t prio, word_t bound)
{
    /* p's bit, 255 - p, is bit 63 - p % 64 of word 3 - p / 64 */
    const word_t *w = &sched_ready_bitmap[SCHED_BITMAP_WORDS - 1] - prio / MT_WORD_BITS;
    /* the words before bound's are empty, and so are the bits of bound's
     * word that stand for priorities above bound: whole words are tested */
    for (const word_t *b = &sched_ready_bitmap[SCHED_BITMAP_WORDS - 1] - bound / MT_WORD_BITS;
         b < w; b++)
        if (*b)
            return true;
    /* prio's bit and those after it (lower priorities) are shifted out;
     * the bits before it (higher priorities) stay */
    return (*w << (prio % MT_WORD_BITS)) << 1;
}

static inline bool thread_runnable(const struct tcb *t)
{
    return t->state == TS_RUNNING;
}

#endif
