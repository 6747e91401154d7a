/* SPDX-License-Identifier: BSD-2-Clause */
/* Creating the spec's objects from the boot untyped list.
 *
 * RAM objects come in the spec's order (largest first) from the first
 * RAM untyped with room at an address aligned to the object's size: the
 * same watermark rule the kernel's Retype and motec's fit check follow, so
 * motec's prediction is what happens here.  The root task's own untyped
 * is never used for the system (it is given back at the end).  Device
 * frames are carved at their physical address from device untyped by
 * first retyping filler untyped over the gap.
 *
 * The rootserver keeps no table of its own: each untyped's watermark is
 * what the kernel says (Untyped_Describe), so its image stays small (it
 * is part of the boot peak). */
#include "rs.h"

static const struct mt_untyped_desc *ut_desc(unsigned i) { return &rs.bi->untyped_list[i]; }
static uint64_t ut_size(unsigned i) { return 1ull << ut_desc(i)->size_bits; }

/* Untyped i's free bytes; 0 when its cap is still in the root CNode (the
 * memory owner has not got it). */
int alloc_ut_free(unsigned i, uint64_t *free_bytes)
{
    struct mt_untyped_info info;
    int err = mt_untyped_describe(rs_ut_slot(i), &info);
    *free_bytes = err ? 0 : info.free_bytes;
    return err;
}

/* Bytes used from the start of untyped i (the watermark). */
uint64_t alloc_ut_used(unsigned i)
{
    uint64_t free_bytes;
    RS_CHECK(alloc_ut_free(i, &free_bytes), "describing untyped %u", i);
    return ut_size(i) - free_bytes;
}

/* An untyped the system may use: RAM or device, with no other flag (the
 * rootserver's own block and the archive's head are no place for it). */
static int ut_usable(unsigned i, int device)
{
    return ut_desc(i)->flags == (device ? MT_UT_DEVICE : 0);
}

mt_cptr_t alloc_ram(int type, int size_bits, mt_cptr_t slot)
{
    uint64_t size = 1ull << mt_object_size_bits((unsigned long)type, (unsigned long)size_bits);
    for (unsigned i = 0; i < rs_ut_count(); i++) {
        if (!ut_usable(i, 0) || size > ut_size(i))
            continue;
        uint64_t base = ut_desc(i)->paddr, wm = base + alloc_ut_used(i);
        uint64_t start = (wm + size - 1) & ~(size - 1);
        if (start + size > base + ut_size(i))
            continue;
        RS_CHECK(mt_untyped_retype(rs_ut_slot(i), type, size_bits, RS_ROOT, 0, 0, slot, 1),
                 "retype of a %lu-byte object", (unsigned long)size);
        rs.used_bytes += start + size - wm;
        return slot;
    }
    rs_fail(RS_EXIT_FAILED, "out of memory for %lu bytes (system uses %lu so far)",
            (unsigned long)size, (unsigned long)rs.used_bytes);
}

/* The largest aligned block at at that ends at or before end. */
static int filler_bits(uint64_t at, uint64_t end)
{
    int bits = MT_PAGE_BITS;
    while (bits < MT_UNTYPED_MAX_BITS && !(at & ((2ull << bits) - 1)) &&
           at + (2ull << bits) <= end)
        bits++;
    return bits;
}

/* The device untyped covering [pa, pa + size), or -1. */
static int device_ut(uint64_t pa, uint64_t size)
{
    for (unsigned i = 0; i < rs_ut_count(); i++)
        if (ut_usable(i, 1) && pa >= ut_desc(i)->paddr &&
            pa + size <= ut_desc(i)->paddr + ut_size(i))
            return (int)i;
    return -1;
}

/* A device frame (4 KiB, or 2 MiB for large regions) carved from the
 * device untyped covering its physical address.  Fillers take the gap
 * below it; one always stays until the frame exists (an untyped with no
 * children starts again at its bottom), so two slots take turns. */
static void alloc_device(uint32_t i, mt_cptr_t slot)
{
    uint64_t pa = rs.obj[i].paddr;
    uint64_t size = 1ull << mt_object_size_bits(rs.obj[i].type, 0);
    int u = device_ut(pa, size);
    uint64_t at = u < 0 ? 0 : ut_desc((unsigned)u)->paddr + alloc_ut_used((unsigned)u);
    if (u < 0 || pa % size || at > pa)
        rs_fail(RS_EXIT_FAILED, "device frame %s at 0x%lx: no device untyped fits it", rs_name(i),
                (unsigned long)pa);
    unsigned n = 0;
    for (; at < pa; at += 1ull << filler_bits(at, pa), n++) {
        RS_CHECK(mt_untyped_retype(rs_ut_slot((unsigned)u), MT_OBJ_UNTYPED, filler_bits(at, pa),
                                   RS_ROOT, 0, 0, rs_tmp(n % 2), 1),
                 "filler before device frame %s", rs_name(i));
        if (n)
            rs_tmp_delete(rs_tmp((n - 1) % 2));
    }
    RS_CHECK(mt_untyped_retype(rs_ut_slot((unsigned)u), rs.obj[i].type, 0, RS_ROOT, 0, 0, slot, 1),
             "device frame %s", rs_name(i));
    /* the frame keeps the watermark up; the last filler is not needed */
    if (n)
        rs_tmp_delete(rs_tmp((n - 1) % 2));
}

