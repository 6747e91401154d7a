/* The fuzzer's pool: a round's objects, its helper threads, its teardown. */
#include "fuzz.h"

/* Where a thread goes after a fault (and where WriteRegisters may send
 * one): Recv on cap a0 forever.  It touches no memory and needs no stack,
 * so any thread can run it, on any registers, without harming anyone. */
__asm__(".text\n.balign 4\n.globl fuzz_park\nfuzz_park:\n"
        "  mv t0, a0\n"
        "1: mv a0, t0\n  li a1, 0\n  li a7, 5\n  ecall\n  j 1b\n");

static mt_cptr_t pool_next;
static mt_cptr_t flat_cnode;    /* one-level CNode: a TCB's CSpace */

static mt_word_t hrnd(mt_word_t *s)
{
    mt_word_t x = *s;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dul;
}

/* One random IPC operation on a cap of the helper's CSpace.  Labels are 64
 * and up: a message that lands on a kernel object is an invalid
 * invocation, so helpers never change objects except by moving caps. */
static void helper_op(mt_word_t *s)
{
    struct mt_ipc_buffer *b = mt_ipcbuf();
    mt_cptr_t cap = hrnd(s) % 8 ? hrnd(s) % HC_SLOTS : hrnd(s);
    mt_word_t ncaps = hrnd(s) % 4, len = hrnd(s) % 8;
    for (mt_word_t i = 0; i < ncaps; i++)
        b->caps_or_badges[i] = hrnd(s) % HC_SLOTS;
    for (mt_word_t i = 0; i < len; i++)
        mt_set_mr((int)i, hrnd(s));
    b->receive_cnode = HC_SELF;
    b->receive_index = hrnd(s) % HC_GATE0;
    b->receive_depth = MT_WORD_BITS;
    mt_word_t info = mt_msginfo(64 + hrnd(s) % 64, 0, ncaps, len);
    switch (hrnd(s) % 11) {
    case 0: mt_send(cap, info); break;
    case 1: mt_nbsend(cap, info); break;
    case 2: (void)mt_call(cap, info); break;
    case 3: (void)mt_recv(cap, 0); break;
    case 4: (void)mt_nbrecv(cap, 0); break;
    case 5: (void)mt_reply_recv(cap, info, 0); break;
    case 6: mt_reply(info); break;
    case 7: mt_signal(cap); break;
    case 8: (void)mt_wait(cap); break;
    case 9: (void)mt_poll(cap); break;
    default: mt_yield(); break;
    }
}

/* A helper: one operation, then wait for the fuzzer's signal, so that no
 * helper can keep the CPU from the fuzzer, whatever its priority. */
static void helper_main(mt_word_t idx)
{
    mt_word_t s = FUZZ_SEED ^ ((idx + 1) * 0x9e3779b97f4a7c15ul);
    idx %= NHELPERS;
    for (;;) {
        helper_op(&s);
        (void)mt_wait(HC_GATE0 + idx);
    }
}

/* The next pool slot, or 0 when the pool is full. */
static mt_cptr_t pool_slot(void)
{
    return pool_next < fz.pool_hi ? pool_next++ : 0;
}

static mt_cptr_t pool_new_from(mt_cptr_t ut, int type, int bits)
{
    mt_cptr_t s = pool_slot();
    if (!s || mt_untyped_retype(ut, type, bits, ROOT, 0, 0, s, 1) != MT_OK)
        return 0;
    return s;
}

static mt_cptr_t pool_new(int type, int bits) { return pool_new_from(fz.round_ut, type, bits); }

static mt_cptr_t pool_mint(mt_cptr_t src, mt_word_t rights, mt_word_t data)
{
    mt_cptr_t s = pool_slot();
    if (!s || mt_cnode_mint(ROOT, s, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights, data))
        return 0;
    return s;
}

/* A CNode in the pool with a guard (Mutate sets it) and its addressing. */
static mt_cptr_t pool_cnode(int radix, int guard_bits, mt_word_t guard)
{
    mt_cptr_t n = pool_new(MT_OBJ_CNODE, radix);
    mt_cptr_t s = guard_bits ? pool_slot() : n;
    if (!n || !s)
        return 0;
    if (guard_bits && mt_cnode_mutate(ROOT, s, ROOT_DEPTH, ROOT, n, ROOT_DEPTH,
                                      mt_cnode_guard(guard, (mt_word_t)guard_bits)))
        return 0;
    fz.cnodes[fz.ncnodes++] = (struct fz_cnode){ s, radix, guard_bits, guard, 0, 0 };
    return s;
}

