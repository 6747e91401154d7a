/* SPDX-License-Identifier: BSD-2-Clause */
/* Preemption points: Retype, Revoke, Delete and TCB SetSpace interrupted
 * thousands of times end exactly as uninterrupted ones; a long call is
 * charged to its invoker; Retype clears no memory for untyped children
 * (the untyped is cleared, when reset, before its objects are made).
 *
 * The interruptions come from the goldfish RTC alarm, taken by a thread
 * of higher priority that re-arms it at once, adapting the delay so that
 * an alarm comes about every `gap` retired instructions (a few thousand:
 * the invoker gets some work done between two). */
#include "ktest.h"
#include <libmote/dev/goldfish_rtc.h>

struct interrupter {
    volatile void *rtc;
    mt_cptr_t handler, ntfn;
    volatile int armed;            /* re-arm after each alarm */
    volatile mt_word_t count;      /* alarms taken while armed */
    mt_word_t delay, gap, armed_at;
    /* if set: every 4th alarm it also takes one message from drain
     * (NBRecv) and keeps its MR0 in got[] */
    mt_cptr_t drain;
    mt_word_t *got;
    volatile mt_word_t ngot;
    /* if set: at alarm kick_at it signals kick (a thread of the test
     * waits on it to act in the middle of the call) */
    mt_cptr_t kick;
    mt_word_t kick_at;
};

static void take_one(struct interrupter *in)
{
    mt_word_t badge;
    if (mt_msginfo_length(mt_nbrecv(in->drain, &badge)) == 1)
        in->got[in->ngot++] = mt_get_mr(0);
}

static void interrupter_fn(mt_word_t arg)
{
    struct interrupter *in = (struct interrupter *)arg;
    for (;;) {
        mt_wait(in->ntfn);
        mt_word_t gap = rdinstret() - in->armed_at;
        rtc_write(in->rtc, RTC_CLEAR_INTERRUPT, 1);
        mt_irq_handler_ack(in->handler);
        if (!in->armed)
            continue;
        if (in->drain && in->count % 4 == 0)
            take_one(in);
        if (in->kick && in->count == in->kick_at)
            mt_signal(in->kick);
        in->count++;
        if (gap < in->gap)
            in->delay += in->delay / 8 + 1;
        else if (in->delay > 8)
            in->delay -= in->delay / 8;
        in->armed_at = rdinstret();
        rtc_alarm_in(in->rtc, in->delay);
    }
}

static int interrupter_start(struct ctx *c, struct interrupter *in, mt_word_t gap)
{
    struct thread t;
    mt_cptr_t frame = device_frame(c, RTC_PADDR);
    in->rtc = (volatile void *)vaddr_alloc(c, 1);
    in->ntfn = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    in->handler = slot_alloc(c);
    CHECK(frame && in->ntfn && in->handler);
    CHECK_OK(map_frame(c, VS, frame, (mt_word_t)in->rtc, MT_VM_READ | MT_VM_WRITE));
    CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, in->handler, ROOT_DEPTH));
    CHECK_OK(mt_irq_handler_set_notification(in->handler, in->ntfn));
    rtc_write(in->rtc, RTC_CLEAR_INTERRUPT, 1);
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, interrupter_fn, (mt_word_t)in));
    in->gap = gap;
    in->delay = 2000;
    in->count = 0;
    in->armed = 1;
    in->armed_at = rdinstret();
    rtc_alarm_in(in->rtc, in->delay);
    return 0;
}

static void interrupter_stop(struct interrupter *in)
{
    in->armed = 0;
    rtc_write(in->rtc, RTC_IRQ_ENABLED, 0);
    rtc_write(in->rtc, RTC_CLEAR_ALARM, 1);
}

/* The cap type in slot i of CNode cn (radix bits): moved out to look at
 * it, then back. */
static int slot_type(mt_cptr_t cn, int radix, mt_word_t i, mt_cptr_t scratch)
{
    if (mt_cnode_move(ROOT, scratch, ROOT_DEPTH, cn, i, radix) != MT_OK)
        return MT_CAP_NULL;
    int t = cap_type(scratch);
    return mt_cnode_move(cn, i, radix, ROOT, scratch, ROOT_DEPTH) == MT_OK ? t : -1;
}

static mt_word_t free_bytes(mt_cptr_t ut)
{
    struct mt_untyped_info info;
    return mt_untyped_describe(ut, &info) == MT_OK ? info.free_bytes : ~0ul;
}

#define REVOKE_RADIX 16

/* A CNode full of caps derived from ep (copies; every 64th a badged Mint
 * with a copy of its own after it, children of the Mint) except every
 * 16th slot, a copy of other: not ep's, it must survive the Revoke. */
static int fill_for_revoke(struct ctx *c, mt_cptr_t cn, mt_cptr_t ep, mt_cptr_t other)
{
    for (mt_word_t i = 0; i < (1ul << REVOKE_RADIX); i++) {
        int err;
        if (i % 16 == 0)
            err = mt_cnode_copy(cn, i, REVOKE_RADIX, ROOT, other, ROOT_DEPTH, MT_RIGHTS_ALL);
        else if (i % 64 == 1)
            err = mt_cnode_mint(cn, i, REVOKE_RADIX, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL, i);
        else if (i % 64 == 2)
            err = mt_cnode_copy(cn, i, REVOKE_RADIX, cn, i - 1, REVOKE_RADIX, MT_RIGHTS_ALL);
        else
            err = mt_cnode_copy(cn, i, REVOKE_RADIX, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL);
        CHECK_OK(err);
    }
    return 0;
}

static int check_revoked(struct ctx *c, mt_cptr_t cn, mt_cptr_t ep, mt_cptr_t other)
{
    mt_cptr_t scratch = slot_alloc(c);
    CHECK(scratch);
    for (mt_word_t i = 0; i < (1ul << REVOKE_RADIX); i++)
        CHECK_EQ(slot_type(cn, REVOKE_RADIX, i, scratch), i % 16 == 0 ? MT_CAP_ENDPOINT : MT_CAP_NULL);
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    CHECK_EQ(cap_type(other), MT_CAP_ENDPOINT);
    for (mt_word_t i = 0; i < (1ul << REVOKE_RADIX); i += 16)
        CHECK_OK(mt_cnode_delete(cn, i, REVOKE_RADIX));
    return 0;
}

