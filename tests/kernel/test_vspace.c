/* SPDX-License-Identifier: BSD-2-Clause */
/* VSpace: mapping frames and page tables, errors, page faults. */
#include "ktest.h"

#define RW (MT_VM_READ | MT_VM_WRITE)

static int t_map_rw(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t f = 0;
    volatile mt_word_t *p = page_new(c, &f);
    CHECK(p);
    CHECK_EQ(p[0], 0);
    p[0] = 0x1234;
    p[511] = 0x5678;
    CHECK_EQ(p[0] + p[511], 0x1234 + 0x5678);
    return 0;
}

static int t_remap(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t f = 0;
    volatile mt_word_t *p = page_new(c, &f);
    mt_word_t v2 = vaddr_alloc(c, 1);
    CHECK(p);
    p[7] = 0xfeed;
    CHECK_OK(mt_frame_unmap(f));
    CHECK_OK(map_frame(c, VS, f, v2, RW));
    CHECK_EQ(((volatile mt_word_t *)v2)[7], 0xfeed);
    return 0;
}

static int t_map_errors(struct ctx *c, mt_word_t which)
{
    mt_cptr_t f1 = 0;
    void *p = page_new(c, &f1);
    mt_cptr_t f2 = obj_new(c, MT_OBJ_FRAME_4K, 0);
    mt_word_t v = (mt_word_t)p, v2 = vaddr_alloc(c, 1);
    CHECK(p && f2);
    if (which == 0)   /* a page already there */
        CHECK_ERR(mt_frame_map(f2, VS, v, RW), MT_DELETE_FIRST);
    if (which == 1)   /* this frame is already mapped elsewhere */
        CHECK_ERR(map_frame(c, VS, f1, v2, RW), MT_INVALID_CAPABILITY);
    if (which == 2)
        CHECK_ERR(mt_frame_map(f2, VS, v2 + 8, RW), MT_ALIGNMENT_ERROR);
    if (which == 3)
        CHECK_ERR(mt_frame_map(f2, VS, MT_USER_TOP, RW), MT_INVALID_ARGUMENT);
    if (which == 4)   /* RISC-V: write without read is not a mapping */
        CHECK_ERR(map_frame(c, VS, f2, v2, MT_VM_WRITE), MT_INVALID_ARGUMENT);
    if (which == 5)
        CHECK_ERR(mt_frame_map(f2, f1, v2, RW), MT_INVALID_CAPABILITY);
    CHECK_EQ(*(volatile mt_word_t *)v, 0);
    return 0;
}

static int t_misaligned_2m(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t big = obj_new(c, MT_OBJ_FRAME_2M, 0);
    mt_word_t v = vaddr_alloc_2m(c);
    CHECK(big);
    CHECK_ERR(mt_frame_map(big, VS, v + MT_PAGE_SIZE, RW), MT_ALIGNMENT_ERROR);
    return 0;
}

static int t_map_2m(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t big = obj_new(c, MT_OBJ_FRAME_2M, 0);
    mt_word_t v = vaddr_alloc_2m(c);
    CHECK(big);
    CHECK_OK(map_frame(c, VS, big, v, RW));
    volatile mt_word_t *p = (volatile mt_word_t *)v;
    p[0] = 1;
    p[(1ul << MT_FRAME_2M_SIZE_BITS) / 8 - 1] = 2;
    CHECK_EQ(p[0] + p[(1ul << MT_FRAME_2M_SIZE_BITS) / 8 - 1], 3);
    return 0;
}

static int t_no_page_table(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_4K, 0);
    CHECK(f);
    CHECK_ERR(mt_frame_map(f, VS, TEST_VBASE + TEST_VSIZE, RW), MT_FAILED_LOOKUP);
    CHECK_ERR(mt_frame_map(f, VS, vaddr_alloc_2m(c), RW), MT_FAILED_LOOKUP);
    return 0;
}

static int t_page_table_errors(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t v = vaddr_alloc_2m(c);
    mt_cptr_t pt1 = obj_new(c, MT_OBJ_PAGE_TABLE, 0), pt2 = obj_new(c, MT_OBJ_PAGE_TABLE, 0);
    mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_4K, 0);
    CHECK(pt1 && pt2 && f);
    CHECK_OK(map_frame(c, VS, f, v, RW));   /* every level now present */
    CHECK_ERR(mt_page_table_map(pt1, VS, v), MT_DELETE_FIRST);
    CHECK_ERR(mt_page_table_map(pt2, VS, MT_USER_TOP), MT_INVALID_ARGUMENT);
    CHECK_ERR(mt_page_table_map(pt2, f, TEST_VBASE + TEST_VSIZE), MT_INVALID_CAPABILITY);
    return 0;
}

