/* SPDX-License-Identifier: BSD-2-Clause */
/* The fuzzer's own IPC (it may block: the warden unsticks it), debug PutS,
 * its scratch window, the sleepers, deaths of objects in use, and the
 * answers to faults. */
#include "fuzz.h"

extern char __image_start[], __image_end[];

/* ---- Answering faults ---- */

/* Instructions whose fault can be skipped: their thread's registers are
 * its own (any WriteRegisters moves the pc away from them). */
static int skippable(mt_word_t pc)
{
    return pc == (mt_word_t)fz_trap_ecall || pc == (mt_word_t)fz_touch_ld ||
           pc == (mt_word_t)fz_touch_sd || pc == (mt_word_t)fuzz_park_ecall ||
           pc == (mt_word_t)fuzz_park_op_ecall;
}

/* The fault just received: go on after the instruction, restart in the
 * park loop (on a random cap of the helpers' CSpace) or stay stopped. */
void answer_fault_msg(mt_word_t label)
{
    mt_word_t pc = mt_get_mr(0);
    fz.faults_answered++;
    fz.st.unknown_syscalls += label == MT_FAULT_UNKNOWN_SYSCALL;
    if (skippable(pc) && chance(85)) {
        fz.st.skips++;
        mt_set_mr(0, pc + 4);
        mt_reply(mt_msginfo(0, 0, 0, 1));
        return;
    }
    mt_set_mr(0, (mt_word_t)fuzz_park);
    mt_set_mr(1, 0);
    mt_set_mr(2, rnd_below(HC_SLOTS));
    mt_reply(chance(70) ? mt_msginfo(0, 0, 0, 3) : mt_msginfo(1, 0, 0, 0));
}

/* Any other message (a helper may Call the fault endpoint) gets an empty
 * reply. */
void answer_faults(void)
{
    for (int i = 0; i < 8; i++) {
        mt_word_t badge = 0, info = mt_nbrecv(fz.fault_ep, &badge);
        mt_word_t label = mt_msginfo_label(info);
        if (info == 0 && badge == 0)
            return;
        if (label < MT_FAULT_CAP || label > MT_FAULT_VM)
            mt_reply(mt_msginfo(0, 0, 0, 0));
        else
            answer_fault_msg(label);
    }
}

/* ---- The fuzzer's own IPC on pool caps ---- */

static mt_cptr_t block_cap(void)
{
    mt_word_t r = rnd_below(100);
    if (r < 45) return pool_cap_of(MT_CAP_ENDPOINT);
    if (r < 75) return pool_cap_of(MT_CAP_NOTIFICATION);
    if (r < 92) return rnd_pool_slot();
    return rnd_cap_cptr();
}

/* Where a cap sent to the fuzzer goes: a pool slot, a slot of a pool
 * CNode, or nowhere that resolves. */
static void receive_slot(void)
{
    struct mt_ipc_buffer *b = mt_ipcbuf();
    mt_word_t r = rnd_below(100);
    if (r < 55) {
        mt_cptr_t s = pool_free_slot();
        b->receive_cnode = ROOT;
        b->receive_index = s ? s : rnd_pool_slot();
        b->receive_depth = ROOT_DEPTH;
    } else if (r < 90) {
        const struct fz_cnode *n = rnd_cnode();
        b->receive_cnode = n->cptr;
        rnd_addr(n, &b->receive_index, &b->receive_depth);
    } else {
        b->receive_cnode = rnd_cap_cptr();
        b->receive_index = rnd_interesting();
        b->receive_depth = rnd_interesting();
    }
    if (b->receive_cnode == ROOT)
        root_filter(&b->receive_index, b->receive_depth);
}

/* SaveCaller into an empty pool slot, or anywhere in a pool CNode: the
 * reply cap then meets the pool's random invocations, Moves, Deletes,
 * Revokes and deaths, and replies (op_ipc). */