/* Revoke of 61,440 caps interrupted at least 10,000 times; then the same
 * uninterrupted: both leave exactly the caps that were not ep's. */
static int t_revoke_interrupted(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct interrupter in;
    /* 2 MiB: from the big untyped (the runner revokes it afterwards) */
    mt_cptr_t cn = obj_new_from(c, find_big_untyped(c->bi), MT_OBJ_CNODE, REVOKE_RADIX);
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), other = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(cn && ep && other);
    TRY(fill_for_revoke(c, cn, ep, other));
    TRY(interrupter_start(c, &in, 2500));
    mt_word_t before = in.count;
    CHECK_OK(mt_cnode_revoke(ROOT, ep, ROOT_DEPTH));
    mt_word_t interruptions = in.count - before;
    interrupter_stop(&in);
    mt_printf("# revoke of %lu caps: %lu interruptions\n", (1ul << REVOKE_RADIX) * 15 / 16,
              interruptions);
    CHECK(interruptions >= 10000);
    TRY(check_revoked(c, cn, ep, other));
    TRY(fill_for_revoke(c, cn, ep, other));
    CHECK_OK(mt_cnode_revoke(ROOT, ep, ROOT_DEPTH));
    return check_revoked(c, cn, ep, other);
}

/* A 2 MiB untyped whose memory held a frame full of a pattern: its reset
 * (before the next Retype) is interrupted, and the new frame is clear. */
static int dirty_2m(struct ctx *c, mt_cptr_t ut, mt_word_t *va)
{
    mt_cptr_t f = obj_new_from(c, ut, MT_OBJ_FRAME_2M, 0);
    *va = vaddr_alloc_2m(c);
    CHECK(f);
    CHECK_OK(map_frame(c, VS, f, *va, MT_VM_READ | MT_VM_WRITE));
    memset((void *)*va, 0x5a, 1ul << MT_FRAME_2M_SIZE_BITS);
    CHECK_OK(mt_cnode_delete(ROOT, f, ROOT_DEPTH));
    CHECK_EQ(free_bytes(ut), 1ul << 21);
    return 0;
}

static int check_clear_2m(struct ctx *c, mt_cptr_t ut, mt_cptr_t f)
{
    mt_word_t va = vaddr_alloc_2m(c);
    CHECK_OK(map_frame(c, VS, f, va, MT_VM_READ));
    const mt_word_t *w = (const mt_word_t *)va;
    for (mt_word_t i = 0; i < (1ul << 21) / sizeof(mt_word_t); i++)
        CHECK_EQ(w[i], 0);
    CHECK_EQ(free_bytes(ut), 0);
    CHECK_OK(mt_cnode_delete(ROOT, f, ROOT_DEPTH));
    CHECK_EQ(free_bytes(ut), 1ul << 21);
    return 0;
}

static int t_retype_interrupted(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct interrupter in;
    mt_word_t va;
    mt_cptr_t ut = obj_new_from(c, find_big_untyped(c->bi), MT_OBJ_UNTYPED, 21);
    CHECK(ut);
    TRY(dirty_2m(c, ut, &va));
    TRY(interrupter_start(c, &in, 2500));
    mt_word_t before = in.count;
    mt_cptr_t f = obj_new_from(c, ut, MT_OBJ_FRAME_2M, 0);
    mt_word_t interruptions = in.count - before;
    interrupter_stop(&in);
    CHECK(f);
    CHECK(interruptions >= 50);
    TRY(check_clear_2m(c, ut, f));
    /* the same, uninterrupted */
    TRY(dirty_2m(c, ut, &va));
    f = obj_new_from(c, ut, MT_OBJ_FRAME_2M, 0);
    CHECK(f);
    return check_clear_2m(c, ut, f);
}

#define DEL_RADIX 13

/* CNode a (from its own untyped) full of copies of ep, holding in its
 * slot 0 the last cap of CNode b (full of copies too) and in slot 7 the
 * last cap of a notification; the caller holds a's only cap. */
static int build_for_delete(struct ctx *c, mt_cptr_t uts[3], mt_cptr_t ep, mt_cptr_t *a)
{
    mt_cptr_t b, n;
    *a = obj_new_from(c, uts[0], MT_OBJ_CNODE, DEL_RADIX);
    b = obj_new_from(c, uts[1], MT_OBJ_CNODE, DEL_RADIX);
    n = obj_new_from(c, uts[2], MT_OBJ_NOTIFICATION, 0);
    CHECK(*a && b && n);
    for (mt_word_t i = 1; i < (1ul << DEL_RADIX); i++) {
        CHECK_OK(mt_cnode_copy(*a, i, DEL_RADIX, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL));
        CHECK_OK(mt_cnode_copy(b, i, DEL_RADIX, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL));
    }
    CHECK_OK(mt_cnode_delete(*a, 7, DEL_RADIX));
    CHECK_OK(mt_cnode_move(*a, 7, DEL_RADIX, ROOT, n, ROOT_DEPTH));
    CHECK_OK(mt_cnode_move(*a, 0, DEL_RADIX, ROOT, b, ROOT_DEPTH));
    for (int i = 0; i < 3; i++)
        CHECK_EQ(free_bytes(uts[i]), 0);
    return 0;
}

static int check_deleted(struct ctx *c, mt_cptr_t uts[3], mt_cptr_t ep, mt_cptr_t a)
{
    CHECK_EQ(cap_type(a), MT_CAP_NULL);
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    CHECK_EQ(free_bytes(uts[0]), 1ul << (DEL_RADIX + MT_SLOT_SIZE_BITS));
    CHECK_EQ(free_bytes(uts[1]), 1ul << (DEL_RADIX + MT_SLOT_SIZE_BITS));
    CHECK_EQ(free_bytes(uts[2]), 1ul << MT_NOTIFICATION_SIZE_BITS);
    return 0;
}

/* Deleting a CNode's last cap empties it and, through its slot 0, the
 * CNode it held; interrupted or not, everything comes back. */
