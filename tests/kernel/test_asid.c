/* SPDX-License-Identifier: BSD-2-Clause */
/* ASID control and ASID pools: making pools, assigning VSpaces, pools
 * that run out on their own, a thousand live VSpaces, deleting a pool, ASID
 * reuse, and mapping records that die with their VSpace or page table. */
#include "ktest.h"

#define RW (MT_VM_READ | MT_VM_WRITE)
#define POOL_ASIDS (1 << MT_ASID_POOL_BITS)

static volatile mt_word_t seen;
static volatile mt_word_t magic = 0x600d;

/* A new pool from a fresh 4 KiB untyped of this test's. */
static mt_cptr_t pool_new(struct ctx *c)
{
    mt_cptr_t ut = obj_new(c, MT_OBJ_UNTYPED, MT_ASID_POOL_SIZE_BITS), s = slot_alloc(c);
    int err = ut && s ? mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, ut, ROOT, s, ROOT_DEPTH) : -1;
    if (err) {
        ktest_fail(c, __LINE__, "making an ASID pool: error %d", err);
        return 0;
    }
    return s;
}

/* A child in vs loads the word at v into seen, or faults (seen stays). */
static void child_read(mt_word_t v) { seen = *(volatile mt_word_t *)v; }

static int read_in(struct ctx *c, mt_cptr_t vs, mt_word_t v, mt_cptr_t fault_ep)
{
    struct thread t;
    seen = 0;
    TRY(thread_new(c, &t, vs, fault_ep, HIGH_PRIO, 2));
    return thread_start(c, &t, child_read, v);   /* it runs to its end now */
}

/* Deletes the last thread read_in made: with it goes its VSpace cap. */
static int drop_reader(struct ctx *c)
{
    CHECK(c->nthreads > 0);
    CHECK_OK(mt_cnode_delete(ROOT, c->threads[--c->nthreads], ROOT_DEPTH));
    return 0;
}

static int t_make_pool(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t pool = pool_new(c);
    CHECK(pool);
    CHECK_EQ(cap_type(pool), MT_CAP_ASID_POOL);
    mt_cptr_t vs = vspace_new_in(c, pool), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t f = 0;
    mt_word_t *p = page_new(c, &f);
    CHECK(vs && ep && p);
    *p = 0x5eed;
    mt_cptr_t f2 = cap_copy(c, f, MT_RIGHTS_ALL);
    mt_word_t v = vaddr_alloc(c, 1);
    CHECK(f2);
    CHECK_OK(map_frame(c, vs, f2, v, RW));
    TRY(read_in(c, vs, v, ep));
    CHECK_EQ(seen, 0x5eed);
    return 0;
}

/* Pools come only from ASID control and a lone 4 KiB untyped. */
static int t_make_pool_errors(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t big = obj_new(c, MT_OBJ_UNTYPED, MT_ASID_POOL_SIZE_BITS + 1);
    mt_cptr_t used = obj_new(c, MT_OBJ_UNTYPED, MT_ASID_POOL_SIZE_BITS);
    mt_cptr_t ut = obj_new(c, MT_OBJ_UNTYPED, MT_ASID_POOL_SIZE_BITS), s = slot_alloc(c);
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(big && used && ut && s && ep);
    CHECK(obj_new_from(c, used, MT_OBJ_ENDPOINT, 0));
    CHECK_ERR(mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, big, ROOT, s, ROOT_DEPTH),
              MT_INVALID_CAPABILITY);
    CHECK_ERR(mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, used, ROOT, s, ROOT_DEPTH),
              MT_INVALID_CAPABILITY);
    CHECK_ERR(mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, ep, ROOT, s, ROOT_DEPTH),
              MT_INVALID_CAPABILITY);
    CHECK_ERR(mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, ut, ROOT, ut, ROOT_DEPTH),
              MT_DELETE_FIRST);
    CHECK_ERR(mt_asid_control_make_pool(MT_INIT_ASID_POOL, ut, ROOT, s, ROOT_DEPTH),
              MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_untyped_retype(ut, MT_OBJ_ASID_POOL, 0, ROOT, 0, 0, s, 1),
              MT_INVALID_ARGUMENT);
    CHECK_EQ(cap_type(s), MT_CAP_NULL);
    /* the ASID control cap can be copied and used */
    mt_cptr_t ctl = cap_copy(c, MT_INIT_ASID_CONTROL, MT_RIGHTS_ALL);
    CHECK(ctl);
    CHECK_OK(mt_asid_control_make_pool(ctl, ut, ROOT, s, ROOT_DEPTH));
    return 0;
}

