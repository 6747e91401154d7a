/* SPDX-License-Identifier: BSD-2-Clause */
/* An in-memory block device for the store's host tests and fuzzer, with
 * power cuts: after `budget` sectors have been written, every further
 * write is dropped (the request that crosses it is torn: its first
 * sectors land, the rest do not), as if the power went at that instant. */
#ifndef MEMDEV_H
#define MEMDEV_H

#include "../../components/storage/store.h"

struct memdev {
    struct store_dev dev;
    unsigned char *disk;
    unsigned char buf[STORE_BUF_SECTORS * STORE_SECTOR];
    unsigned char scratch[2 * STORE_SECTOR];
    struct store_entry index[STORE_MAX_OBJECTS];
    long budget;                 /* sectors still writable; -1: no limit */
    unsigned long writes, reads; /* sectors */
    int fail_io;                 /* every request fails */
};

void memdev_init(struct memdev *m, unsigned char *disk, unsigned long sectors);

#endif