/* The boot pool's untyped (the kernel made the boot pool in a page of its
 * own, MT_UT_BOOT_POOL), or -1. */
static int pool_given;

static int boot_pool_ut(void)
{
    for (unsigned i = 0; i < rs_ut_count(); i++)
        if (ut_desc(i)->flags == MT_UT_BOOT_POOL)
            return (int)i;
    return -1;
}

/* The boot pool's page when no system pool took it: it dies with the
 * rootserver's CNode, neither the system's nor free. */
uint64_t alloc_boot_pool_held(void)
{
    int u = boot_pool_ut();
    return u < 0 || pool_given ? 0 : ut_size((unsigned)u);
}

/* An ASID pool: the boot pool, which the kernel made outside the
 * rootserver's block so that a system can keep it (one pool at boot, not
 * two: docs/FOOTPRINT.md); else a 4 KiB untyped (the same watermark step
 * as any object of its size) that ASID control turns into the pool, which
 * stays a child of the RAM untyped it came from when that untyped cap
 * goes.  Either way the system's RAM holds the pool's page. */
static void alloc_asid_pool(uint32_t i)
{
    int u = boot_pool_ut();
    if (u >= 0 && !pool_given) {
        RS_CHECK(mt_cnode_move(RS_ROOT, rs_obj_slot(i), RS_DEPTH, RS_ROOT, MT_INIT_ASID_POOL,
                               RS_DEPTH), "ASID pool %s", rs_name(i));
        rs.used_bytes += ut_size((unsigned)u);
        pool_given = 1;
        return;
    }
    mt_cptr_t ut = alloc_ram(MT_OBJ_UNTYPED, MT_ASID_POOL_SIZE_BITS, rs_tmp(0));
    RS_CHECK(mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, ut, RS_ROOT, rs_obj_slot(i), RS_DEPTH),
             "ASID pool %s", rs_name(i));
    rs_tmp_delete(ut);
}

/* Every VSpace gets its ASID from the spec's pool before anything is
 * mapped into it or a thread runs in it. */
void alloc_assign_asids(void)
{
    uint32_t pool = MT_SPEC_NONE;
    for (uint32_t i = 0; i < rs.spec->object_count; i++)
        if (rs.obj[i].type == MT_OBJ_ASID_POOL)
            pool = i;
    for (uint32_t i = 0; i < rs.spec->object_count; i++) {
        if (rs.obj[i].type != MT_OBJ_VSPACE)
            continue;
        if (pool == MT_SPEC_NONE)
            rs_bad("VSpace %s and no ASID pool", rs_name(i));
        RS_CHECK(mt_asid_pool_assign(rs_obj_slot(pool), rs_obj_slot(i)), "ASID for %s",
                 rs_name(i));
    }
}

void alloc_objects(void)
{
    for (uint32_t i = 0; i < rs.spec->object_count; i++) {
        const struct mt_spec_object *o = &rs.obj[i];
        if (o->flags & MT_SPEC_OBJ_IMAGE)
            continue;          /* an archive page: mapped, never created */
        if (o->type == MT_SPEC_OBJ_IRQ)
            RS_CHECK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, o->paddr, RS_ROOT, rs_obj_slot(i),
                                        RS_DEPTH), "IRQ handler %s", rs_name(i));
        else if (o->type == MT_SPEC_OBJ_POWER)
            RS_CHECK(mt_irq_control_get_power(MT_INIT_IRQ_CONTROL, RS_ROOT, rs_obj_slot(i),
                                              RS_DEPTH), "Power cap %s", rs_name(i));
        else if (o->flags & MT_SPEC_OBJ_DEVICE)
            alloc_device(i, rs_obj_slot(i));
        else if (o->type == MT_OBJ_ASID_POOL)
            alloc_asid_pool(i);
        else
            alloc_ram(o->type, o->size_bits, rs_obj_slot(i));
        report_add(i);
        rs.created++;
    }
}

/* The RAM untyped still here with the most room left, or -1. */
static int roomiest(void)
{
    int best = -1;
    uint64_t most = 0, free_bytes;
    for (unsigned i = 0; i < rs_ut_count(); i++)
        if (ut_usable(i, 0) && !alloc_ut_free(i, &free_bytes) && free_bytes > most) {
            best = (int)i;
            most = free_bytes;
        }
    return best;
}

/* Moves the RAM untyped with the most room left into cnode's slots
 * [first, first + count); returns how many moved. */
int alloc_hand_over(mt_cptr_t cnode, int bits, mt_word_t first, int count)
{
    int n = 0, u;
    uint64_t free_bytes;
    for (; n < count && (u = roomiest()) >= 0; n++) {
        alloc_ut_free((unsigned)u, &free_bytes);
        RS_CHECK(mt_cnode_move(cnode, first + n, bits, RS_ROOT, rs_ut_slot((unsigned)u),
                               RS_DEPTH), "handing over an untyped");
        rs.handed_bytes += free_bytes;
    }
    return n;
}

/* The free bytes of the RAM untyped not handed over: they die with the
 * rootserver's CNode, so the running system can never allocate them. */
uint64_t alloc_unhanded_bytes(void)
{
    uint64_t n = 0, free_bytes;
    for (unsigned i = 0; i < rs_ut_count(); i++)
        if (ut_usable(i, 0) && !alloc_ut_free(i, &free_bytes))
            n += free_bytes;
    return n;
}
