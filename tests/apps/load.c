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

/* Frame_Map, adding page tables where the walk stops; the app's own are
 * counted (charge), the harness's scratch tables not. */
static int map(struct run *r, mt_cptr_t frame, mt_cptr_t vs, mt_word_t va, mt_word_t perms,
               int charge)
{
    int err = mt_frame_map(frame, vs, va, perms);
    for (int level = 0; err == MT_FAILED_LOOKUP && level < 3; level++) {
        mt_cptr_t pt = make(r, MT_OBJ_PAGE_TABLE, 0, charge);
        if (!pt || mt_page_table_map(pt, vs, va))
            return -1;
        err = mt_frame_map(frame, vs, va, perms);
    }
    return err;
}

/* A fresh zeroed frame mapped in the app at vaddr (and, if mine, also in
 * the harness: *mine = where).  Returns the app's frame cap or 0. */
static mt_cptr_t new_page(struct run *r, mt_word_t vaddr, mt_word_t perms, mt_word_t *mine)
{
    mt_cptr_t f = make(r, MT_OBJ_FRAME_4K, 0, 1);
    mt_cptr_t copy = f ? run_slot(r) : 0;
    mt_word_t at = r->scratch_next;
    if (!copy || mt_cnode_copy(ROOT, copy, DEPTH, ROOT, f, DEPTH, MT_RIGHTS_ALL) ||
        map(r, copy, MT_INIT_VSPACE, at, MT_VM_READ | MT_VM_WRITE, 0))
        return 0;
    r->scratch_next += MT_PAGE_SIZE;
    memset((void *)at, 0, MT_PAGE_SIZE);
    if (mine)
        *mine = at;
    return map(r, f, r->vspace, vaddr, perms, 1) ? 0 : f;
}

int run_map_new(struct run *r, mt_word_t vaddr, mt_word_t perms, mt_word_t *mine)
{
    return new_page(r, vaddr, perms, mine) ? 0 : -1;
}

/* A copied mapping: fresh pages, the segment's file bytes copied in. */
static int map_copied(struct run *r, const uint8_t *bundle, const struct mt_bundle_mapping *m,
                      mt_cptr_t *ipc_frame)
{
    for (mt_word_t p = 0; p < m->pages; p++) {
        mt_word_t va = m->vaddr + p * MT_PAGE_SIZE, mine;
        mt_cptr_t f = new_page(r, va, m->perms, &mine);
        if (!f)
            return -1;
        for (mt_word_t a = va; a < va + MT_PAGE_SIZE; a++)
            if (a >= m->copy_vaddr && a - m->copy_vaddr < m->copy_bytes)
                ((uint8_t *)mine)[a - va] = bundle[m->file_offset + (a - m->copy_vaddr)];
        if (r->plan.ipc_buffer - va < MT_PAGE_SIZE)
            *ipc_frame = f;
    }
    return 0;
}

/* An in-place mapping: copies of the archive's own frame caps. */
static int map_in_place(struct run *r, const struct mt_bundle_mapping *m)
{
    for (mt_word_t p = 0; p < m->pages; p++) {
        mt_cptr_t src = r->bi->archive_frames.start + r->bundle_page +
                        m->file_offset / MT_PAGE_SIZE + p;
        mt_cptr_t f = run_slot(r);
        if (!f || mt_cnode_copy(ROOT, f, DEPTH, ROOT, src, DEPTH, MT_RIGHT_READ) ||
            map(r, f, r->vspace, m->vaddr + p * MT_PAGE_SIZE, m->perms, 1))
            return -1;
    }
    return 0;
}

/* CSpace: the SDK endpoint in slot 1, the fault endpoint in slot 2, both
 * badged, rights to Call only; the CNode's guard fills the word. */
static int cspace(struct run *r)
{
    mt_word_t rights = MT_RIGHT_WRITE | MT_RIGHT_GRANT_REPLY;
    if (mt_cnode_mint(r->cnode, MT_APP_SLOT_SDK, MT_APP_CNODE_RADIX, ROOT, r->ep, DEPTH,
                      rights, APP_BADGE) ||
        mt_cnode_mint(r->cnode, MT_APP_SLOT_FAULT, MT_APP_CNODE_RADIX, ROOT, r->ep, DEPTH,
                      rights, FAULT_BADGE))
        return -1;
    return 0;
}

static int start(struct run *r, mt_cptr_t ipc_frame)
{
    mt_word_t regs[MT_REG_A0 + 1] = { 0 };
    regs[MT_REG_PC] = r->plan.entry;
    regs[MT_REG_SP] = r->plan.stack_top;
    regs[MT_REG_A0] = r->plan.ipc_buffer;
    mt_word_t guard = mt_cnode_guard(0, (mt_word_t)(MT_WORD_BITS - MT_APP_CNODE_RADIX));
    if (mt_tcb_configure(r->tcb, MT_APP_SLOT_FAULT, r->cnode, guard, r->vspace,
                         r->plan.ipc_buffer, ipc_frame) ||
        mt_tcb_set_priority(r->tcb, MT_INIT_TCB, r->plan.priority) ||
        mt_tcb_write_registers(r->tcb, 0, MT_REG_A0 + 1, regs))
        return -1;
    return mt_tcb_resume(r->tcb) ? -1 : 0;
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
    mt_cptr_t ipc_frame = 0;
    for (unsigned i = 0; i < r->plan.mapping_count; i++) {
        const struct mt_bundle_mapping *m = &r->plan.map[i];
        if (m->in_place ? map_in_place(r, m) : map_copied(r, bundle, m, &ipc_frame))
            return 2;
    }
    if (!ipc_frame || cspace(r))
        return 3;
    r->used = r->bytes_made;
    r->heap_next = r->plan.heap_base;
    return start(r, ipc_frame) ? 4 : 0;
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
