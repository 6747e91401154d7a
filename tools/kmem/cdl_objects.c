/* SPDX-License-Identifier: BSD-2-Clause */
/* Pass 1 of the capDL reader: the arch line and the objects sections
 * (declarations, untyped blocks, paths, arrays); the other sections are
 * skipped at character level (cdl_skip_section). */
#include "cdl.h"

#include <stdio.h>

struct oparams {
    int has_bits, has_vm, paddr;
    uint8_t bits, vmbits;
    uint32_t bits_pos, vm_pos;
};

static void parse_ut_block(struct parser *p, uint32_t parent);

void cdl_parse_value(struct parser *p)
{
    if (cdl_is_p(p, '(') || cdl_is_p(p, '[') || cdl_is_p(p, '{'))
        cdl_skip_group(p);
    else if (p->tk.t == T_NUM || p->tk.t == T_ID || p->tk.t == T_STR)
        cdl_next(p);
    else
        cdl_fail_expect(p, "a value");
}

static unsigned log2_exact(uint64_t v)
{
    unsigned n = 0;
    while ((1ull << n) < v)
        n++;
    return (1ull << n) == v ? n : 0xff;
}

/* N bits, Nk / NM / NG (a frame size), Nk ports, or bus:dev.fun. */
static void number_param(struct parser *p, struct oparams *op)
{
    uint32_t pos = p->tk.pos;
    uint64_t n = p->tk.num;
    cdl_next(p);
    if (cdl_is_word(p, "bits")) {
        cdl_next(p);
        if (n > 63)
            cdl_fail(p, pos, "size of %llu bits is too large", (unsigned long long)n);
        op->has_bits = 1;
        op->bits = (uint8_t)n;
        op->bits_pos = pos;
    } else if (cdl_is_word(p, "k") || cdl_is_word(p, "M") || cdl_is_word(p, "G")) {
        unsigned shift = cdl_is_word(p, "k") ? 10 : cdl_is_word(p, "M") ? 20 : 30;
        cdl_next(p);
        if (cdl_is_word(p, "ports")) {   /* io_ports (64k ports) */
            cdl_next(p);
            return;
        }
        unsigned lg = n && n <= (1u << 20) ? log2_exact(n) : 0xff;
        if (lg == 0xff)
            cdl_fail(p, pos, "frame size must be a power of two");
        op->has_vm = 1;
        op->vmbits = (uint8_t)(lg + shift);
        op->vm_pos = pos;
    } else if (cdl_is_p(p, ':')) {       /* PCI device bus:dev.fun */
        cdl_next(p);
        cdl_expect_num(p, "a device number");
        cdl_expect(p, '.');
        cdl_expect_num(p, "a function number");
    } else {
        cdl_fail_expect(p, "'bits', 'k', 'M' or 'G' after a number");
    }
}

static void parse_oparams(struct parser *p, struct oparams *op)
{
    memset(op, 0, sizeof(*op));
    if (!cdl_is_p(p, '('))
        return;
    cdl_next(p);
    if (cdl_is_p(p, ')')) {
        cdl_next(p);
        return;
    }
    for (;;) {
        if (p->tk.t == T_NUM) {
            number_param(p, op);
        } else if (p->tk.t == T_ID) {
            int paddr = cdl_is_word(p, "paddr");
            cdl_next(p);
            if (cdl_is_p(p, ':')) {
                cdl_next(p);
                cdl_parse_value(p);
                if (paddr)
                    op->paddr = 1;
            }
        } else {
            cdl_fail_expect(p, "an object parameter");
        }
        if (cdl_is_p(p, ')')) {
            cdl_next(p);
            return;
        }
        cdl_expect(p, ',');
    }
}

/* An object declared again: only an implied untyped may be declared, once,
 * and only as an untyped if it covers others.  The message names the line
 * of the first declaration, found by reading the objects again (not while
 * already doing so: that reading stops at this error). */
