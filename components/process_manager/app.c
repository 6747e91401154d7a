/* SPDX-License-Identifier: BSD-2-Clause */
/* Building an application from its plan (lib/bundle) out of memory-manager
 * objects charged to it, and taking it down again.  Read-only pages come
 * from the installed bundle (copied once at install, shared by every run:
 * "in place"), writable ones are fresh frames filled through a window of
 * ours; the CSpace holds the badged runtime endpoint twice (requests and,
 * as fault endpoint, faults). */
#include <libmote/string.h>
#include "pm.h"

MT_RPC_CLIENT(memory, MEMORY_METHODS)

#define CN MT_SLOT_CNODE
#define POOL_FIRST (MT_SLOT_FIRST_FREE + MAX_RUNNING * APP_SLOTS)

static uint8_t pool_used[(MT_SLOT_COUNT + 7) / 8];   /* a bit a slot */
static mt_cptr_t window_slot;   /* a copy of the frame being filled */

static int used(mt_cptr_t s) { return pool_used[s / 8] >> (s % 8) & 1; }

static void mark(mt_cptr_t s, int on)
{
    pool_used[s / 8] = (uint8_t)(on ? pool_used[s / 8] | 1u << (s % 8)
                                    : pool_used[s / 8] & ~(1u << (s % 8)));
}

/* n consecutive free slots of the pool, or 0. */
mt_cptr_t slots_take(unsigned n)
{
    for (mt_cptr_t s = POOL_FIRST; s + n <= MT_SLOT_COUNT; s++) {
        unsigned k = 0;
        while (k < n && !used(s + k))
            k++;
        if (k == n) {
            for (k = 0; k < n; k++)
                mark(s + k, 1);
            return s;
        }
    }
    return 0;
}

mt_cptr_t slot_take(void) { return slots_take(1); }

void slot_give(mt_cptr_t s)
{
    mt_cnode_delete(CN, s, DEPTH);
    mark(s, 0);
}

/* Zeroes the frame, then copies n bytes from src to offset at in it. */
long fill_frame(mt_cptr_t frame, const uint8_t *src, unsigned long at, unsigned long n)
{
    if (!window_slot && !(window_slot = slot_take()))
        return -PROC_FAILED;
    if (mt_cnode_copy(CN, window_slot, DEPTH, CN, frame, DEPTH, MT_RIGHTS_ALL))
        return -PROC_FAILED;
    long err = mt_frame_map(window_slot, MT_SLOT_VSPACE, WINDOW, MT_VM_READ | MT_VM_WRITE);
    if (!err) {
        memset((void *)WINDOW, 0, MT_PAGE_SIZE);
        memcpy((void *)(WINDOW + at), src, n);
        mt_frame_unmap(window_slot);
    }
    mt_cnode_delete(CN, window_slot, DEPTH);
    return err ? -PROC_FAILED : 0;
}

static struct mem_req one_row(int type, int size_bits, unsigned count)
{
    struct mem_req q = { 0 };
    q.row[0] = (struct mem_req_row){ (unsigned char)type, (unsigned char)size_bits,
                                     (unsigned short)count };
    return q;
}

/* The installed bundle's in-place pages: frames of our own, filled once. */
long app_install_pages(struct bundle *bd, const struct mt_bundle_plan *p)
{
    const uint8_t *data = bd->data;
    unsigned long size = bd->size, n = p->pages_in_place;
    bd->group = -1;
    bd->pages = 0;
    if (!n)
        return 0;
    mt_cptr_t first = n <= INPLACE_MAX ? slots_take((unsigned)n) : 0;
    if (!first)
        return -PROC_TOO_MANY;
    long g = memory_objs_alloc(0, one_row(MT_OBJ_FRAME_4K, 0, (unsigned)n), first);
    if (g < 0) {
        for (unsigned k = 0; k < n; k++)
            mark(first + k, 0);
        return -PROC_NO_MEMORY;
    }
    bd->group = g;
    for (unsigned i = 0; i < p->mapping_count; i++) {
        const struct mt_bundle_mapping *m = &p->map[i];
        for (unsigned long k = 0; m->in_place && k < m->pages; k++) {
            unsigned long off = m->file_offset + k * MT_PAGE_SIZE;
            unsigned long len = off < size ? size - off : 0;
            bd->page[bd->pages] = (uint16_t)(first + bd->pages);
            bd->page_no[bd->pages] = (uint16_t)(off / MT_PAGE_SIZE);
            if (fill_frame(bd->page[bd->pages++], data + off, 0, len < MT_PAGE_SIZE ? len : MT_PAGE_SIZE))
                return -PROC_FAILED;
        }
    }
    return 0;
}

