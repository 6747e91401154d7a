/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel test suite's root task: runs every registered test in a
 * thread of its own and prints one TAP line per test. */
#include "ktest.h"

static const struct test_group *const groups[] = {
    &boot_group, &untyped_group, &cnode_group, &tcb_group, &ipc_group, &ntfn_group,
    &ipc_caps_group, &sched_group, &vspace_group, &fault_group, &irq_group, &negative_group,
    &regress_group, &fpu_group, &reply_group, &asid_group, &preempt_group, &teardown_group,
};
#define NGROUPS ((int)(sizeof groups / sizeof groups[0]))

/* How long the runner waits while every test thread is blocked. */
#define IDLE_LIMIT 3000000L

static struct {
    const struct test *test;
    volatile int done;
    int result;
} run;

static void test_entry(mt_word_t arg)
{
    struct ctx *c = (struct ctx *)arg;
    run.result = run.test->fn(c, run.test->arg);
    /* the kernel's state as the test leaves it, its threads still there */
    mt_word_t seen[2];
    if (mt_debug_check(seen))
        run.result = ktest_fail(c, 0, "a kernel invariant is broken after the test (the kernel says which)");
    /* children left running would starve the (lowest-priority) runner */
    for (int i = 0; i < c->nthreads; i++)
        if (c->threads[i] != c->self && cap_type(c->threads[i]) == MT_CAP_TCB)
            mt_tcb_suspend(c->threads[i]);
    __asm__ volatile("" ::: "memory");
    run.done = 1;
}

/* A fault message waiting on the runner's fault endpoint, if any. */
static int poll_fault(struct ctx *c, mt_cptr_t ep)
{
    for (int i = 0; i < 4; i++)
        mt_set_mr(i, 0);
    mt_word_t badge = 0, info = mt_nbrecv(ep, &badge);
    mt_word_t label = mt_msginfo_label(info);
    if (label < MT_FAULT_CAP || label > MT_FAULT_VM || mt_msginfo_length(info) < 4)
        return 0;
    return ktest_fail(c, 0, "test thread fault %lu: mr0=%lx mr1=%lx mr2=%lx mr3=%lx",
                      label, mt_get_mr(0), mt_get_mr(1), mt_get_mr(2), mt_get_mr(3));
}

static int start_test(struct ctx *c, mt_cptr_t big_ut, mt_cptr_t *fault_ep)
{
    struct thread tt;
    c->ut = slot_alloc(c);
    CHECK_OK(mt_untyped_retype(big_ut, MT_OBJ_UNTYPED, TEST_UT_BITS, ROOT, 0, 0, c->ut, 1));
    *fault_ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(*fault_ep);
    TRY(thread_new(c, &tt, 0, *fault_ep, TEST_PRIO, 4));
    CHECK_OK(mt_tcb_set_mc_priority(tt.tcb, MT_INIT_TCB, TEST_MCP));
    c->self = tt.tcb;
    return thread_start(c, &tt, test_entry, (mt_word_t)c);
}

/* Undoes what a test made; a failure here is the test's failure (a leak
 * or a broken derivation tree would otherwise go unnoticed). */
static int cleanup(struct ctx *c, mt_cptr_t big_ut)
{
    int err = mt_cnode_revoke(ROOT, big_ut, ROOT_DEPTH);
    for (mt_cptr_t s = c->slot_base; s < c->slot_next; s++)
        err |= mt_cnode_delete(ROOT, s, ROOT_DEPTH);
    for (int i = 0; i < c->ndev_used; i++)
        err |= mt_cnode_revoke(ROOT, c->dev_used[i], ROOT_DEPTH);
    if (err)
        ktest_fail(c, __LINE__, "cleanup after the test failed (error bits %x)", err);
    mt_word_t seen[2];
    if (mt_debug_check(seen)) {
        ktest_fail(c, __LINE__, "a kernel invariant is broken after cleanup (the kernel says which)");
        return 1;
    }
    return err != 0;
}

static int run_one(const struct mt_bootinfo *bi, mt_cptr_t big_ut,
                   const struct test *t, int num)
{
    static struct ctx c;
    mt_cptr_t fault_ep = 0;
    ctx_init(&c, bi);
    run.test = t;
    run.done = 0;
    run.result = 1;
    int failed = start_test(&c, big_ut, &fault_ep);
    for (long i = 0; !failed && !run.done && i < IDLE_LIMIT; i++) {
        if (poll_fault(&c, fault_ep))
            break;
        mt_yield();
    }
    if (!failed && !run.done)
        ktest_fail(&c, 0, "timed out (every thread blocked)");
    failed = failed || !run.done || run.result || c.reason[0];
    failed = cleanup(&c, big_ut) || failed;
    if (failed)
        mt_printf("not ok %d - %s: %s\n", num, t->name, c.reason[0] ? c.reason : "failed");
    else
        mt_printf("ok %d - %s\n", num, t->name);
    return failed;
}

int main(const struct mt_bootinfo *bi)
{
    int total = 0, failures = 0, num = 0;
    for (int g = 0; g < NGROUPS; g++)
        total += groups[g]->count;
    mt_printf("# mote kernel test suite\n1..%d\n", total);
    mt_cptr_t big_ut = find_big_untyped(bi);
    int err = mt_tcb_set_priority(MT_INIT_TCB, MT_INIT_TCB, RUNNER_PRIO);
    if (!big_ut || err)
        mt_printf("# setup: untyped %lu, lowering the root's priority: error %d\n",
                  big_ut, err);
    for (int g = 0; g < NGROUPS; g++)
        for (int i = 0; i < groups[g]->count; i++)
            failures += run_one(bi, big_ut, &groups[g]->tests[i], ++num);
    mt_printf("# %d passed, %d failed\n", total - failures, failures);
    return failures ? 1 : 0;
}
