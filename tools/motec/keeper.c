/* SPDX-License-Identifier: BSD-2-Clause */
/* The keeper CNode's size: the same rule the rootserver follows when it
 * fills it (rootserver/caps.c): one slot per object that no cap in the
 * spec names (archive pages excepted: they are never created), one per
 * mapping that needs a copied frame cap (every in-place archive mapping,
 * every mapping of a frame after its first), plus the null slot and the
 * keeper's cap to itself. */
#include "keeper.h"

#include <stdlib.h>
#include <string.h>

#include <mote/objects.h>

static uint32_t mapping_copies(const struct spec_model *sm)
{
    uint8_t *mapped = xcalloc((size_t)sm->objs.n + 1, 1);
    uint32_t n = 0;
    for (int i = 0; i < sm->maps.n; i++) {
        const struct sm_map *m = &sm->maps.v[i];
        if (m->source == MT_SPEC_SRC_TABLE)
            continue;
        if (m->source == MT_SPEC_SRC_IMAGE || mapped[m->obj])
            n++;
        mapped[m->obj] = 1;
    }
    free(mapped);
    return n;
}

uint32_t keeper_slots_needed(const struct spec_model *sm)
{
    uint8_t *held = xcalloc((size_t)sm->objs.n + 1, 1);
    for (int i = 0; i < sm->caps.n; i++)
        held[sm->caps.v[i].obj] = 1;
    uint32_t n = KEEPER_SELF_SLOT + 1 + mapping_copies(sm);
    for (int i = 0; i < sm->objs.n; i++)
        n += !held[i] && !(sm->objs.v[i].flags & MT_SPEC_OBJ_IMAGE);
    free(held);
    return n;
}

/* Owner "system", or (if a component or connection already owns objects
 * under that name) "system1", "system2", ...: owners never contain "__". */
static char *keeper_name(const struct spec_model *sm)
{
    for (int k = 0;; k++) {
        char *owner = k ? xasprintf("system%d", k) : xstrdup("system");
        size_t len = strlen(owner);
        int taken = 0;
        for (int i = 0; i < sm->objs.n && !taken; i++)
            taken = !strncmp(sm->objs.v[i].name, owner, len) &&
                    !strncmp(sm->objs.v[i].name + len, "__", 2);
        if (!taken) {
            char *name = xasprintf("%s" KEEPER_SUFFIX, owner);
            free(owner);
            return name;
        }
        free(owner);
    }
}

int keeper_add(struct spec_model *sm)
{
    char *name = keeper_name(sm);
    /* The ASID pool the rootserver gives every VSpace its ASID from: no
     * component holds it, so the keeper does (same owner). */
    int owner = (int)(strlen(name) - strlen(KEEPER_SUFFIX));
    int pool = sm_add_obj(sm, xasprintf("%.*s__asid_pool__vspaces", owner, name),
                          MT_OBJ_ASID_POOL, 0);
    for (int i = 0; i < sm->pool_holders; i++)   /* a process manager's, asid_pool = true */
        sm_add_cap(sm, sm->pool_holder_cnode[i], sm->pool_holder_slot[i], pool, MT_RIGHTS_ALL, 0);
    int bits = log2_ceil(keeper_slots_needed(sm));
    if (bits < MT_CNODE_MIN_RADIX)
        bits = MT_CNODE_MIN_RADIX;
    int k = sm_add_obj(sm, name, MT_OBJ_CNODE, bits);
    sm->keeper = k;
    sm_add_cap(sm, k, KEEPER_SELF_SLOT, k, MT_RIGHTS_ALL,
               mt_cnode_guard(0, (unsigned long)(64 - bits)));
    return k;
}
