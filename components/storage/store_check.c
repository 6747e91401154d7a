/* SPDX-License-Identifier: BSD-2-Clause */
/* storecheck: everything mount relies on, verified again from the disk
 * and compared with what the store believes — superblocks, every record's
 * checksums and chain, nothing of this generation past the end, and every
 * index entry's record. */
#include "store_util.h"

void st_put_s(struct st_line *l, const char *s)
{
    while (*s && l->n < sizeof l->b - 1)
        l->b[l->n++] = *s++;
    l->b[l->n] = 0;
}

void st_put_u(struct st_line *l, unsigned long v)
{
    char t[24];
    int i = 0;
    do
        t[i++] = (char)('0' + v % 10);
    while ((v /= 10));
    while (i && l->n < sizeof l->b - 1)
        l->b[l->n++] = t[--i];
    l->b[l->n] = 0;
}

typedef void (*out_fn)(void *arg, const char *line);

#define NONE (~0ul)

/* One line: a, n (unless NONE), b, m (unless NONE), c.  Not inlined: it
 * is called a dozen times, and code is a component's biggest cost. */
static __attribute__((noinline)) void say(out_fn out, void *arg, const char *a, unsigned long n,
                                          const char *b, unsigned long m, const char *c)
{
    struct st_line l = { .n = 0 };
    st_put_s(&l, a);
    if (n != NONE)
        st_put_u(&l, n);
    st_put_s(&l, b);
    if (m != NONE)
        st_put_u(&l, m);
    st_put_s(&l, c);
    out(arg, l.b);
}

static unsigned check_sb(struct store *s, out_fn out, void *arg)
{
    static const char *const kinds[] = { "", "blank", "not a mote superblock", "damaged" };
    struct sb b;
    unsigned bad = 0;
    if (st_rd(s, 0, 2))
        return out(arg, "superblocks: read error"), 1;
    for (unsigned i = 0; i < 2; i++) {
        int k = st_sb_parse(s->dev->buf + i * STORE_SECTOR, &b, s->dev->sectors);
        if (k == SB_VALID) {
            say(out, arg, "superblock ", i, ": generation ", b.gen,
                i == s->slot ? " (in use)" : " (previous)");
            bad += b.id != s->id || (i == s->slot && b.gen != s->gen);
        } else {
            say(out, arg, "superblock ", i, ": ", NONE, kinds[k]);
            bad++;
        }
    }
    return bad;
}

static unsigned check_log(struct store *s, out_fn out, void *arg)
{
    struct scan sc;
    if (st_scan(s, &sc, 0))
        return out(arg, "log: read error"), 1;
    say(out, arg, "log: ", sc.records, " records, ", sc.bytes, " value bytes");
    say(out, arg, "log: ", sc.pos, " of ", s->region_sectors, " sectors used");
    if (sc.corrupt)
        return say(out, arg, "log: damaged record at sector ", sc.bad_at, "", NONE, ""), 1;
    if (sc.pos != s->tail || sc.seq != s->seq)
        return say(out, arg, "log: ends at sector ", sc.pos, ", not where the store appends",
                   NONE, ""), 1;
    return 0;
}

static unsigned check_index(struct store *s, out_fn out, void *arg)
{
    unsigned bad = 0;
    uint32_t live = 0;
    for (unsigned i = 0; i < s->count; i++) {
        const struct store_entry *e = &s->idx[i];
        live += rec_nsect(e->len);
        if (e->sector + rec_nsect(e->len) > s->tail || st_verify(s, e)) {
            say(out, arg, "object at sector ", e->sector, ": damaged", NONE, "");
            bad++;
        }
    }
    say(out, arg, "objects: ", s->count, "", NONE, "");
    if (live != s->live)
        bad++, out(arg, "objects: live space miscounted");
    return bad;
}

int store_check(struct store *s, void (*out)(void *arg, const char *line), void *arg)
{
    unsigned bad;
    if (s->state) {
        struct st_line l = { .n = 0 };
        st_put_s(&l, "store not mounted: ");
        st_put_s(&l, store_strerror(s->state));
        if (s->why[0]) {
            st_put_s(&l, ": ");
            st_put_s(&l, s->why);
        }
        out(arg, l.b);
        /* a corrupt log: its superblock was read, so say where it breaks */
        if (s->state != STORE_ECORRUPT || !s->region_sectors)
            return s->state;
        bad = 1 + check_sb(s, out, arg) + check_log(s, out, arg);
    } else {
        bad = check_sb(s, out, arg) + check_log(s, out, arg) + check_index(s, out, arg);
    }
    if (!bad)
        return out(arg, "storecheck: clean"), STORE_OK;
    say(out, arg, "storecheck: ", bad, " problem(s)", NONE, "");
    return STORE_ECORRUPT;
}
