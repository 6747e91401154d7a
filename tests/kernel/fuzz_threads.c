/* SPDX-License-Identifier: BSD-2-Clause */
/* The fuzzer's threads: helpers, sleepers, the warden, and the stackless
 * code they may be sent to. */
#include "fuzz.h"

/* Hand-written so that their instruction addresses are known: a fault at
 * one of the labelled instructions is answered by resuming 4 bytes later
 * (none of them is compressed), as if the instruction had done nothing.
 * fuzz_park, fuzz_park_op: touch no memory, need no stack.
 * fz_trap: keeps the register block's address in t1, which the kernel
 * preserves.  fz_touch(addr, value, store): one load or store. */
__asm__(".text\n.balign 4\n.option push\n.option norvc\n"
        ".globl fuzz_park\n.globl fuzz_park_ecall\nfuzz_park:\n"
        "  mv t0, a0\n"
        "1: mv a0, t0\n  li a1, 0\n  li a7, 5\n"
        "fuzz_park_ecall:\n  ecall\n  j 1b\n"
        ".globl fuzz_park_op\n.globl fuzz_park_op_ecall\nfuzz_park_op:\n"
        "1: mv a0, t0\n  mv a1, s1\n  mv a7, t1\n"
        "fuzz_park_op_ecall:\n  ecall\n  addi t2, t2, -1\n  bnez t2, 1b\n  unimp\n"
        ".globl fz_trap\n.globl fz_trap_ecall\nfz_trap:\n"
        "  mv t1, a1\n  mv a7, a0\n"
        "  ld a0, 0(t1)\n  ld a1, 8(t1)\n  ld a2, 16(t1)\n"
        "  ld a3, 24(t1)\n  ld a4, 32(t1)\n  ld a5, 40(t1)\n"
        "fz_trap_ecall:\n  ecall\n"
        "  sd a0, 0(t1)\n  sd a1, 8(t1)\n  sd a2, 16(t1)\n"
        "  sd a3, 24(t1)\n  sd a4, 32(t1)\n  sd a5, 40(t1)\n  ret\n"
        ".globl fz_touch\n.globl fz_touch_ld\n.globl fz_touch_sd\nfz_touch:\n"
        "  bnez a2, 1f\n"
        "fz_touch_ld:\n  ld a1, 0(a0)\n  mv a0, a1\n  ret\n"
        "1:\n"
        "fz_touch_sd:\n  sd a1, 0(a0)\n  ret\n"
        ".option pop\n");

mt_word_t fz_touch(mt_word_t addr, mt_word_t value, mt_word_t store);
mt_word_t fp_yield_round(mt_word_t seed);   /* fpu_helpers.S */

mt_word_t fz_syscall(mt_word_t sys, mt_cptr_t cap, mt_word_t info, mt_word_t *badge)
{
    struct mt_ipc_buffer *b = mt_ipcbuf();
    struct mt_regs6 r = { cap, info, b->mr[0], b->mr[1], b->mr[2], b->mr[3] };
    fz_trap(sys, &r);
    b->mr[0] = r.a2; b->mr[1] = r.a3; b->mr[2] = r.a4; b->mr[3] = r.a5;
    if (badge)
        *badge = r.a0;
    return r.a1;
}

/* ---- Helpers.  They share the image's frames with the fuzzer, so their
 * code writes nothing but its stack, its IPC buffer and the window. ---- */

static mt_word_t hrnd(mt_word_t *s)
{
    mt_word_t x = *s;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dul;
}

/* A word of the window: mostly the frames mapped there at the start. */
static mt_word_t window_word(mt_word_t *s)
{
    mt_word_t slot = hrnd(s) % 3 ? 0 : hrnd(s) % WIN_SLOTS;
    mt_word_t page = slot ? hrnd(s) % 512 : hrnd(s) % 6;
    return WIN_BASE + slot * BIG_BYTES + (page << MT_PAGE_BITS) + (hrnd(s) % 512) * 8;
}

/* A system call number the kernel does not know. */
static mt_word_t bad_syscall(mt_word_t *s)
{
    static const mt_word_t bad[] = { 0, MT_SYS_COUNT, MT_SYS_COUNT + 1, 64, 255, 256,
                                     0x100000001ul, 0x8000000000000001ul, ~0ul };
    return hrnd(s) % 4 ? bad[hrnd(s) % (sizeof bad / sizeof bad[0])] : MT_SYS_COUNT + hrnd(s);
}

static void unknown_syscall(mt_word_t *s)
{
    struct mt_regs6 r = { hrnd(s), hrnd(s), hrnd(s), hrnd(s), hrnd(s), hrnd(s) };
    fz_trap(bad_syscall(s), &r);
}

/* One random operation on a cap of the helper's CSpace.  Labels are 64
 * and up: a message that lands on a kernel object is an invalid
 * invocation, so helpers never change objects except by moving caps. */
