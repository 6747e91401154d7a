#include "spec_model.h"

#include <stdlib.h>
#include <string.h>

#include <mote/objects.h>

void sm_init(struct spec_model *sm)
{
    memset(sm, 0, sizeof *sm);
    sm->memory_owner = -1;
}

int sm_find(const struct spec_model *sm, const char *name)
{
    for (int i = 0; i < sm->objs.n; i++)
        if (streq(sm->objs.v[i].name, name))
            return i;
    return -1;
}

int sm_add_obj(struct spec_model *sm, char *name, int type, int size_bits)
{
    struct sm_obj o = { .name = name, .type = type, .size_bits = size_bits };
    VEC_PUSH(sm->objs, o);
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

/* Size in bytes of an object, as log2: CNodes are counted in slots. */
int sm_obj_size_bits(int type, int size_bits)
{
    switch (type) {
    case MT_OBJ_TCB: return MT_TCB_SIZE_BITS;
    case MT_OBJ_ENDPOINT: return MT_ENDPOINT_SIZE_BITS;
    case MT_OBJ_NOTIFICATION: return MT_NOTIFICATION_SIZE_BITS;
    case MT_OBJ_CNODE: return size_bits + MT_SLOT_SIZE_BITS;
    case MT_OBJ_FRAME_4K: return MT_FRAME_4K_SIZE_BITS;
    case MT_OBJ_FRAME_2M: return MT_FRAME_2M_SIZE_BITS;
    case MT_OBJ_PAGE_TABLE: return MT_PAGE_TABLE_SIZE_BITS;
    case MT_OBJ_VSPACE: return MT_VSPACE_SIZE_BITS;
    case MT_OBJ_UNTYPED: return size_bits;
    default: return 0;
    }
}

uint64_t sm_obj_ram(const struct sm_obj *o)
{
    if (o->type == (int)MT_SPEC_OBJ_IRQ || (o->flags & (MT_SPEC_OBJ_DEVICE | MT_SPEC_OBJ_IMAGE)))
        return 0;
    return 1ull << sm_obj_size_bits(o->type, o->size_bits);
}

const char *sm_type_name(int type)
{
    static const char *const names[] = { "untyped", "tcb", "ep", "notification", "cnode",
                                         "frame", "frame", "pt", "pt" };
    if (type == (int)MT_SPEC_OBJ_IRQ)
        return "irq";
    return type >= 0 && type < MT_OBJ_COUNT ? names[type] : "?";
}

static const struct spec_model *sort_sm;

/* Creation order: RAM objects by size, largest first (no alignment gaps
 * between them), then the objects that take no RAM.  Ties keep the
 * order the allocator made them in, so output is deterministic. */
static int obj_order(const void *a, const void *b)
{
    int ia = *(const int *)a, ib = *(const int *)b;
    const struct sm_obj *oa = &sort_sm->objs.v[ia], *ob = &sort_sm->objs.v[ib];
    int ra = sm_obj_ram(oa) != 0, rb = sm_obj_ram(ob) != 0;
    if (ra != rb)
        return rb - ra;
    int sa = ra ? sm_obj_size_bits(oa->type, oa->size_bits) : 0;
    int sb = rb ? sm_obj_size_bits(ob->type, ob->size_bits) : 0;
    if (sa != sb)
        return sb - sa;
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
        remap(&t->ipc_frame, rank); remap(&t->bound_ntfn, rank);
    }
    for (int i = 0; i < sm->irqs.n; i++) {
        remap(&sm->irqs.v[i].handler, rank);
        remap(&sm->irqs.v[i].ntfn, rank);
    }
    remap(&sm->memory_owner, rank);
    qsort(sm->caps.v, (size_t)sm->caps.n, sizeof *sm->caps.v, cap_order);
    free(order); free(rank); free(objs);
}
