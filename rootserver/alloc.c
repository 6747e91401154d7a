/* SPDX-License-Identifier: BSD-2-Clause */
/* Creating the spec's objects from the boot untyped list.
 *
 * RAM objects come in the spec's order (largest first) from the first
 * RAM untyped with room at an address aligned to the object's size: the
 * same watermark rule the kernel's Retype and motec's fit check follow, so
 * motec's prediction is what happens here.  The root task's own untyped
 * is never used for the system (it is given back at the end).  Device
 * frames are carved at their physical address from device untyped by
 * first retyping filler untyped over the gap. */
#include "rs.h"

/* A boot untyped the system may use: the rest of what it is, boot info
 * says (16 bytes each: the table is part of the rootserver's image). */
struct ut {
    uint64_t wm;                /* bytes used from the start */
    uint8_t index, device, gone; /* in the boot untyped list; handed over */
};

static uint64_t ut_paddr(const struct ut *u) { return rs.bi->untyped_list[u->index].paddr; }
static uint64_t ut_size(const struct ut *u)
{
    return 1ull << rs.bi->untyped_list[u->index].size_bits;
}
static mt_cptr_t ut_cap(const struct ut *u) { return rs.bi->untyped.start + u->index; }

static struct ut uts[MT_MAX_BOOT_UNTYPED];
static int n_ut;

void alloc_init(void)
{
    const struct mt_bootinfo *bi = rs.bi;
    for (mt_cptr_t s = bi->untyped.start; s < bi->untyped.end; s++) {
        const struct mt_untyped_desc *d = &bi->untyped_list[s - bi->untyped.start];
        /* the rootserver's own block, and any untyped with a flag this
         * code does not know (e.g. one that is full until revoked), is no
         * place for the system */
        if (d->flags & ~MT_UT_DEVICE)
            continue;
        uts[n_ut++] = (struct ut){ 0, (uint8_t)(s - bi->untyped.start),
                                   !!(d->flags & MT_UT_DEVICE), 0 };
    }
}

mt_cptr_t alloc_ram(int type, int size_bits, mt_cptr_t slot)
{
    uint64_t size = 1ull << mt_object_size_bits((unsigned long)type, (unsigned long)size_bits);
    for (int i = 0; i < n_ut; i++) {
        struct ut *u = &uts[i];
        uint64_t start = (ut_paddr(u) + u->wm + size - 1) & ~(size - 1);
        if (u->device || start + size > ut_paddr(u) + ut_size(u))
            continue;
        RS_CHECK(mt_untyped_retype(ut_cap(u), type, size_bits, RS_ROOT, 0, 0, slot, 1),
                 "retype of a %lu-byte object", (unsigned long)size);
        rs.used_bytes += start + size - (ut_paddr(u) + u->wm);
        u->wm = start + size - ut_paddr(u);
        return slot;
    }
    rs_fail(RS_EXIT_FAILED, "out of memory: no untyped has %lu bytes free (system uses %lu "
            "so far)", (unsigned long)size, (unsigned long)rs.used_bytes);
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

/* A device frame (4 KiB, or 2 MiB for large regions) carved from the
 * device untyped covering its physical address. */
static void alloc_device(uint32_t i, mt_cptr_t slot)
{
    uint64_t pa = rs.obj[i].paddr;
    uint64_t size = 1ull << mt_object_size_bits(rs.obj[i].type, 0);
    struct ut *u = 0;
    for (int k = 0; k < n_ut && !u; k++)
        if (uts[k].device && pa >= ut_paddr(&uts[k]) &&
            pa + size <= ut_paddr(&uts[k]) + ut_size(&uts[k]))
            u = &uts[k];
    if (!u || pa % size || ut_paddr(u) + u->wm > pa)
        rs_fail(RS_EXIT_FAILED, "device frame %s at 0x%lx: no device untyped covers it, or it "
                "is unaligned or below an earlier one", rs_name(i), (unsigned long)pa);
    mt_cptr_t fillers[64];
    int n = 0;
    while (ut_paddr(u) + u->wm < pa && n < 64) {
        int bits = filler_bits(ut_paddr(u) + u->wm, pa);
        fillers[n] = rs_alloc_slot();
        RS_CHECK(mt_untyped_retype(ut_cap(u), MT_OBJ_UNTYPED, bits, RS_ROOT, 0, 0,
                                   fillers[n++], 1), "filler before device frame %s", rs_name(i));
        u->wm += 1ull << bits;
    }
    if (ut_paddr(u) + u->wm != pa)
        rs_fail(RS_EXIT_FAILED, "device frame %s: too many fillers", rs_name(i));
    RS_CHECK(mt_untyped_retype(ut_cap(u), rs.obj[i].type, 0, RS_ROOT, 0, 0, slot, 1),
             "device frame %s", rs_name(i));
    u->wm = pa + size - ut_paddr(u);
    /* the frame keeps the watermark up; the fillers are not needed */
    while (n > 0)
        RS_CHECK(mt_cnode_delete(RS_ROOT, fillers[--n], RS_DEPTH), "filler delete");
}

/* An ASID pool: a 4 KiB untyped (the same watermark step as any object
 * of its size) that ASID control turns into the pool.  The untyped cap
 * stays in a spare slot as the pool's parent. */
static void alloc_asid_pool(uint32_t i)
{
    mt_cptr_t ut = alloc_ram(MT_OBJ_UNTYPED, MT_ASID_POOL_SIZE_BITS, rs_alloc_slot());
    RS_CHECK(mt_asid_control_make_pool(MT_INIT_ASID_CONTROL, ut, RS_ROOT, rs_obj_slot(i), RS_DEPTH),
             "ASID pool %s", rs_name(i));
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
            rs_fail(RS_EXIT_BAD_SPEC, "bad spec: VSpace %s and no ASID pool", rs_name(i));
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

/* Moves the RAM untyped with the most room left into cnode's slots
 * [first, first + count); returns how many moved. */
int alloc_hand_over(mt_cptr_t cnode, int bits, mt_word_t first, int count)
{
    int n = 0;
    for (; n < count; n++) {
        struct ut *best = 0;
        for (int i = 0; i < n_ut; i++)
            if (!uts[i].device && !uts[i].gone && uts[i].wm < ut_size(&uts[i]) &&
                (!best || ut_size(&uts[i]) - uts[i].wm > ut_size(best) - best->wm))
                best = &uts[i];
        if (!best)
            break;
        RS_CHECK(mt_cnode_move(cnode, first + n, bits, RS_ROOT, ut_cap(best), RS_DEPTH),
                 "handing over an untyped");
        rs.handed_bytes += ut_size(best) - best->wm;
        best->gone = 1;
    }
    return n;
}

/* The free bytes of the RAM untyped not handed over: they die with the
 * rootserver's CNode, so the running system can never allocate them. */
uint64_t alloc_unhanded_bytes(void)
{
    uint64_t n = 0;
    for (int i = 0; i < n_ut; i++)
        if (!uts[i].device && !uts[i].gone)
            n += ut_size(&uts[i]) - uts[i].wm;
    return n;
}
