/* SPDX-License-Identifier: BSD-2-Clause */
/* Address spaces: page tables, then frames by source.  Read-only image
 * pages are the archive's own frames, mapped in place through a copied cap
 * (the original stays mapped in the rootserver); writable image pages are
 * fresh frames the rootserver fills through a scratch mapping of its own. */
#include <libmote/string.h>

#include "rs.h"

/* The scratch window: the page after the archive, in the 2 MiB the
 * kernel already has a page table for (unless the archive ends on a
 * 2 MiB boundary), so the window costs no page table. */
static mt_word_t scratch_va(void)
{
    return (rs.bi->archive_vaddr + rs.bi->archive_bytes + MT_PAGE_SIZE - 1) &
           ~(mt_word_t)(MT_PAGE_SIZE - 1);
}

/* A page table for the scratch window when it needs one: from the
 * rootserver's own untyped when it has room (given back with it), else
 * from the system's. */
static void scratch_table(void)
{
    mt_cptr_t pt = rs_tmp(RS_SCRATCH_PT_SLOT);
    int err = MT_NOT_ENOUGH_MEMORY;
    for (unsigned i = 0; i < rs_ut_count() && err; i++)
        if (rs.bi->untyped_list[i].flags & MT_UT_ROOT_TASK)
            err = mt_untyped_retype(rs_ut_slot(i), MT_OBJ_PAGE_TABLE, 0, RS_ROOT, 0, 0, pt, 1);
    if (err)
        alloc_ram(MT_OBJ_PAGE_TABLE, 0, pt);
    RS_CHECK(mt_page_table_map(pt, MT_INIT_VSPACE, scratch_va()), "scratch page table");
}

/* The frame (a cap to object obj) mapped writable in the rootserver's
 * scratch window, until scratch_unmap. */
void *scratch_map(mt_cptr_t frame, uint32_t obj)
{
    int err, tries = 0;
    while ((err = mt_frame_map(frame, MT_INIT_VSPACE, scratch_va(), MT_VM_READ | MT_VM_WRITE)) &&
           err == MT_FAILED_LOOKUP && tries++ < 2)
        scratch_table();
    RS_CHECK(err, "scratch mapping of %s", rs_name(obj));
    return (void *)scratch_va();
}

void scratch_unmap(mt_cptr_t frame, uint32_t obj)
{
    RS_CHECK(mt_frame_unmap(frame), "scratch unmap of %s", rs_name(obj));
}

static const struct mt_archive_entry *image_entry(unsigned image)
{
    return &mt_archive_entries((const void *)rs.archive)[rs.image_entry[image]];
}

/* Fills a fresh frame with copy_bytes of its image. */
static void fill(mt_cptr_t frame, const struct mt_spec_mapping *m)
{
    uint64_t at = mt_archive_offset(image_entry(m->image), m->image_offset, m->copy_bytes);
    if (at == MT_ARCHIVE_NOT_STORED)
        rs_bad("the archive does not hold %s's bytes",
                rs_name(m->object));
    uint8_t *dst = scratch_map(frame, m->object);
    memcpy(dst + m->copy_offset, rs.archive + at, m->copy_bytes);
    scratch_unmap(frame, m->object);
    rs.pages_copied++;
}

/* The cap this mapping maps: the object's own cap the first time, a copy
 * (in rs_tmp(0), into the keeper once mapped) for every further mapping;
 * for archive pages always a copy. */
static mt_cptr_t frame_cap(const struct mt_spec_mapping *m)
{
    mt_cptr_t src = rs.bi->archive_frames.start;
    mt_word_t rights = MT_RIGHT_READ;
    if (m->source == MT_SPEC_SRC_IMAGE) {
        uint64_t at = mt_archive_offset(image_entry(m->image), m->image_offset, MT_PAGE_SIZE);
        src += at / MT_PAGE_SIZE;
        /* only the kept pages outlive the boot */
        if (at == MT_ARCHIVE_NOT_STORED || at % MT_PAGE_SIZE || at < rs.keep_offset ||
            src >= rs.bi->archive_frames.end)
            rs_bad("%s is no kept page of the archive",
                    rs_name(m->object));
        rs.pages_in_place++;
        report_add(m->object);   /* an archive page the system keeps using */
    } else {
        src = rs_obj_slot(m->object);
        rights |= MT_RIGHT_WRITE;
        if (!rs_bit(RS_MAP_MAPPED, m->object)) {
            rs_bit_set(RS_MAP_MAPPED, m->object);
            if (m->source == MT_SPEC_SRC_COPY)
                fill(src, m);
            return src;
        }
    }
    RS_CHECK(mt_cnode_copy(RS_ROOT, rs_tmp(0), RS_DEPTH, RS_ROOT, src, RS_DEPTH, rights),
             "copy of the frame cap of %s", rs_name(m->object));
    return rs_tmp(0);
}

void map_all(void)
{
    for (uint32_t i = 0; i < rs.spec->mapping_count; i++) {
        const struct mt_spec_mapping *m = &rs.map[i];
        mt_cptr_t vs = rs_obj_slot(m->vspace);
        if (m->source == MT_SPEC_SRC_TABLE)
            RS_CHECK(mt_page_table_map(rs_obj_slot(m->object), vs, m->vaddr),
                     "page table %s at 0x%lx", rs_name(m->object), (unsigned long)m->vaddr);
        else {
            mt_cptr_t frame = frame_cap(m);
            RS_CHECK(mt_frame_map(frame, vs, m->vaddr, m->perms),
                     "frame %s at 0x%lx", rs_name(m->object), (unsigned long)m->vaddr);
            if (frame == rs_tmp(0))
                caps_keep_slot(frame);
        }
    }
}