/* The loader's callbacks (lib/appload): the page tables and frames of
 * the application's own requests, in order; our copy of an installed
 * page, read-only; filling through our window. */
static mt_cptr_t cb_page_table(void *ctx)
{
    struct run *r = ctx;
    return r->pts < r->pts_end ? r->pts++ : 0;
}

static mt_cptr_t cb_frame(void *ctx) { return ((struct run *)ctx)->frames++; }

static mt_cptr_t cb_in_place(void *ctx, uint64_t page)
{
    struct run *r = ctx;
    for (unsigned k = 0; k < r->bd->pages; k++)
        if (r->bd->page_no[k] == page) {
            mt_cptr_t c = r->next < r->slot0 + APP_SLOTS ? r->next++ : 0;
            return c && !mt_cnode_copy(CN, c, DEPTH, CN, r->bd->page[k], DEPTH, MT_RIGHT_READ)
                   ? c : 0;
        }
    return 0;
}

static int cb_fill(void *ctx, mt_cptr_t frame, const uint8_t *src, uint64_t at, uint64_t n)
{
    (void)ctx;
    return (int)fill_frame(frame, src, at, n);
}

/* lib/appload's context for r: its objects and our callbacks (a start
 * adds the plan and the bundle). */
static struct mt_appload loader(struct run *r)
{
    return (struct mt_appload){ .root = CN, .tcb = r->tcb, .cnode = r->cnode,
        .vspace = r->vspace, .ctx = r, .page_table = cb_page_table, .copied_frame = cb_frame,
        .in_place_frame = cb_in_place, .fill = cb_fill };
}

/* Everything the plan lists, in one request charged to the application:
 * TCB, CNode, VSpace, page tables, copied frames (in this slot order). */
static long request_objects(struct run *r, struct bundle *bd, const struct mt_bundle_plan *p)
{
    _Static_assert(MEM_NAME_MAX - 1 <= sizeof p->name, "the owner's name is cut from the plan's");
    struct mem_name n = { { 0 } };
    memcpy(n.s, p->name, MEM_NAME_MAX - 1);
    r->bd = bd;
    r->next = r->slot0;
    r->owner = memory_owner_new(n, p->quota_bytes);
    if (r->owner < 0)
        return -PROC_NO_MEMORY;
    struct mem_req q = { .row = {
        { MT_OBJ_TCB, 0, 1 }, { MT_OBJ_CNODE, MT_APP_CNODE_RADIX, 1 }, { MT_OBJ_VSPACE, 0, 1 },
        { MT_OBJ_PAGE_TABLE, 0, (unsigned short)p->page_tables },
        { MT_OBJ_FRAME_4K, 0, (unsigned short)p->pages_copied } } };
    unsigned count = 3 + (unsigned)(p->page_tables + p->pages_copied);
    if (count + bd->pages > APP_SLOTS)
        return -PROC_TOO_MANY;
    long g = memory_objs_alloc(r->owner, q, r->slot0);
    if (g < 0)
        return -PROC_NO_MEMORY;
    r->groups[r->ngroups++] = (int)g;
    r->tcb = r->slot0;
    r->cnode = r->slot0 + 1;
    r->vspace = r->slot0 + 2;
    return 0;
}

