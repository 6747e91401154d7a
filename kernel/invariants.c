/* SPDX-License-Identifier: BSD-2-Clause */
/* The invariant checker of debug builds (MT_SYS_DEBUG_CHECK): the kernel's
 * state, read whole between two system calls, against what the code
 * relies on.  The fuzzer calls it after its operations.
 *
 * It finds every cap from the caller's TCB, the ready queues and the IRQ
 * table: a CNode or TCB cap found makes that object's slots a container
 * to scan, and every slot that heads a derivation list has its whole list
 * walked, so objects that only hold themselves (a CNode with the last cap
 * to itself) are reached through the list of the untyped they came from.
 * Each cap is checked once, in its list walk; each object once, at the
 * first of its caps there (an object's caps are adjacent in the list).
 * Then the counts taken from both sides must agree: caps in containers and
 * caps in lists, threads flagged queued and threads in ready queues,
 * threads blocked on endpoints and notifications and the lengths of their
 * queues, VSpaces and used ASIDs, IRQ handlers and claimed IRQs.  (The
 * count of caps assumes each list's head is reachable, which holds unless
 * a boot cap was deleted and its list kept alive only by a cycle.)
 *
 * Scanned containers are marked while the check runs (a TCB by a flag, a
 * CNode by bit 0 of slot 0's prev link, which the list code masks off)
 * and unmarked at its end.  Past MAX_CONTAINERS of them the check scans
 * no more and compares no counts.  Adding an object type means a case in
 * check_cap and check_object: -Wswitch-enum points at both. */
#ifdef KERNEL_DEBUG
#include "cap.h"
#include "cdt.h"
#include "asid.h"
#include "fpu.h"
#include "invariants.h"
#include "reply.h"
#include "vspace.h"
#include "sched.h"
#include "vspace_switch.h"

#define MAX_CONTAINERS 1024
#define MAX_STEPS (1ul << 24)   /* longer lists or queues are cycles */
#define CNODE_MARK 1ul

static struct {
    word_t work[MAX_CONTAINERS];  /* TCB pointer, or CNode slots | radix */
    int nwork;
    bool overflow;
    word_t in_slots, in_lists;    /* caps: found in containers, in lists */
    word_t flagged, queued;       /* TF_QUEUED threads, ready-queue entries */
    word_t ep_blocked, ep_queued, nt_blocked, nt_queued;
    word_t vspaces, asids, handlers, claimed;
    const char *what;             /* the first broken invariant */
    word_t d0, d1;
} k;

static bool broken(const char *what, word_t d0, word_t d1)
{
    if (!k.what) {
        k.what = what;
        k.d0 = d0;
        k.d1 = d1;
    }
    return false;
}
#define EXPECT(cond, what, d0, d1) do { if (!(cond)) \
    return broken(what, (word_t)(d0), (word_t)(d1)); } while (0)

/* Only what is in the work list is marked (unmark() clears it all). */
static bool add_work(word_t item)
{
    if (k.nwork == MAX_CONTAINERS) {
        k.overflow = true;
        return false;
    }
    k.work[k.nwork++] = item;
    return true;
}

static void add_tcb(struct tcb *t)
{
    if (!(t->flags & TF_CHECKED) && add_work((word_t)t))
        t->flags |= TF_CHECKED;
}

static void add_cnode(struct cap c)
{
    struct cte *slots = cap_cnode_slots(c);
    if (!(slots[0].mdb.prev & CNODE_MARK) && add_work((word_t)slots | (word_t)cap_cnode_radix(c)))
        slots[0].mdb.prev |= CNODE_MARK;
}

static struct cte *prev_of(const struct cte *s) { return (struct cte *)(s->mdb.prev & ~MDB_FLAGS); }

/* A thread in an endpoint's or notification's queue, or blocked on one. */
static bool check_queue(const struct thread_queue *q, void *obj, bool ntfn, word_t *len)
{
    struct tcb *prev = NULL;
    word_t n = 0;
    for (struct tcb *t = q->head; t; prev = t, t = t->ep_next) {
        EXPECT(++n < MAX_STEPS, "queue: a cycle", obj, 0);
        EXPECT(t->ep_prev == prev, "queue: ep_prev", t, prev);
        EXPECT(t->blocked_on == obj, "queue: thread blocked elsewhere", t, t->blocked_on);
        if (ntfn)
            EXPECT(t->state == TS_BLOCKED_NTFN, "notification queue: thread state", t, t->state);
        else if (t->flags & TF_CURSOR)   /* CancelBadgedSends' cursor (ipc.c) */
            EXPECT((t->state == TS_RUNNING || t->state == TS_INACTIVE) && t != q->head &&
                   q->head->state == TS_BLOCKED_SEND, "endpoint queue: cursor", t, t->state);
        else
            EXPECT((t->state == TS_BLOCKED_SEND || t->state == TS_BLOCKED_RECV) &&
                   t->state == q->head->state, "endpoint queue: thread state", t, t->state);
    }
    EXPECT(q->tail == prev, "queue: tail", obj, q->tail);
    *len += n;
    return true;
}

