/* SPDX-License-Identifier: BSD-2-Clause */
/* Arena, growable vectors, hashing and the error printer. */
#include "kmem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct kmem_arena_block {
    struct kmem_arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

void *kmem_arena_alloc(struct kmem_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    struct kmem_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        b = malloc(sizeof(*b) + cap);
        if (!b) {
            fputs("kmem: out of memory\n", stderr);
            exit(2);
        }
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *kmem_arena_strndup(struct kmem_arena *a, const char *s, size_t n)
{
    char *p = kmem_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void kmem_arena_free(struct kmem_arena *a)
{
    while (a->head) {
        struct kmem_arena_block *n = a->head->next;
        free(a->head);
        a->head = n;
    }
}

void kmem_vec_init(struct kmem_vec *v, size_t elem)
{
    v->data = NULL;
    v->len = v->cap = 0;
    v->elem = elem;
}

void *kmem_vec_push(struct kmem_vec *v)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        void *d = realloc(v->data, cap * v->elem);
        if (!d) {
            fputs("kmem: out of memory\n", stderr);
            exit(2);
        }
        v->data = d;
        v->cap = cap;
    }
    void *p = (char *)v->data + v->len++ * v->elem;
    memset(p, 0, v->elem);
    return p;
}

void kmem_vec_free(struct kmem_vec *v)
{
    free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}

/* Eight bytes at a time, multiply and fold, then a final avalanche so
 * that names differing only in their last characters spread over the
 * whole table. */
uint32_t kmem_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    for (size_t k = 0; i + k < n; k++)
        w |= (uint64_t)(unsigned char)s[i + k] << (8 * k);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 29;
    return (uint32_t)h;
}

static void index_grow(struct kmem_index *ix)
{
    size_t cap = ix->cap ? ix->cap * 2 : 1024;
    struct kmem_index_slot *slots = calloc(cap, sizeof(*slots));
    if (!slots) {
        fputs("kmem: out of memory\n", stderr);
        exit(2);
    }
    for (size_t i = 0; i < ix->cap; i++) {
        if (!ix->slots[i].id)
            continue;
        size_t j = ix->slots[i].hash & (cap - 1);
        while (slots[j].id)
            j = (j + 1) & (cap - 1);
        slots[j] = ix->slots[i];
    }
    free(ix->slots);
    ix->slots = slots;
    ix->cap = cap;
}

uint32_t kmem_index_find(const struct kmem_index *ix, uint32_t hash,
                         kmem_eq_fn eq, const void *ctx, const void *key)
{
    if (!ix->cap)
        return KMEM_NONE;
    for (size_t j = hash & (ix->cap - 1);; j = (j + 1) & (ix->cap - 1)) {
        const struct kmem_index_slot *s = &ix->slots[j];
        if (!s->id)
            return KMEM_NONE;
        if (s->hash == hash && eq(ctx, s->id - 1, key))
            return s->id - 1;
    }
}

void kmem_index_insert(struct kmem_index *ix, uint32_t hash, uint32_t id)
{
    if ((ix->count + 1) * 2 > ix->cap)
        index_grow(ix);
    size_t j = hash & (ix->cap - 1);
    while (ix->slots[j].id)
        j = (j + 1) & (ix->cap - 1);
    ix->slots[j].id = id + 1;
    ix->slots[j].hash = hash;
    ix->count++;
}

void kmem_index_free(struct kmem_index *ix)
{
    free(ix->slots);
    memset(ix, 0, sizeof(*ix));
}

struct strkey {
    const char *s;
    size_t n;
};

static int strmap_eq(const void *ctx, uint32_t id, const void *key)
{
    const struct kmem_strmap *m = ctx;
    const struct strkey *k = key;
    const char *have = *KMEM_VEC_AT(&m->keys, const char *, id);
    return strncmp(have, k->s, k->n) == 0 && have[k->n] == 0;
}

uint32_t kmem_strmap_get(const struct kmem_strmap *m, const char *s, size_t n)
{
    struct strkey k = { s, n };
    return kmem_index_find(&m->ix, kmem_hash(s, n), strmap_eq, m, &k);
}

uint32_t kmem_strmap_add(struct kmem_strmap *m, const char *s, size_t n)
{
    uint32_t id = kmem_strmap_get(m, s, n);
    if (id != KMEM_NONE)
        return id;
    if (!m->keys.elem)
        kmem_vec_init(&m->keys, sizeof(const char *));
    id = (uint32_t)m->keys.len;
    *(const char **)kmem_vec_push(&m->keys) = kmem_arena_strndup(&m->arena, s, n);
    kmem_index_insert(&m->ix, kmem_hash(s, n), id);
    return id;
}

void kmem_strmap_free(struct kmem_strmap *m)
{
    kmem_index_free(&m->ix);
    kmem_vec_free(&m->keys);
    kmem_arena_free(&m->arena);
}

void kmem_line_col(const char *buf, size_t len, size_t pos,
                   unsigned long *line, unsigned long *col)
{
    unsigned long l = 1, c = 1;
    if (pos > len)
        pos = len;
    for (size_t i = 0; i < pos; i++) {
        if (buf[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

void kmem_error_at(struct kmem_diag *d, const char *file, const char *buf,
                   size_t len, size_t pos, const char *fmt, ...)
{
    unsigned long line, col;
    kmem_line_col(buf, len, pos, &line, &col);
    d->errors++;
    if (!d->err)
        return;
    fprintf(d->err, "%s:%lu:%lu: error: ", file, line, col);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(d->err, fmt, ap);
    va_end(ap);
    fputc('\n', d->err);
}

void kmem_error(struct kmem_diag *d, const char *fmt, ...)
{
    d->errors++;
    if (!d->err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(d->err, fmt, ap);
    va_end(ap);
    fputc('\n', d->err);
}
