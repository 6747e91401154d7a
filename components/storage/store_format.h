/* SPDX-License-Identifier: BSD-2-Clause */
/* The on-disk layout (docs/STORAGE.md): private to store*.c and the
 * tests.  Little-endian, as both RISC-V and the test hosts are. */
#ifndef STORE_FORMAT_H
#define STORE_FORMAT_H

#include "store.h"

#define SB_MAGIC 0x5453544du        /* "MTST" */
#define SB_VERSION 1u
#define REC_MAGIC 0x4352544du       /* "MTRC" */
#define REGION_START(s, r) (2ul + (unsigned long)(r) * (s)->region_sectors)

struct sb {                          /* sectors 0 and 1; the rest of the sector is 0 */
    uint32_t magic, version;
    uint64_t id;                     /* the store's identity (format) */
    uint32_t gen;                    /* the active region's generation */
    uint32_t gen_hi;                 /* highest generation ever begun */
    uint32_t region;                 /* 0 or 1: the active region */
    uint32_t region_sectors;
    uint64_t disk_sectors;
    uint32_t crc;                    /* of this struct with crc = 0 */
    uint32_t pad;
};
_Static_assert(sizeof(struct sb) == 48, "superblock layout");

enum { REC_PUT = 1, REC_DEL = 2 };

struct rec {                         /* at the start of a record's first sector */
    uint32_t magic;
    uint32_t hcrc;                   /* of this struct with hcrc = 0 */
    uint64_t id;                     /* the store's identity */
    uint32_t gen, seq;               /* region generation, position in its log */
    uint32_t prev;                   /* hcrc of the record before (chain) */
    uint32_t dcrc;                   /* of the value's bytes */
    uint32_t len;                    /* value bytes, right after this struct */
    uint8_t type, nslen, keylen, pad;
    char name[96];                   /* namespace bytes, then key bytes */
};
_Static_assert(sizeof(struct rec) == 136, "record header layout");
_Static_assert(STORE_NS_MAX + STORE_KEY_MAX <= sizeof(((struct rec *)0)->name), "names fit");
#define REC_DATA ((uint32_t)sizeof(struct rec))

static inline uint32_t rec_nsect(uint32_t len)
{
    return (REC_DATA + len + STORE_SECTOR - 1) / STORE_SECTOR;
}

#endif
