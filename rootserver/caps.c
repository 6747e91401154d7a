/* SPDX-License-Identifier: BSD-2-Clause */
/* Capabilities: the spec's caps into the components' CNodes, the keeper
 * CNode for caps no component holds, and the hand-over of memory. */
#include <libmote/string.h>

#include "rs.h"

/* A frame cap copied for a mapping: into the keeper now (caps_plan made
 * sure it has room), which frees its root CNode slot for the next one. */
void caps_keep_slot(mt_cptr_t slot)
{
    RS_CHECK(mt_cnode_move(rs_obj_slot(rs.keeper), rs.keeper_next++,
                           rs.obj[rs.keeper].size_bits, RS_ROOT, slot, RS_DEPTH),
             "keeping a copy");
}

static int needs_keeping(uint32_t i)
{
    return !rs_bit(RS_MAP_HELD, i) && !(rs.obj[i].flags & MT_SPEC_OBJ_IMAGE);
}

/* Once the rootserver is gone its CNode goes too, and with it every cap
 * only it held: a frame or page table whose last cap goes is unmapped.
 * So those caps move into the spec's keeper CNode, which holds a cap to
 * itself (installed with the spec's caps) and so outlives the rootserver:
 * a copy for every in-place archive mapping and every mapping of a frame
 * after its first (map_all, as it maps them), every object no component
 * holds (caps_keep, at the end).  motec sized it by this same count
 * (tools/motec/keeper.c); a spec whose keeper is too small is refused
 * here, before anything is mapped or moved. */
void caps_plan(void)
{
    uint32_t need = RS_KEEPER_FIRST;
    for (uint32_t i = 0; i < rs.spec->cap_count; i++)
        rs_bit_set(RS_MAP_HELD, rs.cap[i].object);
    for (uint32_t i = 0; i < rs.spec->mapping_count; i++) {
        const struct mt_spec_mapping *m = &rs.map[i];
        if (m->source != MT_SPEC_SRC_TABLE &&
            (m->source == MT_SPEC_SRC_IMAGE || rs_bit(RS_MAP_MAPPED, m->object)))
            need++;
        rs_bit_set(RS_MAP_MAPPED, m->object);
    }
    memset(rs_map(RS_MAP_MAPPED), 0, RS_BITS(rs.spec->object_count));
    for (uint32_t i = 0; i < rs.spec->object_count; i++)
        need += (uint32_t)needs_keeping(i);
    if (need == RS_KEEPER_FIRST)
        return;
    if (rs.keeper == MT_SPEC_NONE)
        rs_bad("no keeper CNode for %u caps", need - RS_KEEPER_FIRST);
    if (need > (1u << rs.obj[rs.keeper].size_bits))
        rs_bad("keeper CNode %s: %u slots, %u needed",
                rs_name(rs.keeper), 1u << rs.obj[rs.keeper].size_bits, need);
    rs.keeper_next = RS_KEEPER_FIRST;
}

void caps_install(void)
{
    for (uint32_t i = 0; i < rs.spec->cap_count; i++) {
        const struct mt_spec_cap *c = &rs.cap[i];
        mt_cptr_t cnode = rs_obj_slot(c->cnode), obj = rs_obj_slot(c->object);
        int bits = rs.obj[c->cnode].size_bits;
        if (c->flags & MT_SPEC_CAP_INSPECT)
            RS_CHECK(mt_cnode_copy_inspect(cnode, c->slot, bits, RS_ROOT, obj, RS_DEPTH),
                     "inspect cap to %s in slot %u of %s", rs_name(c->object), c->slot,
                     rs_name(c->cnode));
        else
            RS_CHECK(mt_cnode_mint(cnode, c->slot, bits, RS_ROOT, obj, RS_DEPTH, c->rights,
                                   c->data),
                     "cap to %s in slot %u of %s", rs_name(c->object), c->slot, rs_name(c->cnode));
    }
}

void caps_keep(void)
{
    for (uint32_t i = 0; i < rs.spec->object_count; i++)
        if (needs_keeping(i))
            RS_CHECK(mt_cnode_move(rs_obj_slot(rs.keeper), rs.keeper_next++,
                                   rs.obj[rs.keeper].size_bits, RS_ROOT, rs_obj_slot(i),
                                   RS_DEPTH), "keeping %s", rs_name(i));
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
