/* SPDX-License-Identifier: BSD-2-Clause */
/* Per component instance: threads, CSpace (slots and caps), TCBs.  The
 * address space is laid out in alloc_vspace.c.
 *
 * CSpace: one CNode of 2^bits slots, guard 64 - bits so that a cptr is
 * just the slot number.  Slot 0 null; 1 the CNode itself; 2 the VSpace;
 * then a TCB cap per thread; the start-up notification (only with more
 * than one thread); then each connected interface's caps in declaration
 * order; then (a FaultReport provider) a cap to each thread of every
 * restartable component reporting to it; then the Power cap; then the
 * leftover-untyped slots of the memory owner; the rest is free. */
#include <stdlib.h>

#include "alloc.h"
#include "keeper.h"
#include <mote/objects.h>
#include <mote/spec.h>

static struct m_thread *new_thread(struct m_inst *in, const char *name, enum thread_kind kind,
                                   struct m_iface *f)
{
    struct m_thread *t = xcalloc(1, sizeof *t);
    t->name = xstrdup(name);
    t->kind = kind;
    t->iface = f;
    t->priority = f && f->priority >= 0 ? f->priority : in->priority;
    t->stack_size = f && f->stack_size ? f->stack_size : in->stack_size;
    if (kind == TH_CONTROL && in->ctl_priority >= 0)
        t->priority = in->ctl_priority;
    if (kind == TH_CONTROL && in->ctl_stack_size)
        t->stack_size = in->ctl_stack_size;
    VEC_PUSH(in->threads, t);
    return t;
}

/* Control thread first (index 0), then one per connected provided or
 * consumed interface that keeps its thread.  Every CAmkES component has
 * a control thread; mote omits it when it has nothing to do: no
 * 'control' (no run()) and no interface left to it by
 * <iface>_has_thread = false. */
static void make_threads(struct m_inst *in)
{
    if (inst_has_control(in))
        new_thread(in, "control", TH_CONTROL, NULL);
    for (int i = 0; i < in->ifaces.n; i++) {
        struct m_iface *f = in->ifaces.v[i];
        if (!f->ends.n || (f->decl->kind != IF_PROVIDES && f->decl->kind != IF_CONSUMES))
            continue;
        if (!f->has_thread) {
            f->thread = 0;     /* the control thread serves it */
            continue;
        }
        enum conn_kind ck = f->ends.v[0]->conn->ci->kind;
        enum thread_kind k = f->decl->kind == IF_PROVIDES ? TH_RPC
                             : ck == CK_NOTIFICATION ? TH_EVENT : TH_IRQ;
        f->thread = in->threads.n;
        new_thread(in, f->decl->name, k, f);
    }
}

static uint32_t iface_slot_count(struct m_iface *f)
{
    if (!f->ends.n || f->decl->kind == IF_DATAPORT || f->ep_owner)
        return 0;           /* ep_owner: its cap is the owner's */
    if (f->decl->kind == IF_CONSUMES && f->ends.v[0]->conn->ci->kind != CK_NOTIFICATION) {
        struct m_conn *c = f->ends.v[0]->conn;
        return (uint32_t)c->ends.n;   /* notification + a handler per source */
    }
    if (f->ends.v[0]->conn->ci->kind == CK_RPC_SIGNAL)   /* + a notification per client */
        return f->decl->kind == IF_USES ? 2 : 1 + (uint32_t)f->nclients;
    if (f->decl->kind == IF_EMITS) {
        uint32_t n = 0;               /* a notification cap per consumer */
        for (int i = 0; i < f->ends.v[0]->conn->ends.n; i++)
            n += !f->ends.v[0]->conn->ends.v[i]->is_from;
        return n;
    }
    return 1;
}

/* Calls fn on every restartable client of in's FaultReport interfaces. */
static void each_supervised(struct m_inst *in, void (*fn)(struct m_inst *sup, struct m_inst *c,
                                                        void *arg), void *arg)
{
    for (int i = 0; i < in->ifaces.n; i++) {
        struct m_iface *f = in->ifaces.v[i];
        if (f->decl->kind != IF_PROVIDES || !streq(f->decl->type, "FaultReport"))
            continue;
        for (int k = 0; k < f->ends.n; k++) {
            struct m_conn *c = f->ends.v[k]->conn;
            for (int j = 0; j < c->ends.n; j++) {
                struct m_inst *ci = c->ends.v[j]->inst;
                if (c->ends.v[j]->is_from && ci->restart && ci->fault_iface == c->ends.v[j]->iface)
                    fn(in, ci, arg);
            }
        }
    }
}

