/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by the tests: slots, objects, mappings, threads. */
#include "ktest.h"
#include "../lib/untyped.h"

extern char __image_start[], __image_end[], __rodata_start[], __data_start[];

void ctx_init(struct ctx *c, const struct mt_bootinfo *bi)
{
    memset(c, 0, sizeof *c);
    c->bi = bi;
    c->self = MT_INIT_TCB;
    c->slot_base = c->slot_next = bi->empty.start;
    c->slot_end = bi->empty.end;
    c->vaddr_next = TEST_VBASE;
}

/* The largest untyped that is neither device memory nor the root task's. */
mt_cptr_t find_big_untyped(const struct mt_bootinfo *bi)
{
    return largest_untyped(bi, TEST_UT_BITS);
}

int ktest_fail(struct ctx *c, int line, const char *fmt, ...)
{
    if (c->reason[0])           /* the first failure explains the test */
        return 1;
    int n = mt_snprintf(c->reason, sizeof c->reason, "line %d: ", line);
    va_list ap;
    va_start(ap, fmt);
    mt_vsnprintf(c->reason + n, sizeof c->reason - (unsigned long)n, fmt, ap);
    va_end(ap);
    return 1;
}

mt_cptr_t slot_alloc_n(struct ctx *c, int n)
{
    if (c->slot_next + (mt_word_t)n > c->slot_end) {
        ktest_fail(c, __LINE__, "out of test slots");
        return 0;
    }
    mt_cptr_t s = c->slot_next;
    c->slot_next += (mt_word_t)n;
    return s;
}

mt_cptr_t slot_alloc(struct ctx *c) { return slot_alloc_n(c, 1); }

mt_cptr_t obj_new_from(struct ctx *c, mt_cptr_t ut, int type, int size_bits)
{
    mt_cptr_t s = slot_alloc(c);
    if (!s)
        return 0;
    int err = mt_untyped_retype(ut, type, size_bits, ROOT, 0, 0, s, 1);
    if (err) {
        ktest_fail(c, __LINE__, "retype type %d size %d: error %d", type, size_bits, err);
        return 0;
    }
    return s;
}

mt_cptr_t obj_new(struct ctx *c, int type, int size_bits)
{
    return obj_new_from(c, c->ut, type, size_bits);
}

int cap_type(mt_cptr_t cap) { return mt_debug_cap_identify(cap); }

mt_cptr_t cap_mint(struct ctx *c, mt_cptr_t src, mt_word_t rights, mt_word_t badge)
{
    mt_cptr_t s = slot_alloc(c);
    int err = s ? mt_cnode_mint(ROOT, s, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights, badge) : -1;
    if (err) {
        ktest_fail(c, __LINE__, "mint of slot %lu: error %d", src, err);
        return 0;
    }
    return s;
}

mt_cptr_t obj_minted(struct ctx *c, int type, mt_word_t rights, mt_word_t badge,
                     mt_cptr_t *orig)
{
    *orig = obj_new(c, type, type == MT_OBJ_CNODE ? 4 : 0);
    return *orig ? cap_mint(c, *orig, rights, badge) : 0;
}

mt_cptr_t cap_copy(struct ctx *c, mt_cptr_t src, mt_word_t rights)
{
    mt_cptr_t s = slot_alloc(c);
    int err = s ? mt_cnode_copy(ROOT, s, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights) : -1;
    if (err) {
        ktest_fail(c, __LINE__, "copy of slot %lu: error %d", src, err);
        return 0;
    }
    return s;
}

mt_cptr_t device_untyped_for(struct ctx *c, mt_word_t paddr, int *index)
{
    const struct mt_bootinfo *bi = c->bi;
    mt_word_t n = bi->untyped.end - bi->untyped.start;
    for (mt_word_t i = 0; i < n && i < MT_MAX_BOOT_UNTYPED; i++) {
        const struct mt_untyped_desc *d = &bi->untyped_list[i];
        if (!(d->flags & MT_UT_DEVICE) || paddr < d->paddr ||
            paddr - d->paddr >= (1ul << d->size_bits))
            continue;
        if (index)
            *index = (int)i;
        if (c->ndev_used < 4)
            c->dev_used[c->ndev_used++] = bi->untyped.start + i;
        return bi->untyped.start + i;
    }
    ktest_fail(c, __LINE__, "no device untyped covers %lx", paddr);
    return 0;
}