static int t_delete_interrupted(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct interrupter in;
    mt_cptr_t uts[3], a;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    uts[0] = obj_new(c, MT_OBJ_UNTYPED, DEL_RADIX + MT_SLOT_SIZE_BITS);
    uts[1] = obj_new(c, MT_OBJ_UNTYPED, DEL_RADIX + MT_SLOT_SIZE_BITS);
    uts[2] = obj_new(c, MT_OBJ_UNTYPED, MT_NOTIFICATION_SIZE_BITS);
    CHECK(ep && uts[0] && uts[1] && uts[2]);
    TRY(build_for_delete(c, uts, ep, &a));
    TRY(interrupter_start(c, &in, 2500));
    mt_word_t before = in.count;
    CHECK_OK(mt_cnode_delete(ROOT, a, ROOT_DEPTH));
    mt_word_t interruptions = in.count - before;
    interrupter_stop(&in);
    CHECK(interruptions >= 50);
    TRY(check_deleted(c, uts, ep, a));
    TRY(build_for_delete(c, uts, ep, &a));
    CHECK_OK(mt_cnode_delete(ROOT, a, ROOT_DEPTH));
    return check_deleted(c, uts, ep, a);
}

/* An untyped child is not cleared when made (2 MiB would take at least
 * 262,144 stores); the objects later made from it are clear, though its
 * memory held a pattern. */
static int t_untyped_child_not_cleared(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t va, s = slot_alloc(c), scratch = slot_alloc(c);
    CHECK(s && scratch);
    mt_word_t t0 = rdinstret();
    CHECK_OK(mt_untyped_retype(find_big_untyped(c->bi), MT_OBJ_UNTYPED, 21, ROOT, 0, 0, s, 1));
    mt_word_t cost = rdinstret() - t0;
    CHECK(cost < 100000);
    TRY(dirty_2m(c, s, &va));
    mt_cptr_t frames = slot_alloc_n(c, 256), cn = obj_new_from(c, s, MT_OBJ_CNODE, 8);
    CHECK(frames && cn);
    CHECK_OK(mt_untyped_retype(s, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, frames, 256));
    for (mt_word_t f = frames; f < frames + 256; f += 85) {
        mt_word_t fva = vaddr_alloc(c, 1);
        CHECK_OK(map_frame(c, VS, f, fva, MT_VM_READ));
        for (mt_word_t i = 0; i < MT_PAGE_SIZE / 8; i++)
            CHECK_EQ(((const mt_word_t *)fva)[i], 0);
    }
    for (mt_word_t i = 0; i < 256; i++)
        CHECK_EQ(slot_type(cn, 8, i, scratch), MT_CAP_NULL);
    return 0;
}

/* A Delete preempted half-way leaves the CNode to its zombie; a Revoke of
 * the CNode's untyped by a thread of higher priority, woken by the RTC
 * in the middle of it, finishes the deletion; the Delete, restarted,
 * finds it done. */
static struct {
    struct interrupter in;      /* only its RTC, handler and notification */
    mt_cptr_t ut;
    volatile int deleting, seen_deleting, revoke_err;
} fin;

static void finisher(mt_word_t arg)
{
    (void)arg;
    mt_wait(fin.in.ntfn);
    fin.seen_deleting = fin.deleting;
    fin.revoke_err = mt_cnode_revoke(ROOT, fin.ut, ROOT_DEPTH);
    rtc_write(fin.in.rtc, RTC_CLEAR_INTERRUPT, 1);
    mt_irq_handler_ack(fin.in.handler);
}

static int t_revoke_finishes_delete(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), frame = device_frame(c, RTC_PADDR);
    fin.ut = obj_new(c, MT_OBJ_UNTYPED, DEL_RADIX + MT_SLOT_SIZE_BITS);
    mt_cptr_t cn = fin.ut ? obj_new_from(c, fin.ut, MT_OBJ_CNODE, DEL_RADIX) : 0;
    fin.in.rtc = (volatile void *)vaddr_alloc(c, 1);
    fin.in.ntfn = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    fin.in.handler = slot_alloc(c);
    CHECK(ep && frame && cn && fin.in.ntfn && fin.in.handler);
    for (mt_word_t i = 0; i < (1ul << DEL_RADIX); i++)
        CHECK_OK(mt_cnode_copy(cn, i, DEL_RADIX, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_OK(map_frame(c, VS, frame, (mt_word_t)fin.in.rtc, MT_VM_READ | MT_VM_WRITE));
    CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, fin.in.handler, ROOT_DEPTH));
    CHECK_OK(mt_irq_handler_set_notification(fin.in.handler, fin.in.ntfn));
    rtc_write(fin.in.rtc, RTC_CLEAR_INTERRUPT, 1);
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO, finisher, 0));
    fin.revoke_err = -1;
    rtc_alarm_in(fin.in.rtc, 100000);
    fin.deleting = 1;
    CHECK_OK(mt_cnode_delete(ROOT, cn, ROOT_DEPTH));
    fin.deleting = 0;
    rtc_write(fin.in.rtc, RTC_IRQ_ENABLED, 0);
    CHECK_EQ(fin.seen_deleting, 1);
    CHECK_OK(fin.revoke_err);
    CHECK_EQ(cap_type(cn), MT_CAP_NULL);
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    CHECK_EQ(free_bytes(fin.ut), 1ul << (DEL_RADIX + MT_SLOT_SIZE_BITS));
    return 0;
}

/* TCB SetSpace replacing the last cap of a CNode full of caps: deleting
 * the old cap is interrupted, the call restarts and completes; the CNode's
 * memory comes back and the new CSpace is in place. */
