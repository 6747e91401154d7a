/* SPDX-License-Identifier: BSD-2-Clause */
/* Semantic checks, part 4: what needs the whole picture — interfaces
 * served without a thread, hardware addresses and IRQ numbers, shared
 * dataport sizes, unconnected interfaces. */
#include <stdlib.h>

#include "check_int.h"
#include <mote/objects.h>
#include <mote/spec.h>

static struct loc attr_loc(struct m_inst *in, const char *name, struct loc fallback)
{
    struct m_attr *a = inst_find_attr(in, name);
    return a && a->value ? a->value->loc : fallback;
}

static int attr_set(struct m_inst *in, const char *iface, const char *suffix)
{
    char *name = xasprintf("%s%s", iface, suffix);
    struct m_attr *a = inst_find_attr(in, name);
    free(name);
    return a && a->value;
}

int inst_has_control(const struct m_inst *in)
{
    if (in->comp->control)
        return 1;
    for (int i = 0; i < in->ifaces.n; i++) {
        struct m_iface *f = in->ifaces.v[i];
        if (!f->has_thread && f->ends.n &&
            (f->decl->kind == IF_PROVIDES || f->decl->kind == IF_CONSUMES))
            return 1;
    }
    return 0;
}

/* _priority and _stack_size set on a control thread mote omits. */
static void check_control_attrs(struct m_inst *in)
{
    static const char *const names[] = { "_priority", "_stack_size" };
    if (inst_has_control(in))
        return;
    for (int i = 0; i < 2; i++) {
        struct m_attr *a = inst_find_attr(in, names[i]);
        if (a && a->value)
            diag_warning(a->value->loc, "component instance '%s': '%s' is ignored: component "
                         "%s has no 'control' and no interface without a thread, so mote "
                         "omits its control thread", in->decl->name, names[i], in->comp->name);
    }
}

static void check_hw_iface(struct m_inst *in, struct m_iface *f)
{
    const char *n = f->decl->name;
    struct loc at = in->decl->loc;
    if (f->decl->kind == IF_DATAPORT && attr_set(in, n, "_attributes")) {
        return;     /* "paddr:size" (checked where it is applied) */
    } else if (f->decl->kind == IF_DATAPORT) {
        if (!attr_set(in, n, "_paddr"))
            diag_error(at, "hardware component instance '%s' needs attribute '%s_paddr' (the "
                       "physical address of MMIO dataport '%s')", in->decl->name, n, n);
        if (!attr_set(in, n, "_size"))
            diag_error(at, "hardware component instance '%s' needs attribute '%s_size' (the "
                       "size of MMIO dataport '%s')", in->decl->name, n, n);
    } else if (!attr_set(in, n, "_irq_number") && !attr_set(in, n, "_attributes")) {
        diag_error(at, "hardware component instance '%s' needs attribute '%s_irq_number' "
                   "(the IRQ that event '%s' stands for)", in->decl->name, n, n);
    }
}

/* Every IRQ goes to one notification: two connected sources may not
 * name the same IRQ. */
static void check_irq_unique(struct system *sys, struct m_inst *in, struct m_iface *f)
{
    if (f->decl->kind != IF_EMITS || f->irq < 0)
        return;
    for (int i = 0; i < sys->insts.n; i++) {
        struct m_inst *o = sys->insts.v[i];
        for (int k = 0; k < o->ifaces.n; k++) {
            struct m_iface *g = o->ifaces.v[k];
            if (g == f)
                return;
            if (inst_is_hw(o) && g->decl->kind == IF_EMITS && g->ends.n && g->irq == f->irq) {
                char *name = xasprintf("%s_irq_number", f->decl->name);
                diag_error(attr_loc(in, name, in->decl->loc), "hardware component instance "
                           "'%s': IRQ %d is already used by '%s.%s'", in->decl->name, f->irq,
                           o->decl->name, g->decl->name);
                free(name);
                return;
            }
        }
    }
}

int region_big(uint64_t paddr, uint64_t size)
{
    uint64_t big = 1ull << MT_FRAME_2M_SIZE_BITS;
    return size >= big && paddr % big == 0 && size % big == 0;
}

uint64_t dataport_size(const struct iface_decl *d)
{
    return d->buf_size ? d->buf_size : MT_PAGE_SIZE;
}