long app_start(struct run *r, struct bundle *bd, const struct mt_bundle_plan *p)
{
    long err = request_objects(r, bd, p);
    if (err)
        return err;
    if (mt_asid_pool_assign(MT_SLOT_ASID_POOL, r->vspace))
        return -PROC_FAILED;
    r->pts = r->slot0 + 3;
    r->pts_end = r->pts + p->page_tables;
    r->frames = r->pts_end;
    r->next = r->pts_end + p->pages_copied;
    const struct mt_bundle_mapping *last = &p->map[p->mapping_count - 1];
    r->l0_top = (last->vaddr + last->pages * MT_PAGE_SIZE - 1) >> 21;
    r->heap_next = p->heap_base;
    r->heap_limit = p->heap_limit;
    r->shared_page = p->shared_page;
    struct mt_appload l = loader(r);
    l.plan = p;
    l.bundle = bd->data;
    mt_cptr_t ipc_frame;
    if (mt_appload_map(&l, &ipc_frame))
        return -PROC_FAILED;
    mt_cptr_t self = mt_component.threads[mt_thread_index()].tcb_slot;
    return mt_appload_start(&l, ipc_frame, runtime_ep, r->badge, r->badge | PROC_FAULT_BADGE,
                            self) ? -PROC_FAILED : 0;
}

/* The thread stops first; then every group goes back (the memory manager
 * revokes each block: objects, mappings, the runtime's copies), then our
 * copies of the bundle's pages, then the owner. */
void app_teardown(struct run *r)
{
    if (r->tcb)
        mt_tcb_suspend(r->tcb);
    while (r->ngroups > 0)
        memory_objs_free(r->groups[--r->ngroups]);
    for (mt_cptr_t s = r->slot0; s < r->slot0 + APP_SLOTS; s++)
        mt_cnode_delete(CN, s, DEPTH);
    if (r->owner > 0)
        memory_owner_free(r->owner);
    r->owner = 0;
    r->tcb = 0;
}

/* pages frames (and a level-0 table for each new 2 MiB region) at va,
 * charged to the application: its quota decides. */
static struct proc_mem grow(struct run *r, mt_word_t va, unsigned long pages)
{
    struct proc_mem res = { 0, va, 0 };
    mt_word_t top = (va + pages * MT_PAGE_SIZE - 1) >> 21;
    unsigned long tables = top > r->l0_top ? top - r->l0_top : 0;
    if (r->ngroups >= MAX_GROUPS_APP || r->next + pages + tables > r->slot0 + APP_SLOTS) {
        res.err = -PROC_TOO_MANY;
        return res;
    }
    struct mem_req q = one_row(MT_OBJ_FRAME_4K, 0, (unsigned)pages);
    q.row[1] = (struct mem_req_row){ MT_OBJ_PAGE_TABLE, 0, (unsigned short)tables };
    long g = memory_objs_alloc(r->owner, q, r->next);
    if (g < 0) {
        res.err = -PROC_NO_MEMORY;
        res.left = (unsigned long)memory_owner_left(r->owner);
        return res;
    }
    r->groups[r->ngroups++] = (int)g;
    mt_cptr_t frames = r->next;
    struct mt_appload l = loader(r);
    r->pts = frames + pages;
    r->pts_end = r->pts + tables;
    r->next = r->pts_end;
    r->l0_top = top > r->l0_top ? top : r->l0_top;
    for (unsigned long i = 0; i < pages && !res.err; i++)
        if (fill_frame(frames + i, 0, 0, 0) ||
            mt_appload_map_page(&l, frames + i, va + i * MT_PAGE_SIZE,
                                MT_VM_READ | MT_VM_WRITE))
            res.err = -PROC_FAILED;
    return res;
}

struct proc_mem app_heap(struct run *r, unsigned long pages)
{
    if (pages > (r->heap_limit - r->heap_next) / MT_PAGE_SIZE)
        return (struct proc_mem){ -PROC_NO_MEMORY, 0, (unsigned long)memory_owner_left(r->owner) };
    struct proc_mem res = grow(r, r->heap_next, pages);
    if (!res.err)
        r->heap_next += pages * MT_PAGE_SIZE;
    return res;
}

/* The shared page: mapped in the application, its cap (a copy) to the
 * runtime in the reply. */
struct proc_mem app_shared(struct run *r, mt_cptr_t *copy)
{
    mt_cptr_t frame = r->next;
    struct proc_mem res = r->shared ? (struct proc_mem){ 0, r->shared_page, 0 }
                                    : grow(r, r->shared_page, 1);
    if (!res.err && !r->shared)
        r->shared = (int)frame;
    *copy = res.err ? 0 : (mt_cptr_t)r->shared;
    return res;
}
