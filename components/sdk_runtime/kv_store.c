/* SPDX-License-Identifier: BSD-2-Clause */
/* Key-value storage on the disk: the seam of rt.h (kv_read, kv_write,
 * kv_delete) over the storage component's Store interface.  Each
 * application's pairs are the objects of one namespace, its bundle name,
 * which the runtime takes from the process manager by the caller's
 * badge: no request names a namespace, so no application can reach
 * another's (or the system's: those begin with '.', which no bundle name
 * can).  So pairs outlive stop, start and power-off.
 *
 * Each call is synchronous: the control thread waits for the storage
 * component, which answers after the record is on the disk (a write and a
 * flush; a compaction at most copies one region), so the wait is bounded
 * by the disk, never by another application.  Values come from and go to
 * the application's shared page; they cross to the store through our
 * Store page, 3584 bytes a call (a 4 KiB value: a streamed put).  A
 * write copies the value from the page before its first storage call; a
 * read copies it into the page after its last one, once page_alive()
 * says the application is still there: a stop while we waited for the
 * disk has taken the page away, and touching it would fault the runtime. */
#include <libmote/string.h>
#include "rt.h"
#include "../interfaces/store.h"

MT_RPC_CLIENT(storage, STORE_METHODS)

#define BULK STORE_BULK(MT_VADDR_storage)

/* A store status (or no answer at all) as an SDK error. */
static int sdk_error(int status)
{
    if (mt_rpc_status())
        return MT_SDK_UNAVAILABLE;           /* no storage component */
    switch (status) {
    case STORE_OK: return 0;
    case STORE_ENOTFOUND: return MT_SDK_NO_SUCH_KEY;
    case STORE_EFULL: case STORE_ETOOMANY: return MT_SDK_STORAGE_FULL;
    case STORE_EBUSY: return MT_SDK_UNAVAILABLE;   /* another client's streamed put */
    default: return MT_SDK_NO_STORAGE;       /* no disk, blank, corrupt, I/O */
    }
}

static void key_set(struct store_key *k, const char *ns, const char *key, unsigned klen)
{
    memset(k, 0, sizeof *k);
    memcpy(k->ns, ns, strlen(ns));
    memcpy(k->key, key, klen);
}

/* Values are at most one call and a tail: the tail waits here while a
 * call fills the bulk, so the application's page is touched only with no
 * storage call between the check that it is there and the copy. */
#define TAIL_MAX (MT_SDK_VALUE_MAX - STORE_BULK_MAX)
_Static_assert(MT_SDK_VALUE_MAX <= STORE_BULK_MAX + TAIL_MAX, "a value is a call and a tail");
static unsigned char tail[TAIL_MAX];

/* Bytes [off, total) of the value, when total is as expected, into the
 * bulk; 0 or an SDK error. */
static int get(struct store_key *k, unsigned off, unsigned *total, unsigned *len)
{
    struct store_got g = storage_get(*k, off);
    int e = sdk_error(g.status);
    if (e)
        return e;
    if (g.total > MT_SDK_VALUE_MAX || (*total != ~0u && g.total != *total) ||
        g.len != (g.total - off < STORE_BULK_MAX ? g.total - off : STORE_BULK_MAX))
        return MT_SDK_NO_STORAGE;            /* not a value an application wrote */
    *total = g.total;
    *len = g.len;
    return 0;
}

/* A long value: its tail first (kept here), then its head in the bulk. */
int kv_read(const char *ns, const char *key, unsigned klen, void *buf, unsigned *vlen)
{
    struct store_key k;
    unsigned total = ~0u, len = 0, tlen = 0;
    key_set(&k, ns, key, klen);
    int e = get(&k, 0, &total, &len);
    if (!e && total > len) {
        if (!(e = get(&k, len, &total, &tlen)))
            memcpy(tail, BULK, tlen);
        e = e ? e : get(&k, 0, &total, &len);
    }
    if (e)
        return e;
    if (!page_alive())
        return MT_SDK_UNAVAILABLE;           /* gone: nobody reads the answer */
    memcpy(buf, BULK, len);
    memcpy((unsigned char *)buf + len, tail, tlen);
    *vlen = total;
    return 0;
}

/* One put if the value fits a call, else a streamed put (atomic too) of
 * the bulk and the tail, both copied from the page before any call. */
int kv_write(const char *ns, const char *key, unsigned klen, const void *val, unsigned vlen)
{
    struct store_key k;
    unsigned head = vlen < STORE_BULK_MAX ? vlen : STORE_BULK_MAX;
    key_set(&k, ns, key, klen);
    memcpy(BULK, val, head);
    memcpy(tail, (const unsigned char *)val + head, vlen - head);
    if (vlen == head)
        return sdk_error(storage_put(k, vlen));
    int e = sdk_error(storage_begin(k, vlen));   /* begin leaves the bulk alone */
    e = e ? e : sdk_error(storage_append(head));
    if (!e)
        memcpy(BULK, tail, vlen - head);
    e = e ? e : sdk_error(storage_append(vlen - head));
    e = e ? e : sdk_error(storage_commit());
    if (e)
        storage_abort();          /* a failed stream blocks no other writer */
    return e;
}

int kv_delete(const char *ns, const char *key, unsigned klen)
{
    struct store_key k;
    key_set(&k, ns, key, klen);
    return sdk_error(storage_del(k));
}