static int t_set_space_interrupted(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct interrupter in;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t ut = obj_new(c, MT_OBJ_UNTYPED, DEL_RADIX + MT_SLOT_SIZE_BITS);
    mt_cptr_t tcb = obj_new(c, MT_OBJ_TCB, 0);
    mt_cptr_t cn = ut ? obj_new_from(c, ut, MT_OBJ_CNODE, DEL_RADIX) : 0;
    CHECK(ep && cn && tcb);
    for (mt_word_t i = 0; i < (1ul << DEL_RADIX); i++)
        CHECK_OK(mt_cnode_copy(cn, i, DEL_RADIX, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_OK(mt_tcb_set_space(tcb, 0, cn, 0, VS));
    CHECK_OK(mt_cnode_delete(ROOT, cn, ROOT_DEPTH));   /* the TCB holds the last cap */
    CHECK_EQ(free_bytes(ut), 0);
    TRY(interrupter_start(c, &in, 2500));
    mt_word_t before = in.count;
    CHECK_OK(mt_tcb_set_space(tcb, 0, ROOT, 0, VS));
    mt_word_t interruptions = in.count - before;
    interrupter_stop(&in);
    CHECK(interruptions >= 20);
    CHECK_EQ(free_bytes(ut), 1ul << (DEL_RADIX + MT_SLOT_SIZE_BITS));
    CHECK_EQ(cap_type(ep), MT_CAP_ENDPOINT);
    return 0;
}

#define WAITERS 256

/* WAITERS threads Recv (Wait) on a new endpoint (notification) from its
 * own untyped; their fault endpoint is fep. */
static int park_on(struct ctx *c, mt_cptr_t fep, int type, mt_cptr_t *ut, mt_cptr_t *ep)
{
    mt_cptr_t tcbs = slot_alloc_n(c, WAITERS);
    int bits = type == MT_OBJ_ENDPOINT ? MT_ENDPOINT_SIZE_BITS : MT_NOTIFICATION_SIZE_BITS;
    *ut = obj_new(c, MT_OBJ_UNTYPED, bits);
    *ep = *ut ? obj_new_from(c, *ut, type, 0) : 0;
    CHECK(tcbs && *ep);
    CHECK_OK(mt_untyped_retype(c->ut, MT_OBJ_TCB, 0, ROOT, 0, 0, tcbs, WAITERS));
    for (mt_cptr_t t = tcbs; t < tcbs + WAITERS; t++) {
        mt_word_t regs[MT_REG_A0 + 1] = { 0 };
        regs[MT_REG_PC] = (mt_word_t)asm_spin_marked;
        regs[MT_REG_A0] = *ep;
        CHECK_OK(mt_tcb_configure(t, fep, ROOT, 0, VS, 0, 0));
        CHECK_OK(mt_tcb_set_priority(t, c->self, TEST_PRIO + 5));
        CHECK_OK(mt_tcb_write_registers(t, 1, MT_REG_A0 + 1, regs));
    }
    return 0;
}

static int park_waiters(struct ctx *c, mt_cptr_t fep, mt_cptr_t *ut, mt_cptr_t *ep)
{
    return park_on(c, fep, MT_OBJ_ENDPOINT, ut, ep);
}

/* Each waiter, restarted, re-runs its Recv, finds no cap and faults. */
static int count_cap_faults(struct ctx *c, mt_cptr_t fep)
{
    int n = 0;
    mt_word_t badge;
    while (mt_msginfo_label(mt_nbrecv(fep, &badge)) == MT_FAULT_CAP)
        n++;
    CHECK_EQ(n, WAITERS);
    return 0;
}

/* Deleting the last cap of an endpoint with 256 waiters restarts them one
 * at a time, interrupted or not; then its memory is free. */
static int t_delete_waiters_interrupted(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct interrupter in;
    mt_cptr_t ut, ep, fep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(fep);
    TRY(park_waiters(c, fep, &ut, &ep));
    CHECK_EQ(free_bytes(ut), 0);
    TRY(interrupter_start(c, &in, 2500));
    mt_word_t before = in.count;
    CHECK_OK(mt_cnode_delete(ROOT, ep, ROOT_DEPTH));
    mt_word_t interruptions = in.count - before;
    interrupter_stop(&in);
    CHECK(interruptions >= 5);
    CHECK_EQ(free_bytes(ut), 1ul << MT_ENDPOINT_SIZE_BITS);
    TRY(count_cap_faults(c, fep));
    TRY(park_waiters(c, fep, &ut, &ep));
    CHECK_OK(mt_cnode_delete(ROOT, ep, ROOT_DEPTH));
    CHECK_EQ(free_bytes(ut), 1ul << MT_ENDPOINT_SIZE_BITS);
    return count_cap_faults(c, fep);
}

/* A TCB dies holding the last cap of a CNode whose slot 0 holds the last
 * cap of an endpoint with waiters: the TCB's slot receives that cap while
 * the CNode is emptied, and all of it goes (the waiters restart, one a
 * step: the dead TCB waits as a zombie), interrupted (in) or not. */
static int dead_tcb_endpoint_waiters(struct ctx *c, struct interrupter *in)
{
    mt_cptr_t eut, ep, fep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t xut = obj_new(c, MT_OBJ_UNTYPED, 4 + MT_SLOT_SIZE_BITS);
    mt_cptr_t tut = obj_new(c, MT_OBJ_UNTYPED, MT_TCB_SIZE_BITS);
    CHECK(fep && xut && tut);
    TRY(park_waiters(c, fep, &eut, &ep));
    mt_cptr_t x = obj_new_from(c, xut, MT_OBJ_CNODE, 4), t = obj_new_from(c, tut, MT_OBJ_TCB, 0);
    CHECK(x && t);
    CHECK_OK(mt_cnode_move(x, 0, 4, ROOT, ep, ROOT_DEPTH));
    CHECK_OK(mt_tcb_configure(t, 0, x, 0, VS, 0, 0));
    CHECK_OK(mt_cnode_delete(ROOT, x, ROOT_DEPTH));
    if (in)
        TRY(interrupter_start(c, in, 2500));
    mt_word_t before = in ? in->count : 0;
    CHECK_OK(mt_cnode_delete(ROOT, t, ROOT_DEPTH));
    if (in) {
        mt_word_t interruptions = in->count - before;
        interrupter_stop(in);
        CHECK(interruptions >= 5);
    }
    CHECK_EQ(free_bytes(tut), 1ul << MT_TCB_SIZE_BITS);
    CHECK_EQ(free_bytes(xut), 1ul << (4 + MT_SLOT_SIZE_BITS));
    CHECK_EQ(free_bytes(eut), 1ul << MT_ENDPOINT_SIZE_BITS);
    return count_cap_faults(c, fep);
}

static int t_dead_tcb_endpoint_waiters(struct ctx *c, mt_word_t arg)
{
    static struct interrupter in;
    if (arg)
        TRY(dead_tcb_endpoint_waiters(c, &in));
    return dead_tcb_endpoint_waiters(c, NULL);
}

#define OTHER_IRQ 40   /* a PLIC source nothing raises: the handler only holds */

/* An IRQ handler holds the last cap of a notification WAITERS threads
 * wait on; deleting the handler restarts them one a step, interrupted
 * (in) or not, and frees the notification and the IRQ. */
static int irq_handler_ntfn_waiters(struct ctx *c, struct interrupter *in)
{
    mt_cptr_t nut, n, fep = obj_new(c, MT_OBJ_ENDPOINT, 0), h = slot_alloc(c);
    CHECK(fep && h);
    TRY(park_on(c, fep, MT_OBJ_NOTIFICATION, &nut, &n));
    CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, OTHER_IRQ, ROOT, h, ROOT_DEPTH));
    CHECK_OK(mt_irq_handler_set_notification(h, n));
    CHECK_OK(mt_cnode_delete(ROOT, n, ROOT_DEPTH));   /* the handler's is the last cap */
    CHECK_EQ(free_bytes(nut), 0);
    if (in)
        TRY(interrupter_start(c, in, 2500));
    mt_word_t before = in ? in->count : 0;
    CHECK_OK(mt_cnode_delete(ROOT, h, ROOT_DEPTH));
    if (in) {
        mt_word_t interruptions = in->count - before;
        interrupter_stop(in);
        CHECK(interruptions >= 5);
    }
    CHECK_EQ(free_bytes(nut), 1ul << MT_NOTIFICATION_SIZE_BITS);
    CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, OTHER_IRQ, ROOT, h, ROOT_DEPTH));
    CHECK_OK(mt_cnode_delete(ROOT, h, ROOT_DEPTH));
    return count_cap_faults(c, fep);
}