/* The slots of a TCB hold what they may, and the fastpath's cache of
 * them (tcb_cache_spaces) is what the caps say. */
static bool check_tcb_slots(struct tcb *t)
{
    struct cap cs = t->cspace_root.cap, vs = t->vspace_root.cap;
    enum mt_cap_type ipc = cap_type(t->ipc_frame.cap);
    EXPECT(cap_is_null(cs) || cap_type(cs) == MT_CAP_CNODE, "TCB: CSpace root type", t, cap_type(cs));
    /* or a VSpace going while its threads let go of it (delete.c) */
    EXPECT(cap_is_null(vs) || cap_type(vs) == MT_CAP_VSPACE ||
           (cap_type(vs) == CAP_QUEUE_ZOMBIE && cap_queue_zombie_type(vs) == MT_CAP_VSPACE),
           "TCB: VSpace root type", t, cap_type(vs));
    EXPECT(ipc == MT_CAP_NULL || ipc == MT_CAP_FRAME, "TCB: IPC buffer cap type", t, ipc);
    if (cap_type(cs) == MT_CAP_CNODE) {
        int radix = cap_cnode_radix(cs);
        bool one = cap_cnode_guard(cs) == 0 && radix + cap_cnode_guard_size(cs) == MT_WORD_BITS;
        /* the FPU's owner and a cursor's thread take the slow path for
         * their own Calls (fpu.c, ipc.c) */
        EXPECT(t->cspace_slots == (one ? cap_cnode_slots(cs) : NULL) &&
               t->cspace_limit == (one && t != fpu_owner && !(t->flags & TF_CURSOR) ? BIT(radix) : 0),
               "TCB: fastpath CSpace cache", t, t->cspace_limit);
    }
    if (cap_type(vs) == MT_CAP_VSPACE)   /* or let go already by a dying pool (asid.c) */
        EXPECT(t->satp == vspace_satp(cap_paddr(vs)) ||
               (t->satp == kernel_satp && asid_dying(vspace_asid(cap_paddr(vs)))),
               "TCB: fastpath satp cache", t, t->satp);
    return true;
}

static bool check_thread(struct tcb *t)
{
    bool runnable = t->state == TS_RUNNING, queued = t->flags & TF_QUEUED;
    EXPECT(t->state <= TS_BLOCKED_NTFN, "TCB: state", t, t->state);
    EXPECT(t->timeslice >= 1 && t->timeslice <= TIMESLICE_TICKS, "TCB: time slice", t, t->timeslice);
    EXPECT(runnable ? queued || t == cur : !queued, "TCB: runnable but not queued, or queued but not runnable",
           t, t->state);
    k.flagged += queued;
    bool cursor = t->flags & TF_CURSOR;
    EXPECT(!cursor || t->state == TS_RUNNING || t->state == TS_INACTIVE, "TCB: blocked with a cursor",
           t, t->state);
    if (t->state == TS_BLOCKED_SEND || t->state == TS_BLOCKED_RECV || t->state == TS_BLOCKED_NTFN ||
        cursor) {
        struct thread_queue *q = t->blocked_on;   /* the first member of both objects */
        EXPECT(q, "TCB: blocked on nothing", t, t->state);
        EXPECT(t->ep_prev ? t->ep_prev->ep_next == t : q->head == t, "TCB: not in its queue", t, q);
        *(t->state == TS_BLOCKED_NTFN ? &k.nt_blocked : &k.ep_blocked) += 1;
    }
    if (t->caller)
        EXPECT(t->caller->replier == t && t->caller->state == TS_BLOCKED_REPLY,
               "TCB: caller does not wait for this replier", t, t->caller);
    if (t->replier)
        EXPECT(t->replier->caller == t && t->state == TS_BLOCKED_REPLY,
               "TCB: replier does not know this caller", t, t->replier);
    if (t->state == TS_BLOCKED_REPLY && !t->replier && t->blocked_on) {
        struct cap r = ((struct cte *)t->blocked_on)->cap;   /* its saved reply cap */
        EXPECT(cap_type(r) == MT_CAP_REPLY && cap_paddr(r) == virt_to_phys(t),
               "TCB: saved reply cap does not name its caller", t, r.w1);
    }
    if (t->bound_ntfn)
        EXPECT(ntfn_bound(t->bound_ntfn) == t, "TCB: bound notification bound elsewhere", t, t->bound_ntfn);
    if (t->fpu)
        EXPECT(t->fpu->bound == t, "TCB: its FPU object is bound elsewhere", t, t->fpu);
    return check_tcb_slots(t);
}

