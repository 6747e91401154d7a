/* SPDX-License-Identifier: BSD-2-Clause */
/* Charging: every object to the row of the component that holds it, a
 * shared row, an owner its name gives, or (unowned); and its kind. */
#include "account.h"

#include <stdlib.h>
#include <string.h>

static int pair_cmp(const void *x, const void *y)
{
    const struct pair *a = x, *b = y;
    if (a->obj != b->obj)
        return a->obj < b->obj ? -1 : 1;
    return a->comp < b->comp ? -1 : a->comp > b->comp;
}

static int has_sub(const char *s, size_t n, const char *sub)
{
    size_t k = strlen(sub);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, sub, k) == 0)
            return 1;
    return 0;
}

static int classify(struct acct *a, uint32_t i, int mk, int connection)
{
    const struct kmem_obj *o = kmem_obj_at(a->s, i);
    struct kmem_name on = kmem_obj_name(a->s, i);
    switch (o->type) {
    case KO_FRAME:
        break;
    case KO_TCB: return KK_TCB;
    case KO_CNODE: return KK_CNODE;
    case KO_EP: return KK_EP;
    case KO_NTFN: return KK_NTFN;
    case KO_PT: case KO_PD: case KO_PUD: case KO_PGD: case KO_PDPT:
    case KO_PML4:
        return KK_PT;
    case KO_UT: return KK_UNTYPED;
    default: return KK_OTHER;
    }
    if (o->flags & KF_PADDR)
        return KK_MMIO;
    switch (mk) {
    case MK_CODE: case MK_RODATA: return KK_CODE;
    case MK_DATA: return KK_DATA;
    case MK_STACK: return KK_STACK;
    case MK_IPCBUF: return KK_IPCBUF;
    case MK_DATAPORT: return KK_DATAPORT;
    case MK_MMIO: return KK_MMIO;
    default: break;
    }
    const char *n = on.s;
    size_t len = on.len;
    if (has_sub(n, len, "_camkes_stack_") || (len > 6 && memcmp(n, "stack_", 6) == 0))
        return KK_STACK;
    if ((a->flags[i] & AF_IPCBUF) || has_sub(n, len, "ipc_buffer"))
        return KK_IPCBUF;
    if (connection || (a->flags[i] & AF_SHARED) || has_sub(n, len, "_data") ||
        has_sub(n, len, "dataport"))
        return KK_DATAPORT;
    if (o->flags & KF_MAP_X)
        return KK_CODE;
    return KK_DATA;
}

static void add(struct acct *a, uint32_t row, int kind, uint64_t bytes, uint64_t count)
{
    struct kmem_row *r = KMEM_VEC_AT(&a->rows, struct kmem_row, row);
    r->bytes[kind] = r->bytes[kind] + bytes < r->bytes[kind] ? UINT64_MAX
                                                             : r->bytes[kind] + bytes;
    r->count[kind] += count;
}

/* Row of a shared object: the connection its name gives, else the names
 * of the components that share it. */
