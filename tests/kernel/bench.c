/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel benchmarks: a root task that measures, in retired instructions
 * (rdinstret; exact under QEMU -icount shift=0), the median of RUNS runs of
 *   ipc_call_replyrecv_roundtrip  Call + ReplyRecv between two VSpaces
 *   notify_wake                   Signal until the higher waiter runs
 *   irq_delivery                  RTC alarm raised until its handler runs
 *   thread_switch                 Yield to a thread of equal priority
 *   fpu_lazy_switch               a thread's first FP instruction after
 *                                 another thread used FP: trap, save, load
 * and prints "NAME VALUE instructions" for each. */
#include "ktest.h"
#include <libmote/dev/goldfish_rtc.h>

#define RUNS 201
#define BENCH_PRIO 100

static mt_word_t samples[RUNS];
static volatile mt_word_t stamp, handled;

static mt_word_t median(mt_word_t *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            mt_word_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

static void report(const char *name, struct ctx *c, int ok)
{
    if (!ok)
        mt_printf("# %s: %s\n", name, c->reason);
    else
    {
        mt_word_t m = median(samples, RUNS);
        mt_printf("# %s: min %lu max %lu\n", name, samples[0], samples[RUNS - 1]);
        mt_printf("%s %lu instructions\n", name, m);
    }
    c->reason[0] = 0;
}

/* The raw Call: a0 = cap, a1 = info, MR0 in a2, nothing else touched. */
static inline void raw_call(mt_cptr_t ep)
{
    register mt_word_t a0 __asm__("a0") = ep;
    register mt_word_t a1 __asm__("a1") = mt_msginfo(1, 0, 0, 1);
    register mt_word_t a2 __asm__("a2") = 7;
    register mt_word_t a7 __asm__("a7") = MT_SYS_CALL;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2) : "r"(a7)
                     : "a3", "a4", "a5", "memory");
}

static void server(mt_word_t ep)
{
    register mt_word_t a0 __asm__("a0") = ep;
    register mt_word_t a1 __asm__("a1") = 0;
    register mt_word_t a2 __asm__("a2") = 0;
    register mt_word_t a7 __asm__("a7") = MT_SYS_RECV;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2) : "r"(a7)
                     : "a3", "a4", "a5", "memory");
    for (;;) {
        a0 = ep;
        a1 = mt_msginfo(0, 0, 0, 1);
        a7 = MT_SYS_REPLY_RECV;
        __asm__ volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2) : "r"(a7)
                         : "a3", "a4", "a5", "memory");
    }
}

static int bench_ipc(struct ctx *c)
{
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t vs = vspace_new(c);
    CHECK(ep && vs);
    TRY(thread_new(c, &t, vs, 0, BENCH_PRIO, 2));
    TRY(thread_start(c, &t, server, ep));
    raw_call(ep);                       /* the server reaches its loop */
    for (int i = 0; i < RUNS; i++) {
        mt_word_t t0 = rdinstret();
        raw_call(ep);
        samples[i] = rdinstret() - t0;
    }
    return mt_tcb_suspend(t.tcb);
}

static void waiter(mt_word_t ntfn)
{
    for (;;) {
        mt_wait(ntfn);
        stamp = rdinstret();
    }
}

static int bench_notify(struct ctx *c)
{
    struct thread t;
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(n);
    TRY(thread_spawn(c, &t, 0, BENCH_PRIO + 1, waiter, n));
    for (int i = 0; i < RUNS; i++) {
        mt_word_t t0 = rdinstret();
        mt_signal(n);
        samples[i] = stamp - t0;
    }
    return mt_tcb_suspend(t.tcb);
}

static void yielder(mt_word_t arg)
{
    (void)arg;
    for (;;) {
        stamp = rdinstret();
        mt_yield();
    }
}

static int bench_switch(struct ctx *c)
{
    struct thread t;
    TRY(thread_spawn(c, &t, 0, BENCH_PRIO, yielder, 0));
    mt_yield();
    for (int i = 0; i < RUNS; i++) {
        mt_word_t t0 = rdinstret();
        mt_yield();
        samples[i] = stamp - t0;
    }
    return mt_tcb_suspend(t.tcb);
}

