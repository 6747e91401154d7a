/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot protocol: initial caps and the boot info page. */
#include "ktest.h"
#include <mote/archive.h>

extern char __image_start[], __image_end[];

static int t_initial_caps(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    static const int want[MT_INIT_FIRST_FREE] = {
        [MT_INIT_NULL] = MT_CAP_NULL, [MT_INIT_TCB] = MT_CAP_TCB,
        [MT_INIT_CNODE] = MT_CAP_CNODE, [MT_INIT_VSPACE] = MT_CAP_VSPACE,
        [MT_INIT_IRQ_CONTROL] = MT_CAP_IRQ_CONTROL,
        [MT_INIT_BOOTINFO_FRAME] = MT_CAP_FRAME, [MT_INIT_IPC_BUFFER] = MT_CAP_FRAME,
        [MT_INIT_ASID_CONTROL] = MT_CAP_ASID_CONTROL, [MT_INIT_ASID_POOL] = MT_CAP_ASID_POOL,
    };
    for (int i = 0; i < MT_INIT_FIRST_FREE; i++)
        CHECK_EQ(cap_type((mt_cptr_t)i), want[i]);
    return 0;
}

static int region_ok(struct ctx *c, const struct mt_slot_region *r, int type)
{
    CHECK(r->start <= r->end && r->end <= (1ul << c->bi->init_cnode_bits));
    CHECK(r->start >= MT_INIT_FIRST_FREE || r->start == r->end);
    for (mt_word_t s = r->start; s < r->end; s++)
        CHECK_EQ(cap_type(s), type);
    return 0;
}

static int t_bootinfo_regions(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    const struct mt_bootinfo *bi = c->bi;
    CHECK_EQ(bi->init_cnode_bits, MT_INIT_CNODE_BITS);
    TRY(region_ok(c, &bi->untyped, MT_CAP_UNTYPED));
    TRY(region_ok(c, &bi->image_frames, MT_CAP_FRAME));
    TRY(region_ok(c, &bi->page_tables, MT_CAP_PAGE_TABLE));
    TRY(region_ok(c, &bi->archive_frames, MT_CAP_FRAME));
    CHECK(bi->empty.start < bi->empty.end);
    CHECK(bi->untyped.end - bi->untyped.start <= MT_MAX_BOOT_UNTYPED);
    /* the slots beyond what this test took are still empty */
    for (mt_word_t s = c->slot_next; s < bi->empty.end; s++)
        CHECK_EQ(cap_type(s), MT_CAP_NULL);
    return 0;
}

static int t_untyped_list(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    const struct mt_bootinfo *bi = c->bi;
    int devices = 0, ram = 0;
    for (mt_word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const struct mt_untyped_desc *d = &bi->untyped_list[i];
        CHECK(d->size_bits >= MT_UNTYPED_MIN_BITS && d->size_bits <= MT_UNTYPED_MAX_BITS);
        CHECK_EQ(d->paddr & ((1ul << d->size_bits) - 1), 0);
        if (d->flags & MT_UT_DEVICE)
            devices++;
        else
            ram++;
        if (!(d->flags & MT_UT_DEVICE))
            CHECK(d->paddr >= bi->ram_base && d->paddr - bi->ram_base < bi->ram_bytes);
    }
    CHECK(devices > 0 && ram > 0);
    return 0;
}

/* Ranges no boot untyped may cover: the CLINT (firmware's, from the
 * device tree), the power-off device and the PLIC (the kernel's), and the
 * RAM below the kernel, where OpenSBI lives (its /reserved-memory). */
static const struct { mt_word_t base, size; } withheld[] = {
    { 0x2000000, 0x10000 }, { 0x100000, 0x1000 }, { 0xc000000, 0x600000 },
    { 0x80000000, 0x200000 },
};

static int covered_by_untyped(const struct mt_bootinfo *bi, mt_word_t lo, mt_word_t hi)
{
    for (mt_word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const struct mt_untyped_desc *d = &bi->untyped_list[i];
        if (d->paddr < hi && lo < d->paddr + (1ul << d->size_bits))
            return 1;
    }
    return 0;
}

