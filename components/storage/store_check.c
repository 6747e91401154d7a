/* storecheck: everything mount relies on, verified again from the disk
 * and compared with what the store believes — superblocks, every record's
 * checksums and chain, nothing of this generation past the end, and every
 * index entry's record. */
#include "store_util.h"

struct line { char b[112]; unsigned n; };

static void put_s(struct line *l, const char *s)
{
    while (*s && l->n < sizeof l->b - 1)
        l->b[l->n++] = *s++;
    l->b[l->n] = 0;
}

static void put_u(struct line *l, unsigned long v)
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

static void say(out_fn out, void *arg, const char *a, unsigned long v, const char *b)
{
    struct line l = { .n = 0 };
    put_s(&l, a);
    put_u(&l, v);
    put_s(&l, b);
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
        struct line l = { .n = 0 };
        put_s(&l, "superblock ");
        put_u(&l, i);
        put_s(&l, ": ");
        if (k == SB_VALID) {
            put_s(&l, "generation ");
            put_u(&l, b.gen);
            put_s(&l, i == s->slot ? " (in use)" : " (previous)");
            bad += b.id != s->id || (i == s->slot && b.gen != s->gen);
        } else {
            put_s(&l, kinds[k]);
            bad++;
        }
        out(arg, l.b);
    }
    return bad;
}

static unsigned check_log(struct store *s, out_fn out, void *arg)
{
    struct scan sc;
    if (st_scan(s, &sc, 0))
        return out(arg, "log: read error"), 1;
    say(out, arg, "log: ", sc.records, " records");
    say(out, arg, "log: ", sc.bytes, " value bytes");
    say(out, arg, "log: ", sc.pos, " sectors used");
    say(out, arg, "log: ", s->region_sectors, " sectors in the region");
    if (sc.corrupt)
        return say(out, arg, "log: damaged record at sector ", sc.bad_at, " of the region"), 1;
    if (sc.pos != s->tail || sc.seq != s->seq)
        return say(out, arg, "log: ends at sector ", sc.pos, ", not where the store appends"), 1;
    return 0;
}

static unsigned check_index(struct store *s, out_fn out, void *arg)
{
    unsigned bad = 0;
    uint32_t live = 0;
    for (unsigned i = 0; i < s->count; i++) {
        const struct store_entry *e = &s->idx[i];
        live += e->nsect;
        if (e->sector + e->nsect > s->tail || st_verify(s, e)) {
            say(out, arg, "object at sector ", e->sector, ": damaged");
            bad++;
        }
    }
    say(out, arg, "objects: ", s->count, "");
    if (live != s->live)
        bad++, out(arg, "objects: live space miscounted");
    return bad;
}

int store_check(struct store *s, void (*out)(void *arg, const char *line), void *arg)
{
    if (s->state) {
        struct line l = { .n = 0 };
        put_s(&l, "store not mounted: ");
        put_s(&l, store_strerror(s->state));
        if (s->why[0]) {
            put_s(&l, ": ");
            put_s(&l, s->why);
        }
        out(arg, l.b);
        return s->state;
    }
    unsigned bad = check_sb(s, out, arg) + check_log(s, out, arg) + check_index(s, out, arg);
    if (!bad)
        return out(arg, "storecheck: clean"), STORE_OK;
    say(out, arg, "storecheck: ", bad, " problem(s)");
    return STORE_ECORRUPT;
}