static bool check_ntfn(struct notification *n)
{
    struct tcb *b = ntfn_bound(n);
    EXPECT(!b || b->bound_ntfn == n, "notification: bound TCB bound elsewhere", n, b);
    EXPECT(!n->q.head || !ntfn_active(n), "notification: waiters and a pending signal", n, n->word);
    return check_queue(&n->q, n, true, &k.nt_queued);
}

/* What holds for an object whatever its caps: checked at its first cap. */
static bool check_object(struct cap c)
{
    switch (cap_type(c)) {
    case MT_CAP_TCB: return check_thread(cap_tcb_ptr(c));
    case MT_CAP_ENDPOINT: {
        struct endpoint *ep = cap_object(c);
        return check_queue(&ep->q, ep, false, &k.ep_queued);
    }
    case MT_CAP_NOTIFICATION: return check_ntfn(cap_object(c));
    case MT_CAP_VSPACE: {
        unsigned a = vspace_asid(cap_paddr(c));   /* 0: not yet assigned, or killed */
        EXPECT(a < MT_MAX_ASIDS && (!a || asid_root(a) == cap_paddr(c)),
               "VSpace: its ASID maps another root", cap_paddr(c), a);
        k.vspaces += a != 0;
        return true;
    }
    case MT_CAP_ASID_POOL: {
        const paddr_t *pool = cap_object(c);
        unsigned first = cap_asid_pool_first(c);
        for (unsigned i = 0; i < BIT(MT_ASID_POOL_BITS); i++)
            EXPECT(!pool[i] || vspace_asid(pool[i]) == first + i,
                   "ASID pool: an entry's VSpace has another ASID", first + i, pool[i]);
        return true;
    }
    case MT_CAP_FPU: {
        struct fpu *f = cap_object(c);
        EXPECT(!f->bound || f->bound->fpu == f, "FPU: its TCB has another", f, f->bound);
        return true;
    }
    case MT_CAP_REPLY: {
        struct tcb *caller = phys_to_virt(cap_paddr(c));
        EXPECT(caller->state == TS_BLOCKED_REPLY && !caller->replier,
               "reply cap: its caller does not wait for a saved reply", caller, caller->state);
        return true;
    }
    case MT_CAP_KERNEL_QUEUE_ZOMBIE:   /* the object lives on while it lets go (delete.c) */
        return check_object(cap_queue_zombie_original(c));
    case MT_CAP_IRQ_HANDLER:
        EXPECT(cap_irq(c) <= MT_IRQ_MAX && irq_is_claimed(cap_irq(c)),
               "IRQ handler: IRQ not claimed", cap_irq(c), 0);
        k.handlers++;
        return true;
    case MT_CAP_UNTYPED: case MT_CAP_CNODE: case MT_CAP_FRAME: case MT_CAP_PAGE_TABLE:
    case MT_CAP_IRQ_CONTROL: case MT_CAP_ASID_CONTROL: case MT_CAP_POWER: case MT_CAP_NULL:
    case MT_CAP_TYPE_COUNT: case MT_CAP_KERNEL_ZOMBIE:
        return true;   /* nothing beyond what check_cap sees */
    }
    return true;
}