/* The helpers' CSpace, outside the pool; a copy of it is in the pool. */
static int helper_cspace(void)
{
    struct ctx *c = &fz.c;
    fz.hc = obj_new(c, MT_OBJ_CNODE, HC_RADIX);
    fz.fault_ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(fz.hc && fz.fault_ep);
    CHECK_OK(mt_cnode_mint(fz.hc, HC_SELF, HC_RADIX, ROOT, fz.hc, ROOT_DEPTH, MT_RIGHTS_ALL,
                           mt_cnode_guard(0, MT_WORD_BITS - HC_RADIX)));
    CHECK_OK(mt_cnode_mint(fz.hc, HC_FAULT_EP, HC_RADIX, ROOT, fz.fault_ep, ROOT_DEPTH,
                           MT_RIGHT_WRITE | MT_RIGHT_GRANT_REPLY, 0xfa));
    mt_cptr_t copy = pool_mint(fz.hc, MT_RIGHTS_ALL, 0);
    CHECK(copy);
    fz.cnodes[fz.ncnodes++] = (struct fz_cnode){ copy, HC_RADIX, 0, 0, 0, 0 };
    return 0;
}

/* Helper i: stack and IPC buffer in the helpers' VSpace, CSpace HC, a gate
 * whose only copy it can reach is read-only (no helper can wake another
 * in a loop), started at helper_main(i). */
static int helper_new(int i, int prio)
{
    struct ctx *c = &fz.c;
    struct fz_helper *h = &fz.helpers[i];
    struct thread t;
    h->gate = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(h->gate);
    CHECK_OK(mt_cnode_mint(fz.hc, HC_GATE0 + (mt_word_t)i, HC_RADIX, ROOT, h->gate,
                           ROOT_DEPTH, MT_RIGHT_READ, 0));
    TRY(thread_new(c, &t, fz.helper_vs, HC_FAULT_EP, prio, 2));
    CHECK_OK(mt_tcb_set_space(t.tcb, HC_FAULT_EP, fz.hc,
                              mt_cnode_guard(0, MT_WORD_BITS - HC_RADIX), fz.helper_vs));
    CHECK_OK(mt_tcb_set_mc_priority(t.tcb, MT_INIT_TCB, FUZZ_HELPER_MCP));
    h->tcb = t.tcb;
    h->prio = prio;
    h->stack_top = t.stack_top;
    h->ipcbuf = t.ipcbuf;
    CHECK(pool_mint(t.tcb, MT_RIGHTS_ALL, 0));
    return thread_start(c, &t, helper_main, (mt_word_t)i);
}

static int helpers_new(void)
{
    static const int prio[NHELPERS] = {
        FUZZ_PRIO - 5, FUZZ_PRIO, FUZZ_PRIO, FUZZ_PRIO + 5, FUZZ_PRIO + 10,
    };
    struct ctx *c = &fz.c;
    fz.helper_vs = vspace_new(c);
    CHECK(fz.helper_vs);
    fz.vspaces[fz.nvspaces++] = pool_mint(fz.helper_vs, MT_RIGHTS_ALL, 0);
    TRY(helper_cspace());
    for (int i = 0; i < NHELPERS; i++)
        TRY(helper_new(i, prio[i]));
    return 0;
}

/* Untyped of several sizes, device memory among them. */
static int pool_untypeds(void)
{
    struct ctx *c = &fz.c;
    static const int bits[] = { 12, 16, 20 };
    for (int i = 0; i < 3; i++)
        CHECK((fz.uts[fz.nuts++] = pool_new(MT_OBJ_UNTYPED, bits[i])));
    mt_cptr_t dev = pool_new_from(fz.dev_ut, MT_OBJ_UNTYPED, 16);
    CHECK(dev);
    fz.uts[fz.nuts++] = dev;
    CHECK(pool_new_from(dev, MT_OBJ_FRAME_4K, 0));
    return 0;
}

/* CNodes: plain, guarded, one nested inside another, one-level. */
static int pool_cnodes(void)
{
    struct ctx *c = &fz.c;
    mt_cptr_t plain = pool_cnode(2, 0, 0), outer = pool_cnode(4, 2, 2);
    mt_cptr_t inner = pool_cnode(3, 3, 5), flat = pool_cnode(5, MT_WORD_BITS - 5, 0);
    CHECK(plain && outer && inner && flat);
    flat_cnode = flat;
    CHECK_OK(mt_cnode_copy(outer, (2 << 4) | 3, 6, ROOT, inner, ROOT_DEPTH, MT_RIGHTS_ALL));
    fz.cnodes[fz.ncnodes++] = (struct fz_cnode){ outer, 3, 3, 5, (2 << 4) | 3, 6 };
    return 0;
}

/* Endpoints, notifications (one bound, one routed from an IRQ), IRQ
 * handlers, TCBs with and without spaces, frames mapped and not, page
 * tables, VSpaces. */
