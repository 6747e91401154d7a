/* SPDX-License-Identifier: BSD-2-Clause */
/* Faults: user exceptions, unknown syscalls, cap faults, restart by reply. */
#include "ktest.h"

static volatile mt_word_t flag;

static int t_illegal(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t mr[4];
    TRY(fault_of(c, 0, ASM_FN(asm_illegal), 0, MT_FAULT_USER_EXCEPTION, mr));
    CHECK_EQ(mr[0], (mt_word_t)asm_illegal);
    CHECK_EQ(mr[2], 2);                  /* scause: illegal instruction */
    return 0;
}

static int t_breakpoint(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t mr[4];
    TRY(fault_of(c, 0, ASM_FN(asm_ebreak), 0, MT_FAULT_USER_EXCEPTION, mr));
    CHECK_EQ(mr[0], (mt_word_t)asm_ebreak);
    CHECK_EQ(mr[2], 3);                  /* scause: breakpoint */
    return 0;
}

static int t_unknown_syscall(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t mr[MT_FAULT_UNKNOWN_SYSCALL_LENGTH];
    TRY(fault_of(c, 0, ASM_FN(asm_bad_syscall), 0x1234, MT_FAULT_UNKNOWN_SYSCALL, mr));
    CHECK_EQ(mr[0], (mt_word_t)asm_bad_syscall_ecall);
    CHECK_EQ(mr[2], 99);
    CHECK_EQ(mr[3], 0x1234);
    for (int i = 1; i <= 6; i++)
        CHECK_EQ(mr[3 + i], 10 + (mt_word_t)i);
    return 0;
}

struct faulter {
    struct thread t;
    mt_cptr_t ep;
};

/* A high-priority thread running fn(arg) with a fault endpoint badged 0x77;
 * it has faulted with label when this returns. */
static int start_faulter(struct ctx *c, struct faulter *f, thread_fn fn, mt_word_t arg,
                         mt_word_t label, mt_word_t *mr)
{
    mt_word_t badge = 0;
    f->ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t b = f->ep ? cap_mint(c, f->ep, MT_RIGHTS_ALL, 0x77) : 0;
    CHECK(b);
    TRY(thread_new(c, &f->t, 0, b, HIGH_PRIO, 2));
    TRY(thread_start(c, &f->t, fn, arg));
    TRY(expect_fault(c, f->ep, label, mr, &badge));
    CHECK_EQ(badge, 0x77);
    return 0;
}

static void bad_syscall_then_flag(mt_word_t arg)
{
    ASM_FN(asm_bad_syscall)(arg);
    flag = 0x51;
}

/* Reply with label 0 and a new pc (past the ecall): the thread goes on. */
static int t_unknown_syscall_resume(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct faulter f;
    mt_word_t mr[MT_FAULT_UNKNOWN_SYSCALL_LENGTH];
    flag = 0;
    TRY(start_faulter(c, &f, bad_syscall_then_flag, 0, MT_FAULT_UNKNOWN_SYSCALL, mr));
    mt_set_mr(0, mr[0] + 4);
    mt_reply(mt_msginfo(0, 0, 0, 1));
    CHECK_EQ(flag, 0x51);
    return 0;
}

static void landing(mt_word_t v) { flag = v; }

/* Reply overwrites pc, sp, a0 in that order. */
static int t_restart_new_pc(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct faulter f;
    mt_word_t mr[4];
    flag = 0;
    TRY(start_faulter(c, &f, ASM_FN(asm_illegal), 0, MT_FAULT_USER_EXCEPTION, mr));
    mt_set_mr(0, (mt_word_t)landing);
    mt_set_mr(1, mr[1]);
    mt_set_mr(2, 0x5e);
    mt_reply(mt_msginfo(0, 0, 0, 3));
    CHECK_EQ(flag, 0x5e);
    return 0;
}

/* Any other label leaves the thread suspended where it faulted. */
static int t_reply_error_suspends(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct faulter f;
    mt_word_t mr[4], regs[1];
    TRY(start_faulter(c, &f, ASM_FN(asm_illegal), 0, MT_FAULT_USER_EXCEPTION, mr));
    mt_set_mr(0, (mt_word_t)landing);
    mt_reply(mt_msginfo(1, 0, 0, 1));
    mt_word_t badge = 7, info = mt_nbrecv(f.ep, &badge);
    CHECK_EQ(info, 0);   /* no second fault message: nothing there */
    CHECK_EQ(badge, 0);
    CHECK_OK(mt_tcb_read_registers(f.t.tcb, 0, 1, regs));
    CHECK_EQ(regs[0], (mt_word_t)asm_illegal);
    return 0;
}

