/* SPDX-License-Identifier: BSD-2-Clause */
/* The builtins' flash image (lib/bundle/flash.c, tools/bundle/mkflash.c):
 * an image mkflash makes from the real applications reads back entry by
 * entry, and every way an image can be wrong is refused with its code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "bundle.h"
#include "test_flash.h"

#define ROOM (MT_FLASH_WINDOW_BYTES - MT_FLASH_IMAGE_OFFSET)
#define ENTRY(i) (32 + 48 * (size_t)(i))

static uint8_t img[ROOM];

static void put(size_t off, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        img[off + i] = (uint8_t)(v >> (8 * i));
}

/* The header's checksum over the header and count entries. */
static void seal(void)
{
    unsigned count = img[12] | img[13] << 8;
    put(24, 0, 4);
    put(24, mt_bundle_crc32(0, img, 32 + 48 * (size_t)count), 4);
}

/* Two entries, "one" at page 1 (100 bytes) and "two" at page 2 (50). */
static void two_entries(void)
{
    memset(img, 0, sizeof img);
    put(0, MT_FLASH_MAGIC, 8);
    put(8, MT_FLASH_VERSION, 4);
    put(12, 2, 4);
    put(16, 0x2000 + 50, 8);
    memcpy(img + ENTRY(0), "one", 3);
    put(ENTRY(0) + 32, 0x1000, 8);
    put(ENTRY(0) + 40, 100, 8);
    memcpy(img + ENTRY(1), "two", 3);
    put(ENTRY(1) + 32, 0x2000, 8);
    put(ENTRY(1) + 40, 50, 8);
    seal();
}

static int check(void)
{
    unsigned n = 99;
    int e = mt_flash_check(img, ROOM, &n);
    assert_int_equal(n, e ? 0 : 2);
    return e;
}

void test_flash_synthetic(void **state)
{
    (void)state;
    struct mt_flash_bundle b;
    two_entries();
    assert_int_equal(check(), MT_FLASH_OK);
    assert_int_equal(mt_flash_get(img, ROOM, 1, &b), MT_FLASH_OK);
    assert_string_equal(b.name, "two");
    assert_ptr_equal(b.data, img + 0x2000);
    assert_int_equal(b.size, 50);
    assert_int_equal(mt_flash_get(img, ROOM, 2, &b), MT_FLASH_BAD_COUNT);
    memset(img, 0xff, 64);
    assert_int_equal(check(), MT_FLASH_NO_IMAGE);
    memset(img, 0, 64);
    assert_int_equal(check(), MT_FLASH_NO_IMAGE);
    assert_int_equal(mt_flash_get(img, ROOM, 0, &b), MT_FLASH_NO_IMAGE);
    assert_string_equal(mt_flash_strerror(MT_FLASH_NO_IMAGE), "no flash image (erased or absent)");
}