/* Unmapping a page table takes the pages under it out of the VSpace. */
static int t_page_table_unmap(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t v = vaddr_alloc_2m(c);
    mt_cptr_t pt = obj_new(c, MT_OBJ_PAGE_TABLE, 0);
    mt_cptr_t f1 = obj_new(c, MT_OBJ_FRAME_4K, 0), f2 = obj_new(c, MT_OBJ_FRAME_4K, 0);
    CHECK(pt && f1 && f2);
    CHECK_OK(mt_page_table_map(pt, VS, v));
    CHECK_OK(mt_frame_map(f1, VS, v, RW));
    CHECK_OK(mt_page_table_unmap(pt));
    CHECK_ERR(mt_frame_map(f2, VS, v + MT_PAGE_SIZE, RW), MT_FAILED_LOOKUP);
    CHECK_OK(mt_page_table_map(pt, VS, v));
    CHECK_OK(mt_frame_map(f2, VS, v + MT_PAGE_SIZE, RW));
    return 0;
}

static int vm_fault_at(struct ctx *c, mt_cptr_t vs, char *fn, mt_word_t addr, mt_word_t access);

/* An unmapped page table comes back empty: what it mapped does not follow
 * it to a new address (the frame's slot is free again, and reading there
 * faults). */
static int t_page_table_unmap_clears(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t v = vaddr_alloc_2m(c), w = vaddr_alloc_2m(c);
    mt_cptr_t pt = obj_new(c, MT_OBJ_PAGE_TABLE, 0);
    mt_cptr_t f1 = obj_new(c, MT_OBJ_FRAME_4K, 0), f2 = obj_new(c, MT_OBJ_FRAME_4K, 0);
    CHECK(pt && f1 && f2 && v && w);
    CHECK_OK(mt_page_table_map(pt, VS, v));
    CHECK_OK(mt_frame_map(f1, VS, v, RW));
    CHECK_OK(mt_page_table_unmap(pt));
    CHECK_OK(mt_page_table_map(pt, VS, w));
    CHECK_OK(mt_frame_map(f2, VS, w, RW));   /* the slot f1 used is empty */
    return vm_fault_at(c, 0, asm_load_addr, w + MT_PAGE_SIZE, MT_VM_READ);
}

/* Only the last cap to a page table may unmap it: a copy would keep a
 * stale record of where the table is. */
