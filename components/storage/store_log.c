/* SPDX-License-Identifier: BSD-2-Clause */
/* The store's writing half: appending records, compaction into the other
 * region (copy-on-write: the old region stays intact until the new
 * superblock names the new one) and streamed puts.  Every operation
 * writes its record and flushes before it returns, so a reply means the
 * data is on the disk. */
#include "store_util.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* After a failed write the index may no longer match the disk: read the
 * truth back. */
static int failed(struct store *s, int err)
{
    struct store_dev *dev = s->dev;
    store_mount(s, dev);
    return err;
}

/* Copy the record of entry e to sector pos of region `to`, as record seq
 * of generation gen chained to *prev. */
static int copy_rec(struct store *s, struct store_entry *e, uint32_t to, uint32_t pos,
                    uint32_t gen, uint32_t seq, uint32_t *prev)
{
    uint32_t n = rec_nsect(e->len);
    for (uint32_t b = 0; b < n; b += STORE_BUF_SECTORS) {
        uint32_t k = MIN(n - b, STORE_BUF_SECTORS);
        int err = st_rd(s, REGION_START(s, s->region) + e->sector + b, k);
        if (err)
            return err;
        if (b == 0) {
            struct rec *r = (struct rec *)s->dev->buf;
            if (!st_rec_sane(s, r))
                return STORE_ECORRUPT;
            r->gen = gen;
            r->seq = seq;
            r->prev = *prev;
            r->hcrc = st_rec_crc(r);
            *prev = r->hcrc;
        }
        if ((err = st_wr(s, REGION_START(s, to) + pos + b, k)))
            return err;
    }
    return STORE_OK;
}

/* Rewrite the live records (all but entry `skip`, or -1) into the other
 * region under a new generation, then switch the superblock.  The other
 * slot first gets a copy of the current one that reserves the new
 * generation, so no later compaction can reuse it, whatever a crash
 * leaves in the new region. */
static int compact(struct store *s, int skip)
{
    uint32_t gen = s->gen_hi + 1, to = !s->region, pos = 0, seq = 0;
    uint32_t prev = st_seed(s->id, gen);
    int err = st_write_sb(s, !s->slot, s->gen, s->region, gen);
    if (err || (err = st_flush(s)))
        return failed(s, err);
    s->gen_hi = gen;
    if (skip >= 0)
        st_index_drop(s, skip);
    for (unsigned i = 0; i < s->count; i++) {
        struct store_entry *e = &s->idx[i];
        if ((err = copy_rec(s, e, to, pos, gen, seq, &prev)))
            return failed(s, err);
        e->sector = pos;
        pos += rec_nsect(e->len);
        seq++;
    }
    if ((err = st_flush(s)) || (err = st_write_sb(s, s->slot, gen, to, gen)) ||
        (err = st_flush(s)))
        return failed(s, err);
    s->gen = gen;
    s->region = to;
    s->tail = pos;
    s->seq = seq;
    s->prev = prev;
    return STORE_OK;
}

/* Room at the tail for nsect sectors, compacting if need be.  Full when
 * even the live records and this one would not fit a region. */
static int room(struct store *s, uint32_t nsect)
{
    if (s->tail + nsect <= s->region_sectors)
        return STORE_OK;
    if (s->live + nsect > s->region_sectors)
        return STORE_EFULL;
    return compact(s, -1);
}

static int writable(struct store *s, const struct store_name *n)
{
    if (s->state)
        return s->state;
    if (s->put.open)
        return STORE_EBUSY;
    return st_name_ok(n);
}

/* A new object must have a free index entry. */
static int slot_for(struct store *s, const struct store_name *n)
{
    int at, err = st_find(s, n, &at);
    if (err)
        return err;
    return at < 0 && s->count == STORE_MAX_OBJECTS ? STORE_ETOOMANY : STORE_OK;
}

/* Append a finished record of nsect sectors (in the buffer) at the tail. */
static int append(struct store *s, const struct store_name *n, int type,
                  uint32_t nsect, uint32_t len)
{
    const struct rec *r = (const struct rec *)s->dev->buf;
    uint32_t hcrc = r->hcrc, at = s->tail;
    int err = st_wr(s, REGION_START(s, s->region) + at, nsect);
    if (err || (err = st_flush(s)))
        return failed(s, err);
    s->tail += nsect;
    s->seq++;
    s->prev = hcrc;
    if (type == REC_PUT)
        return st_index_put(s, n, at, len);
    int i;
    if (!(err = st_find(s, n, &i)) && i >= 0)
        st_index_drop(s, i);
    return err;
}