static void save_caller(void)
{
    const struct fz_cnode *n = rnd_cnode();
    mt_word_t index = pool_free_slot(), depth = ROOT_DEPTH;
    mt_cptr_t root = ROOT;
    if (!index || chance(30)) {
        root = n->cptr;
        rnd_addr(n, &index, &depth);
        if (root == ROOT)
            root_filter(&index, depth);
    }
    fz.st.save_tries++;
    fz.st.saves += fz_invoke(root, MT_CNODE_SAVE_CALLER, 2, (mt_word_t[]){ index, depth },
                             0, 0) == MT_OK;
}

/* What comes back: a fault message (only faults have labels 1..4 here:
 * every thread's own messages are labelled 64 and up) is answered at
 * once, so the fuzzer never owes a faulted thread a reply it would write
 * registers with (nor saves one: a random message through a reply cap
 * must never restart a thread).  Any other caller's reply may be saved. */
static void after_receive(mt_word_t sys, mt_word_t info)
{
    mt_word_t label = mt_msginfo_label(info);
    fz.st.caps_received += mt_msginfo_extra_caps(info) != 0 && mt_msginfo_unwrapped(info) == 0;
    if (sys == MT_SYS_CALL || sys == MT_SYS_SEND || sys == MT_SYS_NBSEND || sys == MT_SYS_REPLY)
        return;
    if (label >= MT_FAULT_CAP && label <= MT_FAULT_VM) {
        fz.st.faults_received++;
        answer_fault_msg(label);
    } else if (chance(70)) {
        save_caller();
    }
}

static int may_block(mt_word_t sys)
{
    return sys == MT_SYS_CALL || sys == MT_SYS_RECV || sys == MT_SYS_REPLY_RECV || sys == MT_SYS_SEND;
}

/* One system call by the fuzzer.  A blocking one is armed first: if the
 * fuzzer blocks, the warden runs and resumes it after the call; a cap
 * fault goes to the warden, which does the same. */
static void syscall_armed(mt_word_t sys, mt_cptr_t cap, mt_word_t info)
{
    if (may_block(sys))
        mt_signal(fz.warden_arm);
    long timeouts = fz.st.timeouts, faults = fz.st.own_faults;
    info = fz_syscall(sys, cap, info, 0);
    fz.st.blocking[sys]++;
    if (fz.st.timeouts != timeouts || fz.st.own_faults != faults)
        return;
    fz.st.returned++;
    after_receive(sys, info);
}

/* Call, Recv, NBRecv, ReplyRecv, Send, Reply, NBSend by the fuzzer itself,
 * with random MRs, caps and receive slot. */
void op_block(void)
{
    static const mt_word_t sys_of[] = { MT_SYS_CALL, MT_SYS_CALL, MT_SYS_RECV, MT_SYS_RECV,
                                        MT_SYS_NBRECV, MT_SYS_REPLY_RECV, MT_SYS_REPLY_RECV,
                                        MT_SYS_SEND, MT_SYS_REPLY, MT_SYS_NBSEND };
    struct mt_ipc_buffer *b = mt_ipcbuf();
    mt_word_t sys = sys_of[rnd_below(sizeof sys_of / sizeof sys_of[0])];
    mt_cptr_t cap = block_cap();
    mt_word_t nmr = rnd_below(8), ncaps = rnd_below(4), label = 64 + rnd_below(64);
    for (mt_word_t i = 0; i < nmr; i++)
        b->mr[i] = rnd_interesting();
    for (mt_word_t i = 0; i < ncaps; i++)
        b->caps_or_badges[i] = rnd_cap_cptr();
    if ((sys == MT_SYS_REPLY || sys == MT_SYS_REPLY_RECV) && chance(25)) {
        /* label 0: restarts a faulted caller, so only at the park loop */
        label = 0;
        nmr = 3;
        b->mr[0] = (mt_word_t)fuzz_park;
        b->mr[1] = 0;
        b->mr[2] = rnd_below(HC_SLOTS);
    }
    receive_slot();
    syscall_armed(sys, cap, mt_msginfo(label, 0, ncaps, nmr));
}