static uint32_t shared_row(struct acct *a, uint32_t i, const struct pair *ps,
                           size_t np)
{
    struct kmem_name on = kmem_obj_name(a->s, i);
    size_t n = on.len, rest;
    static const char *const sufs[] = { "_ep", "_ntfn", "_notification",
                                        "_data", "_frame", "_dataport" };
    for (int round = 0; round < 3; round++) {
        if (acct_ends_with(on.s, n, "_obj", &rest))
            n = rest;
        size_t k = n;
        while (k > 0 && on.s[k - 1] >= '0' && on.s[k - 1] <= '9')
            k--;
        if (k < n && k > 1 && on.s[k - 1] == '_')
            n = k - 1;
    }
    int cut = 0;
    for (size_t s = 0; s < sizeof(sufs) / sizeof(*sufs); s++)
        if (acct_ends_with(on.s, n, sufs[s], &rest)) {
            n = rest;
            cut = 1;
            break;
        }
    if (cut && kmem_strmap_get(&a->comp_names, on.s, n) == KMEM_NONE) {
        uint32_t row = acct_row_for(a, on.s, n);
        KMEM_VEC_AT(&a->rows, struct kmem_row, row)->shared = 1;
        return row;
    }
    /* "a+b": the sharing components, by name */
    size_t total = 0;
    for (size_t k = 0; k < np; k++)
        total += strlen(KMEM_VEC_AT(&a->comps, struct comp, ps[k].comp)->name) + 1;
    char *buf = acct_xcalloc(total + 1, 1);
    const char **names = acct_xcalloc(np, sizeof(*names));
    for (size_t k = 0; k < np; k++)
        names[k] = KMEM_VEC_AT(&a->comps, struct comp, ps[k].comp)->name;
    for (size_t x = 1; x < np; x++)
        for (size_t y = x; y > 0 && strcmp(names[y - 1], names[y]) > 0; y--) {
            const char *t = names[y];
            names[y] = names[y - 1];
            names[y - 1] = t;
        }
    for (size_t k = 0; k < np; k++) {
        if (k)
            strcat(buf, "+");
        strcat(buf, names[k]);
    }
    uint32_t row = acct_row_for(a, buf, strlen(buf));
    KMEM_VEC_AT(&a->rows, struct kmem_row, row)->shared = 1;
    free(buf);
    free(names);
    return row;
}

/* A component whose name starts the object's name (after a CAmkES type
 * prefix such as frame_ or pt_), for objects no component reaches. */
static uint32_t prefix_owner(struct acct *a, uint32_t i)
{
    struct kmem_name on = kmem_obj_name(a->s, i);
    static const char *const pre[] = { "", "frame_", "pt_", "pd_",
                                       "stack__camkes_stack_" };
    uint32_t best = KMEM_NONE;
    size_t best_len = 0;
    for (size_t p = 0; p < sizeof(pre) / sizeof(*pre); p++) {
        size_t pl = strlen(pre[p]);
        if (on.len <= pl || memcmp(on.s, pre[p], pl) != 0)
            continue;
        for (size_t k = pl + 1; k < on.len; k++) {
            if (on.s[k] != '_' || k - pl <= best_len)
                continue;
            uint32_t id = kmem_strmap_get(&a->comp_names, on.s + pl, k - pl);
            if (id != KMEM_NONE) {
                best = id;
                best_len = k - pl;
            }
        }
    }
    if (best == KMEM_NONE)
        return KMEM_NONE;
    const char *name = *KMEM_VEC_AT(&a->comp_names.keys, const char *, best);
    uint32_t row = acct_row_for(a, name, strlen(name));
    if (best >= a->comps.len)
        KMEM_VEC_AT(&a->rows, struct kmem_row, row)->by_name = 1;
    return row;
}

/* The components that reach object i: first, then the sorted pairs. */
static void gather_reachers(struct acct *a, uint32_t i, size_t *pi, struct kmem_vec *out)
{
    out->len = 0;
    if (a->first[i] != KMEM_NONE) {
        struct pair *p0 = kmem_vec_push(out);
        p0->obj = i;
        p0->comp = a->first[i];
    }
    while (*pi < a->pairs.len && KMEM_VEC_AT(&a->pairs, struct pair, *pi)->obj == i)
        *(struct pair *)kmem_vec_push(out) = *KMEM_VEC_AT(&a->pairs, struct pair, (*pi)++);
}

struct charge {
    int mk;             /* mote kind of the name, or -1 */
    size_t owner_len;   /* of a mote name */
    int split, connection;
};

/* A mote name says the owner: a component, or a connection's own row
 * (divided between the reachers with split_shared). */
static uint32_t mote_row(struct acct *a, struct kmem_name on, size_t nr, struct charge *c)
{
    if (kmem_strmap_get(&a->comp_names, on.s, c->owner_len) != KMEM_NONE)
        return acct_row_for(a, on.s, c->owner_len);
    c->connection = 1;
    if (a->o->split_shared && nr > 0) {
        c->split = 1;
        return KMEM_NONE;
    }
    uint32_t row = acct_row_for(a, on.s, c->owner_len);
    KMEM_VEC_AT(&a->rows, struct kmem_row, row)->shared = 1;
    return row;
}

