/* SPDX-License-Identifier: BSD-2-Clause */
/* Scheduling: priorities, preemption, round robin, yield, timer. */
#include "ktest.h"

static volatile mt_word_t flag, count_a, count_b, log_n;
static volatile mt_word_t log_ids[16];

struct sig {
    mt_cptr_t ntfn;
    mt_word_t id;
};

static void set_flag_signal(mt_word_t arg)
{
    const struct sig *s = (const struct sig *)arg;
    flag = s->id;
    if (s->ntfn)
        mt_signal(s->ntfn);
}

static int t_priority_order(struct ctx *c, mt_word_t which)
{
    static struct sig s;
    struct thread t;
    s.ntfn = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    s.id = 5;
    flag = 0;
    CHECK(s.ntfn);
    TRY(thread_spawn(c, &t, 0, which == 1 ? TEST_PRIO : LOW_PRIO, set_flag_signal,
                     (mt_word_t)&s));
    CHECK_EQ(flag, 0);                  /* not above us: it waits */
    if (which == 0)
        mt_wait(s.ntfn);                /* we block: it runs */
    else if (which == 1)
        mt_yield();                     /* same priority: yield lets it run */
    else if (which == 2)
        CHECK_OK(mt_tcb_set_priority(c->self, c->self, LOW_PRIO - 1));
    else
        CHECK_OK(mt_tcb_set_priority(t.tcb, c->self, HIGH_PRIO));
    CHECK_EQ(flag, 5);
    return 0;
}

static int t_yield_skips_lower(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct sig s;
    struct thread t;
    s.ntfn = 0;
    s.id = 6;
    flag = 0;
    TRY(thread_spawn(c, &t, 0, LOW_PRIO, set_flag_signal, (mt_word_t)&s));
    yield_n(10);
    CHECK_EQ(flag, 0);
    return 0;
}

static void child_log_rounds(mt_word_t arg)
{
    for (int round = 0; round < 3; round++) {
        if (log_n < 16)
            log_ids[log_n++] = arg & 0xff;
        mt_yield();
    }
    if (arg >> 8)
        mt_signal(arg >> 8);
}

/* Threads of one priority take turns at every yield, in resume order. */
static int t_round_robin(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread a, b;
    static const mt_word_t want[] = { 1, 2, 1, 2, 1, 2 };
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(n);
    log_n = 0;
    TRY(thread_spawn(c, &a, 0, LOW_PRIO, child_log_rounds, 1));
    TRY(thread_spawn(c, &b, 0, LOW_PRIO, child_log_rounds, (n << 8) | 2));
    mt_wait(n);
    CHECK_EQ(log_n, 6);
    for (int i = 0; i < 6; i++)
        CHECK_EQ(log_ids[i], want[i]);
    return 0;
}

/* Runs only when the spinner is preempted; waits until the spinner has run
 * again, which takes a second preemption. */
static void child_watch(mt_word_t ntfn)
{
    mt_word_t seen = count_a;
    while (count_a == seen)
        count_b++;
    mt_signal(ntfn);
}

static int t_timer_preemption(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread a, b;
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(n);
    count_a = count_b = 0;
    TRY(thread_spawn(c, &a, 0, LOW_PRIO, child_count_spin, (mt_word_t)&count_a));
    TRY(thread_spawn(c, &b, 0, LOW_PRIO, child_watch, n));
    mt_wait(n);
    CHECK_OK(mt_tcb_suspend(a.tcb));
    CHECK(count_a > 0 && count_b > 0);
    return 0;
}

/* Our own thread is preempted by the timer for a thread of our priority. */
static int t_timer_preempts_us(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread a;
    count_a = 0;
    TRY(thread_spawn(c, &a, 0, TEST_PRIO, child_count_spin, (mt_word_t)&count_a));
    for (long i = 0; i < 400000000L && count_a == 0; i++)
        __asm__ volatile("");
    CHECK_OK(mt_tcb_suspend(a.tcb));
    CHECK(count_a > 0);
    return 0;
}

static void child_log_once(mt_word_t arg)
{
    if (log_n < 16)
        log_ids[log_n++] = arg & 0xff;
    if (arg >> 8)
        mt_signal(arg >> 8);
}

static int t_resume_order(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t[3];
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(n);
    log_n = 0;
    for (mt_word_t i = 0; i < 3; i++)
        TRY(thread_spawn(c, &t[i], 0, LOW_PRIO, child_log_once,
                         (i == 2 ? n << 8 : 0) | (i + 1)));
    mt_wait(n);
    CHECK_EQ(log_n, 3);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(log_ids[i], (mt_word_t)i + 1);
    return 0;
}

