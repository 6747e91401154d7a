/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the on-disk store (components/storage/store*.c) against
 * an in-memory device: the real code, power cuts at every write. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "memdev.h"
#include "../../components/storage/store_util.h"   /* st_hash */

#define SECTORS 800ul                /* two regions of 399 sectors */
static unsigned char disk[SECTORS * STORE_SECTOR];
static struct memdev md;
static struct store st;

static void fresh(unsigned long sectors)
{
    memset(disk, 0, sizeof disk);
    memdev_init(&md, disk, sectors);
    st.dev = &md.dev;
    assert_int_equal(store_mount(&st, &md.dev), STORE_EBLANK);
    assert_int_equal(store_format(&st, 0x1234567890abcdefull), STORE_OK);
}

static void remount(void)
{
    md.budget = -1;
    store_mount(&st, &md.dev);
}

static int put(const char *k, const char *v)
{
    struct store_name n;
    store_name_set(&n, "t", k);
    return store_write(&st, &n, v, (uint32_t)strlen(v));
}

/* The value of k as a string ("" with the error when there is none). */
static int get(const char *k, char *out, unsigned max)
{
    struct store_name n;
    uint32_t total, got;
    store_name_set(&n, "t", k);
    int err = store_read(&st, &n, 0, out, max - 1, &total, &got);
    out[err ? 0 : got] = 0;
    return err;
}

static int del(const char *k)
{
    struct store_name n;
    store_name_set(&n, "t", k);
    return store_delete(&st, &n);
}

static void quiet(void *arg, const char *line) { (void)arg; (void)line; }
static int clean(void) { return store_check(&st, quiet, NULL); }

static void test_blank_foreign(void **state)
{
    (void)state;
    memset(disk, 0, sizeof disk);
    memdev_init(&md, disk, SECTORS);
    assert_int_equal(store_mount(&st, &md.dev), STORE_EBLANK);
    memcpy(disk, "\x7f" "ELF", 4);
    assert_int_equal(store_mount(&st, &md.dev), STORE_EFOREIGN);
    assert_int_equal(put("a", "1"), STORE_EFOREIGN);
    memdev_init(&md, disk, 10);
    st.dev = &md.dev;
    assert_int_equal(store_format(&st, 1), STORE_ESMALL);
    assert_int_equal(store_mount(&st, NULL), STORE_ENODISK);
}

static void test_persist(void **state)
{
    char v[64];
    (void)state;
    fresh(SECTORS);
    assert_int_equal(put("k1", "one"), STORE_OK);
    assert_int_equal(put("k2", "two"), STORE_OK);
    assert_int_equal(put("k1", "uno"), STORE_OK);
    assert_int_equal(del("k2"), STORE_OK);
    assert_int_equal(del("k2"), STORE_ENOTFOUND);
    remount();
    assert_int_equal(st.state, STORE_OK);
    assert_int_equal(get("k1", v, sizeof v), STORE_OK);
    assert_string_equal(v, "uno");
    assert_int_equal(get("k2", v, sizeof v), STORE_ENOTFOUND);
    assert_int_equal(clean(), STORE_OK);
    /* namespaces are separate */
    struct store_name n;
    uint32_t total, got;
    store_name_set(&n, "other", "k1");
    assert_int_equal(store_read(&st, &n, 0, v, sizeof v, &total, &got), STORE_ENOTFOUND);
}

static void test_limits(void **state)
{
    static char big[5000];
    char key[80];
    char v[16];
    (void)state;
    fresh(SECTORS);
    memset(key, 'k', sizeof key);
    key[65] = 0;
    assert_int_equal(put(key, "x"), STORE_EKEY);
    key[64] = 0;
    assert_int_equal(put(key, "x"), STORE_OK);
    assert_int_equal(put("", "x"), STORE_EKEY);
    struct store_name n;
    assert_int_equal(store_name_set(&n, "0123456789012345678901234567890123", "k"), STORE_ENS);
    /* 4 KiB and more: streamed through the buffer */
    memset(big, 'v', sizeof big);
    store_name_set(&n, "t", "big");
    assert_int_equal(store_write(&st, &n, big, sizeof big), STORE_OK);
    assert_int_equal(store_write(&st, &n, big, STORE_VALUE_MAX + 1), STORE_ETOOBIG);
    static char back[5000];
    uint32_t total, got;
    assert_int_equal(store_read(&st, &n, 0, back, sizeof back, &total, &got), STORE_OK);
    assert_int_equal(got, sizeof big);
    assert_memory_equal(back, big, sizeof big);
    assert_int_equal(store_read(&st, &n, 4990, back, 100, &total, &got), STORE_OK);
    assert_int_equal(got, 10);
    assert_int_equal(store_read(&st, &n, 5001, back, 1, &total, &got), STORE_ERANGE);
    assert_int_equal(get(key, v, sizeof v), STORE_OK);
    assert_string_equal(v, "x");
}

