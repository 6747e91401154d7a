/* SPDX-License-Identifier: BSD-2-Clause */
/* The FPU: FPU objects bound to TCBs, lazy switching of the F/D registers
 * (kernel/arch/riscv/fpu.c).  This file is compiled with F and D (ABI lp64,
 * like the rest of the suite), so its worker threads do FP in C as well as
 * through the register patterns of fpu_helpers.S. */
#include "ktest.h"

_Static_assert(MT_SYS_CALL == 1 && MT_SYS_RECV == 5 && MT_SYS_YIELD == 8,
               "fpu_helpers.S uses these numbers");

void fp_fill(mt_word_t seed);
mt_word_t fp_check(mt_word_t seed);
mt_word_t fp_yield_round(mt_word_t seed);
mt_word_t fp_call_round(mt_word_t seed, mt_cptr_t ep);
void fp_fill_recv_use(mt_word_t seed, mt_cptr_t ep);
extern char fp_use[], fp_use_after_recv[];

#define ROUNDS 40
#define WORKERS 3

/* Shared with the test thread, which has no FPU: integers only. */
struct worker {
    mt_word_t seed, ep;
    volatile mt_word_t errors, rounds, done, sum_bits;
};

/* A sum whose every step depends on the FP registers holding what the
 * last step left; yielding between steps lets the others use FP. */
static double __attribute__((noinline)) series(mt_word_t seed, int yield)
{
    double s = 0.0;
    for (int k = 1; k <= ROUNDS; k++) {
        s += 1.0 / ((double)k * (double)k + (double)(seed & 0xff));
        if (yield)
            mt_yield();
    }
    return s;
}

static void yield_worker(mt_word_t arg)
{
    struct worker *w = (struct worker *)arg;
    double alone = series(w->seed, 0);
    for (int i = 0; i < ROUNDS; i++, w->rounds++)
        w->errors += fp_yield_round(w->seed + (mt_word_t)i * 64);
    double shared = series(w->seed, 1);
    if (!(shared == alone && shared > 0.0))
        w->errors++;
    mt_word_t bits;
    memcpy(&bits, &shared, sizeof bits);
    w->sum_bits = bits;
    w->done = 1;
}

/* Threads with FPU objects, and one without, interleave. */
static int t_threads_keep_values(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct worker w[WORKERS];
    static volatile mt_word_t counter;
    struct thread th[WORKERS], plain;
    counter = 0;
    for (int i = 0; i < WORKERS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].seed = ((mt_word_t)i + 1) << 40 | (mt_word_t)i * 7;
        mt_cptr_t fpu = obj_new(c, MT_OBJ_FPU, 0);
        CHECK(fpu);
        CHECK_EQ(cap_type(fpu), MT_CAP_FPU);
        TRY(thread_new(c, &th[i], 0, 0, TEST_PRIO, 2));
        CHECK_OK(mt_tcb_bind_fpu(th[i].tcb, fpu));
    }
    TRY(thread_spawn(c, &plain, 0, TEST_PRIO, child_count_yield, (mt_word_t)&counter));
    for (int i = 0; i < WORKERS; i++)
        TRY(thread_start(c, &th[i], yield_worker, (mt_word_t)&w[i]));
    for (int n = 0; n < 100000 && !(w[0].done && w[1].done && w[2].done); n++)
        mt_yield();
    for (int i = 0; i < WORKERS; i++) {
        CHECK(w[i].done);
        CHECK_EQ(w[i].errors, 0);
    }
    CHECK(w[0].sum_bits != w[1].sum_bits);
    CHECK(counter > ROUNDS);
    return 0;
}

/* A thread without an FPU object faults at its first FP instruction:
 * illegal instruction, at that pc. */
static int t_no_fpu_faults(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t mr[4];
    TRY(fault_of(c, 0, ASM_FN(fp_use), 0, MT_FAULT_USER_EXCEPTION, mr));
    CHECK_EQ(mr[0], (mt_word_t)fp_use);
    CHECK_EQ(mr[2], 2);                  /* scause: illegal instruction */
    return 0;
}

static void fp_server(mt_word_t arg)
{
    struct worker *w = (struct worker *)arg;
    mt_word_t badge;
    mt_recv(w->ep, &badge);
    for (;;) {
        if (w->seed)
            fp_fill(w->seed);            /* takes the FPU from the client */
        w->rounds++;
        mt_reply_recv(w->ep, mt_msginfo(0, 0, 0, 0), &badge);
    }
}

