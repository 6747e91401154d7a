/* SPDX-License-Identifier: BSD-2-Clause */
/* Thread helpers: TCB + stack + IPC buffer, in the root VSpace or a new one. */
#include "ktest.h"

static void __attribute__((noreturn))
trampoline(thread_fn fn, mt_word_t arg, mt_cptr_t self)
{
    fn(arg);
    mt_tcb_suspend(self);
    for (;;)
        mt_yield();
}

/* Maps stack_pages + 1 new frames at a fresh range of vspace: the stack,
 * then the IPC buffer page. */
static int thread_memory(struct ctx *c, struct thread *t, int stack_pages,
                         mt_cptr_t *ipc_frame)
{
    mt_word_t v = vaddr_alloc(c, stack_pages + 1);
    for (int i = 0; i <= stack_pages; i++) {
        mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_4K, 0);
        int err = f ? map_frame(c, t->vspace, f, v + (mt_word_t)i * MT_PAGE_SIZE,
                                MT_VM_READ | MT_VM_WRITE) : -1;
        if (err)
            return ktest_fail(c, __LINE__, "thread page %d: error %d", i, err);
        *ipc_frame = f;
    }
    t->stack_top = v + (mt_word_t)stack_pages * MT_PAGE_SIZE;
    t->ipcbuf = t->stack_top;
    return 0;
}

int thread_new(struct ctx *c, struct thread *t, mt_cptr_t vspace, mt_cptr_t fault_ep,
               int prio, int stack_pages)
{
    mt_cptr_t ipc_frame = 0;
    t->vspace = vspace ? vspace : VS;
    t->tcb = obj_new(c, MT_OBJ_TCB, 0);
    CHECK(t->tcb);
    if (c->nthreads < (int)(sizeof c->threads / sizeof c->threads[0]))
        c->threads[c->nthreads++] = t->tcb;
    TRY(thread_memory(c, t, stack_pages, &ipc_frame));
    CHECK_OK(mt_tcb_configure(t->tcb, fault_ep, ROOT, 0, t->vspace, t->ipcbuf, ipc_frame));
    CHECK_OK(mt_tcb_set_priority(t->tcb, c->self, (mt_word_t)prio));
    return 0;
}

void thread_regs(struct thread *t, thread_fn fn, mt_word_t arg, mt_word_t *regs)
{
    memset(regs, 0, THREAD_NREGS * sizeof *regs);
    regs[MT_REG_PC] = (mt_word_t)trampoline;
    regs[MT_REG_SP] = t->stack_top;
    regs[MT_REG_TP] = t->ipcbuf;
    regs[MT_REG_A0] = (mt_word_t)fn;
    regs[MT_REG_A0 + 1] = arg;
    regs[MT_REG_A0 + 2] = t->tcb;
}

int thread_start(struct ctx *c, struct thread *t, thread_fn fn, mt_word_t arg)
{
    mt_word_t regs[THREAD_NREGS];
    thread_regs(t, fn, arg, regs);
    CHECK_OK(mt_tcb_write_registers(t->tcb, 0, THREAD_NREGS, regs));
    CHECK_OK(mt_tcb_resume(t->tcb));
    return 0;
}

int thread_spawn(struct ctx *c, struct thread *t, mt_cptr_t fault_ep, int prio,
                 thread_fn fn, mt_word_t arg)
{
    TRY(thread_new(c, t, 0, fault_ep, prio, 2));
    return thread_start(c, t, fn, arg);
}

int expect_msg(struct ctx *c, mt_cptr_t ep, mt_word_t label, mt_word_t length,
               mt_word_t *badge)
{
    mt_word_t info = mt_recv(ep, badge);
    CHECK_EQ(mt_msginfo_label(info), label);
    CHECK_EQ(mt_msginfo_length(info), length);
    return 0;
}

void yield_n(int n)
{
    while (n-- > 0)
        mt_yield();
}

void child_count_yield(mt_word_t counter)
{
    for (;;) {
        (*(volatile mt_word_t *)counter)++;
        mt_yield();
    }
}

void child_count_spin(mt_word_t counter)
{
    for (;;)
        (*(volatile mt_word_t *)counter)++;
}

int expect_fault(struct ctx *c, mt_cptr_t ep, mt_word_t label, mt_word_t *mr,
                 mt_word_t *badge)
{
    static const int length[] = {
        [MT_FAULT_CAP] = MT_FAULT_CAP_LENGTH,
        [MT_FAULT_UNKNOWN_SYSCALL] = MT_FAULT_UNKNOWN_SYSCALL_LENGTH,
        [MT_FAULT_USER_EXCEPTION] = MT_FAULT_USER_EXCEPTION_LENGTH,
        [MT_FAULT_VM] = MT_FAULT_VM_LENGTH,
    };
    TRY(expect_msg(c, ep, label, (mt_word_t)length[label], badge));
    for (int i = 0; i < length[label]; i++)
        mr[i] = mt_get_mr(i);
    return 0;
}

int fault_of(struct ctx *c, mt_cptr_t vspace, thread_fn fn, mt_word_t arg,
             mt_word_t label, mt_word_t *mr)
{
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    TRY(thread_new(c, &t, vspace, ep, HIGH_PRIO, 2));
    TRY(thread_start(c, &t, fn, arg));
    return expect_fault(c, ep, label, mr, 0);
}