/* A plain restart re-executes the faulting instruction: a second fault. */
static int t_refault(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct faulter f;
    mt_word_t mr[4];
    TRY(start_faulter(c, &f, ASM_FN(asm_illegal), 0, MT_FAULT_USER_EXCEPTION, mr));
    mt_reply(mt_msginfo(0, 0, 0, 0));
    TRY(expect_fault(c, f.ep, MT_FAULT_USER_EXCEPTION, mr, 0));
    CHECK_EQ(mr[0], (mt_word_t)asm_illegal);
    return 0;
}

static void child_send_on(mt_word_t cptr) { mt_send(cptr, mt_msginfo(1, 0, 0, 0)); }
static void child_recv_on(mt_word_t cptr) { mt_recv(cptr, 0); }

/* A cptr that does not resolve faults in Send (0) and Recv (2); Recv on an
 * empty slot faults too (1).  (Send to an empty slot is, as in seL4, an
 * invocation of a null cap: see neg_invoke_null_cap.) */
static int t_cap_fault(struct ctx *c, mt_word_t which)
{
    mt_word_t mr[4];
    mt_cptr_t cptr = which == 1 ? slot_alloc(c) : (1ul << 40) | 5;
    TRY(fault_of(c, 0, which ? child_recv_on : child_send_on, cptr, MT_FAULT_CAP, mr));
    CHECK_EQ(mr[1], cptr);
    CHECK_EQ(mr[2], which != 0);
    CHECK_EQ(mr[3], which == 1 ? MT_LOOKUP_MISSING_CAP : MT_LOOKUP_GUARD_MISMATCH);
    return 0;
}

static int t_recv_without_read(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t mr[4];
    mt_cptr_t ep = 0, wo = obj_minted(c, MT_OBJ_ENDPOINT, MT_RIGHT_WRITE, 0, &ep);
    CHECK(wo);
    TRY(fault_of(c, 0, child_recv_on, wo, MT_FAULT_CAP, mr));
    CHECK_EQ(mr[1], wo);
    CHECK_EQ(mr[2], 1);
    return 0;
}

/* Without a fault endpoint a faulting thread is just suspended. */
static int t_no_handler(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_word_t regs[1];
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, ASM_FN(asm_illegal), 0));
    yield_n(2);
    CHECK_OK(mt_tcb_read_registers(t.tcb, 0, 1, regs));
    CHECK_EQ(regs[0], (mt_word_t)asm_illegal);
    return 0;
}

static int t_exec_unmapped(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t mr[4], v = vaddr_alloc(c, 1);
    TRY(fault_of(c, 0, ASM_FN(asm_jump_addr), v, MT_FAULT_VM, mr));
    CHECK_EQ(mr[0], v);
    CHECK_EQ(mr[1], v);
    CHECK_EQ(mr[2], MT_VM_EXEC);
    return 0;
}

static const struct test fault_group_tests[] = {
    { "fault_illegal_instruction", t_illegal, 0 },
    { "fault_breakpoint", t_breakpoint, 0 },
    { "fault_unknown_syscall", t_unknown_syscall, 0 },
    { "fault_unknown_syscall_resume", t_unknown_syscall_resume, 0 },
    { "fault_reply_restarts_at_new_pc", t_restart_new_pc, 0 },
    { "fault_reply_error_leaves_suspended", t_reply_error_suspends, 0 },
    { "fault_restart_refaults", t_refault, 0 },
    { "fault_cap_fault_send", t_cap_fault, 0 },
    { "fault_cap_fault_recv", t_cap_fault, 1 },
    { "fault_cap_fault_recv_guard_mismatch", t_cap_fault, 2 },
    { "fault_recv_needs_read_right", t_recv_without_read, 0 },
    { "fault_without_handler_suspends", t_no_handler, 0 },
    { "fault_exec_unmapped", t_exec_unmapped, 0 },
};
GROUP(fault_group);
