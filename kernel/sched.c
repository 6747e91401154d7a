/* Ready queues and the choice of the next thread. */
#include "sched.h"
#include "irq.h"
#include "vspace.h"

struct tcb *cur;

static struct { struct tcb *head, *tail; } ready[MT_MAX_PRIORITY + 1];
static word_t ready_bitmap[(MT_MAX_PRIORITY + 1) / MT_WORD_BITS];

#define TF_QUEUED 0x80u

static void bitmap_update(int prio)
{
    word_t bit = BIT(prio % MT_WORD_BITS);
    if (ready[prio].head)
        ready_bitmap[prio / MT_WORD_BITS] |= bit;
    else
        ready_bitmap[prio / MT_WORD_BITS] &= ~bit;
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

/* A woken thread of higher priority than the running one preempts it; a
 * thread woken by a blocking IPC partner runs next within its priority;
 * anything else waits its turn. */
void sched_wake(struct tcb *t, bool donate)
{
    t->state = TS_RUNNING;
    if (donate || (cur && t->priority > cur->priority) || !cur)
        sched_enqueue_head(t);
    else
        sched_enqueue_tail(t);
}

void sched_yield(struct tcb *t)
{
    sched_dequeue(t);
    t->timeslice = TIMESLICE_TICKS;
    sched_enqueue_tail(t);
}

void sched_tick(void)
{
    if (cur && thread_runnable(cur) && --cur->timeslice == 0)
        sched_yield(cur);
}

void sched_set_priority(struct tcb *t, int prio)
{
    bool queued = t->flags & TF_QUEUED;
    sched_dequeue(t);
    t->priority = (uint8_t)prio;
    if (queued)
        sched_enqueue_tail(t);
}

static struct tcb *highest_ready(void)
{
    for (int w = ARRAY_SIZE(ready_bitmap) - 1; w >= 0; w--) {
        if (ready_bitmap[w]) {
            int bit = MT_WORD_BITS - 1 - __builtin_clzl(ready_bitmap[w]);
            return ready[w * MT_WORD_BITS + bit].head;
        }
    }
    return NULL;
}

void restore_user(word_t *regs) NORETURN;

/* Run the best thread; with none runnable, wait for an interrupt with
 * interrupts masked (wfi wakes on a pending enabled interrupt anyway) and
 * handle it right here: this loop is the idle thread. */
void schedule_and_run(void)
{
    struct tcb *next;
    while (!(next = highest_ready())) {
        cur = NULL;
        wfi_and_handle_interrupt();
    }
    vspace_activate(next);   /* cheap when unchanged: it compares satp */
    cur = next;
    restore_user(next->regs);
}
