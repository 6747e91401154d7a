/* SPDX-License-Identifier: BSD-2-Clause */
/* Compound components: a component with its own composition (and
 * configuration) is an instance of its own only if it has interfaces it
 * does not export or 'control' (its code serves those, as in CAmkES);
 * its instances join the
 * system, named <outer>_<inner>, its connections named <outer>_<conn>,
 * and a connection to one of its exported interfaces goes to the inner
 * interface the export names.  inner.attr <- attr passes the compound
 * instance's attribute (set in the configuration, or its default) on. */
#include <string.h>

#include "check_int.h"

#define MAX_COMPOUND_DEPTH 16

struct flat {
    struct program *prog;
    struct assembly_decl *out;
    struct assembly_decl *top;   /* for settings on compound instances */
};

static struct component_decl *component_named(struct program *prog, const char *name)
{
    for (int i = 0; i < prog->components.n; i++)
        if (streq(prog->components.v[i].name, name))
            return &prog->components.v[i];
    return NULL;
}

/* Whether a compound component is an instance too: it has 'control' or
 * an interface no export stands for. */
static int has_own_part(const struct component_decl *c)
{
    if (c->control)
        return 1;
    for (int i = 0; i < c->ifaces.n; i++) {
        int exported = 0;
        for (int k = 0; k < c->body->exports.n; k++)
            exported |= streq(c->body->exports.v[k].outer, c->ifaces.v[i].name);
        if (!exported)
            return 1;
    }
    return 0;
}

static char *joined(const char *prefix, char *name)
{
    return prefix ? xasprintf("%s_%s", prefix, name) : name;
}

/* The component type of instance name in body (NULL if none). */
static struct component_decl *type_in(struct flat *f, struct assembly_decl *body,
                                      const char *name)
{
    for (int i = 0; i < body->instances.n; i++)
        if (streq(body->instances.v[i].name, name))
            return component_named(f->prog, body->instances.v[i].type);
    return NULL;
}

/* An end naming an interface of a compound instance follows the export,
 * as deep as compounds nest; 0 (reported) if it is not exported. */
static int resolve_end(struct flat *f, struct assembly_decl *body, const char *prefix,
                       struct conn_end *e, int depth)
{
    struct component_decl *c = type_in(f, body, e->inst);
    char *full = joined(prefix, e->inst);
    if (!c || !c->body || depth > MAX_COMPOUND_DEPTH) {
        e->inst = full;
        return 1;
    }
    for (int i = 0; i < c->body->exports.n; i++) {
        struct export_decl *x = &c->body->exports.v[i];
        if (streq(x->outer, e->iface)) {
            e->inst = x->inst;
            e->iface = x->iface;
            return resolve_end(f, c->body, full, e, depth + 1);
        }
    }
    for (int i = 0; i < c->ifaces.n && has_own_part(c); i++)
        if (streq(c->ifaces.v[i].name, e->iface)) {
            e->inst = full;     /* its own interface: the instance itself */
            return 1;
        }
    diag_error(e->loc, "compound component '%s' (instance '%s') exports no interface '%s'",
               c->name, full, e->iface);
    return 0;
}

/* The value compound instance `name` (of type c) has for attribute
 * attr: a setting already collected, else the declared default. */
static struct value *compound_value(struct flat *f, const char *name, struct component_decl *c,
                                    const char *attr)
{
    for (int i = 0; i < f->out->settings.n; i++) {
        struct setting *s = &f->out->settings.v[i];
        if (streq(s->inst, name) && streq(s->attr, attr) && s->value)
            return s->value;
    }
    for (int i = 0; i < c->attrs.n; i++)
        if (streq(c->attrs.v[i].name, attr))
            return c->attrs.v[i].dflt;
    return NULL;
}

static void flatten_body(struct flat *f, struct assembly_decl *body, char *prefix,
                         struct component_decl *owner, int depth);

