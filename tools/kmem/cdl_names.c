/* SPDX-License-Identifier: BSD-2-Clause */
/* Names: declaration records, the object index, arrays and ranges.
 *
 * An object's name lives once, in a declaration record of the spec's
 * names arena (kmem_decl_name): its length, then its bytes.  Elements of
 * an array share their array's record.  Where an object is declared is not
 * kept: a message that needs it reads the objects again (cdl_obj_pos).  The index maps
 * (name, index) to an object with one 32-bit slot each: id + 1 in the low
 * bits, the top bits of the key's hash as a tag that spares most name
 * comparisons; it lives only while the spec is read. */
#include "cdl.h"

#include <stdio.h>
#include <stdlib.h>

#define IX_ID_BITS 27
#define IX_ID_MASK ((1u << IX_ID_BITS) - 1)
#define IX_TAG(h) ((h) & ~IX_ID_MASK)

_Static_assert(KMEM_MAX_OBJECTS < IX_ID_MASK, "object ids fit an index slot");

static void out_of_memory(void)
{
    fputs("kmem: out of memory\n", stderr);
    exit(2);
}

/* A new declaration record for name (in the spec's text); returns its
 * offset.  pos is where it is declared, for a message. */
uint32_t cdl_new_decl(struct parser *p, const char *name, uint32_t len, uint32_t pos)
{
    struct kmem_vec *a = &p->s->names;
    size_t at = a->len, need = 5 + (size_t)len;
    if (at + need > UINT32_MAX)
        cdl_fail(p, pos, "names take more than 4 GiB");
    if (at + need > a->cap) {
        size_t cap = a->cap ? a->cap : 1 << 12;
        while (cap < at + need)
            cap *= 2;
        char *nd = realloc(a->data, cap);
        if (!nd)
            out_of_memory();
        a->data = nd;
        a->cap = cap;
    }
    unsigned char *d = (unsigned char *)a->data + at;
    uint32_t v = len;
    do {
        *d++ = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    memcpy(d, name, len);
    a->len = (size_t)(d - (unsigned char *)a->data) + len;
    return (uint32_t)at;
}

/* An implied object is declared at pos: its declaration from now on. */
void cdl_set_pos(struct parser *p, uint32_t obj, uint32_t pos)
{
    if (obj == p->locate)
        p->located = pos;
}

static int obj_is(const struct parser *p, uint32_t id, const struct objkey *k)
{
    const struct kmem_obj *o = kmem_obj_at(p->s, id);
    if (o->index != k->index)
        return 0;
    struct kmem_name n = kmem_obj_name(p->s, id);
    return n.len == k->len && memcmp(n.s, k->name, k->len) == 0;
}

uint32_t cdl_find_obj(const struct parser *p, const char *name, uint32_t len,
                      int64_t index)
{
    if (!p->ix_cap)
        return KMEM_NONE;
    struct objkey k = { name, len, index };
    uint32_t h = cdl_key_hash(name, len, index), tag = IX_TAG(h);
    size_t mask = p->ix_cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t v = p->ix[i];
        if (v == 0)
            return KMEM_NONE;
        if (IX_TAG(v) == tag && obj_is(p, (v & IX_ID_MASK) - 1, &k))
            return (v & IX_ID_MASK) - 1;
    }
}

static void ix_put(uint32_t *ix, size_t cap, uint32_t h, uint32_t id)
{
    size_t mask = cap - 1;
    size_t i = h & mask;
    while (ix[i])
        i = (i + 1) & mask;
    ix[i] = IX_TAG(h) | (id + 1);
}

static uint32_t obj_hash(const struct parser *p, uint32_t id)
{
    struct kmem_name n = kmem_obj_name(p->s, id);
    return cdl_key_hash(n.s, n.len, kmem_obj_at(p->s, id)->index);
}