static void check_again(struct parser *p, uint32_t id, const struct nref *r,
                        int64_t index, int type, const struct oparams *op)
{
    char buf[256];
    const struct kmem_obj *o = kmem_obj_at(p->s, id);
    const char *name = cdl_nref_text(r, index, buf, sizeof(buf));
    int ok = (type < 0 || type == KO_UT) ? o->type == KO_UT
                                         : !(o->flags & KF_DECLARED) && o->type == KO_UT;
    if ((!ok || (type >= 0 && type != KO_UT)) && p->locate != KMEM_NONE)
        cdl_fail(p, r->pos, "declared again");
    if (!ok) {
        unsigned long line = cdl_line_of(p, cdl_obj_pos(p, id));
        if (type < 0 || type == KO_UT)
            cdl_fail(p, r->pos, "'%s' was declared as %s on line %lu, not as ut",
                     name, kmem_otype_names[o->type], line);
        if ((o->flags & KF_DECLARED) || o->type != KO_UT)
            cdl_fail(p, r->pos, "'%s' is declared twice (first on line %lu)", name, line);
    }
    if (type >= 0 && type != KO_UT)
        cdl_fail(p, r->pos, "'%s' was used as an untyped container on line %lu "
                 "and cannot be a %s", name, cdl_line_of(p, cdl_obj_pos(p, id)),
                 kmem_otype_names[type]);
    if (type >= 0 && op->has_bits && (o->flags & KF_HAS_BITS) && o->bits != op->bits)
        cdl_fail(p, op->bits_pos, "untyped '%s' was given %u bits before", name, o->bits);
}

/* The parameters of a declaration; frames and cnodes need a size. */
static void apply_params(struct parser *p, uint32_t id, const struct nref *r,
                         int64_t index, int type, const struct oparams *op)
{
    char buf[256];
    struct kmem_obj *o = kmem_obj_at(p->s, id);
    o->flags |= KF_DECLARED;
    if (op->has_bits) {
        o->flags |= KF_HAS_BITS;
        o->bits = op->bits;
    }
    if (op->has_vm) {
        o->flags |= KF_HAS_VM;
        o->vmbits = op->vmbits;
    }
    if (op->paddr)
        o->flags |= KF_PADDR;
    if (type == KO_FRAME && !(o->flags & KF_HAS_VM)) {
        if (!op->has_bits)
            cdl_fail(p, r->pos, "frame '%s' has no size, such as (4k)",
                     cdl_nref_text(r, index, buf, sizeof(buf)));
        o->flags |= KF_HAS_VM;
        o->vmbits = op->bits;
    }
    if (type == KO_CNODE && !op->has_bits)
        cdl_fail(p, r->pos, "cnode '%s' has no size, such as (4 bits)",
                 cdl_nref_text(r, index, buf, sizeof(buf)));
}

/* Declares (or re-opens) element index of r (-1: r itself) at r->pos.
 * type < 0: an implied untyped.  A new object takes the declaration
 * record *decl, made at the first need, so an array's elements share one. */
static uint32_t declare(struct parser *p, const struct nref *r, int64_t index,
                        int type, const struct oparams *op, uint32_t *decl)
{
    uint32_t id = cdl_find_obj(p, r->name, r->len, index);
    if (id == KMEM_NONE) {
        if (*decl == KMEM_NONE)
            *decl = cdl_new_decl(p, r->name, r->len, r->pos);
        id = cdl_new_obj(p, *decl, index, r->pos, type < 0 ? KO_UT : type);
    } else {
        check_again(p, id, r, index, type, op);
        if (type < 0)
            return id;
        if (!(kmem_obj_at(p->s, id)->flags & KF_DECLARED))
            cdl_set_pos(p, id, r->pos);
    }
    if (type >= 0)
        apply_params(p, id, r, index, type, op);
    return id;
}

static int find_type(const struct parser *p)
{
    static uint8_t lens[KO_COUNT];
    if (!lens[0])
        for (int t = 0; t < KO_COUNT; t++)
            lens[t] = (uint8_t)strlen(kmem_otype_names[t]);
    const char *w = p->b + p->tk.pos;
    for (int t = 0; t < KO_COUNT; t++)
        if (p->tk.len == lens[t] && w[0] == kmem_otype_names[t][0] &&
            memcmp(w, kmem_otype_names[t], lens[t]) == 0)
            return t;
    return -1;
}

