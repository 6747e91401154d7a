/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading objects back, listing a namespace, and the space figures.  A
 * value that fits the I/O buffer is checked against both checksums on
 * every read; a larger one was checked whole at mount, and its header is
 * checked on every read. */
#include "store_util.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* Copy value bytes [off, off + n) of the record at region sector `at`. */
static int copy_out(struct store *s, uint32_t at, uint32_t off, unsigned char *out, uint32_t n)
{
    while (n) {
        uint32_t first = (REC_DATA + off) / STORE_SECTOR, in = (REC_DATA + off) % STORE_SECTOR;
        uint32_t k = MIN((in + n + STORE_SECTOR - 1) / STORE_SECTOR, STORE_BUF_SECTORS);
        int err = st_rd(s, REGION_START(s, s->region) + at + first, k);
        if (err)
            return err;
        uint32_t got = MIN(n, k * STORE_SECTOR - in);
        cpy(out, s->dev->buf + in, got);
        out += got, off += got, n -= got;
    }
    return STORE_OK;
}

/* The header of e is sane, and all of a small record checks out. */
int st_verify(struct store *s, const struct store_entry *e)
{
    int err = st_rd(s, REGION_START(s, s->region) + e->sector, 1);
    if (err)
        return err;
    struct rec r;
    cpy(&r, s->dev->buf, sizeof r);
    if (!st_rec_sane(s, &r) || r.type != REC_PUT || r.len != e->len)
        return STORE_ECORRUPT;
    if (rec_nsect(e->len) > STORE_BUF_SECTORS)
        return STORE_OK;
    uint32_t crc;
    if ((err = st_data_crc(s, e->sector, r.len, &crc)))
        return err;
    return crc == r.dcrc ? STORE_OK : STORE_ECORRUPT;
}

int store_read(struct store *s, const struct store_name *n, uint32_t off,
               void *out, uint32_t max, uint32_t *total, uint32_t *got)
{
    int at, err;
    *total = *got = 0;
    if (s->state)
        return s->state;
    if ((err = st_name_ok(n)) || (err = st_find(s, n, &at)))
        return err;
    if (at < 0)
        return STORE_ENOTFOUND;
    const struct store_entry *e = &s->idx[at];
    if (off > e->len)
        return STORE_ERANGE;
    if ((err = st_verify(s, e)))
        return err;
    uint32_t want = MIN(max, e->len - off);
    if ((err = copy_out(s, e->sector, off, out, want)))
        return err;
    *total = e->len;
    *got = want;
    return STORE_OK;
}

int store_list(struct store *s, const char *ns, unsigned *cursor,
               char key[STORE_KEY_MAX + 1], uint32_t *len)
{
    unsigned nslen = 0;
    while (nslen <= STORE_NS_MAX && ns[nslen])
        nslen++;
    if (s->state)
        return s->state;
    if (!nslen || nslen > STORE_NS_MAX)
        return STORE_ENS;
    for (; *cursor < s->count; ++*cursor) {
        const struct store_entry *e = &s->idx[*cursor];
        if (st_rd(s, REGION_START(s, s->region) + e->sector, 1))
            return STORE_EIO;
        const struct rec *r = (const struct rec *)s->dev->buf;
        if (r->nslen != nslen || __builtin_memcmp(r->name, ns, nslen) || r->keylen > STORE_KEY_MAX)
            continue;
        cpy(key, r->name + nslen, r->keylen);
        key[r->keylen] = 0;
        *len = e->len;
        ++*cursor;
        return STORE_OK;
    }
    return STORE_ENOTFOUND;
}

int store_usage(struct store *s, struct store_usage *u)
{
    zero(u, sizeof *u);
    if (s->state)
        return s->state;
    u->disk_sectors = s->dev->sectors;
    u->region_sectors = s->region_sectors;
    u->tail = s->tail;
    u->live = s->live;
    u->objects = s->count;
    return STORE_OK;
}