static int t_irq_handler_ntfn_waiters(struct ctx *c, mt_word_t arg)
{
    static struct interrupter in;
    if (arg)
        TRY(irq_handler_ntfn_waiters(c, &in));
    return irq_handler_ntfn_waiters(c, NULL);
}

#define CHAIN 1024
#define CHAIN_TCB_EVERY 128

/* A chain: CHAIN CNodes of 2 slots (from ut), each holding in slot 0 the
 * last cap of the next, except that every CHAIN_TCB_EVERY-th link is a
 * TCB (from tut) whose CSpace slot holds it; the last CNode holds the
 * last cap of an endpoint WAITERS threads wait on.  *head: the first
 * CNode's cap, the only cap left to any of it. */
static int build_chain(struct ctx *c, mt_cptr_t ut, mt_cptr_t tut, mt_cptr_t fep,
                       mt_cptr_t *eut, mt_cptr_t *head)
{
    mt_cptr_t ep, next;
    TRY(park_waiters(c, fep, eut, &ep));
    next = ep;
    for (int i = CHAIN - 1; i >= 0; i--) {
        mt_cptr_t cn = obj_new_from(c, ut, MT_OBJ_CNODE, 1);
        CHECK(cn);
        CHECK_OK(mt_cnode_move(cn, 0, 1, ROOT, next, ROOT_DEPTH));
        next = cn;
        if (i % CHAIN_TCB_EVERY == 0) {
            mt_cptr_t t = obj_new_from(c, tut, MT_OBJ_TCB, 0);
            CHECK(t);
            CHECK_OK(mt_tcb_set_space(t, 0, cn, 0, VS));
            CHECK_OK(mt_cnode_delete(ROOT, cn, ROOT_DEPTH));
            cn = obj_new_from(c, ut, MT_OBJ_CNODE, 1);
            CHECK(cn);
            CHECK_OK(mt_cnode_move(cn, 0, 1, ROOT, t, ROOT_DEPTH));
            next = cn;
        }
    }
    *head = next;
    return 0;
}

/* The chain goes by a Delete of its head (revoke == 0) or a Revoke of
 * the untyped of its head only (the rest comes from other untyped: it
 * dies as the content of dead objects, never as a child of the revoked
 * untyped), interrupted (in) or not; everything comes back. */
static int chain_goes(struct ctx *c, struct interrupter *in, int revoke)
{
    mt_cptr_t fep = obj_new(c, MT_OBJ_ENDPOINT, 0), eut = 0, head = 0;
    mt_cptr_t hut = obj_new(c, MT_OBJ_UNTYPED, 1 + MT_SLOT_SIZE_BITS);
    mt_cptr_t ut = obj_new(c, MT_OBJ_UNTYPED, 17), tut = obj_new(c, MT_OBJ_UNTYPED, 13);
    CHECK(fep && hut && ut && tut);
    TRY(build_chain(c, ut, tut, fep, &eut, &head));
    mt_cptr_t top = obj_new_from(c, hut, MT_OBJ_CNODE, 1);   /* holds the chain's head */
    CHECK(top);
    CHECK_OK(mt_cnode_move(top, 0, 1, ROOT, head, ROOT_DEPTH));
    if (in)
        TRY(interrupter_start(c, in, 2500));
    mt_word_t before = in ? in->count : 0;
    CHECK_OK(revoke ? mt_cnode_revoke(ROOT, hut, ROOT_DEPTH) : mt_cnode_delete(ROOT, top, ROOT_DEPTH));
    if (in) {
        mt_word_t interruptions = in->count - before;
        interrupter_stop(in);
        mt_printf("# chain of %d objects: %lu interruptions\n", CHAIN + CHAIN / CHAIN_TCB_EVERY,
                  interruptions);
        CHECK(interruptions >= 20);
    }
    CHECK_EQ(cap_type(top), MT_CAP_NULL);
    CHECK_EQ(free_bytes(hut), 1ul << (1 + MT_SLOT_SIZE_BITS));
    CHECK_EQ(free_bytes(ut), 1ul << 17);
    CHECK_EQ(free_bytes(tut), 1ul << 13);
    CHECK_EQ(free_bytes(eut), 1ul << MT_ENDPOINT_SIZE_BITS);
    return count_cap_faults(c, fep);
}

static int t_chain_interrupted(struct ctx *c, mt_word_t arg)
{
    static struct interrupter in;
    TRY(chain_goes(c, &in, (int)arg));
    return chain_goes(c, NULL, (int)arg);
}