static void test_full(void **state)
{
    static char blob[5000];
    char v[16];
    (void)state;
    fresh(SECTORS);
    assert_int_equal(put("keep", "safe"), STORE_OK);
    memset(blob, 'b', sizeof blob);
    struct store_name n;
    int err = STORE_OK, i;
    for (i = 0; i < 50 && err == STORE_OK; i++) {
        char k[16];
        snprintf(k, sizeof k, "b%d", i);
        store_name_set(&n, "t", k);
        err = store_write(&st, &n, blob, sizeof blob);
    }
    assert_int_equal(err, STORE_EFULL);
    assert_true(i > 5);
    assert_int_equal(get("keep", v, sizeof v), STORE_OK);
    assert_string_equal(v, "safe");
    /* a delete on a full disk frees space */
    assert_int_equal(del("b0"), STORE_OK);
    assert_int_equal(store_write(&st, &n, blob, 1000), STORE_OK);
    remount();
    assert_int_equal(get("keep", v, sizeof v), STORE_OK);
    assert_int_equal(clean(), STORE_OK);
}

static void test_too_many(void **state)
{
    char k[16];
    (void)state;
    fresh(SECTORS);
    for (unsigned i = 0; i < STORE_MAX_OBJECTS; i++) {
        snprintf(k, sizeof k, "k%u", i);
        assert_int_equal(put(k, ""), STORE_OK);
    }
    assert_int_equal(put("one-more", "x"), STORE_ETOOMANY);
    assert_int_equal(put("k7", "replaced"), STORE_OK);
    remount();
    assert_int_equal(st.count, STORE_MAX_OBJECTS);
    assert_int_equal(clean(), STORE_OK);
}

/* Many overwrites on a small disk: compactions, values stay right. */
static void test_compaction(void **state)
{
    char k[16], v[32], want[32];
    (void)state;
    fresh(80);
    for (int i = 0; i < 300; i++) {
        snprintf(k, sizeof k, "k%d", i % 7);
        snprintf(v, sizeof v, "value %d", i);
        assert_int_equal(put(k, v), STORE_OK);
    }
    assert_true(st.gen > 3);
    remount();
    for (int j = 0; j < 7; j++) {
        snprintf(k, sizeof k, "k%d", j);
        snprintf(want, sizeof want, "value %d", 300 - 7 + ((j - 300 % 7 + 7) % 7));
        assert_int_equal(get(k, v, sizeof v), STORE_OK);
        assert_string_equal(v, want);
    }
    assert_int_equal(clean(), STORE_OK);
}

static void test_stream(void **state)
{
    static unsigned char data[30000], back[30000];
    (void)state;
    fresh(SECTORS);
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    struct store_name n;
    store_name_set(&n, "bundles", "app");
    assert_int_equal(store_begin(&st, &n, sizeof data), STORE_OK);
    assert_int_equal(put("x", "y"), STORE_EBUSY);
    for (unsigned off = 0; off < sizeof data; off += 1000)
        assert_int_equal(store_append(&st, data + off, 1000), STORE_OK);
    assert_int_equal(store_commit(&st), STORE_OK);
    remount();
    uint32_t total, got;
    assert_int_equal(store_read(&st, &n, 0, back, sizeof back, &total, &got), STORE_OK);
    assert_int_equal(got, sizeof data);
    assert_memory_equal(back, data, sizeof data);
    /* abort and short puts leave the old blob */
    assert_int_equal(store_begin(&st, &n, 100), STORE_OK);
    assert_int_equal(store_append(&st, data, 50), STORE_OK);
    assert_int_equal(store_commit(&st), STORE_ESIZE);
    assert_int_equal(store_begin(&st, &n, 10), STORE_OK);
    store_abort(&st);
    assert_int_equal(store_commit(&st), STORE_ENOPUT);
    remount();
    assert_int_equal(store_read(&st, &n, 0, back, sizeof back, &total, &got), STORE_OK);
    assert_int_equal(total, sizeof data);
    char key[STORE_KEY_MAX + 1];
    unsigned cursor = 0;
    uint32_t len;
    assert_int_equal(store_list(&st, "bundles", &cursor, key, &len), STORE_OK);
    assert_string_equal(key, "app");
    assert_int_equal(store_list(&st, "bundles", &cursor, key, &len), STORE_ENOTFOUND);
    assert_int_equal(clean(), STORE_OK);
}

