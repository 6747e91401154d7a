/* SPDX-License-Identifier: BSD-2-Clause */
/* badbundle KIND IN OUT: writes IN (a good bundle) made wrong in one way,
 * its checksum sealed again so that the validator reaches that fault:
 * the system test's malformed builtins (tests/systems/apps.mk).
 * KIND: truncated machine class overlap window wx absurd manifest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"

static uint8_t *b;
static size_t size;

static uint64_t get(size_t off, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)b[off + i] << (8 * i);
    return v;
}

static void put(size_t off, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        b[off + i] = (uint8_t)(v >> (8 * i));
}

/* Offset of the program header of the n-th PT_LOAD (n from 0). */
static size_t load_phdr(int n)
{
    uint64_t phoff = get(32, 8);
    unsigned count = (unsigned)get(56, 2);
    for (unsigned i = 0; i < count; i++) {
        size_t ph = (size_t)phoff + 56 * i;
        if (get(ph, 4) == 1 && n-- == 0)
            return ph;
    }
    fprintf(stderr, "badbundle: no PT_LOAD %d\n", n);
    exit(1);
}

static int corrupt(const char *kind)
{
    size_t trailer = size - sizeof(struct mt_bundle_manifest);
    size_t code = load_phdr(0), data = load_phdr(1);
    if (!strcmp(kind, "truncated"))
        size -= 100;                          /* the trailer is cut: no magic */
    else if (!strcmp(kind, "machine"))
        put(18, 62, 2);                       /* EM_X86_64 */
    else if (!strcmp(kind, "class"))
        b[4] = 1;                             /* ELFCLASS32 */
    else if (!strcmp(kind, "overlap"))        /* the data on the code's page */
        put(data + 16, (get(code + 16, 8) & ~0xffful) | (get(data + 8, 8) & 0xfff), 8);
    else if (!strcmp(kind, "window"))         /* the code below the window */
        put(code + 16, 0x1000, 8);
    else if (!strcmp(kind, "wx"))             /* the data executable too */
        put(data + 4, get(data + 4, 4) | 1, 4);
    else if (!strcmp(kind, "absurd"))         /* a quota of 2^50 bytes */
        put(trailer + 64, 1ull << 50, 8);
    else if (!strcmp(kind, "manifest"))       /* garbage in the name */
        memcpy(b + trailer + 24, "Bad!\x01\xff", 6);
    else
        return -1;
    if (strcmp(kind, "truncated"))
        put(trailer + MT_BUNDLE_CHECKSUM_OFFSET, mt_bundle_checksum(b, size), 4);
    return 0;
}

int main(int argc, char **argv)
{
    FILE *f = argc == 4 ? fopen(argv[2], "rb") : NULL;
    if (!f) {
        fprintf(stderr, "usage: badbundle KIND IN OUT\n");
        return 1;
    }
    b = malloc(MT_BUNDLE_MAX_BYTES);
    size = fread(b, 1, MT_BUNDLE_MAX_BYTES, f);
    fclose(f);
    if (size < 200 || corrupt(argv[1])) {
        fprintf(stderr, "badbundle: %s: bad input or kind\n", argv[1]);
        return 1;
    }
    f = fopen(argv[3], "wb");
    if (!f || fwrite(b, 1, size, f) != size || fclose(f)) {
        fprintf(stderr, "badbundle: %s: cannot write\n", argv[3]);
        return 1;
    }
    return 0;
}