#define VS_THREADS 512

/* n TCBs (slots from tcbs on, memory from ut) in VSpace vs, not started:
 * each would run asm_spin_marked, fault endpoint fep. */
static int bind_threads(struct ctx *c, mt_cptr_t ut, mt_cptr_t tcbs, int n, mt_cptr_t vs,
                        mt_cptr_t fep)
{
    for (int i = 0; i < n; i += 64)
        CHECK_OK(mt_untyped_retype(ut, MT_OBJ_TCB, 0, ROOT, 0, 0, tcbs + (mt_word_t)i, 64));
    for (mt_cptr_t t = tcbs; t < tcbs + (mt_word_t)n; t++) {
        mt_word_t regs[MT_REG_A0 + 1] = { 0 };
        regs[MT_REG_PC] = (mt_word_t)asm_spin_marked;
        CHECK_OK(mt_tcb_configure(t, fep, ROOT, 0, vs, 0, 0));
        CHECK_OK(mt_tcb_set_priority(t, c->self, TEST_PRIO + 5));
        CHECK_OK(mt_tcb_write_registers(t, 0, MT_REG_A0 + 1, regs));
    }
    return 0;
}

/* Started after their VSpace (or its ASID) went, each of n threads runs
 * on the kernel window alone: its first instruction fetch faults. */
static int threads_fault(struct ctx *c, mt_cptr_t tcbs, int n, mt_cptr_t fep)
{
    mt_word_t badge;
    int faults = 0;
    for (mt_cptr_t t = tcbs; t < tcbs + (mt_word_t)n; t++)
        CHECK_OK(mt_tcb_resume(t));
    while (mt_msginfo_label(mt_nbrecv(fep, &badge)) == MT_FAULT_VM)
        faults++;
    CHECK_EQ(faults, n);
    return 0;
}

static mt_word_t interrupted_call(struct ctx *c, struct interrupter *in, int (*call)(mt_cptr_t),
                                  mt_cptr_t arg, int *err)
{
    if (in && interrupter_start(c, in, 2500))
        return 0;
    mt_word_t before = in ? in->count : 0;
    *err = call(arg);
    if (!in)
        return 0;
    interrupter_stop(in);
    return in->count - before;
}

static int revoke_root(mt_cptr_t s) { return mt_cnode_revoke(ROOT, s, ROOT_DEPTH); }
static int delete_root(mt_cptr_t s) { return mt_cnode_delete(ROOT, s, ROOT_DEPTH); }

/* A VSpace 512 threads were bound to (their own caps to it gone first):
 * Revoke of its untyped lets them go one a step, interrupted (in) or not;
 * they run in no VSpace after, and the memory and ASID come back. */
static int vspace_with_threads_goes(struct ctx *c, struct interrupter *in)
{
    mt_cptr_t fep = obj_new(c, MT_OBJ_ENDPOINT, 0), tcbs = slot_alloc_n(c, VS_THREADS);
    mt_cptr_t vut = obj_new(c, MT_OBJ_UNTYPED, MT_VSPACE_SIZE_BITS);
    mt_cptr_t tut = obj_new(c, MT_OBJ_UNTYPED, MT_TCB_SIZE_BITS + 9), vs = slot_alloc(c);
    int err = -1;
    CHECK(fep && tcbs && vut && tut && vs);
    CHECK_OK(mt_untyped_retype(vut, MT_OBJ_VSPACE, 0, ROOT, 0, 0, vs, 1));
    CHECK_OK(mt_asid_pool_assign(MT_INIT_ASID_POOL, vs));
    TRY(bind_threads(c, tut, tcbs, VS_THREADS, vs, fep));
    mt_word_t n = interrupted_call(c, in, revoke_root, vut, &err);
    CHECK_OK(err);
    if (in)
        CHECK(n >= 5);
    CHECK_EQ(free_bytes(vut), 1ul << MT_VSPACE_SIZE_BITS);
    TRY(threads_fault(c, tcbs, VS_THREADS, fep));
    CHECK_OK(mt_untyped_retype(vut, MT_OBJ_VSPACE, 0, ROOT, 0, 0, vs, 1));
    CHECK_OK(mt_asid_pool_assign(MT_INIT_ASID_POOL, vs));
    return 0;
}

static int t_vspace_threads_interrupted(struct ctx *c, mt_word_t arg)
{
    static struct interrupter in;
    if (arg)
        TRY(vspace_with_threads_goes(c, &in));
    return vspace_with_threads_goes(c, NULL);
}

#define POOL_VSPACES 8

/* An ASID pool with 8 VSpaces of 64 threads each: deleting it kills the
 * ASIDs, a thread or a VSpace a step, interrupted (in) or not; the
 * threads run in no VSpace after, the VSpaces cannot be used, and a new
 * pool takes the pool's place. */
static int pool_with_threads_goes(struct ctx *c, struct interrupter *in)
{
    mt_cptr_t fep = obj_new(c, MT_OBJ_ENDPOINT, 0), tcbs = slot_alloc_n(c, VS_THREADS);
    mt_cptr_t put = obj_new(c, MT_OBJ_UNTYPED, MT_ASID_POOL_SIZE_BITS), pool = slot_alloc(c);
    mt_cptr_t tut = obj_new(c, MT_OBJ_UNTYPED, MT_TCB_SIZE_BITS + 9), vss[POOL_VSPACES];
    int err = -1;
    CHECK(fep && tcbs && put && tut && pool);
    CHECK_OK(mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, put, ROOT, pool, ROOT_DEPTH));
    for (int i = 0; i < POOL_VSPACES; i++) {
        CHECK((vss[i] = vspace_new_in(c, pool)));
        TRY(bind_threads(c, tut, tcbs + (mt_word_t)i * (VS_THREADS / POOL_VSPACES),
                         VS_THREADS / POOL_VSPACES, vss[i], fep));
    }
    mt_word_t n = interrupted_call(c, in, delete_root, pool, &err);
    CHECK_OK(err);
    if (in)
        CHECK(n >= 5);
    TRY(threads_fault(c, tcbs, VS_THREADS, fep));
    for (int i = 0; i < POOL_VSPACES; i++)
        CHECK_ERR(mt_tcb_configure(tcbs, 0, ROOT, 0, vss[i], 0, 0), MT_INVALID_CAPABILITY);
    CHECK_OK(mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, put, ROOT, pool, ROOT_DEPTH));
    CHECK(vspace_new_in(c, pool));
    return 0;
}