int store_write(struct store *s, const struct store_name *n, const void *v, uint32_t len)
{
    int err = writable(s, n);
    if (err)
        return err;
    if (len > STORE_VALUE_MAX)
        return STORE_ETOOBIG;
    uint32_t nsect = rec_nsect(len);
    if (nsect > STORE_BUF_SECTORS) {     /* does not fit the buffer: stream it */
        if ((err = store_begin(s, n, len)) || (err = store_append(s, v, len)))
            return err;
        return store_commit(s);
    }
    if ((err = slot_for(s, n)) || (err = room(s, nsect)))
        return err;
    struct rec r;
    st_rec_fill(s, &r, REC_PUT, n, len, store_crc32(0, v, len));
    zero(s->dev->buf, nsect * STORE_SECTOR);
    cpy(s->dev->buf, &r, sizeof r);
    cpy(s->dev->buf + REC_DATA, v, len);
    return append(s, n, REC_PUT, nsect, len);
}

int store_delete(struct store *s, const struct store_name *n)
{
    int at, err = writable(s, n);
    if (err || (err = st_find(s, n, &at)))
        return err;
    if (at < 0)
        return STORE_ENOTFOUND;
    /* On a full disk the delete is a compaction without the object. */
    if (s->tail + 1 > s->region_sectors)
        return compact(s, at);
    struct rec r;
    st_rec_fill(s, &r, REC_DEL, n, 0, 0);
    zero(s->dev->buf, STORE_SECTOR);
    cpy(s->dev->buf, &r, sizeof r);
    return append(s, n, REC_DEL, 1, 0);
}

/* ---- Streamed puts: the record's extent is reserved at the tail; data
 * sectors are written as they fill, the header sector (with the first
 * bytes of the value and the checksums) last, after a flush: until then
 * the log ends before the extent, so a crash leaves the old value. */

int store_begin(struct store *s, const struct store_name *n, uint32_t total)
{
    int err = writable(s, n);
    if (err)
        return err;
    if (total > STORE_VALUE_MAX)
        return STORE_ETOOBIG;
    uint32_t nsect = rec_nsect(total);
    if ((err = slot_for(s, n)) || (err = room(s, nsect)))
        return err;
    struct store_put *p = &s->put;
    zero(p, sizeof *p);
    p->head = s->dev->scratch;
    p->part = s->dev->scratch + STORE_SECTOR;
    zero(p->head, 2 * STORE_SECTOR);
    p->open = 1;
    p->name = *n;
    p->total = total;
    p->start = s->tail;
    p->nsect = nsect;
    return STORE_OK;
}

/* Write the sectors [first, first + k) of the extent from the buffer. */
static int put_flush(struct store *s, uint32_t first, uint32_t k)
{
    if (!k)
        return STORE_OK;
    return st_wr(s, REGION_START(s, s->region) + s->put.start + first, k);
}

int store_append(struct store *s, const void *data, uint32_t len)
{
    struct store_put *p = &s->put;
    const unsigned char *d = data;
    uint32_t first = 0, k = 0;
    if (!p->open)
        return STORE_ENOPUT;
    if (len > p->total - p->got) {
        p->open = 0;
        return STORE_ESIZE;
    }
    p->dcrc = store_crc32(p->dcrc, d, len);
    while (len) {
        uint32_t off = REC_DATA + p->got, in = off % STORE_SECTOR;
        uint32_t n = MIN(len, STORE_SECTOR - in);
        cpy((off < STORE_SECTOR ? p->head : p->part) + in, d, n);
        p->got += n, d += n, len -= n;
        if (off < STORE_SECTOR || in + n < STORE_SECTOR)
            continue;
        if (!k)
            first = off / STORE_SECTOR;
        cpy(s->dev->buf + k++ * STORE_SECTOR, p->part, STORE_SECTOR);
        zero(p->part, STORE_SECTOR);
        if (k == STORE_BUF_SECTORS) {
            if (put_flush(s, first, k))
                return p->open = 0, STORE_EIO;
            k = 0;
        }
    }
    if (put_flush(s, first, k))
        return p->open = 0, STORE_EIO;
    return STORE_OK;
}

int store_commit(struct store *s)
{
    struct store_put *p = &s->put;
    if (!p->open)
        return STORE_ENOPUT;
    p->open = 0;
    if (p->got != p->total)
        return STORE_ESIZE;
    uint32_t end = REC_DATA + p->total;
    int err = STORE_OK;
    if (end > STORE_SECTOR && end % STORE_SECTOR) {     /* the last, partial sector */
        cpy(s->dev->buf, p->part, STORE_SECTOR);
        err = put_flush(s, end / STORE_SECTOR, 1);
    }
    if (err || (err = st_flush(s)))
        return failed(s, err);
    struct rec r;
    st_rec_fill(s, &r, REC_PUT, &p->name, p->total, p->dcrc);
    cpy(s->dev->buf, p->head, STORE_SECTOR);
    cpy(s->dev->buf, &r, sizeof r);
    err = st_wr(s, REGION_START(s, s->region) + p->start, 1);
    if (err || (err = st_flush(s)))
        return failed(s, err);
    s->tail = p->start + p->nsect;
    s->seq++;
    s->prev = r.hcrc;
    return st_index_put(s, &p->name, p->start, p->total);
}

void store_abort(struct store *s) { s->put.open = 0; }
