/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot archive's boot-only head (header, directory, spec, data
 * bytes: include/mote/archive.h)
 * comes as untyped flagged MT_UT_BOOT_ARCHIVE, full while its frames
 * live.  Once the rootserver has read the spec for the last time it
 * revokes them (which unmaps the spec from itself and frees the memory)
 * and moves them into the slots caps_hand_over kept for them in the
 * memory owner's CNode, so the spec's pages become free memory too. */
#include "rs.h"

int reclaim_archive_count(void)
{
    const struct mt_bootinfo *bi = rs.bi;
    int n = 0;
    for (mt_cptr_t s = bi->untyped.start; s < bi->untyped.end; s++)
        n += !!(bi->untyped_list[s - bi->untyped.start].flags & MT_UT_BOOT_ARCHIVE);
    return n;
}

/* No spec access here: the names and tables go with the first revoke. */
void reclaim_archive(void)
{
    if (rs.spec->memory_owner == MT_SPEC_NONE || !rs.archive_room)
        return;
    mt_cptr_t cnode = rs_obj_slot(rs.spec->memory_owner);
    int bits = rs.obj[rs.spec->memory_owner].size_bits;
    const struct mt_bootinfo *bi = rs.bi;
    mt_cptr_t to = rs.archive_slot;
    for (mt_cptr_t s = bi->untyped.start; s < bi->untyped.end; s++) {
        const struct mt_untyped_desc *d = &bi->untyped_list[s - bi->untyped.start];
        if (!(d->flags & MT_UT_BOOT_ARCHIVE))
            continue;
        RS_CHECK(mt_cnode_revoke(RS_ROOT, s, RS_DEPTH), "revoking the archive's head");
        RS_CHECK(mt_cnode_move(cnode, to++, bits, RS_ROOT, s, RS_DEPTH),
                 "handing the archive's head to the memory owner");
        rs.archive_reclaimed += 1ull << d->size_bits;
    }
}