static void child_wait_flag(mt_word_t ntfn)
{
    mt_wait(ntfn);
    flag = 0x88;
}

static int t_signal_switches(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(n);
    flag = 0;
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_wait_flag, n));
    CHECK_EQ(flag, 0);
    mt_signal(n);
    CHECK_EQ(flag, 0x88);
    return 0;
}

static void child_recv_signal(mt_word_t arg)
{
    mt_recv(arg >> 16, 0);
    flag = 7;
    mt_signal(arg & 0xffff);
}

/* A blocked thread's priority changes (down: HIGH -> LOW; up: HIGH ->
 * LOW -> above HIGH): it stays blocked, in no ready queue, and when a
 * message wakes it, its new priority decides whether it runs at once. */
static int t_blocked_priority(struct ctx *c, mt_word_t up)
{
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(ep && n && ep < 0x10000 && n < 0x10000);
    flag = 0;
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, child_recv_signal, (ep << 16) | n));
    CHECK_OK(mt_tcb_set_priority(t.tcb, c->self, LOW_PRIO));
    if (up)
        CHECK_OK(mt_tcb_set_priority(t.tcb, c->self, HIGH_PRIO + 5));
    yield_n(3);
    CHECK_EQ(flag, 0);                  /* still blocked */
    mt_send(ep, mt_msginfo(1, 0, 0, 0));
    CHECK_EQ(flag, up ? 7 : 0);
    yield_n(3);                         /* below us it runs only when we block */
    CHECK_EQ(flag, up ? 7 : 0);
    mt_wait(n);
    CHECK_EQ(flag, 7);
    return 0;
}

#define SLICE_SWITCHES 12

/* Timer ticks since boot (the kernel counts them). */
static mt_word_t ticks(void)
{
    mt_word_t info[4];
    mt_debug_kernel_info(info);
    return info[MT_KINFO_TICKS];
}

static struct {
    mt_cptr_t done;
    volatile mt_word_t owner, n;
    volatile mt_word_t tick[SLICE_SWITCHES], who[SLICE_SWITCHES];
} sl;

/* Spins; the first time it sees that the other spinner ran since its own
 * last turn, it logs the tick count: one log entry a turn. */
static void child_slices(mt_word_t id)
{
    for (;;) {
        if (sl.owner != id && sl.n < SLICE_SWITCHES) {
            sl.owner = id;
            sl.tick[sl.n] = ticks();
            sl.who[sl.n] = id;
            if (++sl.n == SLICE_SWITCHES)
                mt_signal(sl.done);
        }
    }
}

/* Two spinners of one priority take turns, each turn a whole time slice:
 * TIMESLICE_TICKS (5) timer ticks, counted by the kernel, so the figure
 * does not depend on how fast QEMU runs. */
static int t_time_slices(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread a, b;
    sl.done = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(sl.done);
    sl.owner = 2;
    sl.n = 0;
    TRY(thread_spawn(c, &a, 0, LOW_PRIO, child_slices, 0));
    TRY(thread_spawn(c, &b, 0, LOW_PRIO, child_slices, 1));
    mt_wait(sl.done);
    CHECK_OK(mt_tcb_suspend(a.tcb));
    CHECK_OK(mt_tcb_suspend(b.tcb));
    /* the first turn may have begun with part of a slice used */
    for (int i = 2; i < SLICE_SWITCHES; i++) {
        CHECK_EQ(sl.who[i], sl.who[i - 2]);         /* strict alternation */
        CHECK(sl.who[i] != sl.who[i - 1]);
        CHECK_EQ(sl.tick[i] - sl.tick[i - 1], 5);   /* a whole slice each */
    }
    return 0;
}

static const struct test sched_group_tests[] = {
    { "sched_lower_runs_when_we_block", t_priority_order, 0 },
    { "sched_yield_to_same_priority", t_priority_order, 1 },
    { "sched_lowering_own_priority_preempts", t_priority_order, 2 },
    { "sched_raising_other_priority_preempts", t_priority_order, 3 },
    { "sched_yield_skips_lower_priority", t_yield_skips_lower, 0 },
    { "sched_round_robin_yield", t_round_robin, 0 },
    { "sched_timer_preempts_spinner", t_timer_preemption, 0 },
    { "sched_timer_preempts_test_thread", t_timer_preempts_us, 0 },
    { "sched_resume_order_fifo", t_resume_order, 0 },
    { "sched_signal_runs_higher_waiter", t_signal_switches, 0 },
    { "sched_blocked_thread_priority_lowered", t_blocked_priority, 0 },
    { "sched_blocked_thread_priority_raised", t_blocked_priority, 1 },
    { "sched_time_slice_length_and_fairness", t_time_slices, 0 },
};
GROUP(sched_group);