/* A caller to save, on purpose (callers the fuzzer happens to receive are
 * few): a sleeper, above the fuzzer so that it calls first, is parked in a
 * Call through helper slot k, and the fuzzer receives on the pool
 * endpoint that slot was copied from. */
void op_caller(void)
{
    struct fz_sleeper *s = &fz.sleepers[rnd_below(NSLEEPERS)];
    int k = (int)rnd_below(HC_GATE0);
    for (int i = 0; i < 16 && !(in_pool(fz.hc_src[k]) && cap_type(fz.hc_src[k]) == MT_CAP_ENDPOINT); i++)
        k = (int)rnd_below(HC_GATE0);
    mt_cptr_t ep = fz.hc_src[k];
    mt_word_t regs[10] = { 0 };
    if (!s->tcb || !in_pool(ep) || cap_type(ep) != MT_CAP_ENDPOINT)
        return;
    (void)mt_tcb_set_priority(s->tcb, MT_INIT_TCB, FUZZ_PRIO + 5);
    s->hc_slot = k;
    regs[MT_REG_PC] = (mt_word_t)fuzz_park_op;
    regs[5] = (mt_word_t)k;                     /* t0: the cap */
    regs[6] = MT_SYS_CALL;                      /* t1 */
    regs[7] = 1 + rnd_below(4);                 /* t2: how often */
    regs[9] = mt_msginfo(64 + rnd_below(64), 0, 0, rnd_below(4));   /* s1 */
    (void)mt_tcb_suspend(s->tcb);
    (void)mt_tcb_write_registers(s->tcb, 1, 10, regs);
    fz.st.sleeper_parks++;
    receive_slot();
    syscall_armed(MT_SYS_RECV, ep, 0);
}

/* ---- Debug PutS ---- */

/* A piece of text in the image, printable throughout. */
static char puts_text[256];

/* What PutS of n bytes from p prints: a comment line of letters. */
static void fill_text(char *p, mt_word_t n)
{
    for (mt_word_t k = 0; k < n; k++)
        ((volatile char *)p)[k] = k == n - 1 ? '\n' : k == 0 ? '#' : k == 1 ? ' ' : (char)('a' + k % 26);
}

/* Scratch slot i's state, checked: a copy revoked (with its frame) left
 * nothing mapped. */
static int scratch_state(int i)
{
    struct fz_scratch *s = &fz.scratch[i];
    if (s->state != SCR_EMPTY && cap_type(s->copy) != MT_CAP_FRAME)
        s->state = SCR_EMPTY;
    return s->state;
}

/* The scratch slot holding va (and its end), or -1. */
static int scratch_index(mt_word_t va, mt_word_t *end)
{
    if (va >= SCRATCH_VBASE && va < SCRATCH_VBASE + SCRATCH_PAGES * MT_PAGE_SIZE) {
        mt_word_t i = (va - SCRATCH_VBASE) >> MT_PAGE_BITS;
        *end = SCRATCH_VBASE + (i + 1) * MT_PAGE_SIZE;
        return (int)i;
    }
    if (va >= SCRATCH_BIG && va < SCRATCH_BIG + BIG_BYTES) {
        *end = SCRATCH_BIG + BIG_BYTES;
        return SCRATCH_PAGES;
    }
    return -1;
}

/* PutS(va, *len) in the scratch window prints up to the first byte that
 * is not RAM mapped readable there.  The bytes it will print are written
 * first (the fuzzer maps its copies writable), so the output is text; a
 * read-only RAM frame holds bytes of unknown kind, so *len stops before it.
 * Returns the count PutS must report. */
