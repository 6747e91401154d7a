/* SPDX-License-Identifier: BSD-2-Clause */
/* Ready queues and the choice of the next thread.  Queues hold the
 * runnable threads other than the running one (cur). */
#include "sched.h"
#include "fpu.h"
#include "invariants.h"
#include "irq.h"
#include "vspace.h"

struct tcb *cur;
static bool cur_yielded;   /* cur goes behind its equals at the next choice */

static struct { struct tcb *head, *tail; } ready[MT_MAX_PRIORITY + 1];
static word_t ready_bitmap[(MT_MAX_PRIORITY + 1) / MT_WORD_BITS];

/* Bit (255 - prio) is set when that priority's queue is not empty, so the
 * highest priority is the lowest set bit: cheap to find without a
 * count-leading-zeros instruction. */
static void bitmap_update(int prio)
{
    int b = MT_MAX_PRIORITY - prio;
    word_t bit = BIT(b % MT_WORD_BITS);
    if (ready[prio].head)
        ready_bitmap[b / MT_WORD_BITS] |= bit;
    else
        ready_bitmap[b / MT_WORD_BITS] &= ~bit;
}

/* Index of the lowest set bit of x != 0 (de Bruijn multiplication). */
static int lowest_bit(word_t x)
{
    static const uint8_t table[64] = {
        0, 1, 2, 53, 3, 7, 54, 27, 4, 38, 41, 8, 34, 55, 48, 28,
        62, 5, 39, 46, 44, 42, 22, 9, 24, 35, 59, 56, 49, 18, 29, 11,
        63, 52, 6, 26, 37, 40, 33, 47, 61, 45, 43, 21, 23, 58, 17, 10,
        51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12,
    };
    return table[((x & -x) * 0x022fdd63cc95386dul) >> 58];
}

void sched_enqueue_tail(struct tcb *t)
{
    if (t->flags & TF_QUEUED)
        return;
    int p = t->priority;
    t->sched_next = NULL;
    t->sched_prev = ready[p].tail;
    if (ready[p].tail)
        ready[p].tail->sched_next = t;
    else
        ready[p].head = t;
    ready[p].tail = t;
    t->flags |= TF_QUEUED;
    bitmap_update(p);
}

void sched_enqueue_head(struct tcb *t)
{
    if (t->flags & TF_QUEUED)
        return;
    int p = t->priority;
    t->sched_prev = NULL;
    t->sched_next = ready[p].head;
    if (ready[p].head)
        ready[p].head->sched_prev = t;
    else
        ready[p].tail = t;
    ready[p].head = t;
    t->flags |= TF_QUEUED;
    bitmap_update(p);
}

void sched_dequeue(struct tcb *t)
{
    if (!(t->flags & TF_QUEUED))
        return;
    int p = t->priority;
    if (t->sched_prev)
        t->sched_prev->sched_next = t->sched_next;
    else
        ready[p].head = t->sched_next;
    if (t->sched_next)
        t->sched_next->sched_prev = t->sched_prev;
    else
        ready[p].tail = t->sched_prev;
    t->sched_next = t->sched_prev = NULL;
    t->flags &= ~TF_QUEUED;
    bitmap_update(p);
}

/* A woken thread waits in its queue: at the head when a blocking IPC
 * partner woke it or it outranks the running thread, else at the tail.
 * The running thread is not in any queue; it keeps the CPU unless a
 * queued thread outranks it, it yields, or its time slice ends. */
void sched_wake(struct tcb *t, bool donate)
{
    t->state = TS_RUNNING;
    if (t == cur)
        return;
    if (donate || !cur || t->priority > cur->priority)
        sched_enqueue_head(t);
    else
        sched_enqueue_tail(t);
}

void sched_yield(struct tcb *t)
{
    t->timeslice = TIMESLICE_TICKS;
    if (t == cur)
        cur_yielded = true;
    else if (t->flags & TF_QUEUED) {
        sched_dequeue(t);
        sched_enqueue_tail(t);
    }
}

void sched_tick(void)
{
    if (cur && thread_runnable(cur) && --cur->timeslice == 0)
        sched_yield(cur);
}

void sched_set_priority(struct tcb *t, int prio)
{
    bool queued = t->flags & TF_QUEUED;   /* never true of cur */
    sched_dequeue(t);
    t->priority = (uint8_t)prio;
    if (queued)
        sched_enqueue_tail(t);
}

static struct tcb *highest_ready(void)
{
    for (unsigned w = 0; w < ARRAY_SIZE(ready_bitmap); w++)
        if (ready_bitmap[w])
            return ready[MT_MAX_PRIORITY - (int)(w * MT_WORD_BITS) - lowest_bit(ready_bitmap[w])].head;
    return NULL;
}

void restore_user(word_t *regs) NORETURN;

/* Does the running thread keep the CPU, given the best queued one? */
static bool cur_continues(struct tcb *best)
{
    if (!cur || !thread_runnable(cur))
        return false;
    if (!best || best->priority < cur->priority ||
        (best->priority == cur->priority && !cur_yielded))
        return true;
    if (cur_yielded)
        sched_enqueue_tail(cur);
    else
        sched_enqueue_head(cur);   /* preempted: first in line at its level */
    return false;
}

/* Run the best thread; with none runnable, wait for an interrupt with
 * interrupts masked (wfi wakes on a pending enabled interrupt anyway) and
 * handle it right here: this loop is the idle thread. */
void schedule_and_run(void)
{
    struct tcb *next = highest_ready();
    if (!cur_continues(next)) {
        while (!next) {
            cur = NULL;
            wfi_and_handle_interrupt();
            next = highest_ready();
        }
        sched_dequeue(next);
        cur = next;
        fpu_switch(cur);   /* a thread that keeps running keeps its FS */
    }
    cur_yielded = false;
    vspace_activate(cur);   /* cheap when unchanged: it compares satp */
    restore_user(cur->regs);
}

#ifdef KERNEL_DEBUG
struct tcb *sched_queue_head(int prio) { return ready[prio].head; }
bool sched_bitmap_has(int prio)
{
    int b = MT_MAX_PRIORITY - prio;
    return ready_bitmap[b / MT_WORD_BITS] & BIT(b % MT_WORD_BITS);
}
#endif
