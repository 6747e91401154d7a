/* SPDX-License-Identifier: BSD-2-Clause */
/* The free root CNode slots a system's rootserver asks the kernel for
 * (kernel/kernel.mk: ROOT_CNODE_SLOTS): a slot per spec object it creates
 * (every object but the archive pages, which it maps in place) and
 * MT_SPEC_ROOT_SLOT_MARGIN of its own (include/mote/spec.h,
 * rootserver/rs.h).  The kernel adds what it puts there itself (initial
 * caps, a cap per page of the root task's image, page table and archive
 * page, and the untyped caps, as many as it really hands out) and sizes
 * the root CNode at boot (kernel/boot.c). */
#include <stdio.h>
#include <string.h>

#include <mote/bootinfo.h>
#include <mote/spec.h>

#include "pack.h"

/* The archive's spec entry and its bytes; NULL (err set) when there is
 * none. */
static const uint8_t *archive_spec(const uint8_t *data, size_t size, const char *path,
                                   uint64_t *spec_bytes, char *err)
{
    const struct mt_archive_header *h;
    char why[PACK_ERR_MAX];
    if (pack_parse(data, size, &h, why)) {
        snprintf(err, PACK_ERR_MAX, "%.200s: %.300s", path, why);
        return NULL;
    }
    for (uint32_t i = 0; i < h->entry_count; i++) {
        const struct mt_archive_entry *e = &mt_archive_entries(h)[i];
        uint64_t at = mt_archive_offset(e, 0, e->size);
        if ((e->flags & MT_ARCHIVE_SPEC) && e->size >= sizeof(struct mt_spec_header) &&
            at != MT_ARCHIVE_NOT_STORED) {
            *spec_bytes = e->size;
            return data + at;
        }
    }
    snprintf(err, PACK_ERR_MAX, "%s: error: the archive holds no system spec", path);
    return NULL;
}

int pack_root_cnode_slots(const uint8_t *archive, size_t size, const char *archive_path,
                          uint64_t *slots, char *err)
{
    uint64_t bytes;
    const uint8_t *spec = archive_spec(archive, size, archive_path, &bytes, err);
    if (!spec)
        return -1;
    struct mt_spec_header h;
    memcpy(&h, spec, sizeof h);
    if (h.object_offset > bytes ||
        (uint64_t)h.object_count * sizeof(struct mt_spec_object) > bytes - h.object_offset) {
        snprintf(err, PACK_ERR_MAX, "%s: error: the spec's object table lies outside it",
                 archive_path);
        return -1;
    }
    *slots = MT_SPEC_ROOT_SLOT_MARGIN;
    for (uint32_t i = 0; i < h.object_count; i++) {
        struct mt_spec_object o;
        memcpy(&o, spec + h.object_offset + (uint64_t)i * sizeof o, sizeof o);
        *slots += !(o.flags & MT_SPEC_OBJ_IMAGE);
    }
    if (*slots > (1u << MT_INIT_CNODE_MAX_BITS) - MT_INIT_FIRST_FREE) {
        snprintf(err, PACK_ERR_MAX, "%s: error: the rootserver needs %llu root CNode slots; "
                 "the kernel gives at most %u", archive_path, (unsigned long long)*slots,
                 1u << MT_INIT_CNODE_MAX_BITS);
        return -1;
    }
    return 0;
}
