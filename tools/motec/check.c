/* SPDX-License-Identifier: BSD-2-Clause */
/* Semantic checks, part 1: declarations, instances and connections.
 * Attributes are checked in attrs.c, connection shapes in check_conn.c. */
#include <string.h>

#include "check_int.h"

struct m_inst *sys_find_inst(struct system *sys, const char *name)
{
    for (int i = 0; i < sys->insts.n; i++)
        if (streq(sys->insts.v[i]->decl->name, name))
            return sys->insts.v[i];
    return NULL;
}

struct m_iface *inst_find_iface(struct m_inst *in, const char *name)
{
    for (int i = 0; i < in->ifaces.n; i++)
        if (streq(in->ifaces.v[i]->decl->name, name))
            return in->ifaces.v[i];
    return NULL;
}

int inst_is_hw(const struct m_inst *in)
{
    return in->comp->hardware;
}

static void dup_error(struct loc at, const char *what, const char *name, struct loc first)
{
    diag_error(at, "duplicate %s '%s' (first declared at %s:%d:%d)", what, name,
               first.file, first.line, first.col);
}

/* Procedures, connectors and components each start with a location and
 * a name; this walks any of their arrays looking for a repeated name. */
struct named {
    struct loc loc;
    char *name;
};

static void check_dup_names(const char *what, const void *base, size_t stride, int n)
{
    for (int i = 0; i < n; i++) {
        const struct named *a = (const void *)((const char *)base + stride * (size_t)i);
        /* a connector motec implements may be declared again by a
         * project's own connector file: motec's meaning wins anyway */
        if (streq(what, "connector") && connector_lookup(a->name))
            continue;
        for (int j = 0; j < i; j++) {
            const struct named *b = (const void *)((const char *)base + stride * (size_t)j);
            if (streq(a->name, b->name)) {
                dup_error(a->loc, what, a->name, b->loc);
                break;
            }
        }
    }
}

static void check_decl_names(struct program *prog)
{
    check_dup_names("procedure", prog->procedures.v, sizeof *prog->procedures.v,
                    prog->procedures.n);
    check_dup_names("connector", prog->connectors.v, sizeof *prog->connectors.v,
                    prog->connectors.n);
    check_dup_names("component", prog->components.v, sizeof *prog->components.v,
                    prog->components.n);
}

static int procedure_known(struct program *prog, const char *name)
{
    for (int i = 0; i < prog->procedures.n; i++)
        if (streq(prog->procedures.v[i].name, name))
            return 1;
    return 0;
}

/* Interface names are unique within a component, and procedure types are
 * declared.  Hardware components offer only dataports and emits. */
static void check_component(struct program *prog, struct component_decl *c)
{
    for (int i = 0; i < c->ifaces.n; i++) {
        struct iface_decl *d = &c->ifaces.v[i];
        for (int j = 0; j < i; j++)
            if (streq(d->name, c->ifaces.v[j].name)) {
                dup_error(d->loc, "interface", d->name, c->ifaces.v[j].loc);
                break;
            }
        if ((d->kind == IF_PROVIDES || d->kind == IF_USES) && !procedure_known(prog, d->type))
            diag_error(d->type_loc, "component '%s': unknown procedure '%s' for interface '%s'",
                       c->name, d->type, d->name);
        if (c->hardware && d->kind != IF_DATAPORT && d->kind != IF_EMITS)
            diag_error(d->loc, "hardware component '%s' may only have dataport and emits "
                       "interfaces, not '%s %s'", c->name, iface_kind_name(d->kind), d->name);
    }
    for (int i = 0; i < c->attrs.n; i++)
        for (int j = 0; j < i; j++)
            if (streq(c->attrs.v[i].name, c->attrs.v[j].name)) {
                dup_error(c->attrs.v[i].loc, "attribute", c->attrs.v[i].name, c->attrs.v[j].loc);
                break;
            }
}

static struct component_decl *find_component(struct program *prog, const char *name)
{
    for (int i = 0; i < prog->components.n; i++)
        if (streq(prog->components.v[i].name, name))
            return &prog->components.v[i];
    return NULL;
}

static struct m_inst *make_inst(struct instance_decl *d, struct component_decl *c)
{
    struct m_inst *in = xcalloc(1, sizeof *in);
    in->decl = d;
    in->comp = c;
    in->priority = DEFAULT_PRIORITY;
    in->stack_size = DEFAULT_STACK_SIZE;
    in->ctl_priority = -1;
    for (int i = 0; i < c->ifaces.n; i++) {
        struct m_iface *f = xcalloc(1, sizeof *f);
        f->decl = &c->ifaces.v[i];
        f->inst = in;
        f->has_thread = true;
        f->priority = -1;
        f->irq = -1;
        f->thread = -1;
        VEC_PUSH(in->ifaces, f);
    }
    return in;
}

