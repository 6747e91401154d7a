/* SPDX-License-Identifier: BSD-2-Clause */
/* Mount and format: the superblocks, and the log walk that rebuilds the
 * index (and that storecheck repeats).  The log ends at the first record
 * that is not the next one of this region's chain; a bad record with
 * more of the chain after it, or any record of this generation beyond
 * the end, is corruption, not a torn write (only the last write can be
 * torn: each is flushed before the next starts). */
#include "store_util.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

static uint32_t sb_crc(struct sb *b)
{
    uint32_t saved = b->crc;
    b->crc = 0;
    uint32_t c = store_crc32(0, b, sizeof *b);
    b->crc = saved;
    return c;
}

int st_sb_parse(const unsigned char *sec, struct sb *b, unsigned long dev_sectors)
{
    unsigned i = 0;
    while (i < STORE_SECTOR && !sec[i])
        i++;
    if (i == STORE_SECTOR)
        return SB_BLANK;
    cpy(b, sec, sizeof *b);
    if (b->magic != SB_MAGIC)
        return SB_FOREIGN;
    if (b->crc != sb_crc(b) || b->version != SB_VERSION || b->region > 1 ||
        b->gen > b->gen_hi || !b->gen || b->region_sectors < 32 ||
        b->disk_sectors < 2 + 2ull * b->region_sectors || b->disk_sectors > dev_sectors)
        return SB_DAMAGED;
    return SB_VALID;
}

int st_write_sb(struct store *s, uint32_t slot, uint32_t gen, uint32_t region, uint32_t gen_hi)
{
    struct sb b = { SB_MAGIC, SB_VERSION, s->id, gen, gen_hi, region, s->region_sectors,
                    2 + 2ull * s->region_sectors, 0, 0 };
    b.crc = sb_crc(&b);
    zero(s->dev->buf, STORE_SECTOR);
    cpy(s->dev->buf, &b, sizeof b);
    return st_wr(s, slot, 1);
}

/* Header fields a record of this store and generation must have. */
int st_rec_sane(const struct store *s, const struct rec *r)
{
    if (r->magic != REC_MAGIC || r->id != s->id || r->gen != s->gen)
        return 0;
    if ((r->type != REC_PUT && r->type != REC_DEL) || r->pad ||
        !r->nslen || r->nslen > STORE_NS_MAX || !r->keylen || r->keylen > STORE_KEY_MAX)
        return 0;
    if (r->len > STORE_VALUE_MAX || (r->type == REC_DEL && r->len))
        return 0;
    struct rec c;
    cpy(&c, r, sizeof c);
    return r->hcrc == st_rec_crc(&c);
}

/* The CRC of the value of the record at region sector pos. */
int st_data_crc(struct store *s, uint32_t pos, uint32_t len, uint32_t *crc)
{
    uint32_t n = rec_nsect(len), end = REC_DATA + len;
    *crc = 0;
    for (uint32_t b = 0; b < n; b += STORE_BUF_SECTORS) {
        uint32_t k = MIN(n - b, STORE_BUF_SECTORS);
        int err = st_rd(s, REGION_START(s, s->region) + pos + b, k);
        if (err)
            return err;
        uint32_t lo = b * STORE_SECTOR, hi = (b + k) * STORE_SECTOR;
        uint32_t from = MAX(lo, REC_DATA), to = MIN(hi, end);
        if (from < to)
            *crc = store_crc32(*crc, s->dev->buf + (from - lo), to - from);
    }
    return STORE_OK;
}

/* The header at pos, if it is the record the chain expects there. */
static int read_next(struct store *s, uint32_t pos, uint32_t seq, uint32_t prev, struct rec *r)
{
    if (pos >= s->region_sectors || st_rd(s, REGION_START(s, s->region) + pos, 1))
        return 0;
    cpy(r, s->dev->buf, sizeof *r);
    return st_rec_sane(s, r) && r->seq == seq && r->prev == prev &&
           pos + rec_nsect(r->len) <= s->region_sectors;
}

static int apply(struct store *s, const struct rec *r, uint32_t pos)
{
    struct store_name n;
    zero(&n, sizeof n);
    n.nslen = r->nslen;
    n.keylen = r->keylen;
    cpy(n.ns, r->name, n.nslen);
    cpy(n.key, r->name + n.nslen, n.keylen);
    if (r->type == REC_PUT)
        return st_index_put(s, &n, pos, r->len);
    int at, err = st_find(s, &n, &at);
    if (!err && at >= 0)
        st_index_drop(s, at);
    return err;
}

/* Any record of this generation past the log's end means the end is a
 * damaged record, not the last write. */
static int orphans(struct store *s, struct scan *sc)
{
    for (uint32_t p = sc->pos + 1; p < s->region_sectors; p += STORE_BUF_SECTORS) {
        uint32_t k = MIN(s->region_sectors - p, STORE_BUF_SECTORS);
        if (st_rd(s, REGION_START(s, s->region) + p, k))
            return STORE_EIO;
        for (uint32_t i = 0; i < k; i++) {
            const struct rec *r = (const struct rec *)(s->dev->buf + i * STORE_SECTOR);
            if (r->magic == REC_MAGIC && st_rec_sane(s, r) && r->seq >= sc->seq) {
                sc->corrupt = 1;
                sc->bad_at = sc->pos;
                return STORE_OK;
            }
        }
    }
    return STORE_OK;
}

