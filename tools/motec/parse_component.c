/* SPDX-License-Identifier: BSD-2-Clause */
/* component Name { control; hardware; provides P p; uses P u; emits E e;
 * consumes E c; dataport Buf d; attribute int x = 1; maybe uses ...; } */
#include "parser_int.h"

static const char *const type_words[] = { "signed", "unsigned", "int", "integer",
                                          "char", NULL };

static int is_type_word(const char *s)
{
    for (int i = 0; type_words[i]; i++)
        if (streq(s, type_words[i]))
            return 1;
    return 0;
}

/* The attribute's type: "unsigned int", "struct foo", "string", "foo"... */
static char *parse_attr_type(struct parser *p)
{
    if (p_is(p, "{")) {         /* attribute {int a; int b;} x; */
        p_skip_braces(p);
        return xstrdup("struct");
    }
    if (p_accept(p, "struct")) {
        if (p_is(p, "{")) {     /* an inline struct type: fields mean nothing to mote */
            p_skip_braces(p);
            return xstrdup("struct");
        }
        return xasprintf("struct %s", p_ident(p, "a struct name"));
    }
    if (p->cur.kind != T_IDENT)
        p_syntax(p, "an attribute type");
    if (!is_type_word(p->cur.text))
        return p_ident(p, "an attribute type");
    struct strbuf sb;
    sb_init(&sb);
    while (p->cur.kind == T_IDENT && is_type_word(p->cur.text)) {
        sb_printf(&sb, "%s%s", sb.len ? " " : "", p->cur.text);
        p_advance(p);
    }
    return sb.s;
}

void parse_attribute(struct parser *p, struct component_decl *c)
{
    struct attr_decl a = { .loc = p->cur.loc };
    p_advance(p);
    a.type = parse_attr_type(p);
    a.loc = p->cur.loc;
    a.name = p_ident(p, "an attribute name");
    if (p_accept(p, "[")) {
        p_expect(p, "]", "after '[' in an array attribute");
        a.is_array = true;
    }
    if (p_accept(p, "="))
        a.dflt = parse_item(p);
    p_expect(p, ";", "after the attribute");
    VEC_PUSH(c->attrs, a);
}

/* "a.b.c" type references are accepted; mote uses the last part. */
static char *parse_reference(struct parser *p, const char *what)
{
    char *s = p_ident(p, what);
    while (p_accept(p, "."))
        s = p_ident(p, what);
    return s;
}

static void parse_iface(struct parser *p, struct component_decl *c, enum iface_kind kind,
                        bool maybe)
{
    struct iface_decl d = { .loc = p->cur.loc, .kind = kind, .maybe = maybe };
    p_advance(p);
    d.type_loc = p->cur.loc;
    d.type = parse_reference(p, "an interface type");
    if (kind == IF_DATAPORT && streq(d.type, "Buf") && p_accept(p, "(")) {
        struct loc at = p->cur.loc;
        int64_t n = parse_numeric(p);
        if (n <= 0) {
            diag_error(at, "dataport size must be positive");
            p_fail(p);
        }
        d.buf_size = (uint64_t)n;
        p_expect(p, ")", "after the dataport size");
    }
    d.loc = p->cur.loc;
    d.name = p_ident(p, "an interface name");
    p_expect(p, ";", "after the interface");
    VEC_PUSH(c->ifaces, d);
}

static int parse_iface_keyword(struct parser *p, struct component_decl *c, bool maybe)
{
    static const struct { const char *word; enum iface_kind kind; } kw[] = {
        { "provides", IF_PROVIDES }, { "uses", IF_USES }, { "emits", IF_EMITS },
        { "consumes", IF_CONSUMES }, { "dataport", IF_DATAPORT },
    };
    for (unsigned i = 0; i < sizeof kw / sizeof kw[0]; i++)
        if (p_is(p, kw[i].word)) {
            parse_iface(p, c, kw[i].kind, maybe);
            return 1;
        }
    return 0;
}

static void parse_flag(struct parser *p, bool *flag)
{
    p_advance(p);
    *flag = true;
    p_expect(p, ";", "after the keyword");
}

static void parse_has(struct parser *p, struct component_decl *c)
{
    struct has_decl h = { .loc = p->cur.loc };
    p_advance(p);
    h.kind = p_ident(p, "mutex, semaphore or binary_semaphore");
    h.name = p_ident(p, "a name");
    p_expect(p, ";", "after the declaration");
    if (streq(h.kind, "mutex") || streq(h.kind, "semaphore") || streq(h.kind, "binary_semaphore"))
        diag_warning(h.loc, "'has %s' is ignored: libmote offers no CAmkES locks", h.kind);
    else
        diag_warning(h.loc, "'has %s' is ignored: mote has no '%s' objects", h.kind, h.kind);
    VEC_PUSH(c->has, h);
}

static void parse_component_item(struct parser *p, struct component_decl *c)
{
    if (p_is(p, "control"))
        parse_flag(p, &c->control);
    else if (p_is(p, "hardware"))
        parse_flag(p, &c->hardware);
    else if (p_is(p, "attribute"))
        parse_attribute(p, c);
    else if (p_accept(p, "maybe")) {
        if (!parse_iface_keyword(p, c, true))
            p_syntax(p, "uses, consumes or dataport after 'maybe'");
    } else if (p_is(p, "include")) {
        p_advance(p);
        if (p_is(p, "<")) {
            if (!lexer_angle(&p->lx, p->cur.loc))
                p_fail(p);
            p_advance(p);
        } else if (p->cur.kind == T_STRING) {
            p_advance(p);
        } else {
            p_syntax(p, "a file name after 'include'");
        }
        p_expect(p, ";", "after the include");
    } else if (p_is(p, "has")) {
        parse_has(p, c);
    } else if (p_is(p, "composition") || p_is(p, "configuration")) {
        if (!c->body) {
            c->body = xcalloc(1, sizeof *c->body);
            c->body->loc = p->cur.loc;
            c->body->in_component = true;
        }
        if (p_is(p, "composition"))
            parse_composition(p, c->body);
        else
            parse_configuration(p, c->body);
    } else if (!parse_iface_keyword(p, c, false)) {
        p_syntax(p, "a component item (control, hardware, provides, uses, emits, consumes, "
                    "dataport, attribute)");
    }
}

void parse_component(struct parser *p)
{
    struct component_decl c = { .loc = p->cur.loc };
    p_advance(p);
    c.loc = p->cur.loc;
    c.name = p_ident(p, "a component name");
    p_expect(p, "{", "to open the component");
    while (!p_accept(p, "}")) {
        if (p->cur.kind == T_EOF)
            p_syntax(p, "'}' to close the component");
        parse_component_item(p, &c);
    }
    VEC_PUSH(p->prog->components, c);
}
