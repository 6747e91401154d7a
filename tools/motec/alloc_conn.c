/* SPDX-License-Identifier: BSD-2-Clause */
/* Objects owned by connections (endpoints, notifications, shared pages,
 * device frames, IRQ handlers) and the badges of their ends. */
#include <stdlib.h>

#include "alloc.h"
#include <mote/objects.h>

static struct m_end *to_end(struct m_conn *c)
{
    for (int i = 0; i < c->ends.n; i++)
        if (!c->ends.v[i]->is_from)
            return c->ends.v[i];
    return NULL;
}

/* Does inst have another end in this connection?  Then the per-client
 * page is named after the interface too. */
static int inst_repeats(struct m_conn *c, struct m_end *e)
{
    for (int i = 0; i < c->ends.n; i++)
        if (c->ends.v[i] != e && c->ends.v[i]->inst == e->inst)
            return 1;
    return 0;
}

/* One endpoint per provided interface, shared by all its connections
 * (and by the control thread's interfaces: share_endpoints); every client
 * end gets the next badge of that interface. */
static void alloc_rpc(struct m_conn *c, struct spec_model *sm)
{
    struct m_iface *server = to_end(c)->iface;
    struct m_iface *owner = server->ep_owner ? server->ep_owner : server;
    if (!owner->obj) {
        owner->obj = xasprintf("%s__ep__%s", c->decl->name, owner->decl->name);
        sm_add_obj(sm, owner->obj, MT_OBJ_ENDPOINT, 0);
    }
    server->obj = owner->obj;
    for (int i = 0; i < c->ends.n; i++) {
        struct m_end *e = c->ends.v[i];
        if (!e->is_from)
            continue;
        e->badge = (uint64_t)++server->nclients;
        if (c->ci->kind == CK_RPC_SIGNAL) {   /* the client's notification */
            e->obj = inst_repeats(c, e)
                ? xasprintf("%s__ntfn__%s_%s", c->decl->name, e->inst->decl->name,
                            e->iface->decl->name)
                : xasprintf("%s__ntfn__%s", c->decl->name, e->inst->decl->name);
            sm_add_obj(sm, e->obj, MT_OBJ_NOTIFICATION, 0);
        }
        if (c->ci->kind != CK_RPC_SHARED)
            continue;
        e->obj = inst_repeats(c, e)
            ? xasprintf("%s__dataport__%s_%s", c->decl->name, e->inst->decl->name,
                        e->iface->decl->name)
            : xasprintf("%s__dataport__%s", c->decl->name, e->inst->decl->name);
        sm_add_obj(sm, e->obj, MT_OBJ_FRAME_4K, 0);
    }
}

/* A notification per consumer (<conn>__ntfn__<iface>, or
 * <conn>__ntfn__<inst>_<iface> when one emitter has several consumers,
 * as CAmkES's seL4Notification allows: the emitter signals each). */
static int alloc_consumers(struct m_conn *c, struct spec_model *sm)
{
    int nto = 0, first = -1;
    for (int i = 0; i < c->ends.n; i++)
        nto += !c->ends.v[i]->is_from;
    for (int i = 0; i < c->ends.n; i++) {
        struct m_end *e = c->ends.v[i];
        if (e->is_from)
            continue;
        e->iface->obj = nto > 1 ? xasprintf("%s__ntfn__%s_%s", c->decl->name,
                                            e->inst->decl->name, e->iface->decl->name)
                                : xasprintf("%s__ntfn__%s", c->decl->name, e->iface->decl->name);
        int o = sm_add_obj(sm, e->iface->obj, MT_OBJ_NOTIFICATION, 0);
        if (first < 0) {
            first = o;
            c->ntfn = e->iface->obj;
        }
    }
    return first;
}

