/* SPDX-License-Identifier: BSD-2-Clause */
/* The fuzzer's pool: a round's objects, its helper threads, its teardown. */
#include "fuzz.h"

static mt_cptr_t pool_next;
static mt_cptr_t flat_cnode;    /* one-level CNode: a TCB's CSpace */

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

/* The helpers' VSpace (a copy in the pool), their CSpace, the helpers
 * and the sleepers, none started yet. */
static int threads_new(void)
{
    static const int prio[NHELPERS] = {
        FUZZ_PRIO - 5, FUZZ_PRIO, FUZZ_PRIO, FUZZ_PRIO + 5, FUZZ_PRIO + 10,
    };
    struct ctx *c = &fz.c;
    fz.helper_vs = vspace_new(c);
    CHECK(fz.helper_vs);
    fz.vspaces[fz.nvspaces++] = pool_mint(fz.helper_vs, MT_RIGHTS_ALL, 0);
    TRY(helper_cspace());
    for (int i = 0; i < NHELPERS; i++) {
        TRY(helper_new(i, prio[i]));
        CHECK(pool_mint(fz.helpers[i].tcb, MT_RIGHTS_ALL, 0));
    }
    return 0;
}

/* Untyped of several sizes, device memory among them. */
static int pool_untypeds(void)
{
    struct ctx *c = &fz.c;
    static const int bits[] = { 12, 16, 20, 21 };
    for (int i = 0; i < 4; i++)
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
        CHECK_OK(mt_asid_pool_assign(MT_INIT_ASID_POOL, v[i]));
        fz.vspaces[fz.nvspaces++] = v[i];
        CHECK((irq[i] = pool_slot()));
    }
    mt_cptr_t big = pool_new(MT_OBJ_FRAME_2M, 0), idle = pool_new(MT_OBJ_TCB, 0);
    mt_cptr_t spaced = pool_new(MT_OBJ_TCB, 0);
    CHECK(big && idle && spaced);
    fz.big_hint[big - fz.pool_lo] = 1;
    CHECK_OK(map_frame(c, v[0], f[0], 0x10000000, MT_VM_READ | MT_VM_WRITE));
    CHECK_OK(map_frame(c, v[1], big, 0x40000000, MT_VM_READ));
    CHECK_OK(mt_page_table_map(pt[0], v[1], 0x20000000));
    CHECK_OK(mt_tcb_configure(spaced, 0, flat_cnode, 0, v[0], 0x10000000, f[1]));
    CHECK_OK(mt_tcb_bind_notification(fz.helpers[0].tcb, nt[1]));
    /* FPU objects: helpers with one do FP work (helper_op), one bound now */
    mt_cptr_t fpu[2];
    CHECK((fpu[0] = pool_new(MT_OBJ_FPU, 0)) && (fpu[1] = pool_new(MT_OBJ_FPU, 0)));
    CHECK_OK(mt_tcb_bind_fpu(fz.helpers[1].tcb, fpu[0]));
    CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, irq[0], ROOT_DEPTH));
    CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, 40, ROOT, irq[1], ROOT_DEPTH));
    CHECK_OK(mt_irq_handler_set_notification(irq[0], nt[2]));
    return 0;
}

/* A pool VSpace's window: a level-1 table the fuzzer owns (so a Map in
 * the window always finds it), level-0 tables in its first four 2 MiB
 * slots and frames in the first pages (the ones helpers mostly touch),
 * pool caps. */
static int pool_window(struct fz_win *w, mt_cptr_t vs, int frames)
{
    struct ctx *c = &fz.c;
    mt_cptr_t pt;
    w->vs = vs;
    w->l0 = 0;
    TRY(window_table(vs));
    for (mt_word_t j = 0; j < 4; j++) {
        CHECK((pt = pool_new(MT_OBJ_PAGE_TABLE, 0)));
        CHECK_OK(mt_page_table_map(pt, vs, WIN_BASE + j * BIG_BYTES));
        w->l0 |= 1u << j;
        fz.pt_where[pt - fz.pool_lo] = (unsigned char)((w - fz.wins + 1) * WIN_SLOTS + (int)j);
    }
    for (int i = 0; i < frames; i++) {
        mt_cptr_t f = pool_new(MT_OBJ_FRAME_4K, 0);
        CHECK(f);
        CHECK_OK(mt_frame_map(f, vs, WIN_BASE + (mt_word_t)i * MT_PAGE_SIZE, MT_VM_READ | MT_VM_WRITE));
    }
    return 0;
}

/* The fuzzer's level-1 table of a window in vs (round memory, outside
 * the pool); vs may have one already. */
int window_table(mt_cptr_t vs)
{
    struct ctx *c = &fz.c;
    mt_cptr_t pt = obj_new(c, MT_OBJ_PAGE_TABLE, 0);
    CHECK(pt);
    int err = mt_page_table_map(pt, vs, WIN_BASE);
    CHECK(err == MT_OK || err == MT_DELETE_FIRST);
    return 0;
}

/* The scratch window in the fuzzer's own VSpace: two tables it owns
 * (round memory, outside the pool) and the slots for its frame copies. */
static int scratch_window(void)
{
    struct ctx *c = &fz.c;
    for (int i = 0; i < 2; i++) {
        CHECK((fz.scratch_pts[i] = obj_new(c, MT_OBJ_PAGE_TABLE, 0)));
        CHECK_OK(mt_page_table_map(fz.scratch_pts[i], VS, SCRATCH_VBASE));
    }
    for (int i = 0; i <= SCRATCH_PAGES; i++) {
        CHECK((fz.scratch[i].copy = slot_alloc(c)));
        fz.scratch[i].state = SCR_EMPTY;
    }
    return 0;
}

static int windows(void)
{
    for (int i = 0; i < NWINS; i++)
        TRY(pool_window(&fz.wins[i], fz.vspaces[i], i == 0 ? 4 : 2));
    return scratch_window();
}

/* Starts every thread of the round, now that there is something to do;
 * the sleepers (their TCB copies take empty pool slots) wait to be
 * parked. */
static int threads_start(void)
{
    fz.sleepers_left = NSLEEPERS + 10;
    for (int i = 0; i < NSLEEPERS; i++)
        TRY(sleeper_new(i));
    for (int i = 0; i < NHELPERS; i++)
        TRY(helper_revive(i));
    return warden_new();
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
        fz.hc_src[s] = src;
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
    memset(fz.big_hint, 0, sizeof fz.big_hint);
    memset(fz.pt_where, 0, sizeof fz.pt_where);
    fz.rebinds_left = 16;
    pool_next = fz.pool_lo;
    fz.round_ut = slot_alloc(c);
    CHECK_OK(mt_untyped_retype(fz.big_ut, MT_OBJ_UNTYPED, ROUND_UT_BITS, ROOT, 0, 0,
                               fz.round_ut, 1));
    c->ut = fz.round_ut;
    fz.cnodes[fz.ncnodes++] = (struct fz_cnode){
        ROOT, (int)c->bi->init_cnode_bits, MT_WORD_BITS - (int)c->bi->init_cnode_bits, 0, 0, 0 };
    TRY(threads_new());
    TRY(pool_cnodes());
    TRY(pool_untypeds());
    TRY(pool_objects());
    TRY(windows());
    helper_caps_fill();
    return threads_start();
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