/* What holds for each cap: its encoding, and the objects it leads to. */
static bool check_cap(struct cap c)
{
    word_t pa = cap_region_base(c);
    switch (cap_type(c)) {
    case MT_CAP_UNTYPED: {
        int bits = cap_untyped_bits(c);
        EXPECT(bits >= MT_UNTYPED_MIN_BITS && bits <= MT_UNTYPED_MAX_BITS, "untyped: size", pa, bits);
        EXPECT(cap_untyped_free(c) <= BIT(bits), "untyped: watermark past its end", pa, cap_untyped_free(c));
        break;
    }
    case MT_CAP_KERNEL_ZOMBIE:   /* a CNode or TCB being emptied */
        if (cap_zombie_is_tcb(c)) {
            add_tcb(phys_to_virt(cap_paddr(c)));
            break;
        }
        /* fall through */
    case MT_CAP_CNODE: {
        int radix = cap_cnode_radix(c);
        EXPECT(radix >= MT_CNODE_MIN_RADIX && radix <= MT_CNODE_MAX_RADIX &&
               radix + cap_cnode_guard_size(c) <= MT_WORD_BITS, "CNode: radix or guard size", pa, radix);
        add_cnode(c);
        break;
    }
    case MT_CAP_TCB: add_tcb(cap_tcb_ptr(c)); break;
    case MT_CAP_FRAME:
        EXPECT(IS_ALIGNED(cap_mapped_vaddr(c), cap_frame_bits(c)), "frame: mapped unaligned", pa, c.w0);
        break;
    case MT_CAP_ENDPOINT: case MT_CAP_NOTIFICATION: case MT_CAP_PAGE_TABLE: case MT_CAP_VSPACE:
    case MT_CAP_IRQ_CONTROL: case MT_CAP_ASID_CONTROL: case MT_CAP_ASID_POOL: case MT_CAP_FPU:
    case MT_CAP_REPLY: case MT_CAP_POWER:
        break;
    case MT_CAP_KERNEL_QUEUE_ZOMBIE:
        EXPECT(cap_queue_zombie_type(c) == MT_CAP_ENDPOINT ||
               cap_queue_zombie_type(c) == MT_CAP_NOTIFICATION ||
               cap_queue_zombie_type(c) == MT_CAP_VSPACE || cap_queue_zombie_type(c) == MT_CAP_ASID_POOL,
               "queue zombie: of an object that never waits", pa, c.w0);
        break;
    case MT_CAP_IRQ_HANDLER:
        EXPECT(cap_irq(c) <= MT_IRQ_MAX, "IRQ handler: IRQ number", cap_irq(c), 0);
        break;
    case MT_CAP_NULL: case MT_CAP_TYPE_COUNT:
        return broken("a null or unknown cap in a derivation list", c.w0, c.w1);
    }
    EXPECT(IS_ALIGNED(pa, __builtin_ctzl(cap_region_bytes(c) | BIT(63))),
           "object not aligned to its size", pa, cap_region_bytes(c));
    return true;
}

/* The derivation list that starts at head, each cap in it once. */
static bool walk_list(struct cte *head)
{
    struct cte *prev = NULL;
    for (struct cte *s = head; s; prev = s, s = mdb_next(s)) {
        EXPECT(k.in_lists++ < MAX_STEPS, "derivation list: a cycle", head, s);
        EXPECT(prev_of(s) == prev, "derivation list: prev link", s, s->mdb.prev);
        if (!check_cap(s->cap))
            return false;
        if (!prev || !same_object_as(prev->cap, s->cap))
            if (!check_object(s->cap))
                return false;
    }
    return true;
}

static bool scan_slots(struct cte *slots, word_t n)
{
    for (word_t i = 0; i < n; i++) {
        struct cte *s = &slots[i];
        if (cap_is_null(s->cap)) {
            EXPECT(s->cap.w0 == 0 && s->cap.w1 == 0 && s->mdb.next == 0 &&
                   (s->mdb.prev & ~CNODE_MARK) == 0, "empty slot not clear", s, s->mdb.next);
            continue;
        }
        k.in_slots++;
        struct cte *p = prev_of(s), *nx = mdb_next(s);
        EXPECT(!nx || prev_of(nx) == s, "derivation list: next's prev", s, nx);
        EXPECT(!p || mdb_next(p) == s, "derivation list: prev's next", s, p);
        if (cap_type(s->cap) == MT_CAP_CNODE)
            add_cnode(s->cap);
        if (cap_type(s->cap) == MT_CAP_TCB)
            add_tcb(cap_tcb_ptr(s->cap));
        if (!p && !walk_list(s))
            return false;
    }
    return true;
}

static bool scan_work(void)
{
    for (int i = 0; i < k.nwork; i++) {
        word_t item = k.work[i];
        word_t radix = item & 31;
        bool ok = radix ? scan_slots((struct cte *)(item & ~31ul), BIT(radix))
                        : scan_slots(&((struct tcb *)item)->cspace_root, 3);
        if (!ok)
            return false;
    }
    return true;
}

