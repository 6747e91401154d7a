/* SPDX-License-Identifier: BSD-2-Clause */
/* Installed bundles on the disk: each is the object NAME of namespace
 * .bundles in the storage component (components/interfaces/store.h).
 * Install writes it (a streamed put: it appears whole at commit or not
 * at all), uninstall deletes it, boot lists them, and a start of a bundle
 * that is not in the boot archive reads it back into frames of ours and
 * validates it again: the disk is untrusted input.  The load buffer lives
 * only while a start builds the application. */
#include <libmote/string.h>
#include "pm.h"
#include "../interfaces/store.h"

MT_RPC_CLIENT(storage, STORE_METHODS)
MT_RPC_CLIENT(memory, MEMORY_METHODS)

#define BULK STORE_BULK(MT_VADDR_storage)

static struct { long group; mt_cptr_t first; unsigned n; } buf = { -1, 0, 0 };

static struct store_key key_in(const char *ns, const char *key)
{
    struct store_key k;
    memset(&k, 0, sizeof k);
    memcpy(k.ns, ns, strlen(ns));
    memcpy(k.key, key, strlen(key));
    return k;
}

static struct store_key key_of(const char *name) { return key_in(STORE_NS_BUNDLES, name); }

/* A store status, or -1 when the storage component did not answer. */
static int status(int s) { return mt_rpc_status() ? -1 : s; }

const char *store_why(int s)
{
    static const char *const text[STORE_NERR] = { STORE_ERROR_TEXT };
    return s < 0 ? "no storage component" : s < STORE_NERR ? text[s] : "unknown error";
}

int stored_put(const char *name, const uint8_t *data, unsigned long size)
{
    struct store_key k = key_of(name);
    int s = status(storage_begin(k, (unsigned)size));
    for (unsigned long off = 0; !s && off < size;) {
        unsigned n = size - off < STORE_BULK_MAX ? (unsigned)(size - off) : STORE_BULK_MAX;
        memcpy(BULK, data + off, n);
        s = status(storage_append(n));
        off += n;
    }
    s = s ? s : status(storage_commit());
    if (s > 0)
        storage_abort();          /* a failed stream blocks no other writer */
    return s;
}

int stored_del(const char *name)
{
    int s = status(storage_del(key_of(name)));
    return s == STORE_ENOTFOUND ? 0 : s;
}

/* Every key of the application NAME (its namespace: the SDK runtime's
 * key-value pairs), as uninstall removes it.  The first key left is
 * listed and deleted until none is (a delete may reorder the list, so no
 * cursor is kept); at most STORE_MAX_OBJECTS rounds.  0, or the status
 * that stopped it (a store without NAME's namespace: 0; no storage
 * component or no store on the disk: -1 or that status). */
int stored_del_keys(const char *name)
{
    struct store_key k = key_in(name, "");
    for (unsigned n = 0; n <= STORE_MAX_OBJECTS; n++) {
        struct store_listed l = storage_list(k, 0);
        int s = status(l.status);
        if (s)
            return s == STORE_ENOTFOUND ? 0 : s;
        l.key[STORE_KEY_MAX] = 0;
        if ((s = status(storage_del(key_in(name, l.key)))))
            return s;
    }
    return STORE_ETOOMANY;
}

/* The names in .bundles, one at a time: fn(name) for each that could be
 * a bundle's name (the rest are not ours to list). */
void stored_list(void (*fn)(const char *name))
{
    struct store_key k = key_of("");
    for (unsigned cursor = 0;;) {
        struct store_listed l = storage_list(k, cursor);
        if (status(l.status))
            return;
        l.key[STORE_KEY_MAX] = 0;
        if (strlen(l.key) < PROC_NAME_MAX)
            fn(l.key);
        cursor = l.cursor;        /* the one after it */
    }
}

void stored_unload(void)
{
    if (buf.group >= 0)
        memory_objs_free(buf.group);   /* revokes our caps: the mappings go */
    for (unsigned i = 0; i < buf.n; i++)
        slot_give(buf.first + i);
    buf.group = -1;
    buf.n = 0;
}

/* Frames for size bytes, mapped at LOAD_VADDR. */
static long map_buffer(unsigned long size)
{
    unsigned n = (unsigned)((size + MT_PAGE_SIZE - 1) / MT_PAGE_SIZE);
    struct mem_req q = { .row = { { MT_OBJ_FRAME_4K, 0, (unsigned short)n } } };
    if (!(buf.first = slots_take(n)))
        return -PROC_TOO_MANY;
    buf.n = n;
    if ((buf.group = memory_objs_alloc(0, q, buf.first)) < 0)
        return -PROC_NO_MEMORY;
    for (unsigned i = 0; i < n; i++)
        if (mt_frame_map(buf.first + i, MT_SLOT_VSPACE, LOAD_VADDR + i * MT_PAGE_SIZE,
                         MT_VM_READ | MT_VM_WRITE))
            return -PROC_FAILED;
    return 0;
}

/* Reads NAME from the disk into the buffer: *size bytes at LOAD_VADDR,
 * unless *size is 0 or over BUNDLE_MAX (then nothing is read).  Returns
 * 0, a store status (> 0; -1: no answer), or -PROC_* (below -1) for the
 * buffer; the caller unloads in every case. */
long stored_load(const char *name, unsigned long *size)
{
    struct store_key k = key_of(name);
    struct store_got g = storage_get(k, 0);
    unsigned total = g.total;
    if (status(g.status))
        return status(g.status);
    *size = total;                     /* for the caller's message when too big */
    if (!total || total > BUNDLE_MAX)
        return 0;                      /* not read: the caller refuses its size */
    long err = map_buffer(total);
    for (unsigned off = 0; !err && off < total; off += g.len) {
        if (off)
            g = storage_get(k, off);
        if (status(g.status))
            return status(g.status);
        if (g.total != total || !g.len || g.len > total - off)
            return STORE_ECORRUPT;     /* changed under us */
        memcpy((uint8_t *)LOAD_VADDR + off, BULK, g.len);
    }
    return err;
}
