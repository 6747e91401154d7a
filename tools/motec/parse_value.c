/* Attribute values: numeric expressions (folded to constants here, with C
 * precedence as in CAmkES), strings, booleans, [lists] and {dicts}. */
#include <string.h>

#include "parser_int.h"

static struct value *new_value(enum value_kind kind, struct loc at)
{
    struct value *v = xcalloc(1, sizeof *v);
    v->kind = kind;
    v->loc = at;
    return v;
}

static const struct { const char *op; int prec; } binops[] = {
    { "||", 1 }, { "&&", 2 }, { "|", 3 }, { "^", 4 }, { "&", 5 },
    { "==", 6 }, { "!=", 6 }, { "<", 7 }, { "<=", 7 }, { ">", 7 }, { ">=", 7 },
    { "<<", 8 }, { ">>", 8 }, { "+", 9 }, { "-", 9 },
    { "*", 10 }, { "/", 10 }, { "%", 10 }, { "**", 10 },
};

static int binop_prec(struct parser *p)
{
    if (p->cur.kind != T_PUNCT)
        return 0;
    for (unsigned i = 0; i < sizeof binops / sizeof binops[0]; i++)
        if (streq(p->cur.text, binops[i].op))
            return binops[i].prec;
    return 0;
}

static int64_t ipow(int64_t b, int64_t e)
{
    int64_t r = 1;
    while (e-- > 0)
        r *= b;
    return r;
}

static int64_t apply(struct parser *p, struct loc at, const char *op, int64_t a, int64_t b)
{
    if ((streq(op, "/") || streq(op, "%")) && b == 0) {
        diag_error(at, "division by zero");
        p_fail(p);
    }
    if (streq(op, "||")) return a || b;
    if (streq(op, "&&")) return a && b;
    if (streq(op, "|")) return a | b;
    if (streq(op, "^")) return a ^ b;
    if (streq(op, "&")) return a & b;
    if (streq(op, "==")) return a == b;
    if (streq(op, "!=")) return a != b;
    if (streq(op, "<")) return a < b;
    if (streq(op, "<=")) return a <= b;
    if (streq(op, ">")) return a > b;
    if (streq(op, ">=")) return a >= b;
    if (streq(op, "<<")) return (int64_t)((uint64_t)a << (b & 63));
    if (streq(op, ">>")) return a >> (b & 63);
    if (streq(op, "+")) return a + b;
    if (streq(op, "-")) return a - b;
    if (streq(op, "*")) return a * b;
    if (streq(op, "/")) return a / b;
    if (streq(op, "%")) return a % b;
    return ipow(a, b);
}

static int64_t parse_binary(struct parser *p, int min_prec);

static int64_t parse_unary(struct parser *p)
{
    if (p_accept(p, "-"))
        return -parse_unary(p);
    if (p_accept(p, "+"))
        return parse_unary(p);
    if (p_accept(p, "!"))
        return !parse_unary(p);
    if (p_accept(p, "~"))
        return ~parse_unary(p);
    if (p_accept(p, "(")) {
        int64_t v = parse_numeric(p);
        p_expect(p, ")", "to close the expression");
        return v;
    }
    if (p->cur.kind == T_INT) {
        int64_t v = (int64_t)p->cur.ival;
        p_advance(p);
        return v;
    }
    if (p_accept(p, "true") || p_accept(p, "True"))
        return 1;
    if (p_accept(p, "false") || p_accept(p, "False"))
        return 0;
    p_syntax(p, "a number");
}

static int64_t parse_binary(struct parser *p, int min_prec)
{
    int64_t lhs = parse_unary(p);
    int prec;
    while ((prec = binop_prec(p)) >= min_prec && prec > 0) {
        char *op = p->cur.text;
        struct loc at = p->cur.loc;
        p_advance(p);
        int64_t rhs = parse_binary(p, prec + 1);
        lhs = apply(p, at, op, lhs, rhs);
    }
    return lhs;
}

int64_t parse_numeric(struct parser *p)
{
    int64_t c = parse_binary(p, 1);
    if (!p_accept(p, "?"))
        return c;
    int64_t a = parse_numeric(p);
    p_expect(p, ":", "in the conditional expression");
    int64_t b = parse_binary(p, 1);
    return c ? a : b;
}

static struct value *parse_list(struct parser *p, struct loc at)
{
    struct value *v = new_value(V_LIST, at);
    VEC(struct value *) items = { 0 };
    while (!p_accept(p, "]")) {
        VEC_PUSH(items, parse_item(p));
        if (!p_accept(p, ",")) {
            p_expect(p, "]", "to close the list");
            break;
        }
    }
    v->items = items.v;
    v->n = items.n;
    return v;
}

/* { key: item, ... } as in CAmkES; "key = item;" is read the same way. */
static struct value *parse_dict(struct parser *p, struct loc at)
{
    struct value *v = new_value(V_DICT, at);
    VEC(struct value *) keys = { 0 };
    VEC(struct value *) items = { 0 };
    while (!p_accept(p, "}")) {
        struct value *k;
        if (p->cur.kind == T_IDENT && !p_is(p, "true") && !p_is(p, "false")) {
            k = new_value(V_STRING, p->cur.loc);
            k->s = p_ident(p, "a key");
        } else {
            k = parse_item(p);
        }
        if (!p_accept(p, ":"))
            p_expect(p, "=", "or ':' after the key");
        VEC_PUSH(keys, k);
        VEC_PUSH(items, parse_item(p));
        if (!p_accept(p, ",") && !p_accept(p, ";")) {
            p_expect(p, "}", "to close the dictionary");
            break;
        }
    }
    v->keys = keys.v;
    v->items = items.v;
    v->n = items.n;
    return v;
}

struct value *parse_item(struct parser *p)
{
    struct loc at = p->cur.loc;
    if (p->cur.kind == T_STRING) {
        struct value *v = new_value(V_STRING, at);
        struct strbuf sb;
        sb_init(&sb);
        while (p->cur.kind == T_STRING) {   /* "a" "b" concatenate */
            sb_printf(&sb, "%s", p->cur.text);
            p_advance(p);
        }
        v->s = sb.s;
        return v;
    }
    if (p->cur.kind == T_FLOAT) {
        struct value *v = new_value(V_FLOAT, at);
        v->f = p->cur.fval;
        p_advance(p);
        return v;
    }
    if (p_accept(p, "["))
        return parse_list(p, at);
    if (p_accept(p, "{"))
        return parse_dict(p, at);
    int is_bool = p_is(p, "true") || p_is(p, "false") || p_is(p, "True") || p_is(p, "False");
    int64_t n = parse_numeric(p);
    struct value *v = new_value(is_bool && !binop_prec(p) ? V_BOOL : V_INT, at);
    v->i = n;
    return v;
}