/* One change each (resealed unless the checksum is the point). */
void test_flash_refusals(void **state)
{
    (void)state;
    unsigned n;
    struct { size_t at; uint64_t v; unsigned bytes; int reseal, code; } c[] = {
        { 0, 0x4d54464c41534832ull, 8, 1, MT_FLASH_BAD_MAGIC },
        { 8, 2, 4, 1, MT_FLASH_BAD_VERSION },
        { 12, MT_FLASH_MAX_BUNDLES + 1, 4, 0, MT_FLASH_BAD_COUNT },
        { 16, ROOM + 1, 8, 1, MT_FLASH_BAD_SIZE },
        { 16, 32 + 48, 8, 1, MT_FLASH_BAD_SIZE },          /* ends inside its index */
        { 28, 1, 4, 1, MT_FLASH_BAD_RESERVED },
        { ENTRY(1) + 5, 'x', 1, 0, MT_FLASH_BAD_CHECKSUM },
        { ENTRY(1), 'T', 1, 1, MT_FLASH_BAD_NAME },
        { ENTRY(1) + 4, 'x', 1, 1, MT_FLASH_BAD_NAME },      /* bytes after the NUL */
        { ENTRY(1) + 32, 0x2008, 8, 1, MT_FLASH_BAD_PLACE }, /* not on a page */
        { ENTRY(1) + 32, 0, 8, 1, MT_FLASH_BAD_PLACE },      /* over the index */
        { ENTRY(1) + 40, 51, 8, 1, MT_FLASH_BAD_PLACE },     /* past the end */
        { ENTRY(1) + 40, ~0ull, 8, 1, MT_FLASH_BAD_PLACE },  /* offset + size wraps */
        { ENTRY(1) + 40, 0, 8, 1, MT_FLASH_BAD_PLACE },      /* empty */
        { ENTRY(1) + 2, 'e', 1, 1, MT_FLASH_DUPLICATE },     /* "one" twice */
        { ENTRY(1) + 1, 'n', 1, 1, MT_FLASH_BAD_NAME },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        two_entries();
        if (c[i].code == MT_FLASH_DUPLICATE)
            memcpy(img + ENTRY(1), "one", 3);
        else if (c[i].at == ENTRY(1) + 1)
            memcpy(img + ENTRY(1), "0ne", 3);
        else
            put(c[i].at, c[i].v, c[i].bytes);
        if (c[i].reseal)
            seal();
        assert_int_equal(check(), c[i].code);
        assert_true(strlen(mt_flash_strerror(c[i].code)) > 10);
    }
    two_entries();
    assert_int_equal(mt_flash_check(img, 0x2000 + 49, &n), MT_FLASH_BAD_SIZE);  /* window short */
    assert_int_equal(mt_flash_check(img, 16, &n), MT_FLASH_BAD_SIZE);
}

static int sh(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* mkflash over real bundles: a bank-sized file, the loader page first,
 * every bundle back byte for byte and valid. */
void test_flash_mkflash(void **state)
{
    (void)state;
    static const char *apps[] = { "hello", "fibonacci", "keyval" };
    const char *out = BUNDLE_APPS_DIR "/test.flash", *boot = BUNDLE_APPS_DIR "/hello.stripped";
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s -o %s --boot %s %s/hello.bundle %s/fibonacci.bundle "
             "%s/keyval.bundle", BUNDLE_MKFLASH, out, boot, BUNDLE_APPS_DIR, BUNDLE_APPS_DIR,
             BUNDLE_APPS_DIR);
    assert_int_equal(sh(cmd), 0);
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_int_equal(st.st_size, MT_FLASH_BANK_BYTES);
    FILE *f = fopen(out, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, MT_FLASH_IMAGE_OFFSET, SEEK_SET), 0);
    assert_true(fread(img, 1, sizeof img, f) > 0);
    fclose(f);
    unsigned n;
    assert_int_equal(mt_flash_check(img, ROOM, &n), MT_FLASH_OK);
    assert_int_equal(n, 3);
    for (unsigned i = 0; i < n; i++) {
        struct mt_flash_bundle b;
        struct mt_bundle_plan plan;
        assert_int_equal(mt_flash_get(img, ROOM, i, &b), MT_FLASH_OK);
        assert_string_equal(b.name, apps[i]);
        assert_int_equal((b.data - img) % 4096, 0);
        assert_int_equal(mt_bundle_check(b.data, b.size, &plan), MT_BUNDLE_OK);
    }
    remove(out);
    /* Bad input: "path: error: ...", exit 1. */
    snprintf(cmd, sizeof cmd, "%s -o %s --boot %s %s 2>&1 | grep -q 'hello.stripped: error: "
             "file name is not a bundle name'", BUNDLE_MKFLASH, out, boot, boot);
    assert_int_equal(sh(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s -o %s --boot %s %s/hello.bundle %s/hello.bundle 2>&1 | "
             "grep -q 'error: two entries with one name'", BUNDLE_MKFLASH, out, boot,
             BUNDLE_APPS_DIR, BUNDLE_APPS_DIR);
    assert_int_equal(sh(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s -o %s --boot /nonexistent %s/hello.bundle 2>/dev/null",
             BUNDLE_MKFLASH, out, BUNDLE_APPS_DIR);
    assert_int_equal(sh(cmd), 1);
    remove(out);
}