static void check_instances(struct program *prog, struct system *sys)
{
    struct assembly_decl *a = sys->assembly;
    for (int i = 0; i < a->instances.n; i++) {
        struct instance_decl *d = &a->instances.v[i];
        struct m_inst *prev = sys_find_inst(sys, d->name);
        if (prev) {
            dup_error(d->loc, "component instance", d->name, prev->decl->loc);
            continue;
        }
        struct component_decl *c = find_component(prog, d->type);
        if (!c) {
            diag_error(d->type_loc, "unknown component type '%s'", d->type);
            continue;
        }
        if (strstr(d->name, "__"))
            diag_error(d->loc, "component instance name '%s' may not contain '__' (it separates "
                       "the parts of object names)", d->name);
        VEC_PUSH(sys->insts, make_inst(d, c));
    }
}

/* Appends what a's references to top-level blocks name (reported if
 * there is no such block). */
static void take_refs(struct program *prog, struct assembly_decl *a, struct assembly_decl *m)
{
    for (int i = 0; i < a->refs.n; i++) {
        struct block_ref *r = &a->refs.v[i];
        struct assembly_decl *b = NULL;
        for (int k = 0; k < prog->blocks.n && !b; k++)
            if (prog->blocks.v[k].is_config == r->is_config && streq(prog->blocks.v[k].name, r->name))
                b = prog->blocks.v[k].body;
        if (!b) {
            diag_error(r->loc, "no top-level %s named '%s'",
                       r->is_config ? "configuration" : "composition", r->name);
            continue;
        }
        for (int k = 0; k < b->instances.n; k++)
            VEC_PUSH(m->instances, b->instances.v[k]);
        for (int k = 0; k < b->connections.n; k++)
            VEC_PUSH(m->connections, b->connections.v[k]);
        for (int k = 0; k < b->settings.n; k++)
            VEC_PUSH(m->settings, b->settings.v[k]);
    }
}

/* CAmkES merges every assembly block into one system, in order, with
 * the top-level compositions and configurations they name. */
static struct assembly_decl *merge_assemblies(struct program *prog)
{
    if (prog->assemblies.n == 1 && !prog->assemblies.v[0].refs.n)
        return &prog->assemblies.v[0];
    struct assembly_decl *m = xcalloc(1, sizeof *m);
    m->loc = prog->assemblies.v[0].loc;
    for (int i = 0; i < prog->assemblies.n; i++) {
        struct assembly_decl *a = &prog->assemblies.v[i];
        for (int k = 0; k < a->instances.n; k++)
            VEC_PUSH(m->instances, a->instances.v[k]);
        for (int k = 0; k < a->connections.n; k++)
            VEC_PUSH(m->connections, a->connections.v[k]);
        for (int k = 0; k < a->settings.n; k++)
            VEC_PUSH(m->settings, a->settings.v[k]);
        take_refs(prog, a, m);
    }
    return m;
}

/* The setting of inst.attr (ref "inst.attr") among m's, NULL if none. */
static struct setting *setting_of(struct assembly_decl *m, const char *ref)
{
    const char *dot = strchr(ref, '.');
    for (int i = 0; i < m->settings.n; i++) {
        struct setting *s = &m->settings.v[i];
        if (strlen(s->inst) == (size_t)(dot - ref) && !strncmp(s->inst, ref, (size_t)(dot - ref)) &&
            streq(s->attr, dot + 1))
            return s;
    }
    return NULL;
}

/* a.x <- b.y in an assembly: x takes y's value, through chains of such
 * references; a cycle is an error, a reference to nothing set leaves x
 * unset (with a warning). */
static void resolve_references(struct assembly_decl *m)
{
    for (int round = 0, progress = 1; progress && round <= m->settings.n; round++) {
        progress = 0;
        for (int i = 0; i < m->settings.n; i++) {
            struct setting *s = &m->settings.v[i], *t;
            if (s->ref && !s->value && (t = setting_of(m, s->ref)) && t->value) {
                s->value = t->value;
                progress = 1;
            }
        }
    }
    int n = 0;
    for (int i = 0; i < m->settings.n; i++) {
        struct setting *s = &m->settings.v[i];
        if (!s->ref || s->value) {
            m->settings.v[n++] = *s;
        } else if (setting_of(m, s->ref)) {
            diag_error(s->loc, "attribute '%s.%s': its references ('<-') go round in a cycle",
                       s->inst, s->attr);
        } else {
            diag_warning(s->loc, "attribute '%s.%s' is left unset: '%s' is not set", s->inst,
                         s->attr, s->ref);
        }
    }
    m->settings.n = n;
}

int check_program(struct program *prog, struct system *sys)
{
    int before = diag_error_count();
    memset(sys, 0, sizeof *sys);
    sys->prog = prog;
    if (prog->assemblies.n == 0) {
        diag_error(prog->end, "no assembly: the input declares no 'assembly { ... }'");
        return -1;
    }
    struct assembly_decl *merged = merge_assemblies(prog);
    resolve_references(merged);
    sys->assembly = flatten_compounds(prog, merged);
    check_decl_names(prog);
    for (int i = 0; i < prog->components.n; i++)
        check_component(prog, &prog->components.v[i]);
    check_instances(prog, sys);
    check_connections(sys);
    check_attributes(sys);
    check_threads_and_hardware(sys);
    return diag_error_count() > before ? -1 : 0;
}