static int t_pool_threads_interrupted(struct ctx *c, mt_word_t arg)
{
    static struct interrupter in;
    if (arg)
        TRY(pool_with_threads_goes(c, &in));
    return pool_with_threads_goes(c, NULL);
}

/* A long operation is charged to its invoker: a Retype that resets 16 MiB
 * (more than a time slice of work) lets a thread of the same priority run
 * in the middle of that one call. */
static int t_long_call_charged(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static volatile mt_word_t count;
    struct thread t;
    mt_cptr_t ut = obj_new_from(c, find_big_untyped(c->bi), MT_OBJ_UNTYPED, 24);
    mt_cptr_t frames = slot_alloc_n(c, 8);
    CHECK(ut && frames);
    CHECK_OK(mt_untyped_retype(ut, MT_OBJ_FRAME_2M, 0, ROOT, 0, 0, frames, 8));
    CHECK_OK(mt_cnode_revoke(ROOT, ut, ROOT_DEPTH));   /* 16 MiB to clear */
    TRY(thread_spawn(c, &t, 0, TEST_PRIO, child_count_spin, (mt_word_t)&count));
    yield_n(1);
    mt_word_t before = count;
    CHECK_OK(mt_untyped_retype(ut, MT_OBJ_FRAME_4K, 0, ROOT, 0, 0, frames, 1));
    mt_word_t during = count - before;
    CHECK(during > 0);
    return 0;
}

#define SENDERS 2048
#define CANCELLED_BADGE 2

/* SENDERS threads (their TCBs from ut, into the slots from s->tcbs on),
 * of a priority above the test's, queue in order on a new endpoint: sender i sends i (MR0) with badge 1 + i % 3, then parks
 * on a notification.  A cancelled one sends again at once when it runs. */
struct senders {
    mt_cptr_t ep, badged[4], park, tcbs, fep;
};

static int queue_senders(struct ctx *c, mt_cptr_t ut, struct senders *s)
{
    s->ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    s->park = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(s->ep && s->park);
    for (int b = 1; b <= 3; b++)
        CHECK((s->badged[b] = cap_mint(c, s->ep, MT_RIGHTS_ALL, (mt_word_t)b)));
    for (mt_word_t i = 0; i < SENDERS; i += 256)
        CHECK_OK(mt_untyped_retype(ut, MT_OBJ_TCB, 0, ROOT, 0, 0, s->tcbs + i, 256));
    for (mt_word_t i = 0; i < SENDERS; i++) {
        mt_word_t regs[MT_REG_A0 + 4] = { 0 };
        mt_cptr_t t = s->tcbs + i;
        regs[MT_REG_PC] = (mt_word_t)asm_send_park;
        regs[MT_REG_A0] = s->badged[1 + i % 3];
        regs[MT_REG_A0 + 1] = mt_msginfo(0, 0, 0, 1);
        regs[MT_REG_A0 + 2] = i;
        regs[MT_REG_A0 + 3] = s->park;
        CHECK_OK(mt_tcb_configure(t, s->fep, ROOT, 0, VS, 0, 0));
        CHECK_OK(mt_tcb_set_priority(t, c->self, TEST_PRIO + 5));
        CHECK_OK(mt_tcb_write_registers(t, 1, MT_REG_A0 + 4, regs));   /* it runs and blocks */
    }
    return 0;
}

/* What the senders sent, in the order it was received: first got[0..n)
 * (taken while the cancel ran), then the rest of the queue.  Every sender
 * comes once; those that were not cancelled in their order (FIFO); and in
 * what was left in the queue, all of them before any cancelled one (which
 * sent again after the call began).  Returns how many were cancelled. */
static int check_cancelled(struct ctx *c, struct senders *s, mt_word_t *got, mt_word_t n,
                           unsigned badges, mt_word_t *cancelled)
{
    static unsigned char seen[SENDERS];
    mt_word_t badge, next_kept = 0, left = n;
    int cancelled_seen = 0;
    memset(seen, 0, sizeof seen);
    *cancelled = 0;
    while (mt_msginfo_length(mt_nbrecv(s->ep, &badge)) == 1)
        got[n++] = mt_get_mr(0);
    CHECK_EQ(n, SENDERS);
    for (mt_word_t k = 0; k < n; k++) {
        mt_word_t id = got[k];
        CHECK(id < SENDERS && !seen[id]);
        seen[id] = 1;
        if (!(badges & (1u << (1 + id % 3)))) {
            CHECK(id >= next_kept);
            next_kept = id + 1;
            CHECK(k < left || !cancelled_seen);
        } else if (k >= left) {
            cancelled_seen = 1;
            ++*cancelled;
        }
    }
    return 0;
}

static int check_after_cancel(struct ctx *c, struct senders *s, mt_word_t *got, mt_word_t n,
                              mt_word_t *cancelled)
{
    return check_cancelled(c, s, got, n, 1u << CANCELLED_BADGE, cancelled);
}

/* CancelBadgedSends on a queue of 2,048 senders, interrupted at least 20
 * times while a thread of higher priority takes messages off the queue
 * and the cancelled senders (of higher priority too) send again; then
 * the same uninterrupted.  Both end alike: the senders of the other
 * badges in their order, each message once, and the cancelled senders
 * behind them all. */
