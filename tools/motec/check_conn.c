/* SPDX-License-Identifier: BSD-2-Clause */
/* Semantic checks, part 2: connections.  Each end must name an existing
 * interface of the kind the connector needs on that side; ends that can
 * be connected once may not appear in two connections. */
#include <string.h>

#include "check_int.h"

/* Whether an interface may take part in several connections.  A provided
 * procedure serves every client that connects to it; everything else is
 * one cap (or one mapping) and is connected once. */
static int multi_connect_ok(struct m_iface *f)
{
    return f->decl->kind == IF_PROVIDES;
}

static int name_taken(struct system *sys, struct connection_decl *d, int index)
{
    if (strstr(d->name, "__")) {
        diag_error(d->loc, "connection name '%s' may not contain '__' (it separates the parts "
                   "of object names)", d->name);
        return 1;
    }
    struct m_inst *in = sys_find_inst(sys, d->name);
    if (in) {
        diag_error(d->loc, "connection '%s' has the name of component instance '%s' "
                   "(declared at %s:%d:%d)", d->name, d->name, in->decl->loc.file,
                   in->decl->loc.line, in->decl->loc.col);
        return 1;
    }
    for (int j = 0; j < index; j++) {
        struct connection_decl *o = &sys->assembly->connections.v[j];
        if (streq(o->name, d->name)) {
            diag_error(d->loc, "duplicate connection '%s' (first declared at %s:%d:%d)",
                       d->name, o->loc.file, o->loc.line, o->loc.col);
            return 1;
        }
    }
    return 0;
}

static const struct connector_info *resolve_connector(struct system *sys,
                                                      struct connection_decl *d)
{
    const struct connector_info *ci = connector_lookup(d->connector);
    if (ci)
        return ci;
    for (int i = 0; i < sys->prog->connectors.n; i++)
        if (streq(sys->prog->connectors.v[i].name, d->connector)) {
            diag_error(d->connector_loc, "connection '%s': connector '%s' has no mote "
                       "implementation (mote has %s)", d->name, d->connector, connector_names());
            return NULL;
        }
    diag_error(d->connector_loc, "connection '%s': unknown connector '%s' (mote has %s)",
               d->name, d->connector, connector_names());
    return NULL;
}

/* Checks one end against the connector; returns the interface or NULL. */
static struct m_iface *check_end(struct system *sys, struct m_conn *c, struct conn_end *e)
{
    const struct connector_info *ci = c->ci;
    const char *side = e->is_from ? "from" : "to";
    struct m_inst *in = sys_find_inst(sys, e->inst);
    if (!in) {
        diag_error(e->loc, "connection '%s': unknown component instance '%s'", c->decl->name,
                   e->inst);
        return NULL;
    }
    struct m_iface *f = inst_find_iface(in, e->iface);
    if (!f) {
        diag_error(e->loc, "connection '%s': component instance '%s' (type %s) has no "
                   "interface '%s'", c->decl->name, e->inst, in->comp->name, e->iface);
        return NULL;
    }
    enum iface_kind want = e->is_from ? ci->from_kind : ci->to_kind;
    bool hw = e->is_from ? ci->from_hw : ci->to_hw;
    if (f->decl->kind != want) {
        diag_error(e->loc, "connection '%s': '%s.%s' is a %s interface, but connector %s "
                   "needs a %s interface at its '%s' end", c->decl->name, e->inst, e->iface,
                   iface_kind_name(f->decl->kind), ci->name, iface_kind_name(want), side);
        return NULL;
    }
    if (hw != inst_is_hw(in)) {
        diag_error(e->loc, "connection '%s': '%s.%s' must be on a %s component for "
                   "connector %s", c->decl->name, e->inst, e->iface,
                   hw ? "hardware" : "software (non-hardware)", ci->name);
        return NULL;
    }
    if (f->ends.n > 0 && !multi_connect_ok(f)) {
        struct m_conn *prev = f->ends.v[0]->conn;
        diag_error(e->loc, "connection '%s': '%s.%s' is already connected by connection "
                   "'%s' and may be connected only once", c->decl->name, e->inst, e->iface,
                   prev->decl->name);
        return NULL;
    }
    if (f->ends.n > 0 && f->ends.v[0]->conn->ci->kind != ci->kind) {
        diag_error(e->loc, "connection '%s': '%s.%s' is served by connector %s in connection "
                   "'%s'; all its connections must use one connector", c->decl->name, e->inst,
                   e->iface, f->ends.v[0]->conn->ci->name, f->ends.v[0]->conn->decl->name);
        return NULL;
    }
    return f;
}

static void check_end_counts(struct m_conn *c, int nfrom, int nto)
{
    const struct connector_info *ci = c->ci;
    struct loc at = c->decl->loc;
    if (nfrom == 0 || nto == 0)
        diag_error(at, "connection '%s': needs at least one 'from' and one 'to' end",
                   c->decl->name);
    else if (nfrom > 1 && !ci->from_multi)
        diag_error(at, "connection '%s': connector %s takes one 'from' end, not %d",
                   c->decl->name, ci->name, nfrom);
    else if (nto > 1 && !ci->to_multi)
        diag_error(at, "connection '%s': connector %s takes one 'to' end, not %d",
                   c->decl->name, ci->name, nto);
}

static void check_connection(struct system *sys, struct connection_decl *d)
{
    const struct connector_info *ci = resolve_connector(sys, d);
    if (!ci)
        return;
    struct m_conn *c = xcalloc(1, sizeof *c);
    c->decl = d;
    c->ci = ci;
    int nfrom = 0, nto = 0, bad = 0;
    for (int i = 0; i < d->ends.n; i++) {
        struct conn_end *e = &d->ends.v[i];
        nfrom += e->is_from;
        nto += !e->is_from;
        struct m_iface *f = check_end(sys, c, e);
        if (!f) {
            bad = 1;
            continue;
        }
        struct m_end *me = xcalloc(1, sizeof *me);
        *me = (struct m_end){ .decl = e, .conn = c, .inst = f->inst, .iface = f,
                              .is_from = e->is_from, .irq = -1 };
        VEC_PUSH(c->ends, me);
        VEC_PUSH(f->ends, me);
    }
    if (!bad)
        check_end_counts(c, nfrom, nto);
    VEC_PUSH(sys->conns, c);
}

void check_connections(struct system *sys)
{
    struct assembly_decl *a = sys->assembly;
    for (int i = 0; i < a->connections.n; i++) {
        if (name_taken(sys, &a->connections.v[i], i))
            continue;
        check_connection(sys, &a->connections.v[i]);
    }
}