static void count_supervised(struct m_inst *sup, struct m_inst *c, void *arg)
{
    uint32_t *s = arg;
    (void)sup;
    if (c->threads.n > 255)      /* mt_restart_info.thread_count */
        diag_error(c->decl->loc, "component instance '%s' has a restart policy and %d "
                   "threads; a supervised component has at most 255", c->decl->name,
                   c->threads.n);
    c->sup_first = *s;
    *s += (uint32_t)c->threads.n;
}

/* A supervisor holds a cap to each thread of every restartable component
 * that reports to it (to suspend, reset and resume them). */
static uint32_t supervised_slots(struct m_inst *in, uint32_t s)
{
    in->slot_restart = s;
    each_supervised(in, count_supervised, &s);
    return s;
}

static void add_supervised_caps(struct m_inst *sup, struct m_inst *c, void *arg)
{
    struct spec_model *sm = arg;
    int cnode = find_obj(sm, xasprintf("%s__cnode__root", sup->decl->name));
    for (int i = 0; i < c->threads.n; i++)
        sm_add_cap(sm, cnode, c->sup_first + (uint32_t)i, find_obj(sm, c->threads.v[i]->tcb),
                   MT_RIGHTS_ALL, 0);
}

static int assign_slots(struct m_inst *in)
{
    in->slot_cnode = MT_SPEC_SLOT_CNODE;
    in->slot_vspace = MT_SPEC_SLOT_VSPACE;
    uint32_t s = MT_SPEC_SLOT_VSPACE + 1;
    for (int i = 0; i < in->threads.n; i++)
        in->threads.v[i]->tcb_slot = s++;
    in->slot_init_ntfn = in->threads.n > 1 ? s++ : 0;
    for (int i = 0; i < in->ifaces.n; i++) {
        struct m_iface *f = in->ifaces.v[i];
        f->nslots = iface_slot_count(f);
        f->first_slot = f->slot = f->nslots ? s : 0;
        s += f->nslots;
    }
    for (int i = 0; i < in->ifaces.n; i++)
        if (in->ifaces.v[i]->ep_owner)   /* declared later: its slot is set */
            in->ifaces.v[i]->slot = in->ifaces.v[i]->ep_owner->slot;
    s = supervised_slots(in, s);
    in->slot_power = in->power_off ? s++ : 0;
    in->slot_asid_pool = in->asid_pool ? s++ : 0;
    in->slot_inspect = in->ninspect ? s : 0;
    s += in->ninspect;
    in->slot_untyped = in->untyped_slots ? s : 0;
    s += (uint32_t)in->untyped_slots;
    in->slots_used = s;
    int bits = log2_ceil((uint64_t)s + (uint64_t)in->free_slots);
    if (bits < MT_CNODE_MIN_RADIX)
        bits = MT_CNODE_MIN_RADIX;
    if (bits > MT_SPEC_CNODE_MAX_BITS) {
        /* cnode_free_slots is the likely cause: point there if it is set */
        struct m_attr *a = inst_find_attr(in, "cnode_free_slots");
        diag_error(a && a->value ? a->value->loc : in->decl->loc, "component instance '%s' "
                   "needs %llu CNode slots; a CNode has at most %u", in->decl->name,
                   (unsigned long long)s + (unsigned long long)in->free_slots,
                   1u << MT_SPEC_CNODE_MAX_BITS);
        return -1;
    }
    if (in->cnode_bits_attr && in->cnode_bits_attr < bits) {
        struct m_attr *a = inst_find_attr(in, "cnode_size_bits");
        diag_error(a->value->loc, "component instance '%s': cnode_size_bits = %d gives %d "
                   "slots but it needs %u", in->decl->name, in->cnode_bits_attr,
                   1 << in->cnode_bits_attr, s + (uint32_t)in->free_slots);
        return -1;
    }
    in->cnode_bits = in->cnode_bits_attr ? in->cnode_bits_attr : bits;
    return 0;
}

/* rpc_signal server: a cap to each client's notification, at
 * slot + badge (MT_SLOT_SIGNAL_<iface> + badge - 1). */
static void signal_caps(struct m_iface *f, struct spec_model *sm, int cnode)
{
    for (int i = 0; i < f->ends.n; i++) {
        struct m_conn *c = f->ends.v[i]->conn;
        for (int k = 0; k < c->ends.n; k++)
            if (c->ends.v[k]->is_from)
                sm_add_cap(sm, cnode, f->slot + (uint32_t)c->ends.v[k]->badge,
                           find_obj(sm, c->ends.v[k]->obj), MT_RIGHT_WRITE,
                           c->ends.v[k]->badge);   /* the client sees its own badge */
    }
}