/* Kept at most half full, so a probe ends soon. */
static void ix_insert(struct parser *p, uint32_t h, uint32_t id)
{
    if (2 * (p->ix_count + 1) > p->ix_cap) {
        size_t cap = p->ix_cap ? 2 * p->ix_cap : 1024;
        uint32_t *nix = calloc(cap, sizeof(*nix));
        if (!nix)
            out_of_memory();
        for (uint32_t o = 0; o < p->s->objs.len; o++)
            if (o != id)
                ix_put(nix, cap, obj_hash(p, o), o);
        free(p->ix);
        p->ix = nix;
        p->ix_cap = cap;
    }
    ix_put(p->ix, p->ix_cap, h, id);
    p->ix_count++;
}

void cdl_index_free(struct parser *p)
{
    free(p->ix);
    p->ix = NULL;
    p->ix_cap = p->ix_count = 0;
}

uint32_t cdl_new_obj(struct parser *p, uint32_t decl, int64_t index, uint32_t pos,
                     int type)
{
    if (++p->nelems > KMEM_MAX_OBJECTS)
        cdl_fail(p, pos, "more than %u objects", (unsigned)KMEM_MAX_OBJECTS);
    struct kmem_spec *s = p->s;
    uint32_t id = (uint32_t)s->objs.len;
    struct kmem_obj *o = kmem_vec_push(&s->objs);
    if (id == p->locate)
        p->located = pos;
    o->decl = decl;
    o->index = (int32_t)index;
    o->type = (uint8_t)type;
    ix_insert(p, obj_hash(p, id), id);
    return id;
}

unsigned long cdl_line_of(struct parser *p, uint32_t pos)
{
    unsigned long line, col;
    kmem_line_col(p->b, p->len, pos, &line, &col);
    return line;
}

static int arr_eq(const void *ctx, uint32_t id, const void *key)
{
    const struct parser *p = ctx;
    const struct objkey *k = key;
    const struct array *a = KMEM_VEC_AT(&p->arrays, struct array, id);
    struct kmem_name n = kmem_decl_name(p->s, a->decl);
    return n.len == k->len && memcmp(n.s, k->name, k->len) == 0;
}

struct array *cdl_find_array(struct parser *p, const char *name, uint32_t len)
{
    struct objkey k = { name, len, -1 };
    uint32_t id = kmem_index_find(&p->arr_ix, kmem_hash(name, len), arr_eq, p, &k);
    return id == KMEM_NONE ? NULL : KMEM_VEC_AT(&p->arrays, struct array, id);
}

uint32_t cdl_key_hash(const char *name, uint32_t len, int64_t index)
{
    uint32_t h = kmem_hash(name, len);
    if (index >= 0)
        h ^= (uint32_t)((uint64_t)(index + 1) * 0x9E3779B97F4A7C15ull >> 32);
    return h;
}

void cdl_parse_nref(struct parser *p, struct nref *r)
{
    if (p->tk.t != T_ID)
        cdl_fail_expect(p, "a name");
    r->name = p->b + p->tk.pos;
    r->len = p->tk.len;
    r->pos = p->tk.pos;
    r->roff = (uint32_t)p->ranges.len;
    r->nr = 0;
    cdl_next(p);
    if (!cdl_is_p(p, '['))
        return;
    cdl_next(p);
    if (cdl_is_p(p, ']')) {
        cdl_next(p);
        struct range *rg = kmem_vec_push(&p->ranges);
        rg->kind = R_ALL;
        r->nr = 1;
        return;
    }
    for (;;) {
        struct range *rg = kmem_vec_push(&p->ranges);
        r->nr++;
        if (p->tk.t == T_DOTDOT) {
            cdl_next(p);
            rg->kind = R_TO;
            rg->b = cdl_expect_num(p, "a number");
        } else {
            rg->a = cdl_expect_num(p, "a number or '..'");
            rg->kind = R_ONLY;
            if (p->tk.t == T_DOTDOT) {
                cdl_next(p);
                if (p->tk.t == T_NUM) {
                    rg->kind = R_FROMTO;
                    rg->b = p->tk.num;
                    cdl_next(p);
                    if (rg->b < rg->a)
                        cdl_fail(p, r->pos, "range %llu..%llu is empty",
                             (unsigned long long)rg->a, (unsigned long long)rg->b);
                } else {
                    rg->kind = R_FROM;
                }
            }
        }
        if (cdl_is_p(p, ']')) {
            cdl_next(p);
            return;
        }
        cdl_expect(p, ',');
    }
}