static void set_child(struct parser *p, uint32_t parent, uint32_t child)
{
    if (parent == KMEM_NONE)
        return;
    kmem_obj_at(p->s, parent)->flags |= KF_PARENT;
    kmem_obj_at(p->s, child)->flags |= KF_CHILD;
}

static void mark_child(struct parser *p, uint32_t obj, void *ctx)
{
    set_child(p, *(uint32_t *)ctx, obj);
}

/* Path component before a '/': one untyped, implied if new. */
static uint32_t path_ut(struct parser *p, const struct nref *r, uint32_t parent)
{
    int64_t index = -1;
    if (r->nr) {
        struct range rg = *KMEM_VEC_AT(&p->ranges, struct range, r->roff);
        if (r->nr != 1 || rg.kind != R_ONLY)
            cdl_fail(p, r->pos, "a path component must name a single untyped");
        struct array *a = cdl_find_array(p, r->name, r->len);
        if (!a || rg.a >= a->count)
            cdl_fail(p, r->pos, "'%.*s[%llu]' is not declared", (int)r->len,
                 r->name, (unsigned long long)rg.a);
        index = (int64_t)rg.a;
    }
    uint32_t decl = KMEM_NONE;
    uint32_t id = declare(p, r, index, -1, NULL, &decl);
    set_child(p, parent, id);
    return id;
}

struct decl_ctx {
    int type;
    const struct oparams *op;
    const struct nref *r;
    uint32_t parent, last;
};

static void redeclare(struct parser *p, uint32_t obj, void *vctx)
{
    struct decl_ctx *c = vctx;
    uint32_t decl = KMEM_NONE;   /* the element exists: never used */
    c->last = declare(p, c->r, kmem_obj_at(p->s, obj)->index, c->type, c->op, &decl);
    set_child(p, c->parent, c->last);
}

/* x[N] = ...: N new objects sharing one declaration record. */
static uint32_t declare_array(struct parser *p, const struct nref *r, uint64_t n,
                              int type, const struct oparams *op, uint32_t parent)
{
    if (n == 0)
        cdl_fail(p, r->pos, "array '%.*s' has no elements", (int)r->len, r->name);
    cdl_reserve_objects(p, r, n);
    uint32_t decl = cdl_new_decl(p, r->name, r->len, r->pos), last = KMEM_NONE;
    struct array *na = kmem_vec_push(&p->arrays);
    na->decl = decl;
    na->count = n;
    kmem_index_insert(&p->arr_ix, kmem_hash(r->name, r->len),
                      (uint32_t)(p->arrays.len - 1));
    for (uint64_t i = 0; i < n; i++) {
        last = declare(p, r, (int64_t)i, type, op, &decl);
        set_child(p, parent, last);
    }
    return last;
}

/* The type after '=' and its parameters. */
static int parse_type(struct parser *p, struct oparams *op)
{
    cdl_expect(p, '=');
    uint32_t type_pos = p->tk.pos;
    if (p->tk.t != T_ID)
        cdl_fail_expect(p, "an object type");
    int type = find_type(p);
    if (type < 0) {
        char buf[64];
        cdl_fail(p, type_pos, "unknown object type %s", cdl_tok_desc(p, buf, sizeof(buf)));
    }
    cdl_next(p);
    parse_oparams(p, op);
    return type;
}

static void parse_obj_decl(struct parser *p, struct nref *path, int n,
                           uint32_t parent)
{
    struct oparams op;
    int type = parse_type(p, &op);
    for (int i = 0; i < n - 1; i++)
        parent = path_ut(p, &path[i], parent);
    struct nref *r = &path[n - 1];
    uint32_t count = 1, last = KMEM_NONE, decl = KMEM_NONE;
    if (r->nr == 0) {
        last = declare(p, r, -1, type, &op, &decl);
        set_child(p, parent, last);
    } else {
        struct range rg = *KMEM_VEC_AT(&p->ranges, struct range, r->roff);
        if (r->nr == 1 && rg.kind == R_ONLY && !cdl_find_array(p, r->name, r->len)) {
            last = declare_array(p, r, rg.a, type, &op, parent);
            count = rg.a > 1 ? 2 : 1;
        } else {
            /* x[i] = ut ...: re-opens elements of an existing array */
            struct decl_ctx c = { type, &op, r, parent, KMEM_NONE };
            cdl_each_obj(p, r, redeclare, &c);
            last = c.last;
            count = r->nr == 1 && rg.kind == R_ONLY ? 1 : 2;  /* a block needs one */
        }
    }
    if (cdl_is_p(p, '{')) {
        if (type != KO_UT)
            cdl_fail(p, p->tk.pos, "only an untyped (ut) can cover other objects");
        if (count != 1)
            cdl_fail(p, p->tk.pos, "a '{...}' block needs a single untyped, not an array");
        parse_ut_block(p, last);
    }
}