/* The pool table is static: once every slot holds a pool, MakePool says
 * so; deleting a pool frees its slot. */
static int t_pool_table_full(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t pools[MT_ASID_POOLS];
    int n = 0, err = MT_OK;
    while (n < MT_ASID_POOLS) {
        mt_cptr_t ut = obj_new(c, MT_OBJ_UNTYPED, MT_ASID_POOL_SIZE_BITS), s = slot_alloc(c);
        CHECK(ut && s);
        err = mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, ut, ROOT, s, ROOT_DEPTH);
        if (err)
            break;
        pools[n++] = s;
    }
    CHECK_ERR(err, MT_DELETE_FIRST);
    CHECK_EQ(n, MT_ASID_POOLS - 1);           /* the boot pool has the other */
    CHECK_OK(mt_cnode_delete(ROOT, pools[3], ROOT_DEPTH));
    CHECK(pool_new(c));
    return 0;
}

/* A VSpace without an ASID can be neither mapped into nor run in; it
 * gets one ASID in its life. */
static int t_unassigned_refused(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t vs = obj_new(c, MT_OBJ_VSPACE, 0), pt = obj_new(c, MT_OBJ_PAGE_TABLE, 0);
    mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_4K, 0), tcb = obj_new(c, MT_OBJ_TCB, 0);
    CHECK(vs && pt && f && tcb);
    CHECK_ERR(mt_page_table_map(pt, vs, 0x10000000), MT_INVALID_CAPABILITY);
    CHECK_EQ(mt_get_mr(0), 1);
    CHECK_ERR(mt_frame_map(f, vs, 0x10000000, RW), MT_INVALID_CAPABILITY);
    CHECK_EQ(mt_get_mr(0), 1);
    CHECK_ERR(mt_tcb_configure(tcb, 0, ROOT, 0, vs, 0, 0), MT_INVALID_CAPABILITY);
    CHECK_EQ(mt_get_mr(0), 2);
    CHECK_ERR(mt_tcb_set_space(tcb, 0, ROOT, 0, vs), MT_INVALID_CAPABILITY);
    CHECK_ERR(mt_asid_pool_assign(MT_INIT_ASID_POOL, f), MT_INVALID_CAPABILITY);
    CHECK_OK(mt_asid_pool_assign(MT_INIT_ASID_POOL, vs));
    CHECK_ERR(mt_asid_pool_assign(MT_INIT_ASID_POOL, vs), MT_INVALID_CAPABILITY);
    CHECK_OK(mt_page_table_map(pt, vs, 0x10000000));
    CHECK_OK(mt_tcb_configure(tcb, 0, ROOT, 0, vs, 0, 0));
    return 0;
}

/* Fills slots [s, s + n) with VSpaces from ut, in batches of 256. */
static int vspaces(struct ctx *c, mt_cptr_t ut, mt_cptr_t s, int n)
{
    for (int done = 0; done < n; done += 256) {
        int k = n - done < 256 ? n - done : 256;
        CHECK_OK(mt_untyped_retype(ut, MT_OBJ_VSPACE, 0, ROOT, 0, 0, s + (mt_word_t)done,
                                   (mt_word_t)k));
    }
    return 0;
}

/* Running out of ASIDs in one pool touches only that pool's holders. */
static int t_pool_exhaustion_is_local(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t a = pool_new(c), b = pool_new(c), s = slot_alloc_n(c, POOL_ASIDS + 1);
    CHECK(a && b && s);
    TRY(vspaces(c, c->ut, s, POOL_ASIDS + 1));
    for (int i = 0; i < POOL_ASIDS; i++)
        CHECK_OK(mt_asid_pool_assign(a, s + (mt_word_t)i));
    CHECK_ERR(mt_asid_pool_assign(a, s + POOL_ASIDS), MT_DELETE_FIRST);
    /* b's holder still gets ASIDs, and so does the boot pool's */
    CHECK_OK(mt_asid_pool_assign(b, s + POOL_ASIDS));
    CHECK(vspace_new(c));
    /* one ASID back in a, one more VSpace from a */
    CHECK_OK(mt_cnode_delete(ROOT, s, ROOT_DEPTH));
    CHECK(vspace_assigned(c, a));
    return 0;
}