/* ---- Power cuts: a script of writes, cut after every possible sector ---- */

enum { OP_PUT, OP_DEL, OP_STREAM };
struct op { int kind; const char *key; const char *val; unsigned len; };
#define NKEYS 4
static const char *const keys[NKEYS] = { "a", "b", "c", "d" };

static const struct op script[] = {
    { OP_PUT, "a", "a1", 0 }, { OP_PUT, "b", "b1", 0 }, { OP_STREAM, "c", "s1", 3800 },
    { OP_PUT, "a", "a2", 0 }, { OP_DEL, "b", 0, 0 }, { OP_PUT, "d", "d1", 0 },
    { OP_STREAM, "c", "s2", 1700 }, { OP_PUT, "b", "b2", 0 }, { OP_PUT, "a", "a3", 0 },
    { OP_PUT, "d", "d2", 0 }, { OP_DEL, "a", 0, 0 }, { OP_PUT, "a", "a4", 0 },
    { OP_STREAM, "c", "s3", 3600 }, { OP_PUT, "b", "b3", 0 }, { OP_PUT, "d", "d3", 0 },
    { OP_PUT, "a", "a5", 0 }, { OP_PUT, "b", "b4", 0 }, { OP_PUT, "c", "c9", 0 },
};
#define NOPS (sizeof script / sizeof script[0])

/* A streamed value: its tag's bytes repeated to len. */
static void stream_bytes(const struct op *o, unsigned char *out)
{
    for (unsigned i = 0; i < o->len; i++)
        out[i] = (unsigned char)(o->val[i % 2] + i / 2);
}

static void run_op(const struct op *o)
{
    static unsigned char b[4000];
    struct store_name n;
    store_name_set(&n, "t", o->key);
    if (o->kind == OP_PUT) {
        store_write(&st, &n, o->val, (uint32_t)strlen(o->val));
    } else if (o->kind == OP_DEL) {
        store_delete(&st, &n);
    } else {
        stream_bytes(o, b);
        store_begin(&st, &n, o->len);
        for (unsigned off = 0; off < o->len; off += 700)
            store_append(&st, b + off, o->len - off < 700 ? o->len - off : 700);
        store_commit(&st);
    }
}

/* Does key k hold exactly what op o (or, o NULL, nothing) left? */
static int holds(const char *k, const struct op *o)
{
    static unsigned char b[4000], want[4000];
    struct store_name n;
    uint32_t total, got;
    store_name_set(&n, "t", k);
    int err = store_read(&st, &n, 0, b, sizeof b, &total, &got);
    if (!o || o->kind == OP_DEL)
        return err == STORE_ENOTFOUND;
    if (err)
        return 0;
    if (o->kind == OP_PUT)
        return got == strlen(o->val) && !memcmp(b, o->val, got);
    stream_bytes(o, want);
    return got == o->len && !memcmp(b, want, got);
}

/* The last op before `upto` that wrote key k. */
static const struct op *last_of(const char *k, unsigned upto)
{
    const struct op *o = NULL;
    for (unsigned i = 0; i < upto; i++)
        if (!strcmp(script[i].key, k))
            o = &script[i];
    return o;
}

