/* SPDX-License-Identifier: BSD-2-Clause */
/* The rootserver's flow: find the archive and the spec, check the spec,
 * build the system, give memory away, report, suspend. */
#include <stdarg.h>

#include <libmote/string.h>

#include "rs.h"

struct rs rs;

void rs_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mt_printf("rootserver: ");
    mt_vprintf(fmt, ap);
    mt_printf("\n");
    va_end(ap);
    mt_root_exit(code);
}

mt_cptr_t rs_alloc_slot(void)
{
    if (rs.next_slot >= rs.slot_end)
        rs_fail(RS_EXIT_FAILED, "out of root CNode slots (%lu)", (unsigned long)rs.slot_end);
    return rs.next_slot++;
}

static const struct mt_archive_entry *find_entry(const struct mt_archive_header *h,
                                                 uint32_t flag, const char *name)
{
    for (uint32_t i = 0; i < h->entry_count; i++) {
        const struct mt_archive_entry *e = &mt_archive_entries(h)[i];
        if ((e->flags & flag) && (!name || !strcmp(e->name, name)))
            return e;
    }
    return 0;
}

static int name_ok(const char *name)
{
    for (unsigned i = 0; i < MT_ARCHIVE_NAME_MAX; i++)
        if (!name[i])
            return 1;
    return 0;
}

/* The archive header and directory, checked as mkarchive's parser does. */
static const struct mt_archive_header *open_archive(void)
{
    const struct mt_archive_header *h = (const void *)rs.bi->archive_vaddr;
    uint64_t size = rs.bi->archive_bytes;
    if (size < sizeof *h || h->magic != MT_ARCHIVE_MAGIC || h->version != MT_ARCHIVE_VERSION)
        rs_fail(RS_EXIT_BAD_SPEC, "no boot archive (%lu bytes; build it with mkarchive)",
                (unsigned long)size);
    if (h->total_bytes > size || sizeof *h + (uint64_t)h->entry_count * 64 > size)
        rs_fail(RS_EXIT_BAD_SPEC, "boot archive header claims more than its %lu bytes",
                (unsigned long)size);
    for (uint32_t i = 0; i < h->entry_count; i++) {
        const struct mt_archive_entry *e = &mt_archive_entries(h)[i];
        if (!name_ok(e->name) || e->offset % MT_PAGE_SIZE ||
            e->offset > h->total_bytes || e->size > h->total_bytes - e->offset)
            rs_fail(RS_EXIT_BAD_SPEC, "boot archive entry %u is malformed", i);
    }
    rs.archive = (const uint8_t *)h;
    return h;
}

static void find_images(const struct mt_archive_header *h)
{
    for (uint32_t i = 0; i < rs.spec->image_count; i++) {
        const char *name = rs.strings + rs.image[i].name;
        const struct mt_archive_entry *e = find_entry(h, MT_ARCHIVE_ELF, name);
        if (!e)
            rs_fail(RS_EXIT_BAD_SPEC, "image '%s' is not in the boot archive", name);
        if (e->size != rs.image[i].file_bytes)
            rs_fail(RS_EXIT_BAD_SPEC, "image '%s' has %lu bytes, the spec expects %lu (stale "
                    "spec?)", name, (unsigned long)e->size, (unsigned long)rs.image[i].file_bytes);
        rs.image_offset[i] = e->offset;
    }
}

static void plan_slots(void)
{
    rs.obj_base = rs.bi->empty.start;
    rs.slot_end = rs.bi->empty.end;
    rs.next_slot = rs.obj_base + rs.spec->object_count;
    if (rs.next_slot + rs.spec->mapping_count + MT_SPEC_ROOT_SLOT_MARGIN > rs.slot_end)
        rs_fail(RS_EXIT_BAD_SPEC, "%u objects and %u mappings need more than the %lu free "
                "slots of the root CNode", rs.spec->object_count, rs.spec->mapping_count,
                (unsigned long)(rs.slot_end - rs.obj_base));
}

int main(const struct mt_bootinfo *bi)
{
    rs.bi = bi;
    const struct mt_archive_header *h = open_archive();
    const struct mt_archive_entry *spec = find_entry(h, MT_ARCHIVE_SPEC, 0);
    if (!spec)
        rs_fail(RS_EXIT_BAD_SPEC, "the boot archive holds no system spec");
    spec_load(rs.archive + spec->offset, spec->size);
    find_images(h);
    plan_slots();
    alloc_init();
    alloc_objects();
    alloc_assign_asids();
    map_all();
    caps_install();
    threads_configure();
    irqs_configure();
    caps_keep();
    caps_hand_over();
    mt_printf("rootserver: %u pages mapped in place, %u copied; motec predicted %lu bytes\n",
              rs.pages_in_place, rs.pages_copied, (unsigned long)rs.spec->ram_bytes);
    mt_printf("rootserver: spec %lu bytes, %u objects, system uses %lu bytes, reclaimed %lu "
              "bytes\n", (unsigned long)spec->size, rs.created, (unsigned long)rs.used_bytes,
              (unsigned long)rs.reclaimed_bytes);
    report_print_mem();
    threads_save();
    reclaim_archive();       /* the spec is gone from here on */
    report_print_boot();
    threads_start();
    mt_tcb_suspend(MT_INIT_TCB);
    rs_fail(RS_EXIT_FAILED, "still running after suspending itself");
}