static mt_word_t scratch_prepare(mt_word_t va, mt_word_t *len)
{
    mt_word_t want = *len < MT_DEBUG_PUTS_MAX ? *len : MT_DEBUG_PUTS_MAX, n = 0, end;
    while (n < want) {
        int i = scratch_index(va + n, &end);
        int st = i < 0 ? SCR_EMPTY : scratch_state(i);
        if (st == SCR_RO)
            *len = n;
        if (st != SCR_RW)
            break;
        n += end - (va + n) < want - n ? end - (va + n) : want - n;
    }
    fill_text((char *)va, n);
    return n;
}

/* Is va mapped in the fuzzer's own VSpace?  (Then PutS of random text
 * from there would print bytes of any kind.) */
static int root_mapped(mt_word_t va)
{
    const struct mt_bootinfo *bi = fz.c.bi;
    mt_word_t page = va & ~(MT_PAGE_SIZE - 1);
    return (va >= (mt_word_t)__image_start && va < (mt_word_t)__image_end) ||
           page == (mt_word_t)bi || page == (bi->ipc_buffer & ~(MT_PAGE_SIZE - 1)) ||
           (va >= bi->archive_vaddr && va - bi->archive_vaddr < bi->archive_bytes) ||
           (va >= TEST_VBASE && va - TEST_VBASE < TEST_VSIZE) ||
           (va >= SCRATCH_VBASE && va - SCRATCH_VBASE < 3 * BIG_BYTES);
}

static mt_word_t puts_len(void)
{
    switch (rnd_below(20)) {
    case 0: return 0;
    case 1: return MT_DEBUG_PUTS_MAX + rnd_below(3) - 1;
    case 2: return rnd_interesting();
    case 3: return rnd_below(1200);
    default: return chance(50) ? rnd_below(16) : rnd_below(100);
    }
}

static mt_word_t scratch_va(void)
{
    if (chance(15))
        return SCRATCH_BIG + (chance(50) ? BIG_BYTES - rnd_below(200) : rnd_below(BIG_BYTES));
    mt_word_t page = rnd_below(SCRATCH_PAGES + 2);
    mt_word_t off = chance(50) ? MT_PAGE_SIZE - 1 - rnd_below(80) : rnd_below(MT_PAGE_SIZE);
    return SCRATCH_VBASE + (page << MT_PAGE_BITS) + off;
}

/* PutS of the scratch window (pool frames of RAM and of devices), of text
 * in the image, or of an address that is not mapped; the count printed
 * must be what the mappings allow. */
void op_puts(void)
{
    mt_word_t r = rnd_below(100), va, len = puts_len(), expect;
    if (r < 60) {
        va = scratch_va();
        expect = scratch_prepare(va, &len);
    } else if (r < 75) {
        mt_word_t off = rnd_below(sizeof puts_text);
        va = (mt_word_t)puts_text + off;
        if (len > sizeof puts_text - off)
            len = sizeof puts_text - off;
        fill_text(puts_text + off, len);
        expect = len;
    } else {
        va = chance(50) ? rnd_interesting() : rnd();
        if (root_mapped(va))
            len = 0;
        expect = 0;
    }
    mt_word_t n = mt_debug_puts((const char *)va, len);
    fz.st.puts++;
    fz.st.puts_bytes += (long)n;
    if (n != expect && fz.st.puts_bad++ < 10)
        mt_printf("\n# PutS(%lx, %lu) printed %lu bytes, expected %lu\n", va, len, n, expect);
}