/* A thousand live VSpaces from three pools, two of them run in. */
static int t_thousand_vspaces(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    enum { N = 1000 };
    mt_cptr_t big = find_big_untyped(c->bi), ut = slot_alloc(c), s = slot_alloc_n(c, N);
    mt_cptr_t pools[3] = { pool_new(c), pool_new(c), pool_new(c) };
    CHECK(big && ut && s && pools[0] && pools[1] && pools[2]);
    CHECK_OK(mt_untyped_retype(big, MT_OBJ_UNTYPED, 23, ROOT, 0, 0, ut, 1));
    TRY(vspaces(c, ut, s, N));
    for (int i = 0; i < N; i++)
        CHECK_OK(mt_asid_pool_assign(pools[i % 3], s + (mt_word_t)i));
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), f = 0;
    mt_word_t *p = page_new(c, &f);
    CHECK(ep && p);
    *p = 0xacce55;
    mt_word_t v = vaddr_alloc(c, 1);
    for (int k = 0; k < 2; k++) {
        mt_cptr_t vs = vspace_new_in(c, pools[k]), f2 = cap_copy(c, f, MT_RIGHTS_ALL);
        CHECK(vs && f2);
        CHECK_OK(map_frame(c, vs, f2, v, RW));
        TRY(read_in(c, vs, v, ep));
        CHECK_EQ(seen, 0xacce55);
    }
    return 0;
}

static int t_retype_pool_refused(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t s = slot_alloc(c);
    CHECK(s);
    CHECK_ERR(mt_untyped_retype(c->ut, MT_OBJ_ASID_POOL, 0, ROOT, 0, 0, s, 1),
              MT_INVALID_ARGUMENT);
    return 0;
}

/* Deleting a pool kills its VSpaces' ASIDs: a thread there cannot run
 * (switched to by the fastpath, it faults at once), nothing can be mapped
 * into them and they never get an ASID again; the pool's slot and ASIDs
 * serve a new pool safely. */
static void server(mt_word_t ep)
{
    mt_word_t badge;
    (void)mt_recv(ep, &badge);
    seen = 1;
}

static void caller(mt_word_t ep) { (void)mt_call(ep, mt_msginfo(0, 0, 0, 0)); }

static int t_pool_delete(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread srv, cl;
    mt_word_t mr[4];
    mt_cptr_t pool = pool_new(c), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t fep = obj_new(c, MT_OBJ_ENDPOINT, 0), f = obj_new(c, MT_OBJ_FRAME_4K, 0);
    mt_cptr_t vs = pool ? vspace_new_in(c, pool) : 0;
    CHECK(vs && ep && fep && f);
    seen = 0;
    TRY(thread_new(c, &srv, vs, fep, HIGH_PRIO, 2));
    TRY(thread_start(c, &srv, server, ep));     /* now waiting in Recv */
    CHECK_OK(mt_cnode_delete(ROOT, pool, ROOT_DEPTH));
    TRY(thread_spawn(c, &cl, 0, TEST_PRIO + 5, caller, ep));
    TRY(expect_fault(c, fep, MT_FAULT_VM, mr, 0));
    CHECK_EQ(seen, 0);
    CHECK_ERR(mt_frame_map(f, vs, 0x10000000, RW), MT_INVALID_CAPABILITY);
    CHECK_ERR(mt_asid_pool_assign(MT_INIT_ASID_POOL, vs), MT_INVALID_CAPABILITY);
    mt_cptr_t tcb = obj_new(c, MT_OBJ_TCB, 0);
    CHECK(tcb);
    CHECK_ERR(mt_tcb_configure(tcb, 0, ROOT, 0, vs, 0, 0), MT_INVALID_CAPABILITY);
    /* a new pool (same slot, same ASIDs) and a VSpace in it work */
    mt_cptr_t again = pool_new(c), fep2 = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t vs2 = again ? vspace_new_in(c, again) : 0;
    CHECK(vs2 && fep2);
    TRY(read_in(c, vs2, (mt_word_t)&magic, fep2));   /* image data: mapped in vs2 */
    CHECK_EQ(seen, magic);
    return 0;
}