int st_scan(struct store *s, struct scan *sc, int build)
{
    struct rec r;
    zero(sc, sizeof *sc);
    sc->prev = st_seed(s->id, s->gen);
    while (read_next(s, sc->pos, sc->seq, sc->prev, &r)) {
        uint32_t crc, n = rec_nsect(r.len);
        int err = st_data_crc(s, sc->pos, r.len, &crc);
        if (err)
            return err;
        if (crc != r.dcrc) {
            struct rec next;
            if (read_next(s, sc->pos + n, sc->seq + 1, r.hcrc, &next))
                sc->corrupt = 1, sc->bad_at = sc->pos;
            break;
        }
        if (build && (err = apply(s, &r, sc->pos)))
            return err == STORE_ETOOMANY ? (sc->corrupt = 1, sc->bad_at = sc->pos, STORE_OK) : err;
        sc->pos += n;
        sc->seq++;
        sc->prev = r.hcrc;
        sc->records++;
        sc->bytes += r.len;
    }
    return sc->corrupt ? STORE_OK : orphans(s, sc);
}

static void why(struct store *s, const char *text)
{
    unsigned i = 0;
    for (; text[i] && i < sizeof s->why - 1; i++)
        s->why[i] = text[i];
    s->why[i] = 0;
}

/* Which superblock to trust: the higher generation, then the higher
 * gen_hi (both describe the same region after a crash mid-compaction).
 * Returns the slot, or -1 with s->state saying why none. */
static int choose(struct store *s, const int kind[2], const struct sb b[2])
{
    if (kind[0] == SB_VALID && kind[1] == SB_VALID)
        return b[1].gen > b[0].gen || (b[1].gen == b[0].gen && b[1].gen_hi > b[0].gen_hi);
    if (kind[0] == SB_VALID || kind[1] == SB_VALID)
        return kind[1] == SB_VALID;
    if (kind[0] == SB_BLANK && kind[1] == SB_BLANK)
        s->state = STORE_EBLANK, why(s, "blank disk");
    else if (kind[0] == SB_DAMAGED || kind[1] == SB_DAMAGED)
        s->state = STORE_ECORRUPT, why(s, "both superblocks damaged");
    else
        s->state = STORE_EFOREIGN, why(s, "no mote store on the disk");
    return -1;
}

/* Reads both superblocks and takes the chosen one's fields into s. */
static int load_sb(struct store *s, int *repair)
{
    struct sb b[2];
    int kind[2];
    if (st_rd(s, 0, 2))
        return s->state = STORE_EIO;
    for (int i = 0; i < 2; i++)
        kind[i] = st_sb_parse(s->dev->buf + i * STORE_SECTOR, &b[i], s->dev->sectors);
    int slot = choose(s, kind, b);
    if (slot < 0)
        return s->state;
    s->id = b[slot].id;
    s->gen = b[slot].gen;
    s->gen_hi = b[slot].gen_hi;
    s->region = b[slot].region;
    s->region_sectors = b[slot].region_sectors;
    s->slot = (uint32_t)slot;
    *repair = kind[!slot] != SB_VALID;
    return STORE_OK;
}

int store_mount(struct store *s, struct store_dev *dev)
{
    struct scan sc;
    int repair = 0;
    zero(s, sizeof *s);
    s->dev = dev;
    if (dev)
        s->idx = dev->index;
    if (!dev || !dev->sectors)
        return s->state = STORE_ENODISK;
    if (load_sb(s, &repair))
        return s->state;
    int err = st_scan(s, &sc, 1);
    if (err)
        return s->state = err;
    s->tail = sc.pos;
    s->seq = sc.seq;
    s->prev = sc.prev;
    if (sc.corrupt) {
        why(s, "a damaged record in the middle of the log");
        return s->state = STORE_ECORRUPT;
    }
    /* The other slot was torn by a crash mid-compaction, or damaged:
     * make it a copy of this one, so one bad write cannot lose both. */
    if (repair && (st_write_sb(s, !s->slot, s->gen, s->region, s->gen_hi) || st_flush(s)))
        return s->state = STORE_EIO;
    why(s, repair ? "mounted; repaired the other superblock" : "mounted");
    return s->state = STORE_OK;
}

int store_format(struct store *s, uint64_t id)
{
    struct store_dev *dev = s->dev;
    if (!dev || !dev->sectors)
        return STORE_ENODISK;
    if (dev->sectors < STORE_MIN_SECTORS)
        return STORE_ESMALL;
    unsigned long disk = dev->sectors < 0x7ffffffful ? dev->sectors : 0x7ffffffful;
    zero(s, sizeof *s);
    s->dev = dev;
    s->idx = dev->index;
    s->id = id;
    s->region_sectors = (uint32_t)((disk - 2) / 2);
    /* slot 1 blank first: a crash before slot 0 is written leaves a disk
     * that mounts as blank or foreign, never half a store */
    zero(dev->buf, STORE_SECTOR);
    if (st_wr(s, 1, 1) || st_flush(s) || st_write_sb(s, 0, 1, 0, 1) || st_flush(s))
        return s->state = STORE_EIO;
    return store_mount(s, dev);
}
