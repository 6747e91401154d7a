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
 * Store page, 3584 bytes a call (a 4 KiB value: a streamed put). */
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
    default: return MT_SDK_NO_STORAGE;       /* no disk, blank, corrupt, I/O, busy */
    }
}

static void key_set(struct store_key *k, const char *ns, const char *key, unsigned klen)
{
    memset(k, 0, sizeof *k);
    memcpy(k->ns, ns, strlen(ns));
    memcpy(k->key, key, klen);
}

int kv_read(const char *ns, const char *key, unsigned klen, void *buf, unsigned *vlen)
{
    struct store_key k;
    unsigned char *out = buf;
    key_set(&k, ns, key, klen);
    for (unsigned off = 0;;) {
        struct store_got g = storage_get(k, off);
        int e = sdk_error(g.status);
        if (e)
            return e;
        if (g.total > MT_SDK_VALUE_MAX || off + g.len > g.total)
            return MT_SDK_NO_STORAGE;        /* not a value an application wrote */
        memcpy(out + off, BULK, g.len);
        off += g.len;
        if (off == g.total || !g.len) {
            *vlen = off;
            return 0;
        }
    }
}

/* One put if the value fits a call, else a streamed put (atomic too). */
int kv_write(const char *ns, const char *key, unsigned klen, const void *val, unsigned vlen)
{
    struct store_key k;
    const unsigned char *in = val;
    key_set(&k, ns, key, klen);
    if (vlen <= STORE_BULK_MAX) {
        memcpy(BULK, val, vlen);
        return sdk_error(storage_put(k, vlen));
    }
    int e = sdk_error(storage_begin(k, vlen));
    for (unsigned off = 0; !e && off < vlen;) {
        unsigned n = vlen - off < STORE_BULK_MAX ? vlen - off : STORE_BULK_MAX;
        memcpy(BULK, in + off, n);
        e = sdk_error(storage_append(n));
        off += n;
    }
    return e ? e : sdk_error(storage_commit());
}

int kv_delete(const char *ns, const char *key, unsigned klen)
{
    struct store_key k;
    key_set(&k, ns, key, klen);
    return sdk_error(storage_del(k));
}