/* Every thread of a VSpace loses it with the pool (the kernel finds them
 * through the VSpace's list, which a deleted thread has left), however
 * the thread comes to run again: here a Send wakes each one. */
static int t_pool_delete_all_threads(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t[4];
    mt_word_t mr[4];
    mt_cptr_t pool = pool_new(c), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t fep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t vs = pool ? vspace_new_in(c, pool) : 0;
    CHECK(vs && ep && fep);
    seen = 0;
    for (int i = 0; i < 4; i++) {
        TRY(thread_new(c, &t[i], vs, fep, HIGH_PRIO, 2));
        TRY(thread_start(c, &t[i], server, ep));
    }
    CHECK_OK(mt_cnode_delete(ROOT, t[1].tcb, ROOT_DEPTH));   /* the middle */
    CHECK_OK(mt_cnode_delete(ROOT, t[3].tcb, ROOT_DEPTH));   /* the tail */
    CHECK_OK(mt_cnode_delete(ROOT, pool, ROOT_DEPTH));
    for (int i = 0; i < 2; i++) {
        mt_send(ep, mt_msginfo(0, 0, 0, 0));
        TRY(expect_fault(c, fep, MT_FAULT_VM, mr, 0));
        CHECK_EQ(mr[2], MT_VM_EXEC);
    }
    CHECK_EQ(seen, 0);
    return 0;
}

/* A thread that deletes the pool of its own VSpace does not come back to
 * user mode in it: it faults on its next instruction. */
static void delete_own_pool(mt_word_t pool)
{
    (void)mt_cnode_delete(ROOT, pool, ROOT_DEPTH);
    seen = 1;
}

static int t_pool_delete_from_inside(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_word_t mr[4];
    mt_cptr_t pool = pool_new(c), fep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t vs = pool ? vspace_new_in(c, pool) : 0;
    CHECK(vs && fep);
    seen = 0;
    TRY(thread_new(c, &t, vs, fep, HIGH_PRIO, 2));
    TRY(thread_start(c, &t, delete_own_pool, pool));
    TRY(expect_fault(c, fep, MT_FAULT_VM, mr, 0));
    CHECK_EQ(mr[2], MT_VM_EXEC);
    CHECK_EQ(seen, 0);
    CHECK_EQ(cap_type(pool), MT_CAP_NULL);
    return 0;
}

/* A VSpace's ASID, once freed, goes to the next VSpace, which does not
 * see what the TLB may still hold of the first (vspace_new takes the
 * lowest free ASID of the boot pool both times). */
static int t_asid_reuse(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), f = 0;
    mt_word_t *p = page_new(c, &f), v = vaddr_alloc(c, 1), mr[4];
    mt_cptr_t vs1 = vspace_new(c), f1 = cap_copy(c, f, MT_RIGHTS_ALL);
    CHECK(ep && p && vs1 && f1);
    *p = 0xf00d;
    CHECK_OK(map_frame(c, vs1, f1, v, RW));
    TRY(read_in(c, vs1, v, ep));
    CHECK_EQ(seen, 0xf00d);
    TRY(drop_reader(c));
    CHECK_OK(mt_cnode_delete(ROOT, vs1, ROOT_DEPTH));
    mt_cptr_t vs2 = vspace_new(c);
    CHECK(vs2);
    TRY(read_in(c, vs2, v, ep));
    TRY(expect_fault(c, ep, MT_FAULT_VM, mr, 0));
    CHECK_EQ(mr[1], v);
    CHECK_EQ(seen, 0);
    return 0;
}

/* Regression: a frame cap mapped in a VSpace that is gone must not, once
 * the ASID is reused, unmap what another cap of the frame mapped at the
 * same address in the new VSpace. */
