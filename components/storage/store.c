/* SPDX-License-Identifier: BSD-2-Clause */
/* The store's reading half: device access, names and the index, mount
 * (superblocks, the log scan that rebuilds the index), reads and lists.
 * The writing half is store_log.c; checks are store_check.c. */
#include "store_util.h"

const char *store_strerror(int err)
{
    static const char *const why[STORE_NERR] = { STORE_ERROR_TEXT };
    return err >= 0 && err < STORE_NERR ? why[err] : "unknown error";
}

/* CRC-32 (IEEE, reflected), a nibble at a time: a 64-byte table. */
uint32_t store_crc32(uint32_t crc, const void *p, unsigned long n)
{
    static const uint32_t t[16] = {
        0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
        0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
        0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
    };
    const unsigned char *b = p;
    crc = ~crc;
    while (n--) {
        crc ^= *b++;
        crc = (crc >> 4) ^ t[crc & 15];
        crc = (crc >> 4) ^ t[crc & 15];
    }
    return ~crc;
}

int st_rd(struct store *s, unsigned long sector, unsigned n)
{
    return s->dev->read(s->dev, sector, n, s->dev->buf) ? STORE_EIO : STORE_OK;
}

int st_wr(struct store *s, unsigned long sector, unsigned n)
{
    return s->dev->write(s->dev, sector, n, s->dev->buf) ? STORE_EIO : STORE_OK;
}

int st_flush(struct store *s) { return s->dev->flush(s->dev) ? STORE_EIO : STORE_OK; }

/* FNV-1a over namespace, a separator, key. */
uint32_t st_hash(const struct store_name *n)
{
    uint32_t h = 2166136261u;
    for (unsigned i = 0; i < n->nslen; i++)
        h = (h ^ (unsigned char)n->ns[i]) * 16777619u;
    h = (h ^ 0xffu) * 16777619u;
    for (unsigned i = 0; i < n->keylen; i++)
        h = (h ^ (unsigned char)n->key[i]) * 16777619u;
    return h;
}

/* What the first record of a region chains to. */
uint32_t st_seed(uint64_t id, uint32_t gen)
{
    return (uint32_t)id ^ (uint32_t)(id >> 32) ^ (gen * 0x9e3779b9u);
}

uint32_t st_rec_crc(struct rec *r)
{
    uint32_t saved = r->hcrc;
    r->hcrc = 0;
    uint32_t c = store_crc32(0, r, sizeof *r);
    r->hcrc = saved;
    return c;
}

void st_rec_fill(const struct store *s, struct rec *r, int type,
                 const struct store_name *n, uint32_t len, uint32_t dcrc)
{
    zero(r, sizeof *r);
    r->magic = REC_MAGIC;
    r->id = s->id;
    r->gen = s->gen;
    r->seq = s->seq;
    r->prev = s->prev;
    r->dcrc = dcrc;
    r->len = len;
    r->type = (uint8_t)type;
    r->nslen = (uint8_t)n->nslen;
    r->keylen = (uint8_t)n->keylen;
    cpy(r->name, n->ns, n->nslen);
    cpy(r->name + n->nslen, n->key, n->keylen);
    r->hcrc = st_rec_crc(r);
}

int st_name_ok(const struct store_name *n)
{
    if (!n->nslen || n->nslen > STORE_NS_MAX)
        return STORE_ENS;
    if (!n->keylen || n->keylen > STORE_KEY_MAX)
        return STORE_EKEY;
    return STORE_OK;
}

static unsigned cstrlen(const char *p, unsigned max)
{
    unsigned n = 0;
    while (n <= max && p[n])
        n++;
    return n;
}

int store_name_set(struct store_name *n, const char *ns, const char *key)
{
    zero(n, sizeof *n);
    n->nslen = cstrlen(ns, STORE_NS_MAX);
    n->keylen = cstrlen(key, STORE_KEY_MAX);
    if (n->nslen <= STORE_NS_MAX)
        cpy(n->ns, ns, n->nslen);
    if (n->keylen <= STORE_KEY_MAX)
        cpy(n->key, key, n->keylen);
    return st_name_ok(n);
}

static int same_name(const struct rec *r, const struct store_name *n)
{
    return r->nslen == n->nslen && r->keylen == n->keylen &&
           !__builtin_memcmp(r->name, n->ns, n->nslen) &&
           !__builtin_memcmp(r->name + n->nslen, n->key, n->keylen);
}

/* The index entry of n (*at = -1: none): entries with its hash, checked
 * against the record's header on disk. */
int st_find(struct store *s, const struct store_name *n, int *at)
{
    uint32_t h = STORE_ENTRY_HASH(st_hash(n));
    *at = -1;
    for (unsigned i = 0; i < s->count; i++) {
        if (s->idx[i].hash != h)
            continue;
        int err = st_rd(s, REGION_START(s, s->region) + s->idx[i].sector, 1);
        if (err)
            return err;
        if (same_name((const struct rec *)s->dev->buf, n)) {
            *at = (int)i;
            return STORE_OK;
        }
    }
    return STORE_OK;
}

/* n's record is now at sector (of the region): replace or add. */
int st_index_put(struct store *s, const struct store_name *n, uint32_t sector, uint32_t len)
{
    int at, err = st_find(s, n, &at);
    if (err)
        return err;
    if (at < 0) {
        if (s->count == STORE_MAX_OBJECTS)
            return STORE_ETOOMANY;
        at = (int)s->count++;
    } else {
        s->live -= rec_nsect(s->idx[at].len);
    }
    s->idx[at] = (struct store_entry){ sector, len, STORE_ENTRY_HASH(st_hash(n)) };
    s->live += rec_nsect(len);
    return STORE_OK;
}

void st_index_drop(struct store *s, int at)
{
    s->live -= rec_nsect(s->idx[at].len);
    s->idx[at] = s->idx[--s->count];
}