/* Each emitter or IRQ source a badge bit. */
static void alloc_ntfn(struct m_conn *c, struct spec_model *sm)
{
    int ntfn = alloc_consumers(c, sm);
    int bit = 0;
    for (int i = 0; i < c->ends.n; i++) {
        struct m_end *e = c->ends.v[i];
        if (!e->is_from)
            continue;
        e->badge = 1ull << (bit++ % 64);
        if (c->ci->kind == CK_NOTIFICATION)
            continue;
        e->irq = e->iface->irq;
        e->obj = xasprintf("%s__irq__%d", c->decl->name, e->irq);
        int h = sm_add_obj(sm, e->obj, MT_SPEC_OBJ_IRQ, 0);
        sm->objs.v[h].paddr = (uint64_t)e->irq;
        struct sm_irq q = { .irq = e->irq, .handler = h, .ntfn = ntfn, .badge = e->badge };
        VEC_PUSH(sm->irqs, q);
    }
}

/* Shared pages: named <conn>__dataport__<n>; device frames
 * <conn>__mmio__<n> at the hardware's physical address. */
static void alloc_pages(struct m_conn *c, struct spec_model *sm)
{
    int mmio = c->ci->kind == CK_MMIO;
    struct m_iface *hw = to_end(c)->iface;
    c->bytes = mmio ? hw->size : dataport_size(c->ends.v[0]->iface->decl);
    c->big = region_big(mmio ? hw->paddr : 0, c->bytes);
    uint64_t unit = c->big ? 1ull << MT_FRAME_2M_SIZE_BITS : MT_PAGE_SIZE;
    c->npages = (int)(align_up(c->bytes, unit) / unit);   /* bounded by check_hw.c */
    for (int i = 0; i < c->npages; i++) {
        char *name = xasprintf("%s__%s__%d", c->decl->name, mmio ? "mmio" : "dataport", i);
        int o = sm_add_obj(sm, name, c->big ? MT_OBJ_FRAME_2M : MT_OBJ_FRAME_4K, 0);
        if (mmio) {
            sm->objs.v[o].flags = MT_SPEC_OBJ_DEVICE;
            sm->objs.v[o].paddr = hw->paddr + (uint64_t)i * unit;
        }
    }
}

static int client_ends(const struct m_iface *f)
{
    int n = 0;
    for (int i = 0; i < f->ends.n; i++)
        for (int k = 0; k < f->ends.v[i]->conn->ends.n; k++)
            n += f->ends.v[i]->conn->ends.v[k]->is_from;
    return n;
}

/* The control thread can wait on one endpoint only: the rpc_basic
 * interfaces it serves (<iface>_has_thread = false) share the first one's,
 * each interface's badges above the previous one's (its clients still
 * count from 1 in its own tables: libmote subtracts badge_base). */
static void share_endpoints(struct m_inst *in)
{
    struct m_iface *owner = NULL;
    uint64_t base = 0;
    for (int i = 0; i < in->ifaces.n; i++) {
        struct m_iface *f = in->ifaces.v[i];
        if (f->decl->kind != IF_PROVIDES || f->has_thread || !f->ends.n ||
            f->ends.v[0]->conn->ci->kind != CK_RPC_BASIC)
            continue;
        f->ep_owner = owner;
        f->badge_base = base;
        base += (uint64_t)client_ends(f);
        if (!owner)
            owner = f;
    }
}

void alloc_connections(struct system *sys, struct spec_model *sm)
{
    for (int i = 0; i < sys->insts.n; i++)
        share_endpoints(sys->insts.v[i]);
    for (int i = 0; i < sys->conns.n; i++) {
        struct m_conn *c = sys->conns.v[i];
        switch (c->ci->kind) {
        case CK_RPC_BASIC:
        case CK_RPC_SIGNAL:
        case CK_RPC_SHARED: alloc_rpc(c, sm); break;
        case CK_NOTIFICATION:
        case CK_HW_IRQ:
        case CK_SHARED_IRQ: alloc_ntfn(c, sm); break;
        case CK_SHARED_DATA:
        case CK_MMIO: alloc_pages(c, sm); break;
        }
    }
}

int find_obj(const struct spec_model *sm, const char *name)
{
    int i = sm_find(sm, name);
    if (i < 0) {
        fprintf(stderr, "motec: internal error: no object '%s'\n", name);
        abort();
    }
    return i;
}