static int t_stale_record_asid_reused(struct ctx *c, mt_word_t arg)
{
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), f = 0;
    mt_word_t *p = page_new(c, &f), v = vaddr_alloc(c, 1);
    mt_cptr_t vs1 = vspace_assigned(c, MT_INIT_ASID_POOL);
    mt_cptr_t f1 = cap_copy(c, f, MT_RIGHTS_ALL), f2 = cap_copy(c, f, MT_RIGHTS_ALL);
    CHECK(ep && p && vs1 && f1 && f2);
    *p = 0xbeef;
    CHECK_OK(map_frame(c, vs1, f1, v, RW));
    CHECK_OK(mt_cnode_delete(ROOT, vs1, ROOT_DEPTH));
    mt_cptr_t vs2 = vspace_new(c);   /* vs1's ASID */
    CHECK(vs2);
    CHECK_OK(map_frame(c, vs2, f2, v, RW));
    if (arg == 0)
        CHECK_OK(mt_frame_unmap(f1));
    else
        CHECK_OK(mt_cnode_delete(ROOT, f1, ROOT_DEPTH));
    TRY(read_in(c, vs2, v, ep));
    CHECK_EQ(seen, 0xbeef);
    return 0;
}

/* Regression: after its page table was unmapped and mapped again, a frame
 * cap's old record must not unmap what another cap mapped there since. */
static int t_stale_record_table_remapped(struct ctx *c, mt_word_t arg)
{
    CHECK(page_new(c, 0));                /* the level-1 table is there */
    mt_word_t v = vaddr_alloc_2m(c);
    mt_cptr_t pt = obj_new(c, MT_OBJ_PAGE_TABLE, 0), f1 = obj_new(c, MT_OBJ_FRAME_4K, 0);
    mt_cptr_t f2 = f1 ? cap_copy(c, f1, MT_RIGHTS_ALL) : 0;
    CHECK(pt && f1 && f2);
    CHECK_OK(mt_page_table_map(pt, VS, v));
    CHECK_OK(mt_frame_map(f1, VS, v, RW));
    *(volatile mt_word_t *)v = 0xcafe;
    CHECK_OK(mt_page_table_unmap(pt));
    CHECK_OK(mt_page_table_map(pt, VS, v));
    CHECK_OK(mt_frame_map(f2, VS, v, RW));
    if (arg == 0)
        CHECK_OK(mt_frame_unmap(f1));
    else
        CHECK_OK(mt_cnode_delete(ROOT, f1, ROOT_DEPTH));
    CHECK_EQ(*(volatile mt_word_t *)v, 0xcafe);   /* faults if f2's mapping went */
    /* f1 is free to map again, and its own unmap still works */
    if (arg == 0) {
        mt_word_t w = vaddr_alloc(c, 1);
        CHECK_OK(map_frame(c, VS, f1, w, RW));
        CHECK_EQ(*(volatile mt_word_t *)w, 0xcafe);
        CHECK_OK(mt_frame_unmap(f1));
    }
    CHECK_OK(mt_frame_unmap(f2));
    return 0;
}

static const struct test asid_group_tests[] = {
    { "asid_make_pool_and_run", t_make_pool, 0 },
    { "asid_make_pool_errors", t_make_pool_errors, 0 },
    { "asid_retype_pool_refused", t_retype_pool_refused, 0 },
    { "asid_pool_table_full", t_pool_table_full, 0 },
    { "asid_unassigned_vspace_refused", t_unassigned_refused, 0 },
    { "asid_pool_exhaustion_is_local", t_pool_exhaustion_is_local, 0 },
    { "asid_thousand_live_vspaces", t_thousand_vspaces, 0 },
    { "asid_pool_delete_kills_vspaces", t_pool_delete, 0 },
    { "asid_pool_delete_from_inside", t_pool_delete_from_inside, 0 },
    { "asid_pool_delete_every_thread", t_pool_delete_all_threads, 0 },
    { "asid_reuse_after_vspace_delete", t_asid_reuse, 0 },
    { "asid_stale_record_asid_reused_unmap", t_stale_record_asid_reused, 0 },
    { "asid_stale_record_asid_reused_delete", t_stale_record_asid_reused, 1 },
    { "asid_stale_record_table_remapped_unmap", t_stale_record_table_remapped, 0 },
    { "asid_stale_record_table_remapped_delete", t_stale_record_table_remapped, 1 },
};
GROUP(asid_group);