static int t_cancel_badged_interrupted(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static struct interrupter in;
    static mt_word_t got[SENDERS];
    struct senders s;
    mt_word_t cancelled, taken;
    mt_cptr_t ut = obj_new_from(c, find_big_untyped(c->bi), MT_OBJ_UNTYPED, 20);
    s.tcbs = slot_alloc_n(c, SENDERS);
    s.fep = 0;
    CHECK(ut && s.tcbs);
    TRY(queue_senders(c, ut, &s));
    in.drain = s.ep;
    in.got = got;
    in.ngot = 0;
    TRY(interrupter_start(c, &in, 2500));
    mt_word_t before = in.count;
    CHECK_OK(mt_cnode_cancel_badged_sends(ROOT, s.badged[CANCELLED_BADGE], ROOT_DEPTH));
    mt_word_t interruptions = in.count - before;
    interrupter_stop(&in);
    in.drain = 0;
    taken = in.ngot;
    mt_printf("# cancel of %d senders: %lu interruptions, %lu messages taken meanwhile\n",
              SENDERS, interruptions, taken);
    CHECK(interruptions >= 20 && taken > 0);
    TRY(check_after_cancel(c, &s, got, taken, &cancelled));
    CHECK(cancelled > 0);
    /* the same, uninterrupted: every one of the badge is cancelled */
    CHECK_OK(mt_cnode_revoke(ROOT, ut, ROOT_DEPTH));
    TRY(queue_senders(c, ut, &s));
    CHECK_OK(mt_cnode_cancel_badged_sends(ROOT, s.badged[CANCELLED_BADGE], ROOT_DEPTH));
    TRY(check_after_cancel(c, &s, got, 0, &cancelled));
    CHECK_EQ(cancelled, (SENDERS + 1) / 3);
    return 0;
}

/* A second CancelBadgedSends (of another badge, by a thread of higher
 * priority) runs whole in the middle of the first, walking past its
 * cursor; or the endpoint is deleted in the middle of it, which completes
 * it.  other: what the thread woken at the 10th alarm does. */
static struct {
    struct senders s;
    mt_cptr_t kick;
    volatile int err;
    int delete;
} other;

static void other_fn(mt_word_t arg)
{
    (void)arg;
    mt_wait(other.kick);
    if (!other.delete) {
        other.err = mt_cnode_cancel_badged_sends(ROOT, other.s.badged[3], ROOT_DEPTH);
        return;
    }
    other.err = 0;
    for (int b = 1; b <= 3; b++)
        other.err |= mt_cnode_delete(ROOT, other.s.badged[b], ROOT_DEPTH);
    other.err |= mt_cnode_delete(ROOT, other.s.ep, ROOT_DEPTH);
}

static int t_cancel_badged_meanwhile(struct ctx *c, mt_word_t arg)
{
    static struct interrupter in;
    static mt_word_t got[SENDERS];
    struct thread t;
    mt_word_t cancelled, badge;
    mt_cptr_t ut = obj_new_from(c, find_big_untyped(c->bi), MT_OBJ_UNTYPED, 20);
    other.s.tcbs = slot_alloc_n(c, SENDERS);
    other.s.fep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    other.kick = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    other.delete = (int)arg;
    other.err = -1;
    CHECK(ut && other.s.tcbs && other.s.fep && other.kick);
    TRY(queue_senders(c, ut, &other.s));
    TRY(thread_spawn(c, &t, 0, TEST_PRIO + 2, other_fn, 0));
    in.kick = other.kick;
    in.kick_at = 10;
    TRY(interrupter_start(c, &in, 2500));
    CHECK_OK(mt_cnode_cancel_badged_sends(ROOT, other.s.badged[CANCELLED_BADGE], ROOT_DEPTH));
    mt_word_t interruptions = in.count;
    interrupter_stop(&in);
    in.kick = 0;
    CHECK(interruptions > 10);
    CHECK_OK(other.err);
    if (!arg)
        return check_cancelled(c, &other.s, got, 0, (1u << CANCELLED_BADGE) | (1u << 3), &cancelled);
    /* every sender, restarted, finds its cap gone (a Send on an empty
     * slot is no fault) and goes on to wait on its notification */
    for (mt_cptr_t t = other.s.tcbs; t < other.s.tcbs + SENDERS; t++) {
        struct mt_thread_state_info info;
        CHECK_OK(mt_tcb_get_info(t, &info));
        CHECK_EQ(info.state, MT_THREAD_BLOCKED_NTFN);
    }
    CHECK_EQ(mt_msginfo_label(mt_nbrecv(other.s.fep, &badge)), 0);
    return 0;
}

static const struct test preempt_group_tests[] = {
    { "preempt_revoke_10000_interruptions", t_revoke_interrupted, 0 },
    { "preempt_retype_reset_interrupted", t_retype_interrupted, 0 },
    { "preempt_delete_cnode_interrupted", t_delete_interrupted, 0 },
    { "preempt_untyped_child_not_cleared", t_untyped_child_not_cleared, 0 },
    { "preempt_tcb_set_space_interrupted", t_set_space_interrupted, 0 },
    { "preempt_delete_endpoint_with_waiters_interrupted", t_delete_waiters_interrupted, 0 },
    { "preempt_dead_tcb_slot_gets_endpoint_with_waiters", t_dead_tcb_endpoint_waiters, 0 },
    { "preempt_dead_tcb_slot_endpoint_waiters_interrupted", t_dead_tcb_endpoint_waiters, 1 },
    { "preempt_irq_handler_deletion_ntfn_waiters", t_irq_handler_ntfn_waiters, 0 },
    { "preempt_irq_handler_deletion_ntfn_waiters_interrupted", t_irq_handler_ntfn_waiters, 1 },
    { "preempt_delete_chain_of_cnodes_and_tcbs_interrupted", t_chain_interrupted, 0 },
    { "preempt_revoke_chain_from_other_untyped_interrupted", t_chain_interrupted, 1 },
    { "preempt_revoke_finishes_preempted_delete", t_revoke_finishes_delete, 0 },
    { "preempt_long_call_charged_to_invoker", t_long_call_charged, 0 },
    { "preempt_cancel_badged_sends_interrupted", t_cancel_badged_interrupted, 0 },
    { "preempt_cancel_badged_sends_another_meanwhile", t_cancel_badged_meanwhile, 0 },
    { "preempt_cancel_badged_sends_endpoint_deleted_meanwhile", t_cancel_badged_meanwhile, 1 },
    { "preempt_vspace_with_512_threads_goes", t_vspace_threads_interrupted, 0 },
    { "preempt_vspace_with_512_threads_goes_interrupted", t_vspace_threads_interrupted, 1 },
    { "preempt_asid_pool_with_threads_goes", t_pool_threads_interrupted, 0 },
    { "preempt_asid_pool_with_threads_goes_interrupted", t_pool_threads_interrupted, 1 },
};
GROUP(preempt_group);
