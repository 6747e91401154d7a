/* SPDX-License-Identifier: BSD-2-Clause */
/* The bundle validator and load planner: freestanding C that the host tools
 * (mkbundle, the tests, the fuzzer) and the process manager compile alike.
 * Format and layout: <mote/bundle.h>; docs/APPS.md.
 *
 * mt_bundle_check reads a bundle held in memory, refuses it with one
 * distinct code for each way it can be wrong, and otherwise fills a load
 * plan: what to map where, from where, and what it all costs, by kernel
 * object kind.  It reads nothing outside [data, data + size), whatever the
 * bytes say, checks every addition and multiplication against overflow,
 * and allocates nothing. */
#ifndef BUNDLE_BUNDLE_H
#define BUNDLE_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include <mote/bundle.h>
#include <mote/objects.h>

/* One run of pages to map.  The stack block is merged into the mapping of
 * the lowest writable segment (they may share a page). */
struct mt_bundle_mapping {
    uint64_t vaddr;        /* page-aligned */
    uint64_t pages;
    uint32_t perms;        /* MT_VM_READ | MT_VM_WRITE | MT_VM_EXEC */
    uint32_t in_place;     /* 1: the bundle's own pages, from file_offset */
    uint64_t file_offset;  /* in place: page-aligned offset of the first page;
                              copied: offset of the bytes to copy */
    uint64_t copy_vaddr;   /* copied: where those bytes go (the rest of the
                              fresh, zeroed pages stays zero) */
    uint64_t copy_bytes;
};

struct mt_bundle_plan {
    /* The manifest, checked. */
    char name[MT_BUNDLE_NAME_MAX];
    uint32_t app_version;
    uint32_t priority;
    uint64_t quota_bytes;
    uint32_t stack_bytes;
    /* The address space. */
    uint64_t entry;
    unsigned mapping_count;
    struct mt_bundle_mapping map[MT_BUNDLE_MAX_SEGMENTS];  /* by address */
    uint64_t stack_bottom;  /* lowest stack byte; the page below is the guard */
    uint64_t stack_top;     /* initial sp (== ipc_buffer) */
    uint64_t ipc_buffer;
    uint64_t shared_page;   /* mapped on MT_SDK_SHARED_PAGE */
    uint64_t heap_base;     /* first heap page; the heap may grow to heap_limit */
    uint64_t heap_limit;
    /* The cost of starting it. */
    uint64_t pages_copied;     /* fresh frames: writable data, stack, zero fill */
    uint64_t pages_in_place;   /* the bundle's own pages, no new memory */
    uint64_t page_tables;      /* level-1 and level-0 tables of the mappings */
    uint64_t bytes[MT_OBJ_COUNT]; /* new memory by object kind */
    uint64_t need_bytes;       /* their sum: the quota must cover it */
    /* Where a refusal came from: the program header index (or -1) and the
     * offending value (e.g. the bytes needed for QUOTA_TOO_SMALL). */
    int error_phdr;
    uint64_t error_value;
};

/* Returns MT_BUNDLE_OK with *plan filled, or an enum mt_bundle_error with
 * plan->error_phdr and plan->error_value set. */
int mt_bundle_check(const uint8_t *data, size_t size, struct mt_bundle_plan *plan);

/* mt_bundle_check without the checksum: every other check, and the
 * plan, for bytes that passed mt_bundle_check before and that nobody can
 * have written since (the process manager's builtins, in flash that is
 * read-only to the whole system); it never reads outside the bundle
 * either, whatever the bytes. */
int mt_bundle_replan(const uint8_t *data, size_t size, struct mt_bundle_plan *plan);

/* A sentence for each code (never NULL). */
const char *mt_bundle_strerror(int code);

/* CRC-32 (IEEE 802.3) of n bytes, continuing from crc (start with 0). */
uint32_t mt_bundle_crc32(uint32_t crc, const uint8_t *p, size_t n);

/* The checksum a bundle's manifest must carry: the CRC of the whole
 * bundle with the checksum field read as zero (size >= the manifest). */
uint32_t mt_bundle_checksum(const uint8_t *data, size_t size);

/* A bundle name's MT_BUNDLE_NAME_MAX bytes at n: [a-z][a-z0-9_-]*, NUL,
 * zero fill; copied to out.  MT_BUNDLE_OK or MT_BUNDLE_BAD_NAME. */
int mt_bundle_check_name(const uint8_t *n, char *out);

/* The builtin bundles' flash image (<mote/bundle.h>), held in memory at
 * img, of which window bytes may be read.  mt_flash_check validates the
 * header, the index's checksum and every entry (names, places, no two
 * alike): MT_FLASH_OK with *count set, or an enum mt_flash_error.
 * mt_flash_get checks entry i again as it copies it out (the reader
 * keeps nothing between calls), so a caller needs no state but the
 * window: MT_FLASH_OK with *out filled, or an error. */
struct mt_flash_bundle {
    char name[MT_BUNDLE_NAME_MAX];
    const uint8_t *data;
    uint64_t size;
};
int mt_flash_check(const uint8_t *img, uint64_t window, unsigned *count);
int mt_flash_get(const uint8_t *img, uint64_t window, unsigned i, struct mt_flash_bundle *out);
const char *mt_flash_strerror(int code);

/* Byte offset of the checksum field in the trailer. */
#define MT_BUNDLE_CHECKSUM_OFFSET 80u

#endif