static int parse_path(struct parser *p, struct nref *path)
{
    int n = 0;
    for (;;) {
        if (n == MAX_PATH)
            cdl_fail(p, p->tk.pos, "path has more than %d components", MAX_PATH);
        cdl_parse_nref(p, &path[n++]);
        if (!cdl_is_p(p, '/'))
            return n;
        cdl_next(p);
    }
}

static void parse_ut_block(struct parser *p, uint32_t parent)
{
    cdl_enter(p);
    cdl_expect(p, '{');
    while (!cdl_is_p(p, '}')) {
        struct nref path[MAX_PATH];
        int n = parse_path(p, path);
        if (cdl_is_p(p, '=')) {
            parse_obj_decl(p, path, n, parent);
        } else {
            if (n != 1)
                cdl_fail(p, path[0].pos, "expected '=' after a path");
            struct child *c = kmem_vec_push(&p->children);
            c->parent = parent;
            c->ref = path[0];
        }
        if (cdl_is_p(p, ','))
            cdl_next(p);
    }
    cdl_next(p);
    p->depth--;
}

static void parse_objects(struct parser *p)
{
    cdl_expect(p, '{');
    while (!cdl_is_p(p, '}')) {
        struct nref path[MAX_PATH];
        if (p->tk.t != T_ID)
            cdl_fail_expect(p, "an object declaration or '}'");
        int n = parse_path(p, path);
        parse_obj_decl(p, path, n, KMEM_NONE);
    }
    cdl_next(p);
}

static void parse_arch(struct parser *p)
{
    uint32_t pos = p->tk.pos;
    cdl_next(p);
    if (p->tk.t != T_ID)
        cdl_fail_expect(p, "an architecture name");
    enum kmem_arch a;
    int generic = 0;
    if (kmem_arch_parse(p->b + p->tk.pos, p->tk.len, &a, &generic) < 0) {
        char buf[64];
        cdl_fail(p, p->tk.pos, "unknown architecture %s", cdl_tok_desc(p, buf, sizeof(buf)));
    }
    if (p->s->arch != KA_NONE)
        cdl_fail(p, pos, "a second 'arch' line");
    p->s->arch = a;
    p->s->riscv_generic = generic;
    p->s->arch_pos = pos;
    cdl_next(p);
}


void cdl_pass1(struct parser *p)
{
    cdl_next(p);
    while (p->tk.t != T_EOF) {
        if (cdl_is_word(p, "arch")) {
            parse_arch(p);
        } else if (cdl_is_word(p, "objects")) {
            size_t *span = kmem_vec_push(&p->spans);
            span[0] = p->tk.pos;
            cdl_next(p);
            parse_objects(p);
            span = (size_t *)p->spans.data + 2 * (p->spans.len - 1);
            span[1] = p->tk.pos;   /* the token after '}' */
        } else if (cdl_is_word(p, "caps") || cdl_is_word(p, "cdt") ||
                   cdl_is_word(p, "domains")) {
            cdl_next(p);
            cdl_skip_section(p);
        } else if (cdl_is_word(p, "irq")) {
            cdl_next(p);
            if (!cdl_is_word(p, "maps"))
                cdl_fail_expect(p, "'maps' after 'irq'");
            cdl_next(p);
            cdl_skip_section(p);
        } else {
            cdl_fail_section(p);
        }
    }
    for (size_t i = 0; i < p->children.len; i++) {
        struct child *c = KMEM_VEC_AT(&p->children, struct child, i);
        cdl_each_obj(p, &c->ref, mark_child, &c->parent);
    }
}
