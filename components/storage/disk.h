/* SPDX-License-Identifier: BSD-2-Clause */
/* The storage component's disk (disk.c). */
#ifndef STORAGE_DISK_H
#define STORAGE_DISK_H

#include "store.h"

/* Bring up the virtio-blk device: its store_dev, or NULL (no disk). */
struct store_dev *disk_init(void);
/* Instructions of one 4 KiB read, request to completion (0: no disk). */
unsigned long disk_bench_read(void);
/* Print a line: a, b, the number n unless it is ~0ul, c. */
void say(const char *a, const char *b, unsigned long n, const char *c);

#endif
