/* SPDX-License-Identifier: BSD-2-Clause */
/* Key-value storage in RAM: the seam (rt.h: kv_read, kv_write,
 * kv_delete) that the persistent storage component will take over.  Each
 * pair is an entry here (namespace = the application's name, the key) and
 * its value a frame of ours from the memory manager, mapped in our window
 * while the pair exists. */
#include <libmote/string.h>
#include "rt.h"

MT_RPC_CLIENT(memory, MEMORY_METHODS)

static struct pair {
    char ns[MT_BUNDLE_NAME_MAX];
    char key[MT_SDK_KEY_MAX];
    unsigned klen, vlen;
    long group;               /* the value's frame; -1: entry unused */
} pairs[KV_MAX] = { [0 ... KV_MAX - 1] = { .group = -1 } };

static struct pair *find(const char *ns, const char *key, unsigned klen)
{
    for (int j = 0; j < KV_MAX; j++)
        if (pairs[j].group >= 0 && pairs[j].klen == klen && !strcmp(pairs[j].ns, ns) &&
            !memcmp(pairs[j].key, key, klen))
            return &pairs[j];
    return 0;
}

int kv_read(const char *ns, const char *key, unsigned klen, void *buf, unsigned *vlen)
{
    struct pair *p = find(ns, key, klen);
    if (!p)
        return MT_SDK_NO_SUCH_KEY;
    memcpy(buf, (void *)WIN_KV(p - pairs), p->vlen);
    *vlen = p->vlen;
    return 0;
}

/* A free entry with a fresh frame mapped at its window page. */
static struct pair *new_pair(void)
{
    struct mem_req q = { .row = { { MT_OBJ_FRAME_4K, 0, 1 } } };
    for (int j = 0; j < KV_MAX; j++) {
        if (pairs[j].group >= 0)
            continue;
        long g = memory_objs_alloc(0, q, SLOT_KV(j));
        if (g < 0)
            return 0;
        if (mt_frame_map(SLOT_KV(j), MT_SLOT_VSPACE, WIN_KV(j), MT_VM_READ | MT_VM_WRITE)) {
            memory_objs_free(g);
            return 0;
        }
        pairs[j].group = g;
        return &pairs[j];
    }
    return 0;
}

int kv_write(const char *ns, const char *key, unsigned klen, const void *val, unsigned vlen)
{
    struct pair *p = find(ns, key, klen);
    if (!p && !(p = new_pair()))
        return MT_SDK_STORAGE_FULL;
    memcpy(p->ns, ns, strlen(ns) + 1);
    memcpy(p->key, key, klen);
    p->klen = klen;
    p->vlen = vlen;
    memcpy((void *)WIN_KV(p - pairs), val, vlen);
    return 0;
}

int kv_delete(const char *ns, const char *key, unsigned klen)
{
    struct pair *p = find(ns, key, klen);
    if (!p)
        return MT_SDK_NO_SUCH_KEY;
    memory_objs_free(p->group);   /* unmaps and frees the frame */
    p->group = -1;
    return 0;
}
