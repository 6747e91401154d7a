/* SPDX-License-Identifier: BSD-2-Clause */
/* mkflash: the builtin bundles' flash image (<mote/bundle.h>, docs/APPS.md).
 *
 *   mkflash -o IMAGE --boot LOADER.bin NAME.bundle ...
 *
 * The bank's first page is LOADER (at most a page: tools/bundle/
 * flashboot.S, which QEMU's boot flow enters); the image follows at
 * MT_FLASH_IMAGE_OFFSET.
 * Each file goes in byte for byte under its base name without .bundle, on
 * a page of its own; the bundles are not validated here (a system test
 * packs malformed ones on purpose: the process manager validates at
 * install).  The file is then extended to MT_FLASH_BANK_BYTES, sparse,
 * the size QEMU wants for a pflash drive.  The image is read back with
 * mt_flash_check before mkflash succeeds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"

#define WINDOW (MT_FLASH_WINDOW_BYTES - MT_FLASH_IMAGE_OFFSET)   /* the image's room */

static int fail(const char *path, const char *msg)
{
    fprintf(stderr, "%s: error: %s\n", path, msg);
    return 1;
}

static void put(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> 8 * i);
}

/* FILE.bundle's entry: its name, and its bytes at *end (page-aligned). */
static int add(uint8_t *img, unsigned i, const char *path, uint64_t *end)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t len = strlen(base);
    if (len > 7 && !strcmp(base + len - 7, ".bundle"))
        len -= 7;
    uint8_t *e = img + sizeof(struct mt_flash_header) + i * sizeof(struct mt_flash_entry);
    char name[MT_BUNDLE_NAME_MAX];
    if (len >= MT_BUNDLE_NAME_MAX)
        return fail(path, "file name too long for a bundle name (31 bytes)");
    memcpy(e, base, len);
    if (mt_bundle_check_name(e, name))
        return fail(path, "file name is not a bundle name ([a-z][a-z0-9_-]*.bundle)");
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(path, "cannot open");
    uint64_t at = (*end + MT_PAGE_SIZE - 1) & ~(uint64_t)(MT_PAGE_SIZE - 1);
    size_t n = at < WINDOW ? fread(img + at, 1, WINDOW - at, f) : 0;
    int big = !feof(f) || ferror(f);
    fclose(f);
    if (big)
        return fail(path, "does not fit in the flash window (2 MiB in all)");
    if (!n)
        return fail(path, "empty file");
    put(e + MT_BUNDLE_NAME_MAX, at, 8);
    put(e + MT_BUNDLE_NAME_MAX + 8, n, 8);
    *end = at + n;
    return 0;
}

/* The loader's page, then the image, then a hole to the bank's end. */
static int write_image(const char *out, const char *boot, const uint8_t *img, uint64_t bytes)
{
    uint8_t page[MT_FLASH_IMAGE_OFFSET] = { 0 };
    FILE *b = fopen(boot, "rb");
    size_t n = b ? fread(page, 1, sizeof page, b) : 0;
    int big = !b || !feof(b) || ferror(b);
    if (b)
        fclose(b);
    if (big || !n)
        return fail(boot, "cannot read, or not 1 byte to a page");
    FILE *f = fopen(out, "wb");
    int bad = !f || fwrite(page, 1, sizeof page, f) != sizeof page;
    bad |= f && fwrite(img, 1, bytes, f) != bytes;
    bad |= f && fclose(f);
    bad |= !bad && truncate(out, MT_FLASH_BANK_BYTES);
    return bad ? fail(out, "cannot write") : 0;
}

int main(int argc, char **argv)
{
    if (argc < 5 || strcmp(argv[1], "-o") || strcmp(argv[3], "--boot"))
        return fprintf(stderr, "usage: mkflash -o IMAGE --boot LOADER.bin NAME.bundle ...\n"), 1;
    unsigned count = (unsigned)(argc - 5);
    if (count > MT_FLASH_MAX_BUNDLES)
        return fail(argv[2], "more bundles than an image holds (64)");
    uint8_t *img = calloc(1, WINDOW);
    uint64_t end = sizeof(struct mt_flash_header) + count * sizeof(struct mt_flash_entry);
    for (unsigned i = 0; img && i < count; i++)
        if (add(img, i, argv[5 + i], &end))
            return 1;
    if (!img)
        return fail(argv[2], "out of memory");
    put(img, MT_FLASH_MAGIC, 8);
    put(img + 8, MT_FLASH_VERSION, 4);
    put(img + 12, count, 4);
    put(img + 16, end, 8);
    uint8_t zero[4] = { 0 };
    uint32_t crc = mt_bundle_crc32(0, img, 24);
    crc = mt_bundle_crc32(crc, zero, 4);
    crc = mt_bundle_crc32(crc, img + 28, 4 + count * sizeof(struct mt_flash_entry));
    put(img + 24, crc, 4);
    unsigned got;
    int err = mt_flash_check(img, WINDOW, &got);
    if (err)
        return fail(argv[2], mt_flash_strerror(err));
    return write_image(argv[2], argv[4], img, end);
}