static int pool_objects(void)
{
    struct ctx *c = &fz.c;
    mt_cptr_t ep[3], nt[3], f[3], v[2], pt[2], irq[2];
    for (int i = 0; i < 3; i++) {
        CHECK((ep[i] = pool_new(MT_OBJ_ENDPOINT, 0)) && (nt[i] = pool_new(MT_OBJ_NOTIFICATION, 0)));
        CHECK((f[i] = pool_new(MT_OBJ_FRAME_4K, 0)));
    }
    CHECK(pool_mint(ep[0], MT_RIGHTS_ALL, 7) && pool_mint(nt[0], MT_RIGHT_WRITE, 9));
    for (int i = 0; i < 2; i++) {
        CHECK((v[i] = pool_new(MT_OBJ_VSPACE, 0)) && (pt[i] = pool_new(MT_OBJ_PAGE_TABLE, 0)));
        fz.vspaces[fz.nvspaces++] = v[i];
        CHECK((irq[i] = pool_slot()));
    }
    mt_cptr_t big = pool_new(MT_OBJ_FRAME_2M, 0), idle = pool_new(MT_OBJ_TCB, 0);
    mt_cptr_t spaced = pool_new(MT_OBJ_TCB, 0);
    CHECK(big && idle && spaced);
    CHECK_OK(map_frame(c, v[0], f[0], 0x10000000, MT_VM_READ | MT_VM_WRITE));
    CHECK_OK(map_frame(c, v[1], big, 0x40000000, MT_VM_READ));
    CHECK_OK(mt_page_table_map(pt[0], v[1], 0x20000000));
    CHECK_OK(mt_tcb_configure(spaced, 0, flat_cnode, 0, v[0], 0x10000000, f[1]));
    CHECK_OK(mt_tcb_bind_notification(fz.helpers[0].tcb, nt[1]));
    CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, irq[0], ROOT_DEPTH));
    CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, 40, ROOT, irq[1], ROOT_DEPTH));
    CHECK_OK(mt_irq_handler_set_notification(irq[0], nt[2]));
    return 0;
}

/* The helpers' CSpace gets copies of random pool caps, with random rights
 * and badges. */
static void helper_caps_fill(void)
{
    for (mt_word_t s = 0; s < HC_GATE0; s++) {
        if (chance(25))
            continue;
        mt_cptr_t src = fz.pool_lo + rnd_below(pool_next - fz.pool_lo);
        mt_word_t rights = chance(60) ? MT_RIGHTS_ALL : rnd_below(16);
        mt_word_t badge = chance(30) ? rnd_below(8) : 0;
        (void)mt_cnode_mint(fz.hc, s, HC_RADIX, ROOT, src, ROOT_DEPTH, rights, badge);
    }
}

/* A fresh round: everything from one new untyped. */
int pool_build(void)
{
    struct ctx *c = &fz.c;
    c->slot_next = fz.slot_mark;
    c->vaddr_next = TEST_VBASE;
    c->nthreads = 0;
    c->reason[0] = 0;
    fz.ncnodes = fz.nuts = fz.nvspaces = 0;
    pool_next = fz.pool_lo;
    fz.round_ut = slot_alloc(c);
    CHECK_OK(mt_untyped_retype(fz.big_ut, MT_OBJ_UNTYPED, ROUND_UT_BITS, ROOT, 0, 0,
                               fz.round_ut, 1));
    c->ut = fz.round_ut;
    fz.cnodes[fz.ncnodes++] = (struct fz_cnode){
        ROOT, (int)c->bi->init_cnode_bits, MT_WORD_BITS - (int)c->bi->init_cnode_bits, 0, 0, 0 };
    TRY(helpers_new());
    TRY(pool_cnodes());
    TRY(pool_untypeds());
    TRY(pool_objects());
    helper_caps_fill();
    return 0;
}

/* Destroys the round: IRQ handlers, then all memory it was made of; the
 * slots that held caps are emptied for the next one. */
void pool_teardown(void)
{
    struct ctx *c = &fz.c;
    int err = mt_cnode_revoke(ROOT, MT_INIT_IRQ_CONTROL, ROOT_DEPTH);
    err |= mt_cnode_revoke(ROOT, fz.big_ut, ROOT_DEPTH);
    err |= mt_cnode_revoke(ROOT, fz.dev_ut, ROOT_DEPTH);
    for (mt_cptr_t s = fz.pool_lo; s < fz.pool_hi; s++)
        err |= mt_cnode_delete(ROOT, s, ROOT_DEPTH);
    for (mt_cptr_t s = fz.slot_mark; s < c->slot_next; s++)
        err |= mt_cnode_delete(ROOT, s, ROOT_DEPTH);
    if (err)
        mt_printf("# round %ld: teardown error bits %x\n", fz.rounds, err);
}

void helpers_signal(void)
{
    for (int i = 0; i < NHELPERS; i++)
        mt_signal(fz.helpers[i].gate);
}