static int t_firmware_withheld(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    for (unsigned i = 0; i < sizeof withheld / sizeof withheld[0]; i++)
        if (covered_by_untyped(c->bi, withheld[i].base, withheld[i].base + withheld[i].size))
            return ktest_fail(c, __LINE__, "an untyped covers %lx", withheld[i].base);
    /* the CLINT's neighbours are still device memory: the cut is exact,
     * and a frame next to the CLINT is made where the CLINT's is not */
    CHECK(covered_by_untyped(c->bi, 0x2000000 - MT_PAGE_SIZE, 0x2000000));
    CHECK(covered_by_untyped(c->bi, 0x2010000, 0x2010000 + MT_PAGE_SIZE));
    mt_cptr_t next = device_frame(c, 0x2010000);
    CHECK(next);
    mt_word_t pa = 0;
    CHECK_OK(mt_frame_get_address(next, &pa));
    CHECK_EQ(pa, 0x2010000);
    return 0;
}

/* The root task's image frames back this very image, in order. */
static int t_image_frames(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    const struct mt_bootinfo *bi = c->bi;
    mt_word_t pages = (mt_word_t)(__image_end - __image_start) >> MT_PAGE_BITS;
    mt_word_t prev = 0, pa = 0;
    CHECK(bi->image_frames.end - bi->image_frames.start >= pages);
    for (mt_word_t i = 0; i < pages; i++) {
        CHECK_OK(mt_frame_get_address(bi->image_frames.start + i, &pa));
        CHECK(pa >= bi->ram_base && pa != prev);
        prev = pa;
    }
    return 0;
}

static int t_kernel_info(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t a[4], b[4];
    mt_debug_kernel_info(a);
    CHECK_EQ(a[MT_KINFO_IMAGE_BYTES], c->bi->kernel_image_bytes);
    CHECK_EQ(a[MT_KINFO_RAM_BYTES], c->bi->ram_bytes);
    CHECK(a[MT_KINFO_TIMESLICE] > 0);
    for (long i = 0; i < 200000000L; i++) {
        mt_debug_kernel_info(b);
        if (b[MT_KINFO_TICKS] > a[MT_KINFO_TICKS])
            return 0;
    }
    return ktest_fail(c, __LINE__, "timer ticks stay at %lu", b[MT_KINFO_TICKS]);
}

/* The archive's boot-only head (header, directory and boot-only files)
 * is handed out as untyped that are full while its frames live; revoking
 * them takes those frames away, leaves the kept pages after them (the
 * test archive's kept file: tests/kernel/tests.mk) and frees the memory. */
static int t_archive_boot_only(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    const struct mt_bootinfo *bi = c->bi;
    const struct mt_archive_header *h = (const void *)bi->archive_vaddr;
    mt_cptr_t s = slot_alloc(c);
    mt_word_t boot_bytes = 0, keep = 0;
    struct mt_untyped_info info;
    CHECK_EQ(h->magic, MT_ARCHIVE_MAGIC);
    CHECK_EQ(h->version, MT_ARCHIVE_VERSION);
    CHECK(h->keep_offset > 0 && h->keep_offset < h->total_bytes);
    keep = h->keep_offset;      /* the header goes with the revoke */
    const struct mt_archive_entry *e = mt_archive_entries(h);
    CHECK(e->extent[0].archive_offset < keep);
    const char *file = (const char *)bi->archive_vaddr + e->extent[0].archive_offset;
    CHECK_EQ(memcmp(file, "mote-boot-only-tail-0001", 24), 0);
    for (mt_word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        if (!(bi->untyped_list[i].flags & MT_UT_BOOT_ARCHIVE))
            continue;
        mt_cptr_t ut = bi->untyped.start + i;
        CHECK_OK(mt_untyped_describe(ut, &info));
        CHECK_EQ(info.free_bytes, 0);
        CHECK_ERR(mt_untyped_retype(ut, MT_OBJ_ENDPOINT, 0, ROOT, 0, 0, s, 1), MT_NOT_ENOUGH_MEMORY);
        CHECK_OK(mt_cnode_revoke(ROOT, ut, ROOT_DEPTH));
        CHECK_OK(mt_untyped_describe(ut, &info));
        CHECK_EQ(info.free_bytes, 1ul << info.size_bits);
        boot_bytes += info.free_bytes;
    }
    CHECK_EQ(boot_bytes, keep);
    mt_word_t kept = bi->archive_frames.start + (keep >> MT_PAGE_BITS);
    for (mt_cptr_t f = bi->archive_frames.start; f < kept; f++)
        CHECK_EQ(cap_type(f), MT_CAP_NULL);
    for (mt_cptr_t f = kept; f < bi->archive_frames.end; f++)
        CHECK_EQ(cap_type(f), MT_CAP_FRAME);
    return 0;
}

