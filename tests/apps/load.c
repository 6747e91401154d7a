/* SPDX-License-Identifier: BSD-2-Clause */
/* Building an application from its plan: what docs/APPS.md says the
 * process manager does, from one untyped per run. */
#include "apprun.h"

mt_cptr_t run_slot(struct run *r)
{
    return r->slot_next < r->slot_end ? r->slot_next++ : 0;
}

/* A new object from the run's untyped; charge: count it as the app's. */
static mt_cptr_t make(struct run *r, int type, int size_bits, int charge)
{
    mt_cptr_t s = run_slot(r);
    if (!s || mt_untyped_retype(r->ut, type, size_bits, ROOT, 0, 0, s, 1))
        return 0;
    if (charge)
        r->bytes_made += 1ull << mt_object_size_bits((unsigned long)type, (unsigned long)size_bits);
    return s;
}

/* The loader's callbacks (lib/appload): page tables and frames made
 * from the run's untyped and charged to the app; archive frame caps for
 * the in-place pages; filling through the harness's scratch window. */
static mt_cptr_t cb_page_table(void *ctx) { return make(ctx, MT_OBJ_PAGE_TABLE, 0, 1); }
static mt_cptr_t cb_frame(void *ctx) { return make(ctx, MT_OBJ_FRAME_4K, 0, 1); }
static mt_cptr_t cb_scratch_pt(void *ctx) { return make(ctx, MT_OBJ_PAGE_TABLE, 0, 0); }

static mt_cptr_t cb_in_place(void *ctx, uint64_t page)
{
    struct run *r = ctx;
    mt_cptr_t f = run_slot(r);
    if (!f || mt_cnode_copy(ROOT, f, DEPTH, ROOT, r->bi->archive_frames.start + r->bundle_page + page,
                            DEPTH, MT_RIGHT_READ))
        return 0;
    return f;
}

/* Maps a copy of frame in the harness (kept until the teardown's revoke)
 * and fills it; *mine = where. */
static int scratch_fill(struct run *r, mt_cptr_t frame, const uint8_t *src, uint64_t at,
                        uint64_t n, mt_word_t *mine)
{
    mt_cptr_t copy = run_slot(r);
    mt_word_t va = r->scratch_next;
    /* mapped in the harness's own VSpace, with page tables not the app's */
    struct mt_appload mine_l = r->load;
    mine_l.vspace = MT_INIT_VSPACE;
    mine_l.page_table = cb_scratch_pt;
    int err = !copy || mt_cnode_copy(ROOT, copy, DEPTH, ROOT, frame, DEPTH, MT_RIGHTS_ALL) ||
              mt_appload_map_page(&mine_l, copy, va, MT_VM_READ | MT_VM_WRITE);
    if (err)
        return -1;
    r->scratch_next += MT_PAGE_SIZE;
    memset((void *)va, 0, MT_PAGE_SIZE);
    memcpy((void *)(va + at), src, n);
    if (mine)
        *mine = va;
    return 0;
}

static int cb_fill(void *ctx, mt_cptr_t frame, const uint8_t *src, uint64_t at, uint64_t n)
{
    return scratch_fill(ctx, frame, src, at, n, 0);
}

/* A fresh zeroed page mapped in the app at vaddr (and, if mine, in the
 * harness: *mine = where); the heap and the shared page. */
int run_map_new(struct run *r, mt_word_t vaddr, mt_word_t perms, mt_word_t *mine)
{
    mt_cptr_t f = cb_frame(r);
    if (!f || scratch_fill(r, f, 0, 0, 0, mine))
        return -1;
    return mt_appload_map_page(&r->load, f, vaddr, perms) ? -1 : 0;
}

/* Validates, builds and starts; 0 or the step that failed (> 0), with the
 * validator's code negated if it refused the bundle. */
int run_load(struct run *r, const uint8_t *bundle, mt_word_t size, mt_cptr_t ut)
{
    int e = mt_bundle_check(bundle, size, &r->plan);
    if (e)
        return -e;
    r->ut = ut;
    r->scratch_next = SCRATCH;
    r->ep = make(r, MT_OBJ_ENDPOINT, 0, 0);
    r->tcb = make(r, MT_OBJ_TCB, 0, 1);
    r->cnode = make(r, MT_OBJ_CNODE, MT_APP_CNODE_RADIX, 1);
    r->vspace = make(r, MT_OBJ_VSPACE, 0, 1);
    if (!r->ep || !r->tcb || !r->cnode || !r->vspace)
        return 1;
    /* a VSpace is usable once it has an ASID: the boot pool gives one */
    if (mt_asid_pool_assign(MT_INIT_ASID_POOL, r->vspace) != MT_OK)
        return 1;
    r->load = (struct mt_appload){ .plan = &r->plan, .bundle = bundle, .root = ROOT,
        .tcb = r->tcb, .cnode = r->cnode, .vspace = r->vspace, .ctx = r,
        .page_table = cb_page_table, .copied_frame = cb_frame, .in_place_frame = cb_in_place,
        .fill = cb_fill };
    mt_cptr_t ipc_frame;
    if (mt_appload_map(&r->load, &ipc_frame))
        return 2;
    r->used = r->bytes_made;
    r->heap_next = r->plan.heap_base;
    return mt_appload_start(&r->load, ipc_frame, r->ep, APP_BADGE, FAULT_BADGE, MT_INIT_TCB) ? 4 : 0;
}

/* Stops the app and returns every object: the run's untyped is revoked
 * (objects, the harness's scratch mappings), then the copies of archive
 * frame caps are deleted. */
void run_teardown(struct run *r)
{
    if (r->tcb)
        mt_tcb_suspend(r->tcb);
    mt_cnode_revoke(ROOT, r->ut, DEPTH);
    for (mt_cptr_t s = r->slot_first; s < r->slot_next; s++)
        mt_cnode_delete(ROOT, s, DEPTH);
}