static void helper_op(mt_word_t *s)
{
    static const mt_word_t sys[] = { MT_SYS_SEND, MT_SYS_NBSEND, MT_SYS_CALL, MT_SYS_RECV,
                                     MT_SYS_NBRECV, MT_SYS_REPLY_RECV, MT_SYS_REPLY, MT_SYS_YIELD };
    struct mt_ipc_buffer *b = mt_ipcbuf();
    mt_cptr_t cap = hrnd(s) % 8 ? hrnd(s) % HC_SLOTS : hrnd(s);
    mt_word_t ncaps = hrnd(s) % 4, len = hrnd(s) % 8, what = hrnd(s) % 14;
    for (mt_word_t i = 0; i < ncaps; i++)
        b->caps_or_badges[i] = hrnd(s) % HC_SLOTS;
    for (mt_word_t i = 0; i < len; i++)
        mt_set_mr((int)i, hrnd(s));
    b->receive_cnode = HC_SELF;
    b->receive_index = hrnd(s) % HC_GATE0;
    b->receive_depth = MT_WORD_BITS;
    mt_word_t info = mt_msginfo(64 + hrnd(s) % 64, 0, ncaps, len);
    if (what < 8)
        (void)fz_syscall(sys[what], cap, info, 0);
    else if (what < 11)
        (void)fz_touch(window_word(s), hrnd(s), what & 1);
    else if (what < 12)
        unknown_syscall(s);
    else if (what < 13)   /* FP use: lazy switching, or a fault without an FPU */
        (void)fp_yield_round(hrnd(s));
    /* else: nothing, just the wait */
}

/* One operation, then wait for the fuzzer's signal, so that no helper can
 * keep the CPU from the fuzzer, whatever its priority. */
static void helper_main(mt_word_t idx, mt_word_t seed)
{
    mt_word_t s = seed | 1;
    idx %= NHELPERS;
    for (;;) {
        helper_op(&s);
        (void)fz_syscall(MT_SYS_RECV, HC_GATE0 + idx, 0, 0);
    }
}

/* Frames at a fresh range of the helpers' VSpace: pages of stack, then
 * the IPC buffer.  Round memory, outside the pool. */
static int thread_pages(int pages, mt_word_t *top, mt_cptr_t *ipc_frame)
{
    struct ctx *c = &fz.c;
    mt_word_t v = vaddr_alloc(c, pages + 1);
    for (int i = 0; i <= pages; i++) {
        mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_4K, 0);
        CHECK(f);
        CHECK_OK(map_frame(c, fz.helper_vs, f, v + (mt_word_t)i * MT_PAGE_SIZE,
                           MT_VM_READ | MT_VM_WRITE));
        *ipc_frame = f;
    }
    *top = v + (mt_word_t)pages * MT_PAGE_SIZE;
    return 0;
}

static int spaces(mt_cptr_t tcb, mt_word_t ipcbuf, mt_cptr_t ipc_frame)
{
    struct ctx *c = &fz.c;
    CHECK_OK(mt_tcb_configure(tcb, HC_FAULT_EP, fz.hc, mt_cnode_guard(0, MT_WORD_BITS - HC_RADIX),
                              fz.helper_vs, ipcbuf, ipc_frame));
    return 0;
}

/* A thread of the helpers' kind: CSpace HC, VSpace helper_vs, fault
 * endpoint HC_FAULT_EP; not started. */
static int fz_thread(mt_cptr_t *tcb, int pages, int prio, mt_word_t *top, mt_cptr_t *ipc_frame)
{
    struct ctx *c = &fz.c;
    *tcb = obj_new(c, MT_OBJ_TCB, 0);
    CHECK(*tcb);
    TRY(thread_pages(pages, top, ipc_frame));
    TRY(spaces(*tcb, *top, *ipc_frame));
    CHECK_OK(mt_tcb_set_priority(*tcb, MT_INIT_TCB, (mt_word_t)prio));
    CHECK_OK(mt_tcb_set_mc_priority(*tcb, MT_INIT_TCB, FUZZ_HELPER_MCP));
    return 0;
}

/* Helper i: a gate whose only copy it can reach is read-only (no helper
 * can wake another in a loop). */
int helper_new(int i, int prio)
{
    struct ctx *c = &fz.c;
    struct fz_helper *h = &fz.helpers[i];
    h->gate = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(h->gate);
    CHECK_OK(mt_cnode_mint(fz.hc, HC_GATE0 + (mt_word_t)i, HC_RADIX, ROOT, h->gate,
                           ROOT_DEPTH, MT_RIGHT_READ, 0));
    TRY(fz_thread(&h->tcb, 2, prio, &h->stack_top, &h->ipc_frame));
    h->ipcbuf = h->stack_top;
    h->prio = prio;
    return 0;
}

