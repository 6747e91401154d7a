/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot archive: the files the rootserver builds the system from.
 *
 * mkarchive writes it; the kernel links it into the boot image and maps it
 * read-only, page by page, at bootinfo->archive_vaddr.  Two regions:
 *
 *   [0, keep_offset)   boot-only: struct mt_archive_header, the
 *                      directory, then the bytes only the rootserver
 *                      reads (the system spec, the file bytes of the
 *                      component ELFs' writable segments, --boot files),
 *                      packed 8-byte aligned
 *   [keep_offset, end) kept: the pages the running system maps in place
 *                      (the ELFs' read-only segments), page-aligned
 *
 * The kernel hands the boot-only region out as untyped flagged
 * MT_UT_BOOT_ARCHIVE whose children are its archive frames (full until
 * revoked), so once the system is built every page of it goes back to the
 * memory manager; the kept pages are all the system holds of the archive.
 *
 * A file is stored as up to MT_ARCHIVE_EXTENTS extents, each a byte range
 * of the file at an archive offset; bytes of the file in no extent (ELF
 * headers, section tables, symbols) are not stored at all.  A component
 * ELF (its PT_LOAD segments page-congruent: p_offset % 4096 ==
 * p_vaddr % 4096, what `ld -z max-page-size=4096` produces) has one kept
 * extent, the file pages of its read-only segments, starting on an
 * archive page (so those pages map in place), and, if its writable
 * segments have file bytes outside those pages, one boot-only extent
 * holding them (a kept extent is whole pages: zero past the file's end).
 * Any other file is one extent (kept, page-aligned; or
 * boot-only when flagged MT_ARCHIVE_BOOT_ONLY, as the spec is). */
#ifndef MOTE_ARCHIVE_H
#define MOTE_ARCHIVE_H

#include <stdint.h>

#define MT_ARCHIVE_MAGIC 0x314843524145544dull /* "MTEARCH1" */
#define MT_ARCHIVE_VERSION 2u
#define MT_ARCHIVE_PAGE 4096u
#define MT_ARCHIVE_NAME_MAX 40u                /* bytes, NUL included */
#define MT_ARCHIVE_EXTENTS 2u
#define MT_ARCHIVE_NOT_STORED UINT64_MAX       /* mt_archive_offset: no extent has it */

/* mt_archive_entry.flags */
#define MT_ARCHIVE_ELF 1u        /* an ELF64 component image */
#define MT_ARCHIVE_SPEC 2u       /* the binary system spec (include/mote/spec.h) */
#define MT_ARCHIVE_BOOT_ONLY 4u  /* needed only while the system is built */

struct mt_archive_header {
    uint64_t magic;
    uint32_t version;
    uint32_t entry_count;
    uint64_t total_bytes;       /* the whole archive, a multiple of a page */
    uint64_t keep_offset;       /* first kept byte, page-aligned: [0, keep_offset)
                                   is boot-only (header and directory included) */
};

struct mt_archive_extent {
    uint64_t file_offset;       /* first byte of the file it holds */
    uint64_t archive_offset;    /* where that byte is in the archive */
    uint64_t bytes;
};

struct mt_archive_entry {
    char name[MT_ARCHIVE_NAME_MAX];  /* NUL-terminated */
    uint64_t size;                   /* bytes of the whole file */
    uint32_t flags;                  /* MT_ARCHIVE_* */
    uint32_t extent_count;           /* 1..MT_ARCHIVE_EXTENTS */
    struct mt_archive_extent extent[MT_ARCHIVE_EXTENTS];
};

_Static_assert(sizeof(struct mt_archive_header) == 32, "archive header layout");
_Static_assert(sizeof(struct mt_archive_entry) == 104, "archive entry layout");

static inline const struct mt_archive_entry *
mt_archive_entries(const struct mt_archive_header *h)
{
    return (const struct mt_archive_entry *)(h + 1);
}

/* The archive offset of the file's bytes [file_offset, + bytes), when one
 * extent holds them all; MT_ARCHIVE_NOT_STORED otherwise. */
static inline uint64_t mt_archive_offset(const struct mt_archive_entry *e, uint64_t file_offset,
                                         uint64_t bytes)
{
    for (uint32_t i = 0; i < e->extent_count && i < MT_ARCHIVE_EXTENTS; i++) {
        const struct mt_archive_extent *x = &e->extent[i];
        if (file_offset >= x->file_offset && file_offset - x->file_offset <= x->bytes &&
            bytes <= x->bytes - (file_offset - x->file_offset))
            return x->archive_offset + (file_offset - x->file_offset);
    }
    return MT_ARCHIVE_NOT_STORED;
}

#endif
