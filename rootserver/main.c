/* SPDX-License-Identifier: BSD-2-Clause */
/* The rootserver's flow: find the archive and the spec, check the spec,
 * build the system, give memory away, report, suspend. */
#include <stdarg.h>

#include <libmote/string.h>

#include "rs.h"

struct rs rs;

/* The rootserver's stack (crt0_root.S starts on mt_root_stack_top): its
 * deepest path (a failing device frame, printing) uses under 2 KiB
 * (-fstack-usage). */
#define RS_STACK_BYTES 3072
static uint64_t rs_stack[RS_STACK_BYTES / 8] __attribute__((aligned(16), used));
__asm__(".globl mt_root_stack_top\n.set mt_root_stack_top, rs_stack + 3072");
_Static_assert(RS_STACK_BYTES == 3072, "the .set above says 3072");

/* Every failure path prints "rootserver: ...", then shuts down. */
static void finish(const char *fmt, va_list ap)
{
    mt_vprintf(fmt, ap);
    mt_printf("\n");
}

void rs_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mt_printf("rootserver: ");
    finish(fmt, ap);
    va_end(ap);
    mt_root_exit(code);
}

void rs_failed(int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mt_printf("rootserver: failed (error %d): ", err);
    finish(fmt, ap);
    va_end(ap);
    mt_root_exit(RS_EXIT_FAILED);
}

void rs_bad(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mt_printf("rootserver: bad spec: ");
    finish(fmt, ap);
    va_end(ap);
    mt_root_exit(RS_EXIT_BAD_SPEC);
}

void rs_tmp_delete(mt_cptr_t slot)
{
    RS_CHECK(mt_cnode_delete(RS_ROOT, slot, RS_DEPTH), "deleting a temporary cap");
}

/* Archive pages come last in the spec's object table (with device frames,
 * IRQs and Power caps) and have no slot: the ones after the first are
 * counted over.  Nothing asks for an archive page's slot (spec.c refuses
 * caps and IPC buffers naming one).  Objects before the first archive
 * page (all that take RAM: TCBs among them) need no look at the spec,
 * which threads_start relies on. */
mt_cptr_t rs_obj_slot(uint32_t i)
{
    if (i < rs.first_image)
        return rs.obj_base + i;
    mt_cptr_t s = rs.obj_base + rs.first_image;
    for (uint32_t k = rs.first_image; k < i; k++)
        s += !(rs.obj[k].flags & MT_SPEC_OBJ_IMAGE);
    if (rs.obj[i].flags & MT_SPEC_OBJ_IMAGE)
        rs_fail(RS_EXIT_FAILED, "archive page %s has no slot", rs_name(i));
    return s;
}

/* The first entry whose flags under mask are want and, if name is given,
 * with that name: the spec (MT_ARCHIVE_SPEC set), or an image, a
 * component ELF or a file an instance maps (files = [...]): any entry but
 * the boot-only ones, which go before the system runs. */
static const struct mt_archive_entry *find(const struct mt_archive_header *h, uint32_t mask,
                                           uint32_t want, const char *name)
{
    for (uint32_t i = 0; i < h->entry_count; i++) {
        const struct mt_archive_entry *e = &mt_archive_entries(h)[i];
        if ((e->flags & mask) == want && (!name || !strcmp(e->name, name)))
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

/* Every extent inside the archive, after the directory. */
static int entry_ok(const struct mt_archive_header *h, const struct mt_archive_entry *e,
                    uint64_t dir_end)
{
    if (!name_ok(e->name) || !e->extent_count || e->extent_count > MT_ARCHIVE_EXTENTS)
        return 0;
    for (uint32_t x = 0; x < e->extent_count; x++) {
        const struct mt_archive_extent *t = &e->extent[x];
        if (t->archive_offset < dir_end || t->archive_offset > h->total_bytes ||
            t->bytes > h->total_bytes - t->archive_offset)
            return 0;
    }
    return 1;
}

/* The archive header and directory, checked as mkarchive's parser does. */
static const struct mt_archive_header *open_archive(void)
{
    const struct mt_archive_header *h = (const void *)rs.bi->archive_vaddr;
    uint64_t size = rs.bi->archive_bytes;
    if (size < sizeof *h || h->magic != MT_ARCHIVE_MAGIC || h->version != MT_ARCHIVE_VERSION)
        rs_fail(RS_EXIT_BAD_SPEC, "no boot archive (%lu bytes)", (unsigned long)size);
    uint64_t dir_end = sizeof *h + (uint64_t)h->entry_count * sizeof(struct mt_archive_entry);
    if (h->total_bytes > size || dir_end > size || h->keep_offset > h->total_bytes)
        rs_fail(RS_EXIT_BAD_SPEC, "boot archive header claims more than %lu bytes",
                (unsigned long)size);
    for (uint32_t i = 0; i < h->entry_count; i++)
        if (!entry_ok(h, &mt_archive_entries(h)[i], dir_end))
            rs_fail(RS_EXIT_BAD_SPEC, "boot archive entry %u is malformed", i);
    rs.archive = (const uint8_t *)h;
    rs.keep_offset = h->keep_offset;
    return h;
}

static void find_images(const struct mt_archive_header *h)
{
    for (uint32_t i = 0; i < rs.spec->image_count; i++) {
        const char *name = rs.strings + rs.image[i].name;
        const struct mt_archive_entry *e = find(h, MT_ARCHIVE_BOOT_ONLY, 0, name);
        if (!e)
            rs_fail(RS_EXIT_BAD_SPEC, "image '%s' is not in the boot archive", name);
        if (e->size != rs.image[i].file_bytes)
            rs_fail(RS_EXIT_BAD_SPEC, "image '%s' has %lu bytes, the spec says %lu", name,
                    (unsigned long)e->size, (unsigned long)rs.image[i].file_bytes);
        rs.image_entry[i] = (uint16_t)(e - mt_archive_entries(h));
    }
}

/* A slot per object made and the rootserver's own: what mkarchive
 * --root-cnode-slots asked the kernel to leave free. */
static void plan_slots(void)
{
    uint32_t made = 0;
    rs.first_image = rs.spec->object_count;
    for (uint32_t i = 0; i < rs.spec->object_count; i++) {
        if (!(rs.obj[i].flags & MT_SPEC_OBJ_IMAGE))
            made++;
        else if (rs.first_image == rs.spec->object_count)
            rs.first_image = i;
    }
    rs.obj_base = rs.bi->empty.start;
    rs.own_base = rs.obj_base + made;
    if (rs.own_base + MT_SPEC_ROOT_SLOT_MARGIN > rs.bi->empty.end)
        rs_fail(RS_EXIT_BAD_SPEC, "%u objects: the root CNode has %lu free slots", made,
                (unsigned long)(rs.bi->empty.end - rs.obj_base));
}

int main(const struct mt_bootinfo *bi)
{
    rs.bi = bi;
    const struct mt_archive_header *h = open_archive();
    const struct mt_archive_entry *spec = find(h, MT_ARCHIVE_SPEC, MT_ARCHIVE_SPEC, 0);
    uint64_t at = spec ? mt_archive_offset(spec, 0, spec->size) : MT_ARCHIVE_NOT_STORED;
    if (at == MT_ARCHIVE_NOT_STORED)
        rs_fail(RS_EXIT_BAD_SPEC, "the boot archive holds no whole system spec");
    spec_load(rs.archive + at, spec->size);
    find_images(h);
    plan_slots();
    alloc_objects();
    alloc_assign_asids();
    caps_plan();
    map_all();
    report_write();
    caps_install();
    threads_configure();
    irqs_configure();
    report_measure_peak();
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