/* Debug PutS prints what the caller may read and stops at the first byte
 * it may not: here, the guard page after a page of text. */
static int t_debug_puts(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    char *p = page_new(c, 0);
    CHECK(p);
    for (int i = 0; i < 4096; i++)   /* TAP comment lines: "# ....\n" */
        p[i] = i % 64 == 0 ? '#' : i % 64 == 1 ? ' ' : i % 64 == 63 ? '\n' : '.';
    mt_printf("# ");
    CHECK_EQ(mt_debug_puts("puts: one piece\n", 16), 16);
    CHECK_EQ(mt_debug_puts(p + 4096 - 64, 64 + 100), 64);
    CHECK_EQ(mt_debug_puts((const char *)MT_USER_TOP, 10), 0);
    CHECK_EQ(mt_debug_puts(p, 5000), MT_DEBUG_PUTS_MAX);
    return 0;
}

/* The kernel's invariant checker holds the running system to account: it
 * sees at least every cap the root CNode had at boot (all slots before
 * the empty range) plus this test's, and a new CNode and TCB are among
 * the containers it scans. */
static int t_invariants(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t before[2], after[2];
    CHECK_EQ(mt_debug_check(before), 0);
    CHECK(before[0] >= c->bi->empty.start - 1);
    CHECK(obj_new(c, MT_OBJ_CNODE, 2) && obj_new(c, MT_OBJ_TCB, 0) && obj_new(c, MT_OBJ_ENDPOINT, 0));
    CHECK_EQ(mt_debug_check(after), 0);
    CHECK_EQ(after[0], before[0] + 3);
    CHECK_EQ(after[1], before[1] + 2);
    return 0;
}

/* More CNodes than the checker scans (1024): it stops at its limit and
 * leaves no container marked, so the next check, after 200 of them are
 * gone, scans all the others again.  (Those from the middle go: which
 * end the checker reached last depends on the order it finds them.) */
static int t_invariants_limit(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_word_t before[2], full[2], after[2];
    CHECK_EQ(mt_debug_check(before), 0);
    mt_cptr_t first = slot_alloc_n(c, 1100);
    CHECK(first);
    CHECK_OK(mt_untyped_retype(c->ut, MT_OBJ_CNODE, 1, ROOT, 0, 0, first, 256));
    for (int i = 1; i < 5; i++)
        CHECK_OK(mt_untyped_retype(c->ut, MT_OBJ_CNODE, 1, ROOT, 0, 0, first + 256 * (mt_word_t)i,
                                   i < 4 ? 256 : 76));
    CHECK_EQ(mt_debug_check(full), 0);
    CHECK_EQ(full[1], 1024);
    for (mt_word_t i = 450; i < 650; i++)
        CHECK_OK(mt_cnode_delete(ROOT, first + i, ROOT_DEPTH));
    CHECK_EQ(mt_debug_check(after), 0);
    CHECK_EQ(after[0], before[0] + 900);
    CHECK_EQ(after[1], before[1] + 900);
    return 0;
}

static const struct test boot_group_tests[] = {
    { "boot_debug_puts", t_debug_puts, 0 },
    { "boot_initial_caps", t_initial_caps, 0 },
    { "boot_info_regions", t_bootinfo_regions, 0 },
    { "boot_untyped_list", t_untyped_list, 0 },
    { "boot_firmware_ranges_withheld", t_firmware_withheld, 0 },
    { "boot_image_frames", t_image_frames, 0 },
    { "boot_kernel_info_ticks", t_kernel_info, 0 },
    { "boot_invariant_checker_sees_every_cap", t_invariants, 0 },
    { "boot_invariant_checker_past_its_limit", t_invariants_limit, 0 },
    /* last of its group: it reclaims the tail for good, as a system does */
    { "boot_archive_boot_only_reclaimable", t_archive_boot_only, 0 },
};
GROUP(boot_group);