static void check_shared_sizes(struct m_conn *c)
{
    if (c->ci->kind != CK_SHARED_DATA || c->ends.n < 2)
        return;
    uint64_t size = dataport_size(c->ends.v[0]->iface->decl);
    for (int i = 1; i < c->ends.n; i++) {
        struct m_end *e = c->ends.v[i];
        uint64_t s = dataport_size(e->iface->decl);
        if (s != size)
            diag_error(e->decl->loc, "connection '%s': dataport '%s.%s' has %llu bytes but "
                       "'%s.%s' has %llu", c->decl->name, e->inst->decl->name,
                       e->iface->decl->name, (unsigned long long)s,
                       c->ends.v[0]->inst->decl->name, c->ends.v[0]->iface->decl->name,
                       (unsigned long long)size);
    }
}

/* A shared or device region takes a frame object per page: one too
 * large for the spec is refused here, before anything is allocated (so
 * a huge Buf(N) costs nothing and never wraps a page count). */
static void check_region_pages(struct m_conn *c)
{
    /* no end left: each was refused (and reported) by check_connection */
    if ((c->ci->kind != CK_SHARED_DATA && c->ci->kind != CK_MMIO) || c->ends.n == 0)
        return;
    struct m_end *e = c->ends.v[0];
    for (int i = 0; i < c->ends.n && c->ci->kind == CK_MMIO; i++)
        if (!c->ends.v[i]->is_from)
            e = c->ends.v[i];
    uint64_t bytes = c->ci->kind == CK_MMIO ? e->iface->size : dataport_size(e->iface->decl);
    int big = region_big(c->ci->kind == CK_MMIO ? e->iface->paddr : 0, bytes);
    uint64_t unit = big ? 1ull << MT_FRAME_2M_SIZE_BITS : MT_PAGE_SIZE;
    uint64_t pages = bytes / unit + (bytes % unit != 0);
    if (pages <= MT_SPEC_MAX_OBJECTS)
        return;
    diag_error(e->decl->loc, "connection '%s': '%s.%s' is %llu bytes, %llu pages of %s; a "
               "system holds at most %u objects", c->decl->name, e->inst->decl->name,
               e->iface->decl->name, (unsigned long long)bytes, (unsigned long long)pages,
               big ? "2 MiB" : "4 KiB", MT_SPEC_MAX_OBJECTS);
}

/* An interface of a compound component that an export stands for is
 * connected inside it. */
static int exported(const struct component_decl *c, const char *name)
{
    for (int i = 0; c->body && i < c->body->exports.n; i++)
        if (streq(c->body->exports.v[i].outer, name))
            return 1;
    return 0;
}

static void check_unconnected(struct m_inst *in)
{
    for (int i = 0; i < in->ifaces.n; i++) {
        struct m_iface *f = in->ifaces.v[i];
        if (f->decl->kind == IF_USES && !f->decl->maybe && f->ends.n == 0 &&
            !exported(in->comp, f->decl->name))
            diag_warning(f->decl->loc, "component instance '%s': interface '%s' is not "
                         "connected (calls through it will fail)", in->decl->name,
                         f->decl->name);
    }
}

void check_threads_and_hardware(struct system *sys)
{
    int owners = 0;
    for (int i = 0; i < sys->insts.n; i++) {
        struct m_inst *in = sys->insts.v[i];
        if (!inst_is_hw(in)) {
            check_control_attrs(in);
            check_unconnected(in);
        }
        if (in->untyped_slots > 0 && owners++)
            diag_error(attr_loc(in, "untyped_slots", in->decl->loc), "component instance '%s': "
                       "only one component may own the leftover memory (untyped_slots)",
                       in->decl->name);
        for (int k = 0; k < in->ifaces.n && inst_is_hw(in); k++)
            if (in->ifaces.v[k]->ends.n) {
                check_hw_iface(in, in->ifaces.v[k]);
                check_irq_unique(sys, in, in->ifaces.v[k]);
            }
    }
    for (int i = 0; i < sys->conns.n; i++)
        check_shared_sizes(sys->conns.v[i]);
    for (int i = 0; i < sys->conns.n; i++)
        check_region_pages(sys->conns.v[i]);
}