static void iface_caps(struct m_iface *f, struct spec_model *sm, int cnode)
{
    if (!f->nslots)
        return;
    struct m_end *e = f->ends.v[0];
    struct m_conn *c = e->conn;
    switch (f->decl->kind) {
    case IF_USES: {
        struct m_iface *server = NULL;
        for (int i = 0; i < c->ends.n; i++)
            if (!c->ends.v[i]->is_from)
                server = c->ends.v[i]->iface;
        sm_add_cap(sm, cnode, f->slot, find_obj(sm, server->obj),
                   MT_RIGHT_WRITE | MT_RIGHT_GRANT | MT_RIGHT_GRANT_REPLY,
                   server->badge_base + e->badge);
        if (c->ci->kind == CK_RPC_SIGNAL)   /* the client waits on its notification */
            sm_add_cap(sm, cnode, f->slot + 1, find_obj(sm, e->obj), MT_RIGHT_READ, 0);
        break;
    }
    case IF_PROVIDES:
        /* grant: the server's replies may carry caps (the kernel decides
         * by the receiver's cap, as seL4 does) */
        sm_add_cap(sm, cnode, f->slot, find_obj(sm, f->obj), MT_RIGHT_READ | MT_RIGHT_GRANT, 0);
        if (c->ci->kind == CK_RPC_SIGNAL)
            signal_caps(f, sm, cnode);
        break;
    case IF_EMITS: {    /* a cap per consumer, in end order */
        uint32_t s = f->slot;
        for (int i = 0; i < c->ends.n; i++)
            if (!c->ends.v[i]->is_from)
                sm_add_cap(sm, cnode, s++, find_obj(sm, c->ends.v[i]->iface->obj),
                           MT_RIGHT_WRITE, e->badge);
        break;
    }
    case IF_CONSUMES: {
        sm_add_cap(sm, cnode, f->slot, find_obj(sm, f->obj), MT_RIGHT_READ, 0);
        uint32_t s = f->slot + 1;
        for (int i = 0; i < c->ends.n && f->nslots > 1; i++)
            if (c->ends.v[i]->is_from)
                sm_add_cap(sm, cnode, s++, find_obj(sm, c->ends.v[i]->obj), MT_RIGHTS_ALL, 0);
        break;
    }
    case IF_DATAPORT:   /* mapped only: no cap */
        break;
    }
}

static uint64_t guard_data(int bits)
{
    return mt_cnode_guard(0, (unsigned long)(64 - bits));
}

static void make_tcbs(struct m_inst *in, struct spec_model *sm, int cnode, int vspace)
{
    for (int i = 0; i < in->threads.n; i++) {
        struct m_thread *t = in->threads.v[i];
        struct sm_tcb tcb = {
            .tcb = find_obj(sm, t->tcb), .cspace = cnode, .vspace = vspace,
            .ipc_frame = t->ipc_obj, .ipc_vaddr = t->ipcbuf, .entry = in->entry,
            .stack_top = t->stack_top, .arg = (uint64_t)i,
            .cspace_guard = guard_data(in->cnode_bits), .priority = t->priority,
            .bound_ntfn = -1, .fpu = -1,
            .fault_ep = in->restart ? in->fault_iface->slot : 0,
        };
        if (in->fpu)
            tcb.fpu = sm_add_obj(sm, xasprintf("%s__fpu__%s", in->decl->name, t->name),
                                 MT_OBJ_FPU, 0);
        VEC_PUSH(sm->tcbs, tcb);
    }
}

int alloc_instance(struct m_inst *in, const struct inst_image *img, struct spec_model *sm)
{
    const char *n = in->decl->name;
    if (assign_slots(in))
        return -1;
    int cnode = sm_add_obj(sm, xasprintf("%s__cnode__root", n), MT_OBJ_CNODE, in->cnode_bits);
    int vspace = sm_add_obj(sm, xasprintf("%s__vspace__root", n), MT_OBJ_VSPACE, 0);
    sm_add_cap(sm, cnode, in->slot_cnode, cnode, MT_RIGHTS_ALL, guard_data(in->cnode_bits));
    sm_add_cap(sm, cnode, in->slot_vspace, vspace, MT_RIGHTS_ALL, 0);
    for (int i = 0; i < in->threads.n; i++) {
        struct m_thread *t = in->threads.v[i];
        t->tcb = xasprintf("%s__tcb__%s", n, t->name);
        sm_add_cap(sm, cnode, t->tcb_slot, sm_add_obj(sm, t->tcb, MT_OBJ_TCB, 0), MT_RIGHTS_ALL, 0);
    }
    if (in->slot_init_ntfn)
        sm_add_cap(sm, cnode, in->slot_init_ntfn,
                   sm_add_obj(sm, xasprintf("%s__ntfn__init", n), MT_OBJ_NOTIFICATION, 0),
                   MT_RIGHTS_ALL, 0);
    for (int i = 0; i < in->ifaces.n; i++)
        iface_caps(in->ifaces.v[i], sm, cnode);
    if (in->power_off)
        sm_add_cap(sm, cnode, in->slot_power, sm_add_obj(sm, xasprintf("%s__power__off", n),
                   (int)MT_SPEC_OBJ_POWER, 0), MT_RIGHTS_ALL, 0);
    if (in->asid_pool && sm->pool_holders < SM_POOL_HOLDERS) {
        sm->pool_holder_cnode[sm->pool_holders] = cnode;
        sm->pool_holder_slot[sm->pool_holders++] = in->slot_asid_pool;
    }
    if (in->untyped_slots) {
        sm->memory_owner = cnode;
        sm->untyped_slot = in->slot_untyped;
        sm->untyped_slot_count = (uint32_t)in->untyped_slots;
    }
    if (alloc_vspace(in, img, sm, vspace))
        return -1;
    make_tcbs(in, sm, cnode, vspace);
    return 0;
}