/* Maps a copy of a pool frame at a scratch slot, or unmaps one. */
void op_scratch(void)
{
    int i = (int)rnd_below(SCRATCH_PAGES + 1);
    struct fz_scratch *s = &fz.scratch[i];
    if (cap_type(s->copy) != MT_CAP_NULL) {
        if (chance(50))
            return;
        (void)mt_frame_unmap(s->copy);
        (void)mt_cnode_delete(ROOT, s->copy, ROOT_DEPTH);
        s->state = SCR_EMPTY;
        fz.st.scratch_unmaps++;
        return;
    }
    mt_cptr_t src = pool_cap_of(MT_CAP_FRAME);
    mt_word_t pa = 0, va = i < SCRATCH_PAGES ? SCRATCH_VBASE + ((mt_word_t)i << MT_PAGE_BITS) : SCRATCH_BIG;
    if (cap_type(src) != MT_CAP_FRAME ||
        mt_cnode_copy(ROOT, s->copy, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, MT_RIGHTS_ALL) != MT_OK)
        return;
    int device = mt_frame_get_address(s->copy, &pa) != MT_OK || pa < fz.c.bi->ram_base;
    if (mt_frame_map(s->copy, VS, va, MT_VM_READ | MT_VM_WRITE) == MT_OK)
        s->state = device ? SCR_DEVICE : SCR_RW;
    else if (mt_frame_map(s->copy, VS, va, MT_VM_READ) == MT_OK)
        s->state = device ? SCR_DEVICE : SCR_RO;
    else {
        (void)mt_cnode_delete(ROOT, s->copy, ROOT_DEPTH);
        return;
    }
    fz.st.scratch_maps++;
}

/* ---- Sleepers and deaths ---- */

/* A sleeper made to invoke its own death: its CSpace becomes a new CNode
 * D (guard 62: cptr = slot) holding D's original in slot 0 and the last
 * cap to its TCB in slot 1; then, at priority 1 so that it runs only when
 * the fuzzer lets everyone run, it deletes its TCB's last cap, revokes
 * its own CSpace root away, deletes the cap it invokes, or suspends
 * itself.  The fuzzer gives it up (a new sleeper takes its place). */
static void op_doom(struct fz_sleeper *s)
{
    static const mt_word_t how[][4] = {       /* cap, label, MR0, MR1 */
        { 0, MT_CNODE_DELETE, 1, MT_WORD_BITS }, { 0, MT_CNODE_REVOKE, 0, MT_WORD_BITS },
        { 0, MT_CNODE_DELETE, 0, MT_WORD_BITS }, { 1, MT_TCB_SUSPEND, 0, 0 },
        { 0, MT_CNODE_REVOKE, 1, MT_WORD_BITS },
    };
    struct ctx *c = &fz.c;
    const mt_word_t *h = how[rnd_below(sizeof how / sizeof how[0])];
    mt_cptr_t d = obj_new(c, MT_OBJ_CNODE, 2), tcb = s->tcb;
    mt_word_t regs[MT_REG_A0 + 4] = { 0 }, guard = mt_cnode_guard(0, MT_WORD_BITS - 2);
    c->reason[0] = 0;               /* out of slots or memory: no doom */
    if (!d)
        return;
    s->tcb = 0;
    (void)mt_cnode_revoke(ROOT, tcb, ROOT_DEPTH);   /* its other caps go */
    (void)mt_tcb_suspend(tcb);
    (void)mt_tcb_configure(tcb, 2, d, guard, fz.helper_vs, s->ipcbuf, s->ipc_frame);
    (void)mt_tcb_set_priority(tcb, MT_INIT_TCB, 1);
    regs[MT_REG_PC] = (mt_word_t)fuzz_park_op;
    regs[5] = h[0];                 /* t0 */
    regs[6] = MT_SYS_CALL;          /* t1 */
    regs[7] = 1;                    /* t2: once, then the illegal instruction */
    regs[9] = mt_msginfo(h[1], 0, 0, 2);
    regs[MT_REG_A0 + 2] = h[2];
    regs[MT_REG_A0 + 3] = h[3];
    (void)mt_tcb_write_registers(tcb, 1, MT_REG_A0 + 4, regs);
    (void)mt_cnode_move(d, 1, 2, ROOT, tcb, ROOT_DEPTH);
    (void)mt_cnode_mutate(d, 0, 2, ROOT, d, ROOT_DEPTH, guard);
    fz.st.dooms++;
}

/* Parks a sleeper in a bounded loop of one system call (sometimes one the
 * kernel does not know) on a cap of the helpers' CSpace. */