static void call_worker(mt_word_t arg)
{
    struct worker *w = (struct worker *)arg;
    for (int i = 0; i < ROUNDS; i++, w->rounds++)
        w->errors += fp_call_round(w->seed + (mt_word_t)i, w->ep + (mt_word_t)(i & 1));
    w->done = 1;
}

/* A client keeps its FP values across Calls to a server that uses FP and
 * to one that does not (its reply may take the fastpath). */
static int t_ipc_keeps_values(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct worker client, fp_srv, int_srv;
    struct thread tc, ts, ti;
    mt_cptr_t eps = slot_alloc_n(c, 2), f1 = obj_new(c, MT_OBJ_FPU, 0), f2 = obj_new(c, MT_OBJ_FPU, 0);
    CHECK(f1 && f2);
    CHECK_OK(mt_untyped_retype(c->ut, MT_OBJ_ENDPOINT, 0, ROOT, 0, 0, eps, 2));
    memset(&client, 0, sizeof client);
    memset(&fp_srv, 0, sizeof fp_srv);
    memset(&int_srv, 0, sizeof int_srv);
    client.seed = 0x5150000;
    client.ep = fp_srv.ep = eps;
    fp_srv.seed = 0xfeed0000;
    int_srv.ep = eps + 1;
    TRY(thread_new(c, &ts, 0, 0, HIGH_PRIO, 2));
    CHECK_OK(mt_tcb_bind_fpu(ts.tcb, f2));
    TRY(thread_start(c, &ts, fp_server, (mt_word_t)&fp_srv));
    TRY(thread_spawn(c, &ti, 0, HIGH_PRIO, fp_server, (mt_word_t)&int_srv));
    TRY(thread_new(c, &tc, 0, 0, TEST_PRIO, 2));
    CHECK_OK(mt_tcb_bind_fpu(tc.tcb, f1));
    TRY(thread_start(c, &tc, call_worker, (mt_word_t)&client));
    for (int n = 0; n < 10000 && !client.done; n++)
        mt_yield();
    CHECK(client.done);
    CHECK_EQ(client.errors, 0);
    CHECK_EQ(fp_srv.rounds, ROUNDS / 2);
    CHECK_EQ(int_srv.rounds, ROUNDS / 2);
    return 0;
}

static void recv_then_fp(mt_word_t ep)
{
    mt_word_t badge;
    mt_recv(ep, &badge);
    fp_check(0);   /* faults: this thread has no FPU */
}

static void call_once(mt_word_t ep)
{
    fp_call_round(0x1230000, ep);
}

/* The FPU owner's Call goes to a server without an FPU object (the
 * fastpath's case): the server may not see the caller's registers. */
static int t_partner_gets_no_fp(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread srv, cl;
    mt_word_t mr[4];
    mt_cptr_t fpu = obj_new(c, MT_OBJ_FPU, 0), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t fault_ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(fpu && ep && fault_ep);
    TRY(thread_new(c, &srv, 0, fault_ep, HIGH_PRIO, 2));
    TRY(thread_start(c, &srv, recv_then_fp, ep));
    TRY(thread_new(c, &cl, 0, 0, HIGH_PRIO, 2));
    CHECK_OK(mt_tcb_bind_fpu(cl.tcb, fpu));
    TRY(thread_start(c, &cl, call_once, ep));
    TRY(expect_fault(c, fault_ep, MT_FAULT_USER_EXCEPTION, mr, 0));
    CHECK_EQ(mr[2], 2);
    return 0;
}

static void check_worker(mt_word_t arg)
{
    struct worker *w = (struct worker *)arg;
    w->errors = fp_check(w->seed);
    w->done = 1;
}

/* Unbinding saves the owner's registers into the object: bound to another
 * thread, it starts with them. */
static int t_state_moves_with_object(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct worker w;
    struct thread a, b;
    mt_cptr_t fpu = obj_new(c, MT_OBJ_FPU, 0), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(fpu && ep);
    memset(&w, 0, sizeof w);
    w.seed = 0xabc00;
    TRY(thread_new(c, &a, 0, 0, HIGH_PRIO, 2));
    CHECK_OK(mt_tcb_bind_fpu(a.tcb, fpu));
    mt_word_t regs[THREAD_NREGS];
    thread_regs(&a, ASM_FN(fp_fill_recv_use), w.seed, regs);
    regs[MT_REG_PC] = (mt_word_t)fp_fill_recv_use;   /* a0 seed, a1 ep */
    regs[MT_REG_A0] = w.seed;
    regs[MT_REG_A1] = ep;
    CHECK_OK(mt_tcb_write_registers(a.tcb, 1, THREAD_NREGS, regs));
    /* a ran (higher priority), filled and is blocked in Recv */
    CHECK_OK(mt_tcb_unbind_fpu(a.tcb));
    CHECK_ERR(mt_tcb_unbind_fpu(a.tcb), MT_ILLEGAL_OPERATION);
    TRY(thread_new(c, &b, 0, 0, HIGH_PRIO, 2));
    CHECK_OK(mt_tcb_bind_fpu(b.tcb, fpu));
    w.errors = 99;
    TRY(thread_start(c, &b, check_worker, (mt_word_t)&w));
    CHECK(w.done);
    CHECK_EQ(w.errors, 0);
    return 0;
}