/* The row object i is charged to (KMEM_NONE when it is split). */
static uint32_t choose_row(struct acct *a, uint32_t i, const struct kmem_vec *reachers,
                           struct charge *c)
{
    struct kmem_name on = kmem_obj_name(a->s, i);
    c->mk = acct_mote_name(on.s, on.len, &c->owner_len);
    uint32_t owner = acct_comp_of(a, i);
    if (owner != KMEM_NONE)
        return KMEM_VEC_AT(&a->comps, struct comp, owner)->row;
    if (c->mk >= 0)
        return mote_row(a, on, reachers->len, c);
    if (reachers->len == 1)
        return KMEM_VEC_AT(&a->comps, struct comp, a->first[i])->row;
    if (reachers->len > 1) {
        c->split = a->o->split_shared;
        return c->split ? KMEM_NONE : shared_row(a, i, reachers->data, reachers->len);
    }
    uint32_t row = prefix_owner(a, i);
    if (row == KMEM_NONE) {
        row = acct_row_for(a, "(unowned)", 9);
        KMEM_VEC_AT(&a->rows, struct kmem_row, row)->unowned = 1;
    }
    return row;
}

/* Divided equally; the first reachers take the remainder bytes. */
static void split_bytes(struct acct *a, const struct kmem_vec *reachers, int kind,
                        uint64_t bytes)
{
    uint64_t k = reachers->len, each = bytes / k, extra = bytes % k;
    for (size_t j = 0; j < reachers->len; j++) {
        uint32_t c = KMEM_VEC_AT(reachers, struct pair, j)->comp;
        add(a, KMEM_VEC_AT(&a->comps, struct comp, c)->row, kind,
            each + (j < extra ? 1 : 0), 1);
    }
}

int acct_attribute(struct acct *a)
{
    const struct kmem_spec *s = a->s;
    if (a->pairs.len)
        qsort(a->pairs.data, a->pairs.len, sizeof(struct pair), pair_cmp);
    size_t pi = 0;
    struct kmem_vec reachers;
    kmem_vec_init(&reachers, sizeof(struct pair));
    int rc = 0;
    for (uint32_t i = 0; i < a->n && rc == 0; i++) {
        const struct kmem_obj *o = kmem_obj_at(s, i);
        gather_reachers(a, i, &pi, &reachers);
        if (o->type == KO_UT && (o->flags & KF_PARENT))
            continue;   /* containers are their children */
        uint64_t bytes;
        rc = kmem_obj_size(s, &a->r->sizes, i, (a->flags[i] & AF_VROOT) != 0, &bytes,
                           a->d);
        if (rc < 0)
            break;
        struct charge c = { -1, 0, 0, 0 };
        uint32_t row = choose_row(a, i, &reachers, &c);
        int kind = classify(a, i, c.mk, c.connection);
        if (c.split)
            split_bytes(a, &reachers, kind, bytes);
        else
            add(a, row, kind, bytes, 1);
    }
    kmem_vec_free(&reachers);
    return rc;
}

static int row_cmp(const void *x, const void *y)
{
    const struct kmem_row *a = x, *b = y;
    if (a->unowned != b->unowned)
        return a->unowned - b->unowned;
    return strcmp(a->name, b->name);
}

void acct_finish(struct acct *a)
{
    struct kmem_report *r = a->r;
    r->nrows = a->rows.len;
    r->rows = a->rows.data;   /* taken over: a report of many rows is big */
    a->rows.data = NULL;
    a->rows.len = a->rows.cap = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        struct kmem_row *row = &r->rows[i];
        row->name = kmem_arena_strndup(&r->arena, row->name, strlen(row->name));
        for (int k = 0; k < KK_COUNT; k++)
            if (kmem_kind_counted(k))
                row->total = row->total + row->bytes[k] < row->total
                                 ? UINT64_MAX : row->total + row->bytes[k];
        r->total = r->total + row->total < r->total ? UINT64_MAX : r->total + row->total;
    }
    if (r->nrows)
        qsort(r->rows, r->nrows, sizeof(*r->rows), row_cmp);
}
