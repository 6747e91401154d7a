/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer over image parsing: the input is a disk image (zero-padded to
 * the store's minimum); mount it, check it, read and list everything it
 * claims to hold, write to it and mount it again.  Sanitizers catch the
 * rest. */
#include <stdint.h>
#include <string.h>
#include "memdev.h"

#define MAX_SECTORS 256ul
static unsigned char disk[MAX_SECTORS * STORE_SECTOR];
static unsigned char out[8192];

static void sink(void *arg, const char *line) { (void)arg; (void)strlen(line); }

static void read_all(struct store *s)
{
    char key[STORE_KEY_MAX + 1];
    unsigned cursor = 0;
    uint32_t len, total, got;
    while (store_list(s, "t", &cursor, key, &len) == STORE_OK) {
        struct store_name n;
        if (store_name_set(&n, "t", key) == STORE_OK)
            store_read(s, &n, 0, out, sizeof out, &total, &got);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct memdev md;
    static struct store st;
    unsigned long sectors = (size + STORE_SECTOR - 1) / STORE_SECTOR;
    if (sectors < STORE_MIN_SECTORS)
        sectors = STORE_MIN_SECTORS;
    if (sectors > MAX_SECTORS)
        sectors = MAX_SECTORS, size = sizeof disk;
    memset(disk, 0, sectors * STORE_SECTOR);
    memcpy(disk, data, size);
    memdev_init(&md, disk, sectors);
    if (store_mount(&st, &md.dev) != STORE_OK)
        return store_check(&st, sink, NULL), 0;
    store_check(&st, sink, NULL);
    read_all(&st);
    struct store_name n;
    store_name_set(&n, "t", "fuzz");
    store_write(&st, &n, "value", 5);
    store_delete(&st, &n);
    store_mount(&st, &md.dev);
    read_all(&st);
    return 0;
}
