/* SPDX-License-Identifier: BSD-2-Clause */
/* The builtin bundles' flash image: a header, an index of named entries,
 * the bundles (<mote/bundle.h>).  Whoever can write the flash file can
 * put anything there, so every field is read once, byte by byte, bounded
 * before it is used, and nothing outside [img, img + window) is read. */
#include "bundle_int.h"

#define HEADER_BYTES 32u
#define ENTRY_BYTES 48u
#define CHECKSUM_AT 24u

_Static_assert(sizeof(struct mt_flash_header) == HEADER_BYTES, "flash header");
_Static_assert(sizeof(struct mt_flash_entry) == ENTRY_BYTES, "flash entry");

/* The header's checksum: its CRC-32 and the index's, the field as 0. */
static uint32_t index_crc(const uint8_t *img, unsigned count)
{
    static const uint8_t zero[4];
    uint32_t crc = mt_bundle_crc32(0, img, CHECKSUM_AT);
    crc = mt_bundle_crc32(crc, zero, 4);
    return mt_bundle_crc32(crc, img + CHECKSUM_AT + 4,
                           HEADER_BYTES - CHECKSUM_AT - 4 + (size_t)count * ENTRY_BYTES);
}

/* The header's count and image end, checked against the window. */
static int check_header(const uint8_t *img, uint64_t window, unsigned *count, uint64_t *bytes)
{
    if (window < HEADER_BYTES)
        return MT_FLASH_BAD_SIZE;
    uint64_t magic = RD64(img, 0);
    if (magic == 0 || magic == ~0ull)
        return MT_FLASH_NO_IMAGE;
    if (magic != MT_FLASH_MAGIC)
        return MT_FLASH_BAD_MAGIC;
    if (RD32(img, 8) != MT_FLASH_VERSION)
        return MT_FLASH_BAD_VERSION;
    uint32_t n = RD32(img, 12);
    if (n > MT_FLASH_MAX_BUNDLES)
        return MT_FLASH_BAD_COUNT;
    uint64_t end = RD64(img, 16), index_end = HEADER_BYTES + (uint64_t)n * ENTRY_BYTES;
    if (end < index_end || end > window)
        return MT_FLASH_BAD_SIZE;
    if (RD32(img, 28))
        return MT_FLASH_BAD_RESERVED;
    if (RD32(img, CHECKSUM_AT) != index_crc(img, n))
        return MT_FLASH_BAD_CHECKSUM;
    *count = n;
    *bytes = end;
    return MT_FLASH_OK;
}

/* Entry i of an image of count entries ending at bytes. */
static int read_entry(const uint8_t *img, unsigned count, uint64_t bytes, unsigned i,
                      struct mt_flash_bundle *out)
{
    const uint8_t *e = img + HEADER_BYTES + (size_t)i * ENTRY_BYTES;
    if (mt_bundle_check_name(e, out->name))
        return MT_FLASH_BAD_NAME;
    uint64_t off = RD64(e, MT_BUNDLE_NAME_MAX), size = RD64(e, MT_BUNDLE_NAME_MAX + 8);
    uint64_t index_end = HEADER_BYTES + (uint64_t)count * ENTRY_BYTES;
    if (off % PAGE || off < index_end || off > bytes || size == 0 ||
        size > MT_BUNDLE_MAX_BYTES || size > bytes - off)
        return MT_FLASH_BAD_PLACE;
    out->data = img + off;
    out->size = size;
    return MT_FLASH_OK;
}

static int same_name(const char *a, const char *b)
{
    unsigned k = 0;
    while (k < MT_BUNDLE_NAME_MAX && a[k] == b[k] && a[k])
        k++;
    return k == MT_BUNDLE_NAME_MAX || a[k] == b[k];
}

int mt_flash_check(const uint8_t *img, uint64_t window, unsigned *count)
{
    uint64_t bytes;
    unsigned n;
    int err = check_header(img, window, &n, &bytes);
    for (unsigned i = 0; !err && i < n; i++) {
        struct mt_flash_bundle a, b;
        err = read_entry(img, n, bytes, i, &a);
        for (unsigned k = 0; !err && k < i; k++)
            if (!read_entry(img, n, bytes, k, &b) && same_name(a.name, b.name))
                err = MT_FLASH_DUPLICATE;
    }
    *count = err ? 0 : n;
    return err;
}

int mt_flash_get(const uint8_t *img, uint64_t window, unsigned i, struct mt_flash_bundle *out)
{
    uint64_t bytes;
    unsigned n;
    int err = check_header(img, window, &n, &bytes);
    if (!err && i >= n)
        return MT_FLASH_BAD_COUNT;
    return err ? err : read_entry(img, n, bytes, i, out);
}

const char *mt_flash_strerror(int code)
{
    static const char *const messages[MT_FLASH_ERROR_COUNT] = {
        [MT_FLASH_OK] = "flash image is valid",
        [MT_FLASH_NO_IMAGE] = "no flash image (erased or absent)",
        [MT_FLASH_BAD_MAGIC] = "not a builtins flash image (bad magic)",
        [MT_FLASH_BAD_VERSION] = "flash image of another version",
        [MT_FLASH_BAD_COUNT] = "too many entries (or no such entry)",
        [MT_FLASH_BAD_SIZE] = "image size shorter than its index or past the window",
        [MT_FLASH_BAD_CHECKSUM] = "index checksum mismatch (corrupt image)",
        [MT_FLASH_BAD_RESERVED] = "a reserved header field is not zero",
        [MT_FLASH_BAD_NAME] = "an entry's name is not a bundle name",
        [MT_FLASH_BAD_PLACE] = "an entry's bundle is misaligned or outside the image",
        [MT_FLASH_DUPLICATE] = "two entries with one name",
    };
    return code >= 0 && code < MT_FLASH_ERROR_COUNT ? messages[code] : "unknown flash error";
}
