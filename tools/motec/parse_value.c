/* SPDX-License-Identifier: BSD-2-Clause */
/* Attribute values: numeric expressions (folded to constants here, with C
 * precedence as in CAmkES), strings, booleans, [lists] and {dicts}.
 * Arithmetic is on 64-bit signed integers; a result that does not fit, a
 * division by zero and a shift by less than 0 or more than 63 are errors. */
#include <stdint.h>
#include <string.h>

#include "parser_int.h"

/* Brackets, unary operators and '?' nested deeper than this are an error
 * (the parser recurses on each). */
#define MAX_NESTING 200

static struct value *new_value(enum value_kind kind, struct loc at)
{
    struct value *v = xcalloc(1, sizeof *v);
    v->kind = kind;
    v->loc = at;
    return v;
}

static void nest_enter(struct parser *p, struct loc at)
{
    if (++p->nesting > MAX_NESTING) {
        diag_error(at, "nested too deeply (more than %d levels)", MAX_NESTING);
        p_fail(p);
    }
}

static void nest_leave(struct parser *p)
{
    p->nesting--;
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

static _Noreturn void eval_error(struct parser *p, struct loc at, const char *fmt, long long n)
{
    diag_error(at, fmt, n);
    p_fail(p);
}

static _Noreturn void overflow(struct parser *p, struct loc at, const char *op, int64_t a,
                               int64_t b)
{
    diag_error(at, "integer overflow in '%s' (%lld %s %lld)", op, (long long)a, op,
               (long long)b);
    p_fail(p);
}

/* Square and multiply; 0 if the power does not fit in 64 bits. */
static int checked_pow(int64_t b, int64_t e, int64_t *r)
{
    *r = 1;
    while (e > 0) {
        if ((e & 1) && __builtin_mul_overflow(*r, b, r))
            return 0;
        e >>= 1;
        if (e > 0 && __builtin_mul_overflow(b, b, &b))
            return 0;
    }
    return 1;
}

/* a << b is a * 2^b: 0 if that does not fit. */
static int checked_shl(int64_t a, int64_t b, int64_t *r)
{
    *r = (int64_t)((uint64_t)a << b);
    return *r >> b == a;
}

/* / and %: C's truncating division. */
static int checked_div(struct parser *p, struct loc at, const char *op, int64_t a, int64_t b,
                       int64_t *r)
{
    if (b == 0) {
        diag_error(at, "division by zero");
        p_fail(p);
    }
    if (a == INT64_MIN && b == -1)
        return 0;
    *r = streq(op, "/") ? a / b : a % b;
    return 1;
}

/* + - * / % ** << >>: 0 if the result does not fit; other errors are
 * reported here. */
static int arith(struct parser *p, struct loc at, const char *op, int64_t a, int64_t b,
                 int64_t *r)
{
    if (streq(op, "+"))
        return !__builtin_add_overflow(a, b, r);
    if (streq(op, "-"))
        return !__builtin_sub_overflow(a, b, r);
    if (streq(op, "*"))
        return !__builtin_mul_overflow(a, b, r);
    if (streq(op, "/") || streq(op, "%"))
        return checked_div(p, at, op, a, b, r);
    if (streq(op, "<<") || streq(op, ">>")) {
        if (b < 0 || b > 63)
            eval_error(p, at, "shift count %lld is out of range (0 to 63)", (long long)b);
        if (streq(op, ">>")) {
            *r = a >> b;
            return 1;
        }
        return checked_shl(a, b, r);
    }
    if (b < 0)
        eval_error(p, at, "negative exponent %lld", (long long)b);
    return checked_pow(a, b, r);
}

static int64_t apply(struct parser *p, struct loc at, const char *op, int64_t a, int64_t b)
{
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
    int64_t r;
    if (!arith(p, at, op, a, b, &r))
        overflow(p, at, op, a, b);
    return r;
}

static int64_t parse_binary(struct parser *p, int min_prec);
static int64_t parse_unary(struct parser *p);

/* After a prefix operator or '(' (op), which is at 'at'. */
static int64_t parse_prefixed(struct parser *p, struct loc at, const char *op)
{
    if (streq(op, "(")) {
        int64_t v = parse_numeric(p);
        p_expect(p, ")", "to close the expression");
        return v;
    }
    int64_t v = parse_unary(p);
    if (streq(op, "-")) {
        if (v == INT64_MIN)
            eval_error(p, at, "integer overflow in '-' (-(%lld))", (long long)v);
        return -v;
    }
    if (streq(op, "!"))
        return !v;
    if (streq(op, "~"))
        return ~v;
    return v;
}

static int64_t parse_unary(struct parser *p)
{
    static const char *const prefixes[] = { "-", "+", "!", "~", "(" };
    for (unsigned i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        if (!p_is(p, prefixes[i]))
            continue;
        struct loc at = p->cur.loc;
        nest_enter(p, at);
        p_advance(p);
        int64_t v = parse_prefixed(p, at, prefixes[i]);
        nest_leave(p);
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

/* c ? a : b, right-associative as in C. */
int64_t parse_numeric(struct parser *p)
{
    int64_t c = parse_binary(p, 1);
    if (!p_is(p, "?"))
        return c;
    nest_enter(p, p->cur.loc);
    p_advance(p);
    int64_t a = parse_numeric(p);
    p_expect(p, ":", "in the conditional expression");
    int64_t b = parse_numeric(p);
    nest_leave(p);
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
    if (p_is(p, "[") || p_is(p, "{")) {
        int list = p_is(p, "[");
        nest_enter(p, at);
        p_advance(p);
        struct value *v = list ? parse_list(p, at) : parse_dict(p, at);
        nest_leave(p);
        return v;
    }
    int is_bool = p_is(p, "true") || p_is(p, "false") || p_is(p, "True") || p_is(p, "False");
    int64_t n = parse_numeric(p);
    struct value *v = new_value(is_bool && !binop_prec(p) ? V_BOOL : V_INT, at);
    v->i = n;
    return v;
}
