/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot archive: the files the rootserver builds the system from.
 *
 * mkarchive writes it; the kernel links it into the boot image and maps it
 * read-only, page by page, at bootinfo->archive_vaddr.  Layout:
 *
 *   page 0..   struct mt_archive_header, then entry_count directory entries
 *   then       each file, starting on a page boundary, in directory order
 *
 * Every file starts page-aligned so a component ELF whose PT_LOAD segments
 * are page-congruent (p_offset % 4096 == p_vaddr % 4096, what
 * `ld -z max-page-size=4096` produces) has each segment's first page on an
 * archive page of its own: read-only segments are mapped in place.
 *
 * Files flagged MT_ARCHIVE_BOOT_ONLY (the system spec) come last, from
 * boot_only_offset to the end, so that tail can be reclaimed as one range
 * once the system runs. */
#ifndef MOTE_ARCHIVE_H
#define MOTE_ARCHIVE_H

#include <stdint.h>

#define MT_ARCHIVE_MAGIC 0x314843524145544dull /* "MTEARCH1" */
#define MT_ARCHIVE_VERSION 1u
#define MT_ARCHIVE_PAGE 4096u
#define MT_ARCHIVE_NAME_MAX 40u                /* bytes, NUL included */

/* mt_archive_entry.flags */
#define MT_ARCHIVE_ELF 1u        /* an ELF64 component image */
#define MT_ARCHIVE_SPEC 2u       /* the binary system spec (include/mote/spec.h) */
#define MT_ARCHIVE_BOOT_ONLY 4u  /* needed only while the system is built */

struct mt_archive_header {
    uint64_t magic;
    uint32_t version;
    uint32_t entry_count;
    uint64_t total_bytes;       /* the whole archive, a multiple of a page */
    uint64_t boot_only_offset;  /* first boot-only byte (== total_bytes: none) */
};

struct mt_archive_entry {
    char name[MT_ARCHIVE_NAME_MAX];  /* NUL-terminated */
    uint64_t offset;                 /* from the archive start, page-aligned */
    uint64_t size;                   /* bytes of the file (not padded) */
    uint32_t flags;                  /* MT_ARCHIVE_* */
    uint32_t pad;
};

_Static_assert(sizeof(struct mt_archive_header) == 32, "archive header layout");
_Static_assert(sizeof(struct mt_archive_entry) == 64, "archive entry layout");

static inline const struct mt_archive_entry *
mt_archive_entries(const struct mt_archive_header *h)
{
    return (const struct mt_archive_entry *)(h + 1);
}

#endif
