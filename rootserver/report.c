/* SPDX-License-Identifier: BSD-2-Clause */
/* What the running system holds, as the rootserver built it: bytes per
 * owner and kind (the <owner>__<kind>__<detail> names of the spec), from
 * the objects it really created and the archive pages it really mapped in
 * place, never from the spec's own figures.  The lines are for scripts
 * (scripts/footprint.sh compares them with kmem's):
 *
 *   rootserver: mem <owner> <bytes> <kind>=<bytes> ...   one per owner, by name
 *   rootserver: mem total <bytes>
 *   rootserver: boot system=B inplace=B gaps=B rootserver=B archive=B
 *               reclaimed=B archive_reclaimed=B peak=B idle=B
 *               ram=B kernel=B held=B                     one line
 *
 * peak is measured: what the untyped the kernel handed out no longer
 * have free (their describe) plus the archive's kept pages, at the
 * moment every object exists (report_measure_peak).  ram is the RAM the
 * kernel manages (from its image's first byte), kernel its image, held
 * what the running system holds besides the kernel and idle: archive
 * pages kept but not mapped, RAM never handed out as untyped, untyped
 * left with the rootserver, the boot ASID pool's page if no system pool
 * took it.  So with a memory owner, RAM minus what it
 * can allocate once it has reclaimed the rootserver (memory_manager's
 * "free" line) must equal kernel + idle + held (scripts/footprint.sh). 
 *
 * The same per-owner rows go, on either kernel, into each frame the spec
 * flags MT_SPEC_OBJ_REPORT (struct mt_mem_report): the console's `kmem`
 * reads them there.
 *
 * Nothing here is stored per owner: the rootserver's own size sets the
 * boot peak, so owners are found by scanning the object table again. */
#include <libmote/string.h>

#include "rs.h"

/* The kinds, NUL-separated (a table of pointers would be 128 bytes more
 * of the rootserver's image); the last one, "other", fits any name. */
static const char kinds[] = "code\0rodata\0data\0stack\0ipcbuf\0tcb\0cnode\0vspace\0pt\0ep\0"
                            "ntfn\0dataport\0mmio\0irq\0untyped\0other";
#define NKINDS 16u

static const char *kind_name(unsigned k)
{
    const char *n = kinds;
    while (k--)
        n += strlen(n) + 1;
    return n;
}

/* RS_MAP_COUNTED: created or mapped in place */
void report_add(uint32_t obj)
{
    rs_bit_set(RS_MAP_COUNTED, obj);
}

static int is_counted(uint32_t i) { return rs_bit(RS_MAP_COUNTED, i); }

/* Bytes object i holds: what its type takes from untyped, a page for an
 * archive page, nothing for IRQ handlers and device frames (not RAM). */
static uint64_t bytes_of(uint32_t i)
{
    const struct mt_spec_object *o = &rs.obj[i];
    if (!is_counted(i) || o->type == MT_SPEC_OBJ_IRQ || o->type == MT_SPEC_OBJ_POWER ||
        (o->flags & MT_SPEC_OBJ_DEVICE))
        return 0;
    if (o->flags & MT_SPEC_OBJ_IMAGE)
        return MT_PAGE_SIZE;
    return 1ull << mt_object_size_bits(o->type, o->size_bits);
}

static unsigned owner_len(const char *n)
{
    unsigned len = 0;
    while (n[len] && !(n[len] == '_' && n[len + 1] == '_'))
        len++;
    return len;
}

/* The kind of a name: the word after the owner, "other" if none fits. */
static unsigned kind_of(const char *name)
{
    const char *k = name + owner_len(name);
    if (!*k)
        return NKINDS - 1;
    for (unsigned i = 0; i < NKINDS; i++) {
        size_t n = strlen(kind_name(i));
        if (!memcmp(k + 2, kind_name(i), n) && k[2 + n] == '_' && k[3 + n] == '_')
            return i;
    }
    return NKINDS - 1;
}

/* <0, 0, >0 as owner a sorts before, with, after owner b. */
static int owner_cmp(const char *a, const char *b)
{
    unsigned la = owner_len(a), lb = owner_len(b);
    int c = memcmp(a, b, la < lb ? la : lb);
    return c ? c : (int)la - (int)lb;
}

/* The object that names the first owner after prev (any, if prev is 0). */
static int32_t next_owner(const char *prev)
{
    int32_t best = -1;
    for (uint32_t i = 0; i < rs.spec->object_count; i++)
        if (is_counted(i) && (!prev || owner_cmp(rs_name(i), prev) > 0) &&
            (best < 0 || owner_cmp(rs_name(i), rs_name((uint32_t)best)) < 0))
            best = (int32_t)i;
    return best;
}

/* The owner's bytes, in all and (if by_kind) by kind. */
static uint64_t owner_bytes(const char *owner, uint64_t *by_kind)
{
    uint64_t total = 0;
    for (uint32_t i = 0; i < rs.spec->object_count; i++)
        if (is_counted(i) && !owner_cmp(rs_name(i), owner)) {
            if (by_kind)
                by_kind[kind_of(rs_name(i))] += bytes_of(i);
            total += bytes_of(i);
        }
    return total;
}

/* The owner part of a name, cut to fit size bytes with its NUL. */
static void owner_name(char *name, unsigned size, const char *owner)
{
    unsigned len = owner_len(owner) < size - 1 ? owner_len(owner) : size - 1;
    memcpy(name, owner, len);
    name[len] = 0;
}