/* What the rootserver refuses (include/mote/spec.h) is refused here, so
 * that a system that builds also boots. */
static int check_spec_limits(struct system *sys, const struct spec_model *sm, int keeper)
{
    int rc = 0;
    if (sm->objs.v[keeper].size_bits > MT_SPEC_CNODE_MAX_BITS) {
        diag_error(sys->assembly->loc, "the system's keeper CNode needs 2^%d slots; a CNode "
                   "has at most 2^%d", sm->objs.v[keeper].size_bits, MT_SPEC_CNODE_MAX_BITS);
        rc = -1;
    }
    if ((unsigned)sm->objs.n > MT_SPEC_MAX_OBJECTS || (unsigned)sm->images.n > MT_SPEC_MAX_IMAGES) {
        diag_error(sys->assembly->loc, "the system has %d objects and %d images; a system "
                   "spec holds at most %u and %u", sm->objs.n, sm->images.n,
                   MT_SPEC_MAX_OBJECTS, MT_SPEC_MAX_IMAGES);
        rc = -1;
    }
    return rc;
}

/* inspect = true: a slot for each instance's CNode and each of its
 * threads' TCBs (the threads of every instance are made first). */
static void plan_inspect(struct system *sys)
{
    uint32_t n = 0;
    for (int i = 0; i < sys->insts.n; i++)
        if (!inst_is_hw(sys->insts.v[i]))
            n += 1 + (uint32_t)sys->insts.v[i]->threads.n;
    for (int i = 0; i < sys->insts.n; i++)
        if (sys->insts.v[i]->inspect)
            sys->insts.v[i]->ninspect = n;
}

/* The inspect-only caps, once every instance's objects exist. */
static void inspect_caps(struct system *sys, struct m_inst *in, struct spec_model *sm)
{
    int cnode = find_obj(sm, xasprintf("%s__cnode__root", in->decl->name));
    uint32_t s = in->slot_inspect;
    for (int i = 0; i < sys->insts.n; i++) {
        struct m_inst *j = sys->insts.v[i];
        if (inst_is_hw(j))
            continue;
        struct m_inspect e = { j, NULL };
        VEC_PUSH(in->inspected, e);
        sm_add_inspect_cap(sm, cnode, s++, find_obj(sm, xasprintf("%s__cnode__root", j->decl->name)));
        for (int k = 0; k < j->threads.n; k++) {
            e.thread = j->threads.v[k];
            VEC_PUSH(in->inspected, e);
            sm_add_inspect_cap(sm, cnode, s++, find_obj(sm, j->threads.v[k]->tcb));
        }
    }
}

int alloc_system(struct system *sys, const struct inst_image *imgs, struct spec_model *sm)
{
    int before = diag_error_count();
    alloc_connections(sys, sm);
    /* every instance's threads first: a supervisor's CSpace holds caps to
     * the threads of components allocated after it */
    for (int i = 0; i < sys->insts.n; i++)
        if (!inst_is_hw(sys->insts.v[i]))
            make_threads(sys->insts.v[i]);
    plan_inspect(sys);
    for (int i = 0; i < sys->insts.n; i++) {
        struct m_inst *in = sys->insts.v[i];
        if (inst_is_hw(in))
            continue;
        alloc_instance(in, &imgs[i], sm);
        if (!in->threads.n)
            diag_warning(in->decl->loc, "component instance '%s' has no thread (no control "
                         "and no connected interface that needs one)", in->decl->name);
    }
    if (diag_error_count() > before)
        return -1;
    for (int i = 0; i < sys->insts.n; i++)
        if (!inst_is_hw(sys->insts.v[i])) {
            each_supervised(sys->insts.v[i], add_supervised_caps, sm);
            if (sys->insts.v[i]->inspect)
                inspect_caps(sys, sys->insts.v[i], sm);
        }
    int k = keeper_add(sm);     /* last: its size depends on every other cap and mapping */
    return check_spec_limits(sys, sm, k);
}