void fp_touch(void);   /* fpu_helpers.S */

static void fp_yielder(mt_word_t arg)
{
    (void)arg;
    for (;;) {
        fp_touch();
        mt_yield();
    }
}

/* Both threads have FPU objects; the other one used FP last. */
static int bench_fpu(struct ctx *c)
{
    struct thread t;
    mt_cptr_t mine = obj_new(c, MT_OBJ_FPU, 0), its = obj_new(c, MT_OBJ_FPU, 0);
    CHECK(mine && its);
    CHECK_OK(mt_tcb_bind_fpu(MT_INIT_TCB, mine));
    TRY(thread_new(c, &t, 0, 0, BENCH_PRIO, 2));
    CHECK_OK(mt_tcb_bind_fpu(t.tcb, its));
    TRY(thread_start(c, &t, fp_yielder, 0));
    for (int i = 0; i < RUNS; i++) {
        mt_yield();
        mt_word_t t0 = rdinstret();
        fp_touch();
        samples[i] = rdinstret() - t0;
    }
    CHECK_OK(mt_tcb_unbind_fpu(MT_INIT_TCB));
    return mt_tcb_suspend(t.tcb);
}

struct irq_bench {
    volatile void *rtc;
    mt_cptr_t handler, ntfn;
};

static void irq_thread(mt_word_t arg)
{
    const struct irq_bench *b = (const struct irq_bench *)arg;
    for (int i = 0; i < RUNS; i++) {
        mt_wait(b->ntfn);
        samples[i] = rdinstret() - stamp;
        rtc_write(b->rtc, RTC_CLEAR_INTERRUPT, 1);
        mt_irq_handler_ack(b->handler);
        handled = 1;
    }
}

static int irq_bench_setup(struct ctx *c, struct irq_bench *b)
{
    mt_cptr_t frame = device_frame(c, RTC_PADDR);
    b->rtc = (volatile void *)vaddr_alloc(c, 1);
    b->ntfn = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    b->handler = slot_alloc(c);
    CHECK(frame && b->ntfn && b->handler);
    CHECK_OK(map_frame(c, VS, frame, (mt_word_t)b->rtc, MT_VM_READ | MT_VM_WRITE));
    CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, b->handler, ROOT_DEPTH));
    CHECK_OK(mt_irq_handler_set_notification(b->handler, b->ntfn));
    return 0;
}

/* We spin writing rdinstret to stamp; the handler thread subtracts the
 * last stamp from its own reading. */
static int bench_irq(struct ctx *c)
{
    static struct irq_bench b;
    struct thread t;
    TRY(irq_bench_setup(c, &b));
    TRY(thread_spawn(c, &t, 0, BENCH_PRIO + 1, irq_thread, (mt_word_t)&b));
    for (int i = 0; i < RUNS; i++) {
        handled = 0;
        rtc_alarm_in(b.rtc, 20000);
        for (long n = 0; !handled && n < 100000000L; n++)
            stamp = rdinstret();
        CHECK(handled);
    }
    rtc_write(b.rtc, RTC_IRQ_ENABLED, 0);
    return 0;
}

int main(const struct mt_bootinfo *bi)
{
    static struct ctx c;
    ctx_init(&c, bi);
    mt_cptr_t big = find_big_untyped(bi);
    c.ut = slot_alloc(&c);
    if (!big || mt_untyped_retype(big, MT_OBJ_UNTYPED, TEST_UT_BITS, ROOT, 0, 0, c.ut, 1) ||
        mt_tcb_set_priority(MT_INIT_TCB, MT_INIT_TCB, BENCH_PRIO)) {
        mt_printf("# bench: setup failed\n");
        return 1;
    }
    mt_printf("# mote kernel benchmarks: median of %d runs\n", RUNS);
    report("ipc_call_replyrecv_roundtrip", &c, bench_ipc(&c) == 0);
    report("notify_wake", &c, bench_notify(&c) == 0);
    report("irq_delivery", &c, bench_irq(&c) == 0);
    report("thread_switch", &c, bench_switch(&c) == 0);
    report("fpu_lazy_switch", &c, bench_fpu(&c) == 0);
    return 0;
}