/* Deleting the FPU object of a thread that owns the FPU unbinds it: its
 * next FP instruction is a fault. */
static int t_delete_fpu_then_fault(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread a;
    mt_word_t mr[4];
    mt_cptr_t fpu = obj_new(c, MT_OBJ_FPU, 0), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t fault_ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(fpu && ep && fault_ep);
    TRY(thread_new(c, &a, 0, fault_ep, HIGH_PRIO, 2));
    CHECK_OK(mt_tcb_bind_fpu(a.tcb, fpu));
    mt_word_t regs[THREAD_NREGS];
    thread_regs(&a, 0, 0, regs);
    regs[MT_REG_PC] = (mt_word_t)fp_fill_recv_use;
    regs[MT_REG_A0] = 0x77700;
    regs[MT_REG_A1] = ep;
    CHECK_OK(mt_tcb_write_registers(a.tcb, 1, THREAD_NREGS, regs));
    CHECK_OK(mt_cnode_delete(ROOT, fpu, ROOT_DEPTH));
    mt_send(ep, mt_msginfo(0, 0, 0, 0));
    TRY(expect_fault(c, fault_ep, MT_FAULT_USER_EXCEPTION, mr, 0));
    CHECK_EQ(mr[0], (mt_word_t)fp_use_after_recv);
    CHECK_EQ(mr[2], 2);
    return 0;
}

/* Bind and unbind errors; a TCB's death unbinds its FPU object. */
static int t_bind_rules(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t f1 = obj_new(c, MT_OBJ_FPU, 0), f2 = obj_new(c, MT_OBJ_FPU, 0);
    mt_cptr_t t1 = obj_new(c, MT_OBJ_TCB, 0), t2 = obj_new(c, MT_OBJ_TCB, 0);
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(f1 && f2 && t1 && t2 && ep);
    CHECK_ERR(mt_tcb_unbind_fpu(t1), MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_tcb_bind_fpu(t1, ep), MT_INVALID_CAPABILITY);
    CHECK_ERR(mt_invoke(t1, MT_TCB_BIND_FPU, 0, 0, 0, 0), MT_TRUNCATED_MESSAGE);
    CHECK_OK(mt_tcb_bind_fpu(t1, f1));
    CHECK_ERR(mt_tcb_bind_fpu(t1, f2), MT_ILLEGAL_OPERATION);   /* t1 has one */
    CHECK_ERR(mt_tcb_bind_fpu(t2, f1), MT_ILLEGAL_OPERATION);   /* f1 is bound */
    CHECK_ERR(mt_invoke(f1, MT_TCB_BIND_FPU, 0, 0, 0, 0), MT_ILLEGAL_OPERATION);
    CHECK_OK(mt_cnode_delete(ROOT, t1, ROOT_DEPTH));             /* t1 dies */
    CHECK_OK(mt_tcb_bind_fpu(t2, f1));
    CHECK_OK(mt_tcb_unbind_fpu(t2));
    CHECK_OK(mt_tcb_bind_fpu(t2, f2));
    CHECK_OK(mt_cnode_delete(ROOT, f2, ROOT_DEPTH));             /* f2 dies */
    CHECK_ERR(mt_tcb_unbind_fpu(t2), MT_ILLEGAL_OPERATION);
    return 0;
}

static const struct test fpu_group_tests[] = {
    { "fpu_bind_rules", t_bind_rules, 0 },
    { "fpu_no_object_faults", t_no_fpu_faults, 0 },
    { "fpu_threads_keep_values", t_threads_keep_values, 0 },
    { "fpu_ipc_keeps_values", t_ipc_keeps_values, 0 },
    { "fpu_ipc_partner_gets_no_fp", t_partner_gets_no_fp, 0 },
    { "fpu_state_moves_with_object", t_state_moves_with_object, 0 },
    { "fpu_delete_object_then_fault", t_delete_fpu_then_fault, 0 },
};
GROUP(fpu_group);
