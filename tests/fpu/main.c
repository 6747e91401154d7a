/* SPDX-License-Identifier: BSD-2-Clause */
/* The FPU suite's root task, built rv64imafdc / lp64d: doubles and floats
 * travel in FP registers across calls, as in any application built for
 * hardware floating point.  The root thread binds an FPU object to itself
 * before its first FP instruction; main() itself does no FP (its prologue
 * would save FP registers before the binding), the tests do. */
#include "ktest.h"

#define TERMS 60

static double __attribute__((noinline)) newton_sqrt(double x)
{
    double r = x;
    for (int i = 0; i < 40; i++)
        r = 0.5 * (r + x / r);
    return r;
}

static float __attribute__((noinline)) fmadd(float a, float b, float c) { return a * b + c; }

/* Calls with FP arguments and results, single and double precision. */
static int t_math(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    double r = newton_sqrt(2.0);
    double err = r * r - 2.0;
    CHECK(err < 1e-12 && err > -1e-12);
    CHECK(r > 1.414 && r < 1.415);
    CHECK(fmadd(1.5f, 4.0f, 0.25f) == 6.25f);
    CHECK_EQ((long)(newton_sqrt(1e6) + 0.5), 1000);
    return 0;
}

/* A sum that yields between terms, so that the other thread's FP work
 * runs in between. */
static double __attribute__((noinline)) series(double offset, int yield)
{
    double s = 0.0;
    for (int k = 1; k <= TERMS; k++) {
        s += 1.0 / ((double)k * (double)k + offset);
        if (yield)
            mt_yield();
    }
    return s;
}

struct job {
    double offset, result;
    volatile int done;
};

static void worker(mt_word_t arg)
{
    struct job *j = (struct job *)arg;
    j->result = series(j->offset, 1);
    j->done = 1;
}

/* Two threads with FPU objects interleave with this one: each gets what
 * the same sum gives when computed here alone. */
static int t_threads(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct job jobs[2] = { { .offset = 0.5 }, { .offset = 7.25 } };
    struct thread th[2];
    for (int i = 0; i < 2; i++) {
        mt_cptr_t fpu = obj_new(c, MT_OBJ_FPU, 0);
        CHECK(fpu);
        TRY(thread_new(c, &th[i], 0, 0, TEST_PRIO, 2));
        CHECK_OK(mt_tcb_bind_fpu(th[i].tcb, fpu));
        TRY(thread_start(c, &th[i], worker, (mt_word_t)&jobs[i]));
    }
    double mine = series(3.0, 1);
    for (int n = 0; n < 10000 && !(jobs[0].done && jobs[1].done); n++)
        mt_yield();
    CHECK(jobs[0].done && jobs[1].done);
    CHECK(mine == series(3.0, 0));
    for (int i = 0; i < 2; i++)
        CHECK(jobs[i].result == series(jobs[i].offset, 0));
    CHECK(jobs[0].result != jobs[1].result);
    return 0;
}

static void no_fpu(mt_word_t arg)
{
    volatile double d = (double)arg;
    d = d * 3.0;
}

/* The same code in a thread without an FPU object faults. */
static int t_no_fpu(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t mr[4];
    TRY(fault_of(c, 0, no_fpu, 5, MT_FAULT_USER_EXCEPTION, mr));
    CHECK_EQ(mr[2], 2);   /* illegal instruction */
    CHECK(mr[0] >= (mt_word_t)no_fpu && mr[0] < (mt_word_t)no_fpu + 64);
    return 0;
}

static const struct test tests[] = {
    { "lp64d_math_in_registers", t_math, 0 },
    { "lp64d_threads_keep_values", t_threads, 0 },
    { "lp64d_thread_without_fpu_faults", t_no_fpu, 0 },
};
#define NTESTS ((int)(sizeof tests / sizeof tests[0]))

static int setup(struct ctx *c, const struct mt_bootinfo *bi)
{
    ctx_init(c, bi);
    mt_cptr_t big = find_big_untyped(bi), fpu;
    CHECK(big);
    c->ut = slot_alloc(c);
    CHECK_OK(mt_untyped_retype(big, MT_OBJ_UNTYPED, TEST_UT_BITS, ROOT, 0, 0, c->ut, 1));
    CHECK((fpu = obj_new(c, MT_OBJ_FPU, 0)));
    CHECK_OK(mt_tcb_bind_fpu(MT_INIT_TCB, fpu));
    CHECK_OK(mt_tcb_set_priority(MT_INIT_TCB, MT_INIT_TCB, TEST_PRIO));
    return 0;
}

int main(const struct mt_bootinfo *bi)
{
    static struct ctx c;
    int failures = 0;
    mt_printf("# mote FPU suite (rv64imafdc, lp64d)\n1..%d\n", NTESTS);
    if (setup(&c, bi)) {
        mt_printf("# setup: %s\n", c.reason);
        return 1;
    }
    for (int i = 0; i < NTESTS; i++) {
        c.reason[0] = 0;
        int failed = tests[i].fn(&c, tests[i].arg) || c.reason[0];
        failures += failed;
        if (failed)
            mt_printf("not ok %d - %s: %s\n", i + 1, tests[i].name, c.reason);
        else
            mt_printf("ok %d - %s\n", i + 1, tests[i].name);
    }
    mt_printf("# %d passed, %d failed\n", NTESTS - failures, failures);
    return failures ? 1 : 0;
}