static void flatten_settings(struct flat *f, struct assembly_decl *body, char *prefix,
                             struct component_decl *owner)
{
    for (int i = 0; i < body->settings.n; i++) {
        struct setting s = body->settings.v[i];
        s.inst = joined(prefix, s.inst);
        if (s.ref) {
            if (!owner || !(s.value = compound_value(f, prefix, owner, s.ref)))
                continue;   /* unset, as CAmkES leaves it */
            s.ref = NULL;
        }
        VEC_PUSH(f->out->settings, s);
    }
}

static void flatten_connections(struct flat *f, struct assembly_decl *body, char *prefix,
                                int depth)
{
    for (int i = 0; i < body->connections.n; i++) {
        struct connection_decl c = body->connections.v[i];
        c.name = joined(prefix, c.name);
        struct conn_end *ends = xcalloc((size_t)c.ends.n + 1, sizeof *ends);
        int ok = 1;
        for (int k = 0; k < c.ends.n; k++) {
            ends[k] = c.ends.v[k];
            ok &= resolve_end(f, body, prefix, &ends[k], depth);
        }
        c.ends.v = ends;
        c.ends.cap = c.ends.n;
        if (ok)
            VEC_PUSH(f->out->connections, c);
    }
}

static void flatten_body(struct flat *f, struct assembly_decl *body, char *prefix,
                         struct component_decl *owner, int depth)
{
    flatten_settings(f, body, prefix, owner);
    flatten_connections(f, body, prefix, depth);
    for (int i = 0; i < body->instances.n; i++) {
        struct instance_decl d = body->instances.v[i];
        struct component_decl *c = component_named(f->prog, d.type);
        d.name = joined(prefix, d.name);
        if (!c || !c->body) {
            VEC_PUSH(f->out->instances, d);
        } else if (depth >= MAX_COMPOUND_DEPTH) {
            diag_error(d.loc, "compound components nested too deeply (more than %d levels)",
                       MAX_COMPOUND_DEPTH);
        } else {
            if (has_own_part(c))
                VEC_PUSH(f->out->instances, d);
            flatten_body(f, c->body, d.name, c, depth + 1);
        }
    }
}

static int uses_compounds(struct program *prog, struct assembly_decl *a)
{
    for (int i = 0; i < a->instances.n; i++) {
        struct component_decl *c = component_named(prog, a->instances.v[i].type);
        if (c && c->body)
            return 1;
    }
    return 0;
}

/* Settings left on compound instances themselves: passed on by '<-' or
 * declared by the compound; anything else is said to be ignored. */
static void drop_compound_settings(struct flat *f)
{
    int n = 0;
    for (int i = 0; i < f->out->settings.n; i++) {
        struct setting *s = &f->out->settings.v[i];
        struct component_decl *c = type_in(f, f->top, s->inst);
        if (!c || !c->body || has_own_part(c)) {
            f->out->settings.v[n++] = *s;
            continue;
        }
        int declared = 0;
        for (int k = 0; k < c->attrs.n; k++)
            declared |= streq(c->attrs.v[k].name, s->attr);
        for (int k = 0; k < c->body->settings.n; k++)
            declared |= streq(c->body->settings.v[k].ref, s->attr);
        if (!declared)
            diag_warning(s->loc, "compound component instance '%s' (type %s): attribute '%s' "
                         "is ignored: the component neither declares it nor passes it on",
                         s->inst, c->name, s->attr);
    }
    f->out->settings.n = n;
}

struct assembly_decl *flatten_compounds(struct program *prog, struct assembly_decl *top)
{
    if (!uses_compounds(prog, top))
        return top;
    struct assembly_decl *out = xcalloc(1, sizeof *out);
    out->loc = top->loc;
    struct flat f = { .prog = prog, .out = out, .top = top };
    for (int i = 0; i < top->settings.n; i++)
        VEC_PUSH(out->settings, top->settings.v[i]);
    struct assembly_decl body = *top;
    body.settings.n = 0;        /* already collected */
    flatten_body(&f, &body, NULL, NULL, 0);
    drop_compound_settings(&f);
    return out;
}
