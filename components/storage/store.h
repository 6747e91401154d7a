/* SPDX-License-Identifier: BSD-2-Clause */
/* The on-disk store (docs/STORAGE.md): named objects — key-value entries
 * and bundle blobs — in a log of checksummed records on a block device,
 * with a copy-on-write compaction into the disk's other half.  Plain C
 * with no libc beyond what store.c declares, so it builds freestanding
 * for the storage component and on the host for the cmocka tests and the
 * fuzzer (against an in-memory device).
 *
 * One caller at a time; every function returns a STORE_E* code. */
#ifndef STORE_H
#define STORE_H

#include <stdint.h>

#define STORE_SECTOR 512u
#define STORE_NS_MAX 31u            /* namespace bytes */
#define STORE_KEY_MAX 64u           /* key bytes */
#define STORE_VALUE_MAX (1u << 20)  /* bytes of one object (value or bundle) */
#define STORE_MAX_OBJECTS 256u      /* live objects in all namespaces */
#define STORE_BUF_SECTORS 16u       /* the I/O buffer the device lends us */
#define STORE_MIN_SECTORS 66u       /* two superblocks, two regions of 32 */

enum {
    STORE_OK = 0,
    STORE_ENODISK,       /* no disk device */
    STORE_EBLANK,        /* the disk is blank: format it */
    STORE_EFOREIGN,      /* the disk holds something else: format erases it */
    STORE_ECORRUPT,      /* the store failed a check (details: the report) */
    STORE_EIO,           /* the device failed a request */
    STORE_ENOTFOUND,     /* no such key */
    STORE_EKEY,          /* key empty or longer than STORE_KEY_MAX */
    STORE_ENS,           /* namespace empty or longer than STORE_NS_MAX */
    STORE_ETOOBIG,       /* value longer than STORE_VALUE_MAX */
    STORE_EFULL,         /* not enough free space on the disk */
    STORE_ETOOMANY,      /* STORE_MAX_OBJECTS objects already */
    STORE_EBUSY,         /* a streamed put is open */
    STORE_ENOPUT,        /* no streamed put is open */
    STORE_ESIZE,         /* the streamed put's bytes differ from its size */
    STORE_ESMALL,        /* the disk is too small for a store */
    STORE_ERANGE,        /* offset past the end of the value */
    STORE_NERR
};
/* What each code means, for people: the text of every STORE_E* in
 * order, for store_strerror and the console's copy of it. */
#define STORE_ERROR_TEXT                                                          \
    "ok", "no disk", "the disk is blank (use `format`)",                          \
    "the disk holds no mote store (`format` erases it)",                          \
    "the store is corrupt (see `storecheck`)", "disk I/O error", "no such key",   \
    "key is empty or longer than 64 bytes",                                       \
    "namespace is empty or longer than 31 bytes", "value too big (limit 1 MiB)",  \
    "disk full", "too many keys (limit 256)", "busy: a streamed put is open",     \
    "no streamed put is open", "streamed put: bytes differ from the declared size", \
    "disk too small for a store", "offset past the end of the value"
const char *store_strerror(int err);

struct store_entry;

/* The block device: sector count, the DMA buffer all I/O goes through
 * (STORE_BUF_SECTORS sectors), two sectors of scratch memory that no I/O
 * touches (a streamed put's header and partial sectors), room for the
 * index (STORE_MAX_OBJECTS entries) — the component has room for both in
 * its DMA queue page, so they cost no static memory — and its operations
 * (0, or non-zero for a failed request). */
struct store_dev {
    unsigned long sectors;
    unsigned char *buf;
    unsigned char *scratch;
    struct store_entry *index;
    int (*read)(struct store_dev *d, unsigned long sector, unsigned n, void *buf);
    int (*write)(struct store_dev *d, unsigned long sector, unsigned n, const void *buf);
    int (*flush)(struct store_dev *d);
};

struct store_name {                 /* lengths are checked, bytes need no NUL */
    unsigned nslen, keylen;
    char ns[STORE_NS_MAX + 1];
    char key[STORE_KEY_MAX + 1];
};

/* An index entry, 8 bytes (the index fits the queue page's room): the
 * record's sector in the region, its value's length (sectors:
 * rec_nsect(len)) and 11 bits of its name's hash, which only filter: a
 * match is checked against the record's name on the disk (st_find). */
struct store_entry { uint32_t sector; uint32_t len : 21, hash : 11; };
#define STORE_ENTRY_HASH(h) ((h) & 0x7ffu)
_Static_assert(STORE_VALUE_MAX < 1u << 21, "a length fits the entry's 21 bits");
_Static_assert(sizeof(struct store_entry) == 8, "an index entry is 8 bytes");

struct store_put {                  /* a streamed put in progress */
    int open;
    struct store_name name;
    uint32_t total, got, dcrc;
    uint32_t start, nsect;          /* its extent in the region */
    unsigned char *head, *part;     /* the header sector, written last, and a
                                       partial data sector: the device's scratch */
};

struct store {
    struct store_dev *dev;
    int state;                      /* STORE_OK when mounted, else why not */
    uint64_t id;                    /* store identity, chosen at format */
    uint32_t gen, gen_hi, region, slot;
    uint32_t region_sectors, tail, seq, prev;
    uint32_t live;                  /* sectors of live records */
    unsigned count;
    struct store_entry *idx;        /* STORE_MAX_OBJECTS: the device's index room */
    struct store_put put;
    char why[96];                   /* the mount's finding, for reports */
};

/* Mount: read and check the whole store, build the index. */
int store_mount(struct store *s, struct store_dev *dev);
/* Erase the disk and write an empty store with identity `id`. */
int store_format(struct store *s, uint64_t id);

int store_name_set(struct store_name *n, const char *ns, const char *key);
int store_write(struct store *s, const struct store_name *n, const void *v, uint32_t len);
/* Read up to max bytes from offset off; *total is the value's length. */
int store_read(struct store *s, const struct store_name *n, uint32_t off,
               void *out, uint32_t max, uint32_t *total, uint32_t *got);
int store_delete(struct store *s, const struct store_name *n);
/* The i-th object of namespace ns at or after *cursor: its key and
 * length; *cursor moves past it.  STORE_ENOTFOUND at the end. */
int store_list(struct store *s, const char *ns, unsigned *cursor,
               char key[STORE_KEY_MAX + 1], uint32_t *len);

/* Streamed put: begin (declares the size), append chunks, commit makes
 * it visible atomically; abort or a crash before commit leaves no trace. */
int store_begin(struct store *s, const struct store_name *n, uint32_t total);
int store_append(struct store *s, const void *data, uint32_t len);
int store_commit(struct store *s);
void store_abort(struct store *s);

struct store_usage { unsigned long disk_sectors; uint32_t region_sectors, tail, live, objects; };
int store_usage(struct store *s, struct store_usage *u);

/* Verify every superblock, record, checksum and the index; print what was
 * found through out(arg, line).  STORE_OK when clean. */
int store_check(struct store *s, void (*out)(void *arg, const char *line), void *arg);

uint32_t store_crc32(uint32_t crc, const void *p, unsigned long n);

/* Building a line of text without printf (the component has none). */
struct st_line { char b[112]; unsigned n; };
void st_put_s(struct st_line *l, const char *s);
void st_put_u(struct st_line *l, unsigned long v);

#endif