static int t_page_table_unmap_needs_last_cap(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t v = vaddr_alloc_2m(c);
    mt_cptr_t pt = obj_new(c, MT_OBJ_PAGE_TABLE, 0), copy = slot_alloc(c);
    CHECK(pt && copy && v);
    CHECK_OK(mt_page_table_map(pt, VS, v));
    CHECK_OK(mt_cnode_copy(ROOT, copy, ROOT_DEPTH, ROOT, pt, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_ERR(mt_page_table_unmap(pt), MT_REVOKE_FIRST);
    CHECK_ERR(mt_page_table_unmap(copy), MT_REVOKE_FIRST);
    CHECK_OK(mt_cnode_delete(ROOT, copy, ROOT_DEPTH));
    CHECK_OK(mt_page_table_unmap(pt));
    return 0;
}

static int t_unmap_unmapped(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_4K, 0);
    CHECK(f);
    CHECK_OK(mt_frame_unmap(f));
    return 0;
}

/* A child touches addr: the fault names the address and the access. */
static int vm_fault_at(struct ctx *c, mt_cptr_t vs, char *fn, mt_word_t addr, mt_word_t access)
{
    mt_word_t mr[4];
    TRY(fault_of(c, vs, ASM_FN(fn), addr, MT_FAULT_VM, mr));
    CHECK_EQ(mr[1], addr);
    CHECK_EQ(mr[2], access);
    CHECK_EQ(mr[0], access == MT_VM_EXEC ? addr : (mt_word_t)fn);
    return 0;
}

static int t_fault_unmapped(struct ctx *c, mt_word_t write)
{
    mt_word_t v = vaddr_alloc(c, 1);
    CHECK(page_new(c, 0));              /* page tables exist around v */
    return vm_fault_at(c, 0, write ? asm_store_addr : asm_load_addr, v + 0x18,
                       write ? MT_VM_WRITE : MT_VM_READ);
}

static int t_fault_readonly(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t f = obj_new(c, MT_OBJ_FRAME_4K, 0);
    mt_word_t v = vaddr_alloc(c, 1);
    CHECK(f);
    CHECK_OK(map_frame(c, VS, f, v, MT_VM_READ));
    CHECK_EQ(*(volatile mt_word_t *)v, 0);
    return vm_fault_at(c, 0, asm_store_addr, v + 8, MT_VM_WRITE);
}

static int t_fault_noexec(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    void *p = page_new(c, 0);
    CHECK(p);
    return vm_fault_at(c, 0, asm_jump_addr, (mt_word_t)p + 0x40, MT_VM_EXEC);
}

/* After unmap (which == 0) or deleting the frame cap (1) the page is gone. */
static int t_gone_after(struct ctx *c, mt_word_t which)
{
    mt_cptr_t f = 0;
    mt_word_t v = (mt_word_t)page_new(c, &f);
    CHECK(v);
    *(volatile mt_word_t *)v = 1;
    if (which == 0)
        CHECK_OK(mt_frame_unmap(f));
    else
        CHECK_OK(mt_cnode_delete(ROOT, f, ROOT_DEPTH));
    return vm_fault_at(c, 0, asm_load_addr, v, MT_VM_READ);
}

static volatile mt_word_t shared_word;

static void child_write_shared(mt_word_t v)
{
    *(volatile mt_word_t *)v = 0xc0ffee;
    shared_word = 1;
}

/* A fresh VSpace sees only what is mapped into it. */
static int t_isolation(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread t;
    mt_cptr_t f = 0;
    mt_word_t v = (mt_word_t)page_new(c, &f);
    mt_cptr_t vs = vspace_new(c);
    CHECK(v && vs);
    TRY(vm_fault_at(c, vs, asm_load_addr, v, MT_VM_READ));
    mt_cptr_t f2 = cap_copy(c, f, MT_RIGHTS_ALL);
    mt_word_t v2 = vaddr_alloc(c, 1);
    CHECK(f2);
    CHECK_OK(map_frame(c, vs, f2, v2, RW));
    shared_word = 0;
    TRY(thread_new(c, &t, vs, 0, HIGH_PRIO, 2));
    TRY(thread_start(c, &t, child_write_shared, v2));
    CHECK_EQ(shared_word, 1);
    CHECK_EQ(*(volatile mt_word_t *)v, 0xc0ffee);
    return 0;
}

static const struct test vspace_group_tests[] = {
    { "vspace_map_frame_rw", t_map_rw, 0 },
    { "vspace_unmap_remap_keeps_data", t_remap, 0 },
    { "vspace_map_over_existing_page", t_map_errors, 0 },
    { "vspace_map_frame_already_mapped", t_map_errors, 1 },
    { "vspace_map_misaligned", t_map_errors, 2 },
    { "vspace_map_out_of_range", t_map_errors, 3 },
    { "vspace_map_write_without_read", t_map_errors, 4 },
    { "vspace_map_into_non_vspace", t_map_errors, 5 },
    { "vspace_map_2m_misaligned", t_misaligned_2m, 0 },
    { "vspace_map_2m_frame", t_map_2m, 0 },
    { "vspace_map_no_page_table", t_no_page_table, 0 },
    { "vspace_page_table_errors", t_page_table_errors, 0 },
    { "vspace_page_table_unmap", t_page_table_unmap, 0 },
    { "vspace_page_table_unmap_clears", t_page_table_unmap_clears, 0 },
    { "vspace_page_table_unmap_needs_last_cap", t_page_table_unmap_needs_last_cap, 0 },
    { "vspace_unmap_unmapped_frame", t_unmap_unmapped, 0 },
    { "vspace_fault_read_unmapped", t_fault_unmapped, 0 },
    { "vspace_fault_write_unmapped", t_fault_unmapped, 1 },
    { "vspace_fault_write_readonly", t_fault_readonly, 0 },
    { "vspace_fault_exec_noexec", t_fault_noexec, 0 },
    { "vspace_unmap_removes_access", t_gone_after, 0 },
    { "vspace_delete_frame_unmaps", t_gone_after, 1 },
    { "vspace_isolation_and_sharing", t_isolation, 0 },
};
GROUP(vspace_group);