/* (Re)starts helper i from scratch: whatever random invocations did to its
 * spaces, priority, registers or state, it runs helper_main again on its
 * own stack.  Until then a helper whose fault could not be skipped stays
 * parked, so this keeps the helpers busy. */
int helper_revive(int i)
{
    struct ctx *c = &fz.c;
    struct fz_helper *h = &fz.helpers[i];
    mt_word_t regs[MT_REG_A0 + 2] = { 0 };
    CHECK_OK(mt_tcb_suspend(h->tcb));
    TRY(spaces(h->tcb, h->ipcbuf, h->ipc_frame));
    CHECK_OK(mt_tcb_set_priority(h->tcb, MT_INIT_TCB, (mt_word_t)h->prio));
    regs[MT_REG_PC] = (mt_word_t)helper_main;
    regs[MT_REG_SP] = h->stack_top;
    regs[MT_REG_TP] = h->ipcbuf;
    regs[MT_REG_A0] = (mt_word_t)i;
    regs[MT_REG_A1] = FUZZ_SEED ^ ((mt_word_t)(i + 1) * 0x9e3779b97f4a7c15ul) ^ rnd();
    CHECK_OK(mt_tcb_write_registers(h->tcb, 1, MT_REG_A0 + 2, regs));
    return 0;
}

/* Sleeper i, new: a TCB copy goes to an empty pool slot, if there is one. */
int sleeper_new(int i)
{
    static const int prio[NSLEEPERS] = { FUZZ_PRIO - 10, FUZZ_PRIO + 5, FUZZ_PRIO - 2 };
    struct ctx *c = &fz.c;
    struct fz_sleeper *s = &fz.sleepers[i];
    mt_word_t top;
    s->tcb = 0;
    if (fz.sleepers_left-- <= 0)
        return 1;
    mt_cptr_t tcb;
    TRY(fz_thread(&tcb, 0, prio[i], &top, &s->ipc_frame));
    s->tcb = tcb;
    s->ipcbuf = top;
    s->hc_slot = 0;
    mt_cptr_t copy = pool_free_slot();
    if (copy)
        CHECK_OK(mt_cnode_copy(ROOT, copy, ROOT_DEPTH, ROOT, tcb, ROOT_DEPTH, MT_RIGHTS_ALL));
    return 0;
}

/* ---- The warden: the fuzzer's fault handler and its timeout.  Lower in
 * priority than the fuzzer, it runs only when the fuzzer cannot.  The
 * fuzzer arms it by a signal to its bound notification before each call
 * that may block: a signal is never lost, even when the warden is not
 * waiting yet (a message would be). ---- */

/* The fuzzer is blocked (or has lowered its priority for a moment): if it
 * is stuck in fz_trap's ecall, it goes on after it. */
static void warden_unstick(void)
{
    mt_word_t pc = 0;
    if (mt_tcb_read_registers(MT_INIT_TCB, 1, 1, &pc) != MT_OK)
        return;
    if (pc == (mt_word_t)fz_trap_ecall) {
        pc += 4;
        fz.st.timeouts++;
    }
    (void)mt_tcb_write_registers(MT_INIT_TCB, 1, 1, &pc);
}

/* Faults come as messages on ep, the arming as a signal (label 0). */
void warden_main(mt_word_t ep)
{
    mt_word_t info = mt_recv(ep, 0);
    for (;;) {
        mt_word_t label = mt_msginfo_label(info), pc = mt_get_mr(0);
        if (label >= MT_FAULT_CAP && label <= MT_FAULT_VM) {
            if (pc != (mt_word_t)fz_trap_ecall) {   /* a fault of the fuzzer's own code */
                mt_printf("# the fuzzer faulted: fault %lu at pc %lx (%lx %lx %lx)\n", label, pc,
                          mt_get_mr(1), mt_get_mr(2), mt_get_mr(3));
                mt_debug_shutdown(3);
            }
            fz.st.own_faults++;
            mt_set_mr(0, pc + 4);
            info = mt_reply_recv(ep, mt_msginfo(0, 0, 0, 1), 0);
            continue;
        }
        warden_unstick();
        info = mt_recv(ep, 0);
    }
}

/* The warden of this round: its endpoint is the fuzzer's fault endpoint. */
int warden_new(void)
{
    struct ctx *c = &fz.c;
    struct thread t;
    fz.warden_ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    fz.warden_arm = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(fz.warden_ep && fz.warden_arm);
    CHECK_OK(mt_cnode_mint(ROOT, fz.warden_fault, ROOT_DEPTH, ROOT, fz.warden_ep, ROOT_DEPTH,
                           MT_RIGHT_WRITE | MT_RIGHT_GRANT_REPLY, 0xfe));
    TRY(thread_spawn(c, &t, 0, WARDEN_PRIO, warden_main, fz.warden_ep));
    CHECK_OK(mt_tcb_bind_notification(t.tcb, fz.warden_arm));
    return 0;
}