static void test_power_cuts(void **state)
{
    static unsigned char snap[66 * STORE_SECTOR];
    unsigned long ends[NOPS];
    (void)state;
    fresh(66);                        /* small: compactions happen */
    memcpy(snap, disk, sizeof snap);
    md.writes = 0;
    for (unsigned i = 0; i < NOPS; i++) {
        run_op(&script[i]);
        ends[i] = md.writes;
    }
    assert_true(st.gen > 1);
    unsigned long total = md.writes;
    for (unsigned long cut = 0; cut <= total; cut++) {
        memcpy(disk, snap, sizeof snap);
        memdev_init(&md, disk, 66);
        assert_int_equal(store_mount(&st, &md.dev), STORE_OK);
        md.budget = (long)cut;
        for (unsigned i = 0; i < NOPS; i++)
            run_op(&script[i]);
        remount();
        assert_int_equal(st.state, STORE_OK);
        unsigned done = 0;            /* ops wholly written before the cut */
        while (done < NOPS && ends[done] <= cut)
            done++;
        for (unsigned k = 0; k < NKEYS; k++) {
            const struct op *now = last_of(keys[k], done);
            int in_flight = done < NOPS && !strcmp(script[done].key, keys[k]);
            if (!holds(keys[k], now) && !(in_flight && holds(keys[k], &script[done])))
                fail_msg("cut %lu: key %s holds neither its old nor its new value", cut, keys[k]);
        }
        assert_int_equal(clean(), STORE_OK);
        assert_int_equal(put("after", "works"), STORE_OK);
        /* The whole script again, compactions included, over whatever the
         * cut left (a half-written region among it): all of it lands. */
        for (unsigned i = 0; i < NOPS; i++)
            run_op(&script[i]);
        remount();
        for (unsigned k = 0; k < NKEYS; k++)
            if (!holds(keys[k], last_of(keys[k], NOPS)))
                fail_msg("cut %lu, script again: key %s is not its last value", cut, keys[k]);
        assert_int_equal(clean(), STORE_OK);
    }
}

/* A damaged record with more log after it is corruption, reported; the
 * last record damaged is a torn write: the key keeps its old value. */
static void test_damage_found(void **state)
{
    static unsigned char good[SECTORS * STORE_SECTOR];
    char v[16];
    (void)state;
    fresh(SECTORS);
    assert_int_equal(put("a", "1"), STORE_OK);     /* region sector 0 */
    assert_int_equal(put("b", "2"), STORE_OK);     /* 1 */
    assert_int_equal(put("b", "3"), STORE_OK);     /* 2 */
    memcpy(good, disk, sizeof good);
    disk[(2 + 1) * STORE_SECTOR + 136] ^= 1;        /* b's first value byte */
    assert_int_equal(store_mount(&st, &md.dev), STORE_ECORRUPT);
    assert_int_equal(get("a", v, sizeof v), STORE_ECORRUPT);
    assert_int_equal(put("c", "x"), STORE_ECORRUPT);
    assert_int_equal(clean(), STORE_ECORRUPT);
    memcpy(disk, good, sizeof good);
    disk[(2 + 1) * STORE_SECTOR + 20] ^= 1;         /* b's first header: chain broken */
    assert_int_equal(store_mount(&st, &md.dev), STORE_ECORRUPT);
    memcpy(disk, good, sizeof good);
    disk[(2 + 2) * STORE_SECTOR + 136] ^= 1;        /* the last record: torn */
    assert_int_equal(store_mount(&st, &md.dev), STORE_OK);
    assert_int_equal(get("b", v, sizeof v), STORE_OK);
    assert_string_equal(v, "2");
    assert_int_equal(clean(), STORE_OK);
    memcpy(disk, good, sizeof good);
    disk[STORE_SECTOR + 30] ^= 1;                   /* superblock 1: repaired */
    assert_int_equal(store_mount(&st, &md.dev), STORE_OK);
    assert_memory_equal(disk + STORE_SECTOR, good + STORE_SECTOR, STORE_SECTOR);
    assert_int_equal(clean(), STORE_OK);
}

/* ---- Corruption: flipped bytes are found or harmless, never returned ---- */

static int ever_written(const char *k, const unsigned char *b, uint32_t got)
{
    static unsigned char want[4000];
    for (unsigned i = 0; i < NOPS; i++) {
        const struct op *o = &script[i];
        if (strcmp(o->key, k) || o->kind == OP_DEL)
            continue;
        if (o->kind == OP_PUT && got == strlen(o->val) && !memcmp(b, o->val, got))
            return 1;
        if (o->kind == OP_STREAM) {
            stream_bytes(o, want);
            if (got == o->len && !memcmp(b, want, got))
                return 1;
        }
    }
    return 0;
}

