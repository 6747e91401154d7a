/* SPDX-License-Identifier: BSD-2-Clause */
/* assembly { composition { component T x; connection C c(from a.i, to b.j); }
 *            configuration { x.attr = value; } } */
#include "parser_int.h"

static void parse_instance(struct parser *p, struct assembly_decl *a)
{
    struct instance_decl d;
    p_advance(p);
    d.type_loc = p->cur.loc;
    if (p_is(p, "{")) {
        diag_error(p->cur.loc, "inline component definitions are not supported");
        p_fail(p);
    }
    d.type = p_ident(p, "a component type");
    d.loc = p->cur.loc;
    d.name = p_ident(p, "an instance name");
    p_expect(p, ";", "after the component instance");
    VEC_PUSH(a->instances, d);
}

static void parse_end(struct parser *p, struct connection_decl *c)
{
    struct conn_end e = { .loc = p->cur.loc };
    if (p_accept(p, "from"))
        e.is_from = true;
    else if (!p_accept(p, "to"))
        p_syntax(p, "'from' or 'to'");
    e.loc = p->cur.loc;
    e.inst = p_ident(p, "an instance name");
    p_expect(p, ".", "between instance and interface");
    e.iface = p_ident(p, "an interface name");
    VEC_PUSH(c->ends, e);
}

static void parse_connection(struct parser *p, struct assembly_decl *a)
{
    struct connection_decl c = { .loc = p->cur.loc };
    p_advance(p);
    c.connector_loc = p->cur.loc;
    c.connector = p_ident(p, "a connector name");
    c.loc = p->cur.loc;
    c.name = p_ident(p, "a connection name");
    p_expect(p, "(", "to open the connection's ends");
    while (!p_accept(p, ")")) {
        parse_end(p, &c);
        if (!p_accept(p, ",")) {
            p_expect(p, ")", "to close the connection's ends");
            break;
        }
    }
    p_expect(p, ";", "after the connection");
    VEC_PUSH(a->connections, c);
}

/* A CAmkES group is one address space (VSpace and CSpace) shared by
 * its components.  mote gives every instance its own; rather than
 * separate them silently, a group is refused. */
static void parse_group(struct parser *p, struct assembly_decl *a)
{
    (void)a;
    struct loc at = p->cur.loc;
    p_advance(p);
    const char *name = p->cur.kind == T_IDENT ? p->cur.text : "";
    diag_error(at, "group '%s': components sharing one address space are not supported (mote "
               "gives every component instance its own VSpace and CSpace); declare the "
               "instances outside the group", name);
    p_fail(p);
}

/* export inst.iface -> outer; */
static void parse_export(struct parser *p, struct assembly_decl *a)
{
    struct export_decl e = { .loc = p->cur.loc };
    if (!a->in_component) {
        diag_error(p->cur.loc, "'export' belongs in a compound component's composition");
        p_fail(p);
    }
    p_advance(p);
    e.inst = p_ident(p, "an instance name");
    p_expect(p, ".", "between instance and interface");
    e.iface = p_ident(p, "an interface name");
    p_expect(p, "->", "after the exported interface");
    e.outer = p_ident(p, "the component's interface name");
    p_expect(p, ";", "after the export");
    VEC_PUSH(a->exports, e);
}

/* 'composition Name;' in an assembly: a reference to a top-level block
 * (1, recorded); otherwise 0 and the block follows. */
static int block_reference(struct parser *p, struct assembly_decl *a, bool is_config)
{
    struct block_ref r = { .loc = p->cur.loc, .is_config = is_config };
    p_advance(p);
    if (p->cur.kind != T_IDENT)
        return 0;
    r.name = p_ident(p, "a name");
    if (!p_accept(p, ";"))
        return 0;
    if (a->in_component) {
        diag_error(r.loc, "a reference to a top-level %s belongs in an assembly",
                   is_config ? "configuration" : "composition");
        p_fail(p);
    }
    VEC_PUSH(a->refs, r);
    return 1;
}

static void composition_body(struct parser *p, struct assembly_decl *a);
static void configuration_body(struct parser *p, struct assembly_decl *a);

void parse_configuration(struct parser *p, struct assembly_decl *a)
{
    if (!block_reference(p, a, true))
        configuration_body(p, a);
}

void parse_composition(struct parser *p, struct assembly_decl *a)
{
    if (!block_reference(p, a, false))
        composition_body(p, a);
}

static void composition_body(struct parser *p, struct assembly_decl *a)
{
    p_expect(p, "{", "to open the composition");
    while (!p_accept(p, "}")) {
        if (p_is(p, "component"))
            parse_instance(p, a);
        else if (p_is(p, "connection"))
            parse_connection(p, a);
        else if (p_is(p, "group"))
            parse_group(p, a);
        else if (p_is(p, "export"))
            parse_export(p, a);
        else
            p_syntax(p, "component, connection or '}' in the composition");
    }
}

static void parse_setting(struct parser *p, struct assembly_decl *a)
{
    struct setting s = { .loc = p->cur.loc, .inst_loc = p->cur.loc };
    s.inst = p_ident(p, "an instance name or '}'");
    p_expect(p, ".", "between instance and attribute");
    s.loc = p->cur.loc;
    s.attr = p_ident(p, "an attribute name");
    if (p_accept(p, "<-")) {
        /* in a compound: the component's attribute; in an assembly:
         * another instance's, inst.attr */
        s.ref = p_ident(p, a->in_component ? "an attribute of the component"
                                           : "an instance name");
        if (!a->in_component) {
            p_expect(p, ".", "between instance and attribute");
            s.ref = xasprintf("%s.%s", s.ref, p_ident(p, "an attribute name"));
        }
    } else {
        p_expect(p, "=", "after the attribute name");
        s.value = parse_item(p);
    }
    p_expect(p, ";", "after the setting");
    VEC_PUSH(a->settings, s);
}

static void configuration_body(struct parser *p, struct assembly_decl *a)
{
    p_expect(p, "{", "to open the configuration");
    while (!p_accept(p, "}"))
        parse_setting(p, a);
}

void parse_assembly(struct parser *p)
{
    struct assembly_decl a = { .loc = p->cur.loc };
    p_advance(p);
    if (p->cur.kind == T_IDENT)
        p_advance(p);
    p_expect(p, "{", "to open the assembly");
    int comp = 0, conf = 0;
    while (!p_accept(p, "}")) {
        if (p_is(p, "composition") && !comp++)
            parse_composition(p, &a);
        else if (p_is(p, "configuration") && !conf++)
            parse_configuration(p, &a);
        else if (p_is(p, "schedule"))
            parse_schedule(p);
        else
            p_syntax(p, comp ? "'configuration' or '}'" : "'composition'");
    }
    if (!comp && !a.refs.n) {
        diag_error(a.loc, "assembly has no composition");
        p_fail(p);
    }
    VEC_PUSH(p->prog->assemblies, a);
}

/* A top-level 'composition Name { ... }' or 'configuration Name { ... }',
 * which an assembly takes in by 'composition Name;'. */
void parse_named_block(struct parser *p)
{
    struct named_block b = { .loc = p->cur.loc, .is_config = p_is(p, "configuration") };
    b.body = xcalloc(1, sizeof *b.body);
    b.body->loc = b.loc;
    p_advance(p);
    b.name = p_ident(p, b.is_config ? "a configuration name" : "a composition name");
    if (b.is_config)
        configuration_body(p, b.body);
    else
        composition_body(p, b.body);
    VEC_PUSH(p->prog->blocks, b);
}