void op_sleeper(void)
{
    static const mt_word_t sys[] = { MT_SYS_RECV, MT_SYS_RECV, MT_SYS_RECV, MT_SYS_CALL,
                                     MT_SYS_CALL, MT_SYS_SEND, MT_SYS_SEND, MT_SYS_REPLY_RECV,
                                     MT_SYS_NBSEND, MT_SYS_NBRECV, MT_SYS_REPLY, 0, MT_SYS_COUNT,
                                     0x1000 };
    int i = (int)rnd_below(NSLEEPERS);
    struct fz_sleeper *s = &fz.sleepers[i];
    if (!s->tcb) {
        fz.st.sleepers_new += sleeper_new(i) == 0;
        return;
    }
    if (chance(8)) {
        op_doom(s);
        return;
    }
    mt_word_t regs[10] = { 0 };
    s->hc_slot = (int)(chance(90) ? rnd_below(HC_GATE0) : rnd_below(HC_SLOTS));
    regs[MT_REG_PC] = (mt_word_t)fuzz_park_op;
    regs[5] = (mt_word_t)s->hc_slot;                              /* t0: the cap */
    regs[6] = sys[rnd_below(sizeof sys / sizeof sys[0])];         /* t1 */
    regs[7] = 1 + rnd_below(16);                                  /* t2: how often */
    regs[9] = mt_msginfo(64 + rnd_below(64), 0, rnd_below(4), rnd_below(8));   /* s1 */
    if (chance(30))
        (void)mt_tcb_configure(s->tcb, HC_FAULT_EP, fz.hc, mt_cnode_guard(0, MT_WORD_BITS - HC_RADIX),
                               fz.helper_vs, s->ipcbuf, s->ipc_frame);
    if (chance(85))
        (void)mt_tcb_suspend(s->tcb);
    (void)mt_tcb_write_registers(s->tcb, 1, 10, regs);
    fz.st.sleeper_parks++;
}

/* Revoke, then delete: the object goes if slot held its original. */
static void destroy(mt_cptr_t root, mt_word_t slot, mt_word_t depth)
{
    fz_invoke(root, MT_CNODE_REVOKE, 2, (mt_word_t[]){ slot, depth }, 0, 0);
    fz_invoke(root, MT_CNODE_DELETE, 2, (mt_word_t[]){ slot, depth }, 0, 0);
}

/* Objects destroyed while threads use them: what a sleeper waits on, a
 * sleeper itself (blocked, maybe in a Call), tables and frames of the
 * windows (the helpers' is in use), pool untyped with everything made
 * from it, endpoints and notifications. */
void op_kill(void)
{
    struct fz_sleeper *s = &fz.sleepers[rnd_below(NSLEEPERS)];
    mt_word_t src = fz.hc_src[s->hc_slot];
    fz.st.kills++;
    switch (rnd_below(7)) {
    case 0:
        if (in_pool(src))
            destroy(ROOT, src, ROOT_DEPTH);
        break;
    case 1:
        if (s->tcb)
            destroy(ROOT, s->tcb, ROOT_DEPTH);
        s->tcb = 0;
        break;
    case 2:
        destroy(ROOT, pool_cap_of(MT_CAP_PAGE_TABLE), ROOT_DEPTH);
        break;
    case 3:
        destroy(ROOT, pool_cap_of(MT_CAP_FRAME), ROOT_DEPTH);
        break;
    case 4:
        fz_invoke(ROOT, MT_CNODE_REVOKE, 2, (mt_word_t[]){ fz.uts[rnd_below(fz.nuts)], ROOT_DEPTH }, 0, 0);
        break;
    case 5:
        destroy(ROOT, pool_cap_of(chance(50) ? MT_CAP_ENDPOINT : MT_CAP_NOTIFICATION), ROOT_DEPTH);
        break;
    default:
        fz_invoke(fz.hc, MT_CNODE_DELETE, 2, (mt_word_t[]){ (mt_word_t)s->hc_slot, HC_RADIX }, 0, 0);
        break;
    }
}
