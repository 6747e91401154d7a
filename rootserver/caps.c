/* SPDX-License-Identifier: BSD-2-Clause */
/* Capabilities: the spec's caps into the components' CNodes, the keeper
 * CNode for caps no component holds, and the hand-over of memory. */
#include "rs.h"

#define MAX_KEPT (2 * RS_MAX_OBJECTS)

static uint8_t held[RS_BITS(RS_MAX_OBJECTS)];   /* some component holds a cap to it */
/* Root CNode slots to keep, as offsets from the first slot after the
 * objects' (where rs_alloc_slot starts). */
static uint8_t kept[RS_BITS(MAX_KEPT)];
static int n_kept;

void caps_keep_slot(mt_cptr_t slot)
{
    mt_cptr_t first = rs.obj_base + rs.spec->object_count;
    if (slot < first || slot - first >= MAX_KEPT)
        rs_fail(RS_EXIT_FAILED, "extra frame cap in slot %lu: more than %d slots after the "
                "objects'", (unsigned long)slot, MAX_KEPT);
    rs_bit_set(kept, (uint32_t)(slot - first));
    n_kept++;
}

void caps_install(void)
{
    for (uint32_t i = 0; i < rs.spec->cap_count; i++) {
        const struct mt_spec_cap *c = &rs.cap[i];
        RS_CHECK(mt_cnode_mint(rs_obj_slot(c->cnode), c->slot, rs.obj[c->cnode].size_bits,
                               RS_ROOT, rs_obj_slot(c->object), RS_DEPTH, c->rights, c->data),
                 "cap to %s in slot %u of %s", rs_name(c->object), c->slot, rs_name(c->cnode));
        rs_bit_set(held, c->object);
    }
}

/* Once the rootserver is gone its CNode goes too, and with it every cap
 * only it held: a frame or page table whose last cap goes is unmapped.
 * So those caps move into the spec's keeper CNode, which holds a cap to
 * itself (installed with the spec's caps) and so outlives the rootserver.
 * motec sized it by this same count (tools/motec/keeper.c); a spec whose
 * keeper is too small is refused before anything moves. */
void caps_keep(void)
{
    uint32_t need = RS_KEEPER_FIRST + (uint32_t)n_kept;
    for (uint32_t i = 0; i < rs.spec->object_count; i++)
        need += !rs_bit(held, i) && !(rs.obj[i].flags & MT_SPEC_OBJ_IMAGE);
    if (need == RS_KEEPER_FIRST)
        return;
    if (rs.keeper == MT_SPEC_NONE)
        rs_fail(RS_EXIT_BAD_SPEC, "bad spec: no keeper CNode (header) for %u caps no "
                "component holds", need - RS_KEEPER_FIRST);
    mt_cptr_t keeper = rs_obj_slot(rs.keeper);
    int bits = rs.obj[rs.keeper].size_bits;
    if (need > (1u << bits))
        rs_fail(RS_EXIT_BAD_SPEC, "bad spec: keeper CNode %s has %u slots, the system needs %u",
                rs_name(rs.keeper), 1u << bits, need);
    mt_word_t k = RS_KEEPER_FIRST;
    for (uint32_t i = 0; i < rs.spec->object_count; i++)
        if (!rs_bit(held, i) && !(rs.obj[i].flags & MT_SPEC_OBJ_IMAGE))
            RS_CHECK(mt_cnode_move(keeper, k++, bits, RS_ROOT, rs_obj_slot(i), RS_DEPTH),
                     "keeping %s", rs_name(i));
    mt_cptr_t first = rs.obj_base + rs.spec->object_count;
    for (uint32_t j = 0; j < MAX_KEPT; j++)
        if (rs_bit(kept, j))
            RS_CHECK(mt_cnode_move(keeper, k++, bits, RS_ROOT, first + j, RS_DEPTH),
                     "keeping a copy");
}

/* The memory owner gets the rootserver's own untyped in its first untyped
 * slot (to Revoke once the rootserver has suspended itself: that frees the
 * rootserver's CNode, VSpace, TCB, image and stack), then the leftover
 * untyped, then (reclaim.c, last of all) the archive's boot-only head.
 * Without a memory owner the rootserver's memory stays put. */
void caps_hand_over(void)
{
    uint32_t mo = rs.spec->memory_owner;
    if (mo == MT_SPEC_NONE)
        return;
    mt_cptr_t cnode = rs_obj_slot(mo);
    int bits = rs.obj[mo].size_bits;
    const struct mt_bootinfo *bi = rs.bi;
    for (mt_cptr_t s = bi->untyped.start; s < bi->untyped.end; s++) {
        const struct mt_untyped_desc *d = &bi->untyped_list[s - bi->untyped.start];
        if (!(d->flags & MT_UT_ROOT_TASK))
            continue;
        RS_CHECK(mt_cnode_move(cnode, rs.spec->untyped_slot, bits, RS_ROOT, s, RS_DEPTH),
                 "handing the rootserver's untyped to %s", rs_name(mo));
        rs.reclaimed_bytes = 1ull << d->size_bits;
    }
    /* slots for the archive's boot-only head, if that leaves one for RAM */
    int room = (int)rs.spec->untyped_slot_count - 1, arch = reclaim_archive_count();
    rs.archive_room = room > arch ? arch : 0;
    int n = alloc_hand_over(cnode, bits, rs.spec->untyped_slot + 1, room - rs.archive_room);
    rs.archive_slot = rs.spec->untyped_slot + 1 + (mt_cptr_t)n;
    mt_printf("rootserver: %s gets %d untyped with %lu bytes free and the rootserver's "
              "%lu bytes\n", rs_name(mo), n, (unsigned long)rs.handed_bytes,
              (unsigned long)rs.reclaimed_bytes);
}