static uint64_t print_owner(const char *owner)
{
    uint64_t by_kind[NKINDS] = { 0 };
    uint64_t total = owner_bytes(owner, by_kind);
    char name[64];
    owner_name(name, sizeof name, owner);
    mt_printf("rootserver: mem %s %lu", name, (unsigned long)total);
    for (unsigned k = 0; k < NKINDS; k++)
        if (by_kind[k])
            mt_printf(" %s=%lu", kind_name(k), (unsigned long)by_kind[k]);
    mt_printf("\n");
    return total;
}

static uint64_t inplace, ram_objects;

/* The per-owner lines, and what the boot line needs from the spec. */
void report_print_mem(void)
{
    uint64_t total = 0;
    for (int32_t o = next_owner(0); o >= 0; o = next_owner(rs_name((uint32_t)o)))
        total += print_owner(rs_name((uint32_t)o));
    mt_printf("rootserver: mem total %lu\n", (unsigned long)total);
    for (uint32_t i = 0; i < rs.spec->object_count; i++) {
        if (rs.obj[i].flags & MT_SPEC_OBJ_IMAGE)
            inplace += bytes_of(i);
        else
            ram_objects += bytes_of(i);
    }
}

static uint64_t peak;

static uint64_t archive_kept(void)
{
    /* the header may be gone (reclaim.c): its keep_offset was saved */
    uint64_t size = (rs.bi->archive_bytes + MT_PAGE_SIZE - 1) & ~(uint64_t)(MT_PAGE_SIZE - 1);
    return size - rs.keep_offset;
}

/* Called once every object exists and is mapped, before anything goes
 * back: what of RAM is in use is at its highest now. */
void report_measure_peak(void)
{
    for (unsigned i = 0; i < rs_ut_count(); i++)
        if (!(rs.bi->untyped_list[i].flags & MT_UT_DEVICE))
            peak += alloc_ut_used(i);
    peak += archive_kept();
}

/* RAM the kernel manages but never handed out as untyped (besides its
 * image and the archive's kept pages): slivers too small for an untyped. */
static uint64_t never_handed(uint64_t ram)
{
    const struct mt_bootinfo *bi = rs.bi;
    uint64_t handed = bi->kernel_image_bytes + archive_kept();
    for (mt_word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++)
        if (!(bi->untyped_list[i].flags & MT_UT_DEVICE))
            handed += 1ull << bi->untyped_list[i].size_bits;
    return ram - handed;
}

/* Idle: the system (its RAM from untyped and the archive pages it maps in
 * place) plus whatever of the rootserver's block was not given back.  The
 * archive's boot-only pages, when given back, are in neither. */
void report_print_boot(void)
{
    const struct mt_bootinfo *bi = rs.bi;
    uint64_t block = bi->root_task_bytes;
    uint64_t archive = (bi->archive_bytes + MT_PAGE_SIZE - 1) & ~(uint64_t)(MT_PAGE_SIZE - 1);
    uint64_t idle = rs.used_bytes + inplace + (block - rs.reclaimed_bytes);
    uint64_t ram = bi->ram_base + bi->ram_bytes - bi->kernel_paddr;
    uint64_t held = archive_kept() - inplace + never_handed(ram) + alloc_unhanded_bytes() +
                    alloc_boot_pool_held();
    mt_printf("rootserver: boot system=%lu inplace=%lu gaps=%lu rootserver=%lu archive=%lu "
              "reclaimed=%lu archive_reclaimed=%lu peak=%lu idle=%lu ram=%lu kernel=%lu "
              "held=%lu\n",
              (unsigned long)rs.used_bytes, (unsigned long)inplace,
              (unsigned long)(rs.used_bytes - ram_objects), (unsigned long)block,
              (unsigned long)archive, (unsigned long)rs.reclaimed_bytes,
              (unsigned long)rs.archive_reclaimed, (unsigned long)peak, (unsigned long)idle,
              (unsigned long)ram, (unsigned long)bi->kernel_image_bytes, (unsigned long)held);
}

/* The table into one report frame, through a copy of its cap (the
 * object's own cap maps it in its component). */
static void write_one(uint32_t obj)
{
    mt_cptr_t tmp = rs_tmp(0);
    RS_CHECK(mt_cnode_copy(RS_ROOT, tmp, RS_DEPTH, RS_ROOT, rs_obj_slot(obj), RS_DEPTH,
                           MT_RIGHTS_ALL), "copy of the frame cap of %s", rs_name(obj));
    struct mt_mem_report *r = scratch_map(tmp, obj);
    uint32_t n = 0;
    r->total = 0;
    for (int32_t o = next_owner(0); o >= 0; o = next_owner(rs_name((uint32_t)o))) {
        uint64_t b = owner_bytes(rs_name((uint32_t)o), 0);
        r->total += b;
        if (n < sizeof r->row / sizeof r->row[0]) {
            owner_name(r->row[n].owner, MT_MEM_REPORT_NAME, rs_name((uint32_t)o));
            r->row[n++].bytes = b;
        }
    }
    r->rows = n;
    r->magic = MT_MEM_REPORT_MAGIC;
    scratch_unmap(tmp, obj);
    rs_tmp_delete(tmp);
}

void report_write(void)
{
    for (uint32_t i = 0; i < rs.spec->object_count; i++)
        if (rs.obj[i].flags & MT_SPEC_OBJ_REPORT)
            write_one(i);
}
