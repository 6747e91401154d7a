/* SPDX-License-Identifier: BSD-2-Clause */
/* The root CNode a system's rootserver needs, for kernel/kernel.mk
 * (ROOT_CNODE_BITS): what the kernel puts there at boot (kernel/boot.c,
 * include/mote/bootinfo.h: the initial caps, a cap per page of the root
 * task's image, its page tables, a cap per archive page, at most
 * MT_MAX_BOOT_UNTYPED untyped caps) plus what the rootserver takes
 * (include/mote/spec.h: a slot per spec object and per mapping and
 * MT_SPEC_ROOT_SLOT_MARGIN), rounded up to a power of two. */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include <mote/bootinfo.h>
#include <mote/spec.h>

#include "pack.h"

#define PAGE ((uint64_t)MT_ARCHIVE_PAGE)

/* [*lo, *hi): the page span of the ELF's loadable segments, as the
 * kernel maps it.  The ELF passed pack_check_elf. */
static void image_span(const struct pack_file *elf, uint64_t *lo, uint64_t *hi)
{
    Elf64_Ehdr eh;
    memcpy(&eh, elf->data, sizeof eh);
    *lo = UINT64_MAX;
    *hi = 0;
    for (int i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, elf->data + eh.e_phoff + (size_t)i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        uint64_t a = ph.p_vaddr & ~(PAGE - 1), b = (ph.p_vaddr + ph.p_memsz + PAGE - 1) & ~(PAGE - 1);
        *lo = a < *lo ? a : *lo;
        *hi = b > *hi ? b : *hi;
    }
}

/* The archive's spec header; NULL (err set) when there is none. */
static const struct mt_spec_header *archive_spec(const uint8_t *data, size_t size,
                                                 const char *path, char *err)
{
    const struct mt_archive_header *h;
    char why[PACK_ERR_MAX];
    if (pack_parse(data, size, &h, why)) {
        snprintf(err, PACK_ERR_MAX, "%.200s: %.300s", path, why);
        return NULL;
    }
    for (uint32_t i = 0; i < h->entry_count; i++) {
        const struct mt_archive_entry *e = &mt_archive_entries(h)[i];
        if ((e->flags & MT_ARCHIVE_SPEC) && e->size >= sizeof(struct mt_spec_header))
            return (const struct mt_spec_header *)(data + e->extent[0].archive_offset);
    }
    snprintf(err, PACK_ERR_MAX, "%s: error: the archive holds no system spec", path);
    return NULL;
}

int pack_root_cnode_bits(const struct pack_file *root, const uint8_t *archive, size_t size,
                         const char *archive_path, int *bits, char *err)
{
    if (pack_check_elf(root, err))
        return -1;
    const struct mt_spec_header *spec = archive_spec(archive, size, archive_path, err);
    if (!spec)
        return -1;
    uint64_t lo, hi;
    image_span(root, &lo, &hi);
    uint64_t archive_pages = (size + PAGE - 1) / PAGE;
    uint64_t end = hi + MT_BOOT_PAGES_AFTER_IMAGE * PAGE + archive_pages * PAGE;
    uint64_t need = MT_INIT_FIRST_FREE + (hi - lo) / PAGE + mt_boot_page_tables(lo, end) +
                    archive_pages + MT_MAX_BOOT_UNTYPED + spec->object_count +
                    spec->mapping_count + MT_SPEC_ROOT_SLOT_MARGIN;
    *bits = MT_INIT_CNODE_MIN_BITS;
    while ((1ull << *bits) < need)
        ++*bits;
    if (*bits > MT_INIT_CNODE_MAX_BITS) {
        snprintf(err, PACK_ERR_MAX, "%s: error: the rootserver needs %llu root CNode slots; "
                 "the kernel gives at most %u", archive_path, (unsigned long long)need,
                 1u << MT_INIT_CNODE_MAX_BITS);
        return -1;
    }
    return 0;
}
