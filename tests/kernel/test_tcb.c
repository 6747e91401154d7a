/* SPDX-License-Identifier: BSD-2-Clause */
/* TCB invocations: configure, registers, suspend/resume, priorities,
 * notification binding, IPC buffer and space checks. */
#include "ktest.h"

static volatile mt_word_t flag, counter;

static void set_flag(mt_word_t v) { flag = v; }

static int t_configure_resume(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    flag = 0;
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, set_flag, 0x77));
    CHECK_EQ(flag, 0x77);
    return 0;
}

static int t_suspend_resume(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    counter = 0;
    TRY(thread_spawn(c, &t, 0, TEST_PRIO, child_count_yield, (mt_word_t)&counter));
    yield_n(5);
    CHECK(counter > 0);
    CHECK_OK(mt_tcb_suspend(t.tcb));
    mt_word_t snap = counter;
    yield_n(5);
    CHECK_EQ(counter, snap);
    CHECK_OK(mt_tcb_resume(t.tcb));
    yield_n(5);
    CHECK(counter > snap);
    return 0;
}

static int t_delete_stops_thread(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    counter = 0;
    TRY(thread_spawn(c, &t, 0, TEST_PRIO, child_count_yield, (mt_word_t)&counter));
    yield_n(3);
    CHECK(counter > 0);
    CHECK_OK(mt_cnode_delete(ROOT, t.tcb, ROOT_DEPTH));
    mt_word_t snap = counter;
    yield_n(5);
    CHECK_EQ(counter, snap);
    return 0;
}

/* A thread blocked in Recv, seen through ReadRegisters. */
static int t_read_registers(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_word_t regs[MT_REG_COUNT];
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, (thread_fn)(void *)asm_spin_marked, ep));
    CHECK_OK(mt_tcb_read_registers(t.tcb, 0, MT_REG_COUNT, regs));
    CHECK_EQ(regs[18], 0x5a5a);          /* s2 */
    CHECK_EQ(regs[19], ep);              /* s3 */
    CHECK_EQ(regs[MT_REG_A7], MT_SYS_RECV);
    CHECK(regs[MT_REG_PC] >= (mt_word_t)asm_spin_marked &&
          regs[MT_REG_PC] <= (mt_word_t)asm_spin_loop);
    CHECK(regs[MT_REG_SP] <= t.stack_top && regs[MT_REG_SP] > t.stack_top - 2 * MT_PAGE_SIZE);
    return 0;
}

static int t_write_read_roundtrip(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_word_t in[MT_REG_COUNT], out[MT_REG_COUNT];
    TRY(thread_new(c, &t, 0, 0, HIGH_PRIO, 1));
    for (int i = 0; i < MT_REG_COUNT; i++)
        in[i] = 0x1000 + (mt_word_t)i * 8;
    CHECK_OK(mt_tcb_write_registers(t.tcb, 0, MT_REG_COUNT, in));
    CHECK_OK(mt_tcb_read_registers(t.tcb, 0, MT_REG_COUNT, out));
    for (int i = 0; i < MT_REG_COUNT; i++)
        CHECK_EQ(out[i], in[i]);
    return 0;
}

static int t_write_registers_resume(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_word_t regs[THREAD_NREGS];
    flag = 0;
    TRY(thread_new(c, &t, 0, 0, HIGH_PRIO, 2));
    thread_regs(&t, set_flag, 0x99, regs);
    CHECK_OK(mt_tcb_write_registers(t.tcb, 1, THREAD_NREGS, regs));
    CHECK_EQ(flag, 0x99);
    return 0;
}

