/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Store (rpc_shared): named objects on the disk, kept by the
 * storage component (docs/STORAGE.md).  An object is a key in a
 * namespace: an application's key-value entries (namespace = its bundle
 * name; the console's is ".console"), installed bundles (".bundles").
 *
 * Arguments and results are small and travel at the start of the page
 * the client shares with the server; bulk bytes (a value, a chunk, a
 * report) travel in the same page at STORE_BULK_OFF, written there by the
 * sender before the call or the reply: no copy through the stack.
 * Statuses are the STORE_E* codes of components/storage/store.h, which
 * store_strerror turns into words. */
#ifndef IFACE_STORE_H
#define IFACE_STORE_H

#include "../storage/store.h"

#define STORE_BULK_OFF 512u
#define STORE_BULK_MAX (4096u - STORE_BULK_OFF)       /* bytes per call */
#define STORE_BULK(page) ((unsigned char *)(page) + STORE_BULK_OFF)

/* The system's namespaces begin with '.', which no bundle name can
 * (lib/bundle: [a-z][a-z0-9_-]*): an application's namespace is its
 * name, so none can be one of these. */
#define STORE_NS_CONSOLE ".console"     /* the console's kv commands */
#define STORE_NS_BUNDLES ".bundles"     /* installed bundles, by name */
#define STORE_NS_BLOBS ".blobs"         /* the console's test blobs (blobput) */

struct store_key { char ns[STORE_NS_MAX + 1]; char key[STORE_KEY_MAX + 1]; };
struct store_got { int status; unsigned total, len; };   /* len bytes in the bulk */
struct store_listed { int status; unsigned cursor, len; char key[STORE_KEY_MAX + 1]; };
struct store_df {
    int status;
    unsigned long disk_bytes, region_bytes, used_bytes, live_bytes;
    unsigned objects;
};

/* put: a whole value of len bytes (the bulk) at once, at most
 * STORE_BULK_MAX (larger ones: begin/append/commit).  get: up to
 * STORE_BULK_MAX bytes from off.  begin/append/commit: a streamed put of
 * `total` bytes, visible atomically at commit (one open at a time, per
 * store; a client's begin abandons its own open one).  list: the next
 * object of k.ns at or after cursor.  abort: drops the caller's open
 * streamed put (nothing of it becomes visible; others may write again).
 * check: storecheck's report in the
 * bulk (lines, NUL-terminated).  bench_read: instructions one 4 KiB read
 * of the disk takes in the driver, request to completion. */
#define STORE_METHODS(M, i)                                                  \
    M(i, put, 1, int, (struct store_key, k), (unsigned, len))                \
    M(i, get, 2, struct store_got, (struct store_key, k), (unsigned, off))   \
    M(i, del, 3, int, (struct store_key, k))                                 \
    M(i, begin, 4, int, (struct store_key, k), (unsigned, total))            \
    M(i, append, 5, int, (unsigned, len))                                    \
    M(i, commit, 6, int)                                                     \
    M(i, list, 7, struct store_listed, (struct store_key, k), (unsigned, cursor)) \
    M(i, df, 8, struct store_df)                                             \
    M(i, format, 9, int, (unsigned long, id))                                \
    M(i, check, 10, int)                                                     \
    M(i, bench_read, 11, unsigned long)                                      \
    M(i, abort, 12, int)

_Static_assert(sizeof(struct store_key) + 8 <= STORE_BULK_OFF, "arguments fit before the bulk");
_Static_assert(sizeof(struct store_listed) <= STORE_BULK_OFF, "results fit before the bulk");

#endif
