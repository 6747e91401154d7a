/* SPDX-License-Identifier: BSD-2-Clause */
#include "spec_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mote/objects.h>

void sm_init(struct spec_model *sm)
{
    memset(sm, 0, sizeof *sm);
    sm->memory_owner = -1;
    sm->keeper = -1;
}

static unsigned name_hash(const char *s)
{
    unsigned h = 2166136261u;    /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Enters object i; the first object of a name wins, as a search would. */
static void hash_put(struct spec_model *sm, int i)
{
    unsigned mask = (unsigned)sm->hash_cap - 1;
    for (unsigned h = name_hash(sm->objs.v[i].name) & mask;; h = (h + 1) & mask) {
        if (!sm->hash[h]) {
            sm->hash[h] = i + 1;
            return;
        }
        if (streq(sm->objs.v[sm->hash[h] - 1].name, sm->objs.v[i].name))
            return;
    }
}

/* Rebuilds the table (grown to keep it at most half full). */
static void hash_rebuild(struct spec_model *sm)
{
    while (sm->hash_cap < 2 * sm->objs.n + 16)
        sm->hash_cap = sm->hash_cap ? sm->hash_cap * 2 : 64;
    free(sm->hash);
    sm->hash = xcalloc((size_t)sm->hash_cap, sizeof *sm->hash);
    for (int i = 0; i < sm->objs.n; i++)
        hash_put(sm, i);
}

int sm_find(const struct spec_model *sm, const char *name)
{
    if (!sm->hash_cap)
        return -1;
    unsigned mask = (unsigned)sm->hash_cap - 1;
    for (unsigned h = name_hash(name) & mask; sm->hash[h]; h = (h + 1) & mask)
        if (streq(sm->objs.v[sm->hash[h] - 1].name, name))
            return sm->hash[h] - 1;
    return -1;
}

int sm_add_obj(struct spec_model *sm, char *name, int type, int size_bits)
{
    struct sm_obj o = { .name = name, .type = type, .size_bits = size_bits };
    VEC_PUSH(sm->objs, o);
    if (sm->hash_cap < 2 * sm->objs.n)
        hash_rebuild(sm);
    else
        hash_put(sm, sm->objs.n - 1);
    return sm->objs.n - 1;
}

void sm_add_cap(struct spec_model *sm, int cnode, uint32_t slot, int obj, int rights,
                uint64_t data)
{
    struct sm_cap c = { .cnode = cnode, .obj = obj, .slot = slot, .rights = rights,
                        .data = data };
    VEC_PUSH(sm->caps, c);
}

struct sm_map *sm_add_map(struct spec_model *sm, int vspace, int obj, uint64_t vaddr,
                          int perms, int source)
{
    struct sm_map m = { .vspace = vspace, .obj = obj, .vaddr = vaddr, .perms = perms,
                        .source = source, .level = -1 };
    VEC_PUSH(sm->maps, m);
    return &sm->maps.v[sm->maps.n - 1];
}

uint64_t sm_obj_ram(const struct sm_obj *o)
{
    if (o->type == (int)MT_SPEC_OBJ_IRQ || o->type == (int)MT_SPEC_OBJ_POWER ||
        (o->flags & (MT_SPEC_OBJ_DEVICE | MT_SPEC_OBJ_IMAGE)))
        return 0;
    int bits = mt_object_size_bits((unsigned long)o->type, (unsigned long)o->size_bits);
    /* motec makes every object itself: a size out of range is its own bug */
    if (bits < 0) {
        fprintf(stderr, "motec: internal error: object %s has type %d, size %d\n", o->name,
                o->type, o->size_bits);
        abort();
    }
    return 1ull << bits;
}

const char *sm_type_name(int type)
{
    static const char *const names[MT_OBJ_COUNT] = {
        "untyped", "tcb", "ep", "notification", "cnode", "frame", "frame", "pt", "pt",
        [MT_OBJ_FPU] = "fpu",
        [MT_OBJ_ASID_POOL] = "asid_pool",
    };
    if (type == (int)MT_SPEC_OBJ_IRQ)
        return "irq";
    if (type == (int)MT_SPEC_OBJ_POWER)
        return "power";
    return type >= 0 && type < MT_OBJ_COUNT && names[type] ? names[type] : "?";
}

static const struct spec_model *sort_sm;

/* Creation order: RAM objects by size, largest first (no alignment gaps
 * between them), then the objects that take no RAM, device frames by
 * address (the rootserver carves them from device untyped upwards, so an
 * assembly may list its MMIO regions in any order) ahead of the rest,
 * which keeps the order total (an address order only between device
 * frames is not: qsort may then leave them out of order).  Ties keep the
 * order the allocator made them in, so output is deterministic. */
static int obj_order(const void *a, const void *b)
{
    int ia = *(const int *)a, ib = *(const int *)b;
    const struct sm_obj *oa = &sort_sm->objs.v[ia], *ob = &sort_sm->objs.v[ib];
    int ra = sm_obj_ram(oa) != 0, rb = sm_obj_ram(ob) != 0;
    if (ra != rb)
        return rb - ra;
    int sa = ra ? mt_object_size_bits((unsigned long)oa->type, (unsigned long)oa->size_bits) : 0;
    int sb = rb ? mt_object_size_bits((unsigned long)ob->type, (unsigned long)ob->size_bits) : 0;
    if (sa != sb)
        return sb - sa;
    int da = (oa->flags & MT_SPEC_OBJ_DEVICE) != 0, db = (ob->flags & MT_SPEC_OBJ_DEVICE) != 0;
    if (da != db)
        return db - da;
    if (da && oa->paddr != ob->paddr)
        return oa->paddr < ob->paddr ? -1 : 1;
    return ia - ib;
}

static int cap_order(const void *a, const void *b)
{
    const struct sm_cap *ca = a, *cb = b;
    if (ca->cnode != cb->cnode)
        return ca->cnode - cb->cnode;
    return ca->slot < cb->slot ? -1 : ca->slot > cb->slot;
}

static void remap(int *idx, const int *rank)
{
    if (*idx >= 0)
        *idx = rank[*idx];
}

void sm_finalize(struct spec_model *sm)
{
    int n = sm->objs.n;
    int *order = xmalloc((size_t)n * sizeof *order), *rank = xmalloc((size_t)n * sizeof *rank);
    struct sm_obj *objs = xmalloc((size_t)n * sizeof *objs);
    for (int i = 0; i < n; i++)
        order[i] = i;
    sort_sm = sm;
    qsort(order, (size_t)n, sizeof *order, obj_order);
    for (int i = 0; i < n; i++) {
        rank[order[i]] = i;
        objs[i] = sm->objs.v[order[i]];
    }
    memcpy(sm->objs.v, objs, (size_t)n * sizeof *objs);
    hash_rebuild(sm);    /* indices moved */
    for (int i = 0; i < sm->caps.n; i++) {
        remap(&sm->caps.v[i].cnode, rank);
        remap(&sm->caps.v[i].obj, rank);
    }
    for (int i = 0; i < sm->maps.n; i++) {
        remap(&sm->maps.v[i].vspace, rank);
        remap(&sm->maps.v[i].obj, rank);
    }
    for (int i = 0; i < sm->tcbs.n; i++) {
        struct sm_tcb *t = &sm->tcbs.v[i];
        remap(&t->tcb, rank); remap(&t->cspace, rank); remap(&t->vspace, rank);
        remap(&t->ipc_frame, rank); remap(&t->bound_ntfn, rank); remap(&t->fpu, rank);
    }
    for (int i = 0; i < sm->irqs.n; i++) {
        remap(&sm->irqs.v[i].handler, rank);
        remap(&sm->irqs.v[i].ntfn, rank);
    }
    remap(&sm->memory_owner, rank);
    remap(&sm->keeper, rank);
    qsort(sm->caps.v, (size_t)sm->caps.n, sizeof *sm->caps.v, cap_order);
    free(order); free(rank); free(objs);
}