static int t_registers_errors(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_word_t regs[MT_REG_COUNT + 1] = { 0 };
    TRY(thread_new(c, &t, 0, 0, HIGH_PRIO, 1));
    CHECK_ERR(mt_tcb_read_registers(t.tcb, 0, MT_REG_COUNT + 1, regs), MT_RANGE_ERROR);
    CHECK_ERR(mt_tcb_read_registers(c->self, 0, 4, regs), MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_tcb_write_registers(c->self, 0, 4, regs), MT_ILLEGAL_OPERATION);
    mt_word_t mr[4] = { 0, 10, 1, 2 };   /* claims 10 registers, carries 2 */
    CHECK_ERR(mt_invoke(t.tcb, MT_TCB_WRITE_REGISTERS, 4, mr, 0, 0), MT_TRUNCATED_MESSAGE);
    return 0;
}

static int t_priority_checks(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    TRY(thread_new(c, &t, 0, 0, LOW_PRIO, 1));
    CHECK_OK(mt_tcb_set_priority(t.tcb, c->self, TEST_MCP));
    CHECK_ERR(mt_tcb_set_priority(t.tcb, c->self, TEST_MCP + 1), MT_RANGE_ERROR);
    CHECK_EQ(mt_get_mr(0), 0);
    CHECK_EQ(mt_get_mr(1), TEST_MCP);
    CHECK_ERR(mt_tcb_set_priority(t.tcb, c->self, MT_MAX_PRIORITY + 1), MT_RANGE_ERROR);
    CHECK_ERR(mt_tcb_set_priority(c->self, c->self, TEST_MCP + 1), MT_RANGE_ERROR);
    return 0;
}

/* A thread's MCP bounds what it may grant with itself as authority. */
static int t_mc_priority(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread a, b;
    TRY(thread_new(c, &a, 0, 0, LOW_PRIO, 1));
    TRY(thread_new(c, &b, 0, 0, LOW_PRIO, 1));
    CHECK_OK(mt_tcb_set_mc_priority(a.tcb, c->self, 100));
    CHECK_ERR(mt_tcb_set_mc_priority(a.tcb, c->self, TEST_MCP + 1), MT_RANGE_ERROR);
    CHECK_OK(mt_tcb_set_priority(b.tcb, a.tcb, 100));
    CHECK_ERR(mt_tcb_set_priority(b.tcb, a.tcb, 101), MT_RANGE_ERROR);
    CHECK_ERR(mt_tcb_set_mc_priority(b.tcb, a.tcb, 101), MT_RANGE_ERROR);
    return 0;
}

static int t_priority_bad_authority(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    TRY(thread_new(c, &t, 0, 0, LOW_PRIO, 1));
    CHECK_ERR(mt_tcb_set_priority(t.tcb, ep, 10), MT_INVALID_CAPABILITY);
    CHECK_ERR(mt_tcb_set_mc_priority(t.tcb, ep, 10), MT_INVALID_CAPABILITY);
    return 0;
}

static int t_bind_unbind(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t, u;
    mt_cptr_t n1 = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    mt_cptr_t n2 = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(n1 && n2);
    TRY(thread_new(c, &t, 0, 0, LOW_PRIO, 1));
    TRY(thread_new(c, &u, 0, 0, LOW_PRIO, 1));
    CHECK_OK(mt_tcb_bind_notification(t.tcb, n1));
    CHECK_ERR(mt_tcb_bind_notification(t.tcb, n2), MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_tcb_bind_notification(u.tcb, n1), MT_ILLEGAL_OPERATION);
    CHECK_OK(mt_tcb_unbind_notification(t.tcb));
    CHECK_ERR(mt_tcb_unbind_notification(t.tcb), MT_ILLEGAL_OPERATION);
    CHECK_OK(mt_tcb_bind_notification(u.tcb, n1));
    return 0;
}

static int t_bind_wrong_cap(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    TRY(thread_new(c, &t, 0, 0, LOW_PRIO, 1));
    CHECK_ERR(mt_tcb_bind_notification(t.tcb, ep), MT_INVALID_CAPABILITY);
    return 0;
}