static bool check_ready_queues(void)
{
    int top = -1;   /* the highest queued priority */
    for (int p = 0; p <= MT_MAX_PRIORITY; p++) {
        struct tcb *prev = NULL, *t = sched_queue_head(p);
        EXPECT(sched_bitmap_has(p) == (t != NULL), "ready bitmap", p, t);
        /* the fastpath relies on both (fastpath.c) */
        EXPECT(!t || !cur || p <= cur->priority, "ready queue: outranks the running thread", t, p);
        top = t ? p : top;
        for (; t; prev = t, t = t->sched_next) {
            EXPECT(++k.queued < MAX_STEPS, "ready queue: a cycle", p, t);
            EXPECT(t->sched_prev == prev, "ready queue: sched_prev", t, prev);
            EXPECT(t->priority == p, "ready queue: thread of another priority", t, t->priority);
            EXPECT(t->state == TS_RUNNING && (t->flags & TF_QUEUED) && t != cur,
                   "ready queue: thread not runnable, unflagged or current", t, t->state);
            add_tcb(t);
        }
    }
    /* as the fastpath asks: bounded by the running thread's priority */
    for (int p = 0; p <= MT_MAX_PRIORITY; p++) {
        EXPECT(sched_ready_above((word_t)p, MT_MAX_PRIORITY) == (top > p),
               "ready bitmap: sched_ready_above", p, top);
        EXPECT(!cur || p > cur->priority ||
               sched_ready_above((word_t)p, cur->priority) == (top > p),
               "ready bitmap: sched_ready_above below the running thread", p, top);
    }
    return true;
}

static bool check_tables(void)
{
    for (unsigned a = 1; a < MT_MAX_ASIDS; a++)
        k.asids += asid_root(a) != 0;
    struct cte *irqs = irq_table();
    for (word_t i = 0; i <= MT_IRQ_MAX; i++) {
        enum mt_cap_type ty = cap_type(irqs[i].cap);
        /* a queue zombie: a dying handler's notification (delete.c) */
        EXPECT(ty == MT_CAP_NULL || ty == MT_CAP_NOTIFICATION ||
               (ty == CAP_QUEUE_ZOMBIE && cap_queue_zombie_type(irqs[i].cap) == MT_CAP_NOTIFICATION),
               "IRQ table: not a notification", i, ty);
        EXPECT(irq_is_claimed(i) || ty == MT_CAP_NULL, "IRQ table: notification of no handler", i, 0);
        k.claimed += irq_is_claimed(i);
    }
    return scan_slots(irqs, MT_IRQ_MAX + 1) && scan_slots(delete_limbo(), 1);
}

static bool check_counts(void)
{
    EXPECT(k.in_slots == k.in_lists, "caps in slots and in derivation lists differ", k.in_slots, k.in_lists);
    EXPECT(k.flagged == k.queued, "queued threads and ready-queue entries differ", k.flagged, k.queued);
    EXPECT(k.ep_blocked == k.ep_queued, "threads blocked on endpoints and queue lengths differ",
           k.ep_blocked, k.ep_queued);
    EXPECT(k.nt_blocked == k.nt_queued, "threads blocked on notifications and queue lengths differ",
           k.nt_blocked, k.nt_queued);
    EXPECT(k.vspaces == k.asids, "VSpaces and used ASIDs differ", k.vspaces, k.asids);
    EXPECT(k.handlers == k.claimed, "IRQ handlers and claimed IRQs differ", k.handlers, k.claimed);
    return true;
}

static void unmark(void)
{
    for (int i = 0; i < k.nwork; i++) {
        word_t item = k.work[i];
        if (item & 31)
            ((struct cte *)(item & ~31ul))->mdb.prev &= ~CNODE_MARK;
        else
            ((struct tcb *)item)->flags &= (uint8_t)~TF_CHECKED;
    }
}

bool invariants_check(struct tcb *t, word_t out[2])
{
    memset(&k, 0, sizeof k);
    bool ok = delete_list_is_sound() || broken("dead list: not a zombie", 0, 0);
    add_tcb(t);
    ok = ok && check_ready_queues() && check_tables() && scan_work();
    ok = ok && (k.overflow || check_counts());
    unmark();
    if (!ok)
        kprintf("mote kernel: invariant broken: %s (%lx, %lx)\n", k.what, k.d0, k.d1);
    out[0] = k.in_lists;
    out[1] = (word_t)k.nwork;
    return ok;
}
#endif