const char *cdl_nref_text(const struct nref *r, int64_t index, char *buf,
                             size_t n)
{
    if (index >= 0)
        snprintf(buf, n, "%.*s[%lld]", r->len > 200 ? 200 : (int)r->len,
                 r->name, (long long)index);
    else
        snprintf(buf, n, "%.*s", r->len > 200 ? 200 : (int)r->len, r->name);
    return buf;
}

static uint64_t object_limit(const struct parser *p)
{
    uint64_t n = KMEM_OBJECT_BASE + (uint64_t)KMEM_OBJECTS_PER_BYTE * p->len;
    return n < KMEM_MAX_OBJECTS ? n : KMEM_MAX_OBJECTS;
}

/* Counts one object named by a range or one capability. */
void cdl_count_work(struct parser *p, uint32_t pos)
{
    uint64_t limit = KMEM_WORK_BASE + (uint64_t)KMEM_WORK_PER_BYTE * p->len;
    if (++p->work > limit)
        cdl_fail(p, pos, "ranges and capabilities name more than %llu objects, too many for "
             "a spec of %zu bytes", (unsigned long long)limit, p->len);
}

void cdl_each_obj(struct parser *p, const struct nref *r, each_fn fn, void *ctx)
{
    char buf[256];
    if (r->nr == 0) {
        uint32_t o = cdl_find_obj(p, r->name, r->len, -1);
        if (o == KMEM_NONE)
            cdl_fail(p, r->pos, "unknown object '%s'", cdl_nref_text(r, -1, buf, sizeof(buf)));
        fn(p, o, ctx);
        return;
    }
    for (uint32_t k = 0; k < r->nr; k++) {
        struct range rg = *KMEM_VEC_AT(&p->ranges, struct range, r->roff + k);
        uint64_t lo = rg.a, hi = rg.b;
        if (rg.kind == R_ONLY)
            hi = lo;
        else if (rg.kind == R_TO)
            lo = 0;
        if (rg.kind == R_FROM || rg.kind == R_ALL) {
            struct array *a = cdl_find_array(p, r->name, r->len);
            if (!a)
                cdl_fail(p, r->pos, "'%s' is not an array",
                     cdl_nref_text(r, -1, buf, sizeof(buf)));
            if (rg.kind == R_ALL)
                lo = 0;
            if (a->count == 0 || lo > a->count - 1)
                cdl_fail(p, r->pos, "index %llu is past the end of '%s'",
                     (unsigned long long)lo, cdl_nref_text(r, -1, buf, sizeof(buf)));
            hi = a->count - 1;
        }
        for (uint64_t i = lo; i <= hi; i++) {
            if (i > INT64_MAX - 1)
                cdl_fail(p, r->pos, "index too large");
            uint32_t o = cdl_find_obj(p, r->name, r->len, (int64_t)i);
            if (o == KMEM_NONE)
                cdl_fail(p, r->pos, "unknown object '%s'",
                     cdl_nref_text(r, (int64_t)i, buf, sizeof(buf)));
            cdl_count_work(p, r->pos);
            fn(p, o, ctx);
        }
    }
}

/* Before an array of n elements is made: the running total stays within
 * the limits (n itself is not yet counted). */
void cdl_reserve_objects(struct parser *p, const struct nref *r, uint64_t n)
{
    if (n > KMEM_MAX_OBJECTS)
        cdl_fail(p, r->pos, "array '%.*s' is too large", (int)r->len, r->name);
    if (n > KMEM_MAX_OBJECTS - p->nelems)
        cdl_fail(p, r->pos, "more than %u objects", (unsigned)KMEM_MAX_OBJECTS);
    uint64_t limit = object_limit(p);
    if (p->nelems > limit || n > limit - p->nelems)
        cdl_fail(p, r->pos, "array '%.*s' makes more than %llu objects, too many for a spec "
             "of %zu bytes", (int)r->len, r->name, (unsigned long long)limit, p->len);
}