static int t_ipc_buffer_checks(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t frame = 0, ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_word_t v = (mt_word_t)page_new(c, &frame);
    CHECK(v && ep);
    TRY(thread_new(c, &t, 0, 0, LOW_PRIO, 1));
    CHECK_ERR(mt_tcb_set_ipc_buffer(t.tcb, v + 8, frame), MT_ALIGNMENT_ERROR);
    CHECK_ERR(mt_tcb_set_ipc_buffer(t.tcb, v, ep), MT_INVALID_CAPABILITY);
    /* the kernel writes received messages there: a read-only cap won't do */
    mt_cptr_t ro = cap_copy(c, frame, MT_RIGHT_READ);
    CHECK(ro);
    CHECK_ERR(mt_tcb_set_ipc_buffer(t.tcb, v, ro), MT_INVALID_CAPABILITY);
    CHECK_OK(mt_tcb_set_ipc_buffer(t.tcb, v + MT_IPC_BUFFER_BYTES, frame));
    CHECK_OK(mt_tcb_set_ipc_buffer(t.tcb, 0, 0));
    return 0;
}

/* SetSpace / Configure with an endpoint where a CNode or VSpace belongs. */
static int t_space_checks(struct ctx *c, mt_word_t which)
{
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    TRY(thread_new(c, &t, 0, 0, LOW_PRIO, 1));
    mt_cptr_t cs = which & 1 ? ep : ROOT, vs = which & 1 ? VS : ep;
    int err = which & 2 ? mt_tcb_configure(t.tcb, 0, cs, 0, vs, 0, 0)
                        : mt_tcb_set_space(t.tcb, 0, cs, 0, vs);
    CHECK_ERR(err, MT_INVALID_CAPABILITY);
    CHECK_OK(mt_tcb_set_space(t.tcb, 0, ROOT, 0, VS));
    return 0;
}

static volatile mt_word_t got_label;

static void recv_label(mt_word_t ep)
{
    got_label = mt_msginfo_label(mt_recv(ep, 0));
}

/* Suspending a thread takes it off the endpoint queue. */
static int t_suspend_cancels_ipc(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    got_label = 0;
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, recv_label, ep));
    CHECK_OK(mt_tcb_suspend(t.tcb));
    mt_nbsend(ep, mt_msginfo(0x21, 0, 0, 0));
    CHECK_EQ(got_label, 0);
    CHECK_OK(mt_tcb_resume(t.tcb));
    mt_send(ep, mt_msginfo(0x22, 0, 0, 0));
    CHECK_EQ(got_label, 0x22);
    return 0;
}

static const struct test tcb_group_tests[] = {
    { "tcb_configure_and_resume", t_configure_resume, 0 },
    { "tcb_suspend_resume", t_suspend_resume, 0 },
    { "tcb_delete_stops_thread", t_delete_stops_thread, 0 },
    { "tcb_read_registers_blocked", t_read_registers, 0 },
    { "tcb_write_read_registers", t_write_read_roundtrip, 0 },
    { "tcb_write_registers_resume_flag", t_write_registers_resume, 0 },
    { "tcb_registers_errors", t_registers_errors, 0 },
    { "tcb_priority_checked_against_mcp", t_priority_checks, 0 },
    { "tcb_mc_priority", t_mc_priority, 0 },
    { "tcb_priority_bad_authority", t_priority_bad_authority, 0 },
    { "tcb_bind_unbind_notification", t_bind_unbind, 0 },
    { "tcb_bind_wrong_cap", t_bind_wrong_cap, 0 },
    { "tcb_ipc_buffer_checks", t_ipc_buffer_checks, 0 },
    { "tcb_set_space_bad_vspace", t_space_checks, 0 },
    { "tcb_set_space_bad_cspace", t_space_checks, 1 },
    { "tcb_configure_bad_vspace", t_space_checks, 2 },
    { "tcb_configure_bad_cspace", t_space_checks, 3 },
    { "tcb_suspend_cancels_ipc", t_suspend_cancels_ipc, 0 },
};
GROUP(tcb_group);
