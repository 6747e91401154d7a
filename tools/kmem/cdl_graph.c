/* SPDX-License-Identifier: BSD-2-Clause */
/* The graph of a spec once it is read: copies of named caps resolved (in
 * rounds, since a copy may name a copy), then the caps turned into the
 * compressed adjacency the accounting walks. */
#include "cdl.h"

#include <stdio.h>
#include <stdlib.h>

struct slotkey {
    uint32_t container;
    uint64_t slot;
};

static uint32_t slot_hash(uint32_t container, uint64_t slot)
{
    uint64_t x = ((uint64_t)container << 32) ^ slot;
    x *= 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 32);
}

static int slot_eq(const void *ctx, uint32_t id, const void *key)
{
    const struct parser *p = ctx;
    const struct slotkey *k = key;
    const struct capslot *c = KMEM_VEC_AT(&p->capslots, struct capslot, id);
    return c->container == k->container && c->slot == k->slot;
}

static uint32_t cap_at(struct parser *p, uint32_t container, uint64_t slot)
{
    struct slotkey k = { container, slot };
    return kmem_index_find(&p->slot_ix, slot_hash(container, slot), slot_eq,
                           p, &k);
}

static void index_cap(struct parser *p, uint32_t id)
{
    const struct capslot *c = KMEM_VEC_AT(&p->capslots, struct capslot, id);
    kmem_index_insert(&p->slot_ix, slot_hash(c->container, c->slot), id);
}

/* Resolves one copy; 1 done, 0 not yet (its source is itself a copy). */
static int resolve_copy(struct parser *p, struct copy *cp, int last_round)
{
    char buf[256];
    struct kmem_vec names;
    kmem_vec_init(&names, sizeof(uint32_t));
    if (cp->ref.nr == 0) {
        struct objkey k = { cp->ref.name, cp->ref.len, -1 };
        uint32_t id = kmem_index_find(&p->cn_ix, cdl_key_hash(k.name, k.len, -1),
                                      cdl_cn_eq, p, &k);
        if (id != KMEM_NONE)
            *(uint32_t *)kmem_vec_push(&names) = id;
    } else {
        /* every capability name with that stem, in index order */
        for (int64_t i = 0;; i++) {
            struct objkey k = { cp->ref.name, cp->ref.len, i };
            uint32_t id = kmem_index_find(&p->cn_ix, cdl_key_hash(k.name, k.len, i),
                                          cdl_cn_eq, p, &k);
            if (id == KMEM_NONE)
                break;
            *(uint32_t *)kmem_vec_push(&names) = id;
        }
    }
    if (names.len == 0) {
        kmem_vec_free(&names);
        cdl_fail(p, cp->pos, "unknown capability name '%s'",
             cdl_nref_text(&cp->ref, -1, buf, sizeof(buf)));
    }
    for (size_t i = 0; i < names.len; i++) {
        const struct capname *cn = KMEM_VEC_AT(&p->capnames, struct capname,
                                               *KMEM_VEC_AT(&names, uint32_t, i));
        uint32_t at_ = cn->container == KMEM_NONE ? KMEM_NONE
                                                  : cap_at(p, cn->container, cn->slot);
        if (at_ == KMEM_NONE) {
            if (!last_round) {
                kmem_vec_free(&names);
                return 0;
            }
            kmem_vec_free(&names);
            if (cn->container == KMEM_NONE)
                cdl_fail(p, cp->pos, "capability name '%.*s' refers to an unknown object",
                     (int)cn->len, cn->name);
            cdl_fail(p, cp->pos, "capability name '%.*s' names an empty slot",
                 (int)cn->len, cn->name);
        }
    }
    for (size_t i = 0; i < names.len; i++) {
        const struct capname *cn = KMEM_VEC_AT(&p->capnames, struct capname,
                                               *KMEM_VEC_AT(&names, uint32_t, i));
        uint32_t src = cap_at(p, cn->container, cn->slot);
        uint32_t target = *KMEM_VEC_AT(&p->targets, uint32_t, src);
        cdl_count_work(p, cp->pos);
        cdl_add_cap(p, cp->container, target, cp->slot + i, cp->rights);
        index_cap(p, (uint32_t)(p->targets.len - 1));
    }
    kmem_vec_free(&names);
    return 1;
}

void cdl_resolve_copies(struct parser *p)
{
    if (!p->copies.len)
        return;
    for (size_t i = 0; i < p->targets.len; i++)
        index_cap(p, (uint32_t)i);
    size_t left = p->copies.len;
    while (left) {
        size_t before = left;
        for (size_t i = 0; i < p->copies.len; i++) {
            struct copy *cp = KMEM_VEC_AT(&p->copies, struct copy, i);
            if (cp->done)
                continue;
            cdl_count_work(p, cp->pos);   /* chains of copies take rounds */
            if (resolve_copy(p, cp, 0)) {
                cp->done = 1;
                left--;
            }
        }
        if (left == before) {
            /* no progress: the first unresolved one reports why */
            for (size_t i = 0; i < p->copies.len; i++) {
                struct copy *cp = KMEM_VEC_AT(&p->copies, struct copy, i);
                if (!cp->done)
                    resolve_copy(p, cp, 1);
            }
            cdl_fail(p, 0, "capability names refer to each other in a cycle");
        }
    }
}


static void out_of_memory(void)
{
    fputs("kmem: out of memory\n", stderr);
    exit(2);
}

/* Caps of object i become adj_target[adj_start[i] .. adj_start[i + 1]).
 * When the blocks come one container after another in increasing order
 * (as a spec lists its objects' caps) the targets are already in place;
 * otherwise they are placed container by container into a new array. */
void cdl_build_adjacency(struct parser *p)
{
    struct kmem_spec *s = p->s;
    size_t n = s->objs.len, m = p->targets.len, nb = p->blocks.len;
    const struct capblock *bl = p->blocks.data;
    s->adj_start = calloc(n + 1, sizeof(uint32_t));
    if (!s->adj_start)
        out_of_memory();
    int in_order = 1;
    for (size_t b = 0; b < nb; b++) {
        uint32_t end = b + 1 < nb ? bl[b + 1].start : (uint32_t)m;
        s->adj_start[bl[b].container + 1] += end - bl[b].start;
        in_order &= b == 0 || bl[b].container > bl[b - 1].container;
    }
    for (size_t i = 0; i < n; i++)
        s->adj_start[i + 1] += s->adj_start[i];
    s->ncaps = m;
    if (in_order) {
        s->adj_target = p->targets.data;   /* taken over */
        p->targets.data = NULL;
        p->targets.len = p->targets.cap = 0;
        return;
    }
    s->adj_target = malloc((m ? m : 1) * sizeof(uint32_t));
    if (!s->adj_target)
        out_of_memory();
    const uint32_t *t = p->targets.data;
    for (size_t b = 0; b < nb; b++) {
        uint32_t end = b + 1 < nb ? bl[b + 1].start : (uint32_t)m, c = bl[b].container;
        for (uint32_t k = bl[b].start; k < end; k++)
            s->adj_target[s->adj_start[c]++] = t[k];
    }
    for (size_t i = n; i > 0; i--)
        s->adj_start[i] = s->adj_start[i - 1];
    s->adj_start[0] = 0;
}