mt_word_t vaddr_alloc(struct ctx *c, int pages)
{
    mt_word_t v = c->vaddr_next;
    c->vaddr_next += ((mt_word_t)pages + 1) * MT_PAGE_SIZE;
    return v;
}

mt_word_t vaddr_alloc_2m(struct ctx *c)
{
    mt_word_t big = 1ul << MT_FRAME_2M_SIZE_BITS;
    mt_word_t v = (c->vaddr_next + big - 1) & ~(big - 1);
    c->vaddr_next = v + big + MT_PAGE_SIZE;
    return v;
}

int map_frame(struct ctx *c, mt_cptr_t vspace, mt_cptr_t frame, mt_word_t vaddr,
              mt_word_t perms)
{
    int err = mt_frame_map(frame, vspace, vaddr, perms);
    for (int level = 0; err == MT_FAILED_LOOKUP && level < 3; level++) {
        mt_cptr_t pt = obj_new(c, MT_OBJ_PAGE_TABLE, 0);
        if (!pt)
            return -1;
        int e = mt_page_table_map(pt, vspace, vaddr);
        if (e) {
            ktest_fail(c, __LINE__, "page table map at %lx: error %d", vaddr, e);
            return e;
        }
        err = mt_frame_map(frame, vspace, vaddr, perms);
    }
    return err;
}

void *page_new(struct ctx *c, mt_cptr_t *frame_out)
{
    mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_4K, 0);
    mt_word_t v = vaddr_alloc(c, 1);
    int err = f ? map_frame(c, VS, f, v, MT_VM_READ | MT_VM_WRITE) : -1;
    if (err) {
        ktest_fail(c, __LINE__, "mapping a new page at %lx: error %d", v, err);
        return 0;
    }
    if (frame_out)
        *frame_out = f;
    return (void *)v;
}

static mt_word_t image_perms(mt_word_t va)
{
    if (va < (mt_word_t)__rodata_start)
        return MT_VM_READ | MT_VM_EXEC;
    if (va < (mt_word_t)__data_start)
        return MT_VM_READ;
    return MT_VM_READ | MT_VM_WRITE;
}

mt_cptr_t vspace_assigned(struct ctx *c, mt_cptr_t pool)
{
    mt_cptr_t vs = obj_new(c, MT_OBJ_VSPACE, 0);
    int err = vs ? mt_asid_pool_assign(pool, vs) : -1;
    if (err) {
        ktest_fail(c, __LINE__, "assigning a VSpace an ASID: error %d", err);
        return 0;
    }
    return vs;
}

mt_cptr_t vspace_new(struct ctx *c) { return vspace_new_in(c, MT_INIT_ASID_POOL); }

mt_cptr_t vspace_new_in(struct ctx *c, mt_cptr_t pool)
{
    const struct mt_bootinfo *bi = c->bi;
    mt_cptr_t vs = vspace_assigned(c, pool);
    mt_word_t start = (mt_word_t)__image_start, end = (mt_word_t)__image_end;
    mt_word_t pages = (end - start) >> MT_PAGE_BITS;
    if (!vs || bi->image_frames.end - bi->image_frames.start < pages) {
        ktest_fail(c, __LINE__, "vspace_new: %lu image frames for %lu pages",
                   bi->image_frames.end - bi->image_frames.start, pages);
        return 0;
    }
    for (mt_word_t i = 0; i < pages; i++) {
        mt_word_t va = start + i * MT_PAGE_SIZE;
        mt_cptr_t f = cap_copy(c, bi->image_frames.start + i, MT_RIGHTS_ALL);
        int err = f ? map_frame(c, vs, f, va, image_perms(va)) : -1;
        if (err) {
            ktest_fail(c, __LINE__, "vspace_new: page %lx: error %d", va, err);
            return 0;
        }
    }
    return vs;
}

/* A frame of device memory at exactly paddr: child untypeds of decreasing
 * size move the device untyped's watermark up to it first. */
mt_cptr_t device_frame(struct ctx *c, mt_word_t paddr)
{
    int i = 0;
    mt_cptr_t dev = device_untyped_for(c, paddr, &i);
    if (!dev)
        return 0;
    mt_word_t off = paddr - c->bi->untyped_list[i].paddr;
    for (int b = c->bi->untyped_list[i].size_bits - 1; b >= MT_PAGE_BITS; b--) {
        if (!(off & (1ul << b)))
            continue;
        if (!obj_new_from(c, dev, MT_OBJ_UNTYPED, b))
            return 0;
    }
    return obj_new_from(c, dev, MT_OBJ_FRAME_4K, 0);
}