static void test_corruption(void **state)
{
    static unsigned char good[66 * STORE_SECTOR], b[4000];
    (void)state;
    fresh(66);
    for (unsigned i = 0; i < NOPS; i++)
        run_op(&script[i]);
    memcpy(good, disk, sizeof good);
    srand(1);
    unsigned detected = 0;
    for (int round = 0; round < 2000; round++) {
        memcpy(disk, good, sizeof good);
        int flips = 1 + rand() % 8;
        for (int f = 0; f < flips; f++)
            disk[rand() % (int)sizeof good] ^= (unsigned char)(1 + rand() % 255);
        memdev_init(&md, disk, 66);
        if (store_mount(&st, &md.dev) != STORE_OK || clean() != STORE_OK) {
            detected++;
            continue;
        }
        for (unsigned k = 0; k < NKEYS; k++) {
            struct store_name n;
            uint32_t total, got;
            store_name_set(&n, "t", keys[k]);
            if (store_read(&st, &n, 0, b, sizeof b, &total, &got) == STORE_OK &&
                !ever_written(keys[k], b, got))
                fail_msg("round %d: key %s returned bytes never written", round, keys[k]);
        }
    }
    assert_true(detected > 0);
}

/* A failing device: errors, no crash, data back once it works again. */
static void test_io_errors(void **state)
{
    char v[16];
    (void)state;
    fresh(SECTORS);
    assert_int_equal(put("k", "v1"), STORE_OK);
    md.fail_io = 1;
    assert_int_equal(put("k", "v2"), STORE_EIO);
    md.fail_io = 0;
    remount();
    assert_int_equal(get("k", v, sizeof v), STORE_OK);
    assert_string_equal(v, "v1");
}

/* An index entry keeps 11 bits of its name's hash, which only filter:
 * names whose bits collide are told apart by the record's name on the
 * disk, through overwrites, a delete, compactions and mounts (the index
 * rebuilt from the log must pick each name's newest record). */
static void test_hash_filter(void **state)
{
    char keys[4][16], v[96], want[96];
    struct store_name n;
    unsigned found = 0;
    (void)state;
    store_name_set(&n, "t", "a0");
    uint32_t h = STORE_ENTRY_HASH(st_hash(&n));
    strcpy(keys[found++], "a0");
    for (unsigned i = 1; found < 4 && i < 100000; i++) {
        snprintf(keys[found], sizeof keys[found], "c%u", i);
        store_name_set(&n, "t", keys[found]);
        found += STORE_ENTRY_HASH(st_hash(&n)) == h;
    }
    assert_int_equal(found, 4);
    fresh(66);                        /* regions of 32 sectors: compactions */
    for (unsigned r = 0; r < 40; r++) {
        for (unsigned k = 0; k < 4; k++) {
            snprintf(v, sizeof v, "%s-%u", keys[k], r);
            assert_int_equal(put(keys[k], v), STORE_OK);
        }
        assert_int_equal(del(keys[r % 4]), STORE_OK);
        if (r % 3 == 0)
            remount();
        for (unsigned k = 0; k < 4; k++) {
            snprintf(want, sizeof want, "%s-%u", keys[k], r);
            int err = get(keys[k], v, sizeof v);
            if (k == r % 4) {
                assert_int_equal(err, STORE_ENOTFOUND);
            } else {
                assert_int_equal(err, STORE_OK);
                assert_string_equal(v, want);
            }
        }
    }
    assert_int_equal(clean(), STORE_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blank_foreign), cmocka_unit_test(test_persist),
        cmocka_unit_test(test_limits), cmocka_unit_test(test_full),
        cmocka_unit_test(test_too_many), cmocka_unit_test(test_compaction),
        cmocka_unit_test(test_stream), cmocka_unit_test(test_power_cuts),
        cmocka_unit_test(test_corruption), cmocka_unit_test(test_damage_found),
        cmocka_unit_test(test_io_errors), cmocka_unit_test(test_hash_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
