/* SPDX-License-Identifier: BSD-2-Clause */
/* Attribution: every object to the component that holds it.
 *
 * Components are found from the threads: a TCB and the CNode and VSpace
 * root it is bound to (cspace / vspace slots) are the roots of one
 * component; TCBs sharing a CSpace or a VSpace are one component.  From
 * its roots each component reaches objects through capabilities (CNode
 * slots, page-table mappings, TCB slots); the walk does not enter another
 * component's roots nor the children of an untyped.  An object one
 * component reaches is that component's; one several reach is shared and
 * forms its own row named after what connects them, or with split_shared
 * is divided between them.  mote names (owner__kind__detail) say the owner
 * outright.  A TCB that holds no CSpace or VSpace cap is no component's
 * root; the prefix of its name (alpha_tcb: alpha) then names an owner by
 * names alone, which takes the unreached objects with that prefix. */
#include "account.h"

#include <stdlib.h>
#include <string.h>

const char *const kmem_kind_names[KK_COUNT] = {
    [KK_CODE] = "code", [KK_DATA] = "data", [KK_STACK] = "stack",
    [KK_IPCBUF] = "ipc_buffer", [KK_DATAPORT] = "dataport", [KK_MMIO] = "mmio",
    [KK_TCB] = "tcb", [KK_CNODE] = "cnode", [KK_EP] = "endpoint",
    [KK_NTFN] = "notification", [KK_PT] = "page_table", [KK_OTHER] = "other",
    [KK_UNTYPED] = "untyped",
};

/* ------------------------------------------------------------------ */
/* mote's names: <owner>__<kind>__<detail>                             */

static const char *const mote_kinds[MK_COUNT] = {
    "code", "rodata", "data", "stack", "ipcbuf", "tcb", "cnode", "vspace",
    "pt", "ep", "ntfn", "dataport", "mmio", "irq", "untyped", "asid_pool", "fpu",
};

/* Returns the kind, or -1; *owner_len is the length of the owner. */
int acct_mote_name(const char *s, size_t n, size_t *owner_len)
{
    size_t i = 0;
    while (i + 1 < n && !(s[i] == '_' && s[i + 1] == '_'))
        i++;
    if (i == 0 || i + 1 >= n)
        return -1;
    size_t k = i + 2, e = k;
    while (e < n && !(e + 1 < n && s[e] == '_' && s[e + 1] == '_'))
        e++;
    if (e + 1 >= n && e < n)
        e = n;
    for (int m = 0; m < MK_COUNT; m++)
        if (strlen(mote_kinds[m]) == e - k && memcmp(mote_kinds[m], s + k, e - k) == 0) {
            *owner_len = i;
            return m;
        }
    return -1;
}

static int all_mote_names(const struct kmem_spec *s)
{
    size_t seen = 0, ol;
    for (size_t i = 0; i < s->objs.len; i++) {
        const struct kmem_obj *o = kmem_obj_at(s, (uint32_t)i);
        if (o->type == KO_UT)
            continue;
        struct kmem_name nm = kmem_obj_name(s, (uint32_t)i);
        if (acct_mote_name(nm.s, nm.len, &ol) < 0)
            return 0;
        seen++;
    }
    return seen > 0;
}

/* ------------------------------------------------------------------ */


static uint32_t uf_find(uint32_t *uf, uint32_t x)
{
    while (uf[x] != x) {
        uf[x] = uf[uf[x]];
        x = uf[x];
    }
    return x;
}

static void uf_union(uint32_t *uf, uint32_t a, uint32_t b)
{
    a = uf_find(uf, a);
    b = uf_find(uf, b);
    if (a < b)
        uf[b] = a;
    else if (b < a)
        uf[a] = b;
}

void *acct_xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz);
    if (!p) {
        fputs("kmem: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static const char *obj_label(struct acct *a, uint32_t i)
{
    const struct kmem_obj *o = kmem_obj_at(a->s, i);
    struct kmem_name nm = kmem_obj_name(a->s, i);
    char buf[64];
    int extra = 0;
    if (o->index >= 0)
        extra = snprintf(buf, sizeof(buf), "[%lld]", (long long)o->index);
    char *p = kmem_arena_alloc(&a->r->arena, nm.len + (size_t)extra + 1);
    memcpy(p, nm.s, nm.len);
    if (extra)
        memcpy(p + nm.len, buf, (size_t)extra);
    p[nm.len + (size_t)extra] = 0;
    return p;
}

uint32_t acct_row_for(struct acct *a, const char *name, size_t n)
{
    uint32_t id = kmem_strmap_get(&a->row_ix, name, n);
    if (id != KMEM_NONE)
        return id;
    id = kmem_strmap_add(&a->row_ix, name, n);
    struct kmem_row *row = kmem_vec_push(&a->rows);
    row->name = *KMEM_VEC_AT(&a->row_ix.keys, const char *, id);
    return id;
}

int acct_ends_with(const char *s, size_t n, const char *suf, size_t *rest)
{
    size_t k = strlen(suf);
    if (n > k && memcmp(s + n - k, suf, k) == 0) {
        *rest = n - k;
        return 1;
    }
    return 0;
}

/* Root index of an object, or NONE. */
static uint32_t root_of(const struct acct *a, uint32_t obj)
{
    if (!(a->flags[obj] & AF_ROOT))
        return KMEM_NONE;
    uint32_t lo = 0, hi = a->nroots;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a->roots[mid] < obj)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The component whose root an object is, or NONE. */
uint32_t acct_comp_of(const struct acct *a, uint32_t obj)
{
    uint32_t r = root_of(a, obj);
    return r == KMEM_NONE ? KMEM_NONE : a->rcomp[r];
}

/* Longest prefix, cut at '_', that all roots of a component share. */
static size_t common_prefix(struct acct *a, const struct comp *c, const char **out)
{
    struct kmem_name f = kmem_obj_name(a->s, a->roots[c->head]);
    size_t len = f.len;
    for (uint32_t r = a->rnext[c->head]; r != KMEM_NONE; r = a->rnext[r]) {
        struct kmem_name o = kmem_obj_name(a->s, a->roots[r]);
        size_t k = 0;
        while (k < len && k < o.len && o.s[k] == f.s[k])
            k++;
        if (k < len) {
            if (k < o.len || k < f.len)
                while (k > 0 && f.s[k] != '_')
                    k--;
            len = k;
        }
    }
    while (len > 0 && f.s[len - 1] == '_')
        len--;
    *out = f.s;
    return len;
}

/* CAmkES names: X_cnode, X_group_bin_pd. */
static int camkes_root_name(const struct acct *a, uint32_t obj, size_t *rest)
{
    const struct kmem_obj *o = kmem_obj_at(a->s, obj);
    struct kmem_name n = kmem_obj_name(a->s, obj);
    return o->index < 0 &&
           ((o->type == KO_CNODE && acct_ends_with(n.s, n.len, "_cnode", rest)) ||
            acct_ends_with(n.s, n.len, "_group_bin_pd", rest));
}

static void name_component(struct acct *a, struct comp *c)
{
    size_t ol, rest;
    uint32_t tcb = KMEM_NONE;
    for (uint32_t r = c->head; r != KMEM_NONE; r = a->rnext[r]) {
        struct kmem_name n = kmem_obj_name(a->s, a->roots[r]);
        if (acct_mote_name(n.s, n.len, &ol) >= 0) {
            c->name = kmem_arena_strndup(&a->r->arena, n.s, ol);
            return;
        }
        if (kmem_obj_at(a->s, a->roots[r])->type == KO_TCB && tcb == KMEM_NONE)
            tcb = a->roots[r];
    }
    for (uint32_t r = c->head; r != KMEM_NONE; r = a->rnext[r])
        if (camkes_root_name(a, a->roots[r], &rest)) {
            c->name = kmem_arena_strndup(&a->r->arena, kmem_obj_name(a->s, a->roots[r]).s,
                                         rest);
            return;
        }
    const char *s;
    size_t n = common_prefix(a, c, &s);
    if (n > 0 && a->rnext[c->head] != KMEM_NONE) {
        c->name = kmem_arena_strndup(&a->r->arena, s, n);
        return;
    }
    c->name = obj_label(a, tcb != KMEM_NONE ? tcb : a->roots[c->head]);
}

static int u32_cmp(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* The roots: every TCB bound to a CSpace or VSpace and what it is bound
 * to, sorted and unique. */
static void collect_roots(struct acct *a)
{
    const struct kmem_spec *s = a->s;
    a->roots = acct_xcalloc(2 * s->binds.len, sizeof(uint32_t));
    uint32_t n = 0;
    for (size_t i = 0; i < s->binds.len; i++) {
        const struct kmem_bind *b = KMEM_VEC_AT(&s->binds, struct kmem_bind, i);
        if (b->slot == KMEM_SLOT_IPCBUF) {
            a->flags[b->target] |= AF_IPCBUF;
            continue;
        }
        a->flags[b->tcb] |= AF_ROOT;
        a->flags[b->target] |= AF_ROOT;
        if (b->slot == KMEM_SLOT_VSPACE)
            a->flags[b->target] |= AF_VROOT;
        a->roots[n++] = b->tcb;
        a->roots[n++] = b->target;
    }
    qsort(a->roots, n, sizeof(uint32_t), u32_cmp);
    uint32_t u = 0;
    for (uint32_t i = 0; i < n; i++)
        if (u == 0 || a->roots[u - 1] != a->roots[i])
            a->roots[u++] = a->roots[i];
    a->nroots = u;
    a->uf = acct_xcalloc(u, sizeof(uint32_t));
    a->rcomp = acct_xcalloc(u, sizeof(uint32_t));
    a->rnext = acct_xcalloc(u, sizeof(uint32_t));
    for (uint32_t r = 0; r < u; r++) {
        a->uf[r] = r;
        a->rcomp[r] = a->rnext[r] = KMEM_NONE;
    }
}

/* Components: classes of roots joined by bindings, numbered in
 * declaration order, each with its roots in that order. */
static void find_components(struct acct *a)
{
    const struct kmem_spec *s = a->s;
    collect_roots(a);
    for (size_t i = 0; i < s->binds.len; i++) {
        const struct kmem_bind *b = KMEM_VEC_AT(&s->binds, struct kmem_bind, i);
        if (b->slot != KMEM_SLOT_IPCBUF)
            uf_union(a->uf, root_of(a, b->tcb), root_of(a, b->target));
    }
    uint32_t *tail = acct_xcalloc(a->nroots, sizeof(uint32_t));
    for (uint32_t r = 0; r < a->nroots; r++) {
        uint32_t rep = uf_find(a->uf, r);
        if (a->rcomp[rep] == KMEM_NONE) {
            struct comp *c = kmem_vec_push(&a->comps);
            c->head = r;
            a->rcomp[rep] = (uint32_t)(a->comps.len - 1);
        } else {
            a->rnext[tail[a->rcomp[rep]]] = r;
        }
        a->rcomp[r] = a->rcomp[rep];
        tail[a->rcomp[r]] = r;
    }
    free(tail);
    for (size_t c = 0; c < a->comps.len; c++) {
        struct comp *cp = KMEM_VEC_AT(&a->comps, struct comp, c);
        name_component(a, cp);
        cp->row = acct_row_for(a, cp->name, strlen(cp->name));
        kmem_strmap_add(&a->comp_names, cp->name, strlen(cp->name));
    }
}

/* Owners by name: the prefix before the first '_' of each TCB that is no
 * component's root (alpha_tcb -> alpha), unless a component has it. */
static void name_owners(struct acct *a)
{
    for (uint32_t i = 0; i < a->n; i++) {
        if (kmem_obj_at(a->s, i)->type != KO_TCB || (a->flags[i] & AF_ROOT))
            continue;
        struct kmem_name nm = kmem_obj_name(a->s, i);
        const char *u = memchr(nm.s, '_', nm.len);
        size_t n = u ? (size_t)(u - nm.s) : 0;
        if (n == 0 || n + 1 >= nm.len)
            continue;
        if (kmem_strmap_get(&a->comp_names, nm.s, n) == KMEM_NONE)
            kmem_strmap_add(&a->comp_names, nm.s, n);
    }
}

static void reach(struct acct *a, uint32_t obj, uint32_t c)
{
    if (a->first[obj] == KMEM_NONE) {
        a->first[obj] = c;
    } else if (a->first[obj] != c) {
        a->flags[obj] |= AF_SHARED;
        struct pair *p = kmem_vec_push(&a->pairs);
        p->obj = obj;
        p->comp = c;
    }
}

#define SEEN(a, o) ((a)->seen[(o) >> 3] & (1u << ((o) & 7)))
#define SET_SEEN(a, o) ((a)->seen[(o) >> 3] |= (uint8_t)(1u << ((o) & 7)))

/* Component c's reach: breadth first from its roots, not into another
 * component's roots nor below an untyped. */
static void walk_one(struct acct *a, uint32_t c)
{
    const struct kmem_spec *s = a->s;
    const struct comp *cp = KMEM_VEC_AT(&a->comps, struct comp, c);
    struct kmem_vec *q = &a->queue;
    q->len = 0;
    for (uint32_t r = cp->head; r != KMEM_NONE; r = a->rnext[r]) {
        SET_SEEN(a, a->roots[r]);
        reach(a, a->roots[r], c);
        *(uint32_t *)kmem_vec_push(q) = a->roots[r];
    }
    for (size_t qh = 0; qh < q->len; qh++) {
        uint32_t o = *KMEM_VEC_AT(q, uint32_t, qh);
        if (kmem_obj_at(s, o)->type == KO_UT)
            continue;
        for (uint32_t k = s->adj_start[o]; k < s->adj_start[o + 1]; k++) {
            uint32_t t = s->adj_target[k], tc;
            if (SEEN(a, t) || ((tc = acct_comp_of(a, t)) != KMEM_NONE && tc != c))
                continue;
            SET_SEEN(a, t);
            reach(a, t, c);
            *(uint32_t *)kmem_vec_push(q) = t;
        }
    }
    for (size_t k = 0; k < q->len; k++) {
        uint32_t o = *KMEM_VEC_AT(q, uint32_t, k);
        a->seen[o >> 3] = 0;   /* whole bytes: every bit in it was this walk's */
    }
}

static void walk(struct acct *a)
{
    for (uint32_t c = 0; c < a->comps.len; c++)
        walk_one(a, c);
}















static int choose_sizes(struct acct *a)
{
    const struct kmem_spec *s = a->s;
    const struct kmem_options *o = a->o;
    enum kmem_arch arch = o->arch;
    if (arch == KA_NONE) {
        arch = s->arch;
        if (arch == KA_NONE) {
            kmem_error_at(a->d, s->file, s->buf, s->len, 0,
                          "no 'arch' line; give one with --arch");
            return -1;
        }
        if (arch == KA_RISCV64 && (s->mote_comment || all_mote_names(s)))
            arch = KA_MOTE;
    }
    int mcs = o->mcs;
    if (arch == KA_MOTE && mcs) {
        kmem_error(a->d, "%s: error: mote has no MCS objects (--mcs)", s->file);
        return -1;
    }
    if (arch != KA_MOTE)
        for (size_t i = 0; i < s->objs.len && !mcs; i++) {
            int t = kmem_obj_at(s, (uint32_t)i)->type;
            mcs = t == KO_SC || t == KO_RTREPLY;
        }
    kmem_sizes_for(&a->r->sizes, arch, mcs);
    a->r->arch = arch;
    if (o->sizes_file) {
        char *buf;
        size_t len;
        if (kmem_read_file(o->sizes_file, &buf, &len, a->d) < 0)
            return -1;
        int rc = kmem_sizes_load(&a->r->sizes, o->sizes_file, buf, len, a->d);
        free(buf);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int kmem_account(const struct kmem_spec *s, const struct kmem_options *o,
                 struct kmem_report *r, struct kmem_diag *d)
{
    memset(r, 0, sizeof(*r));
    r->file = s->file;
    r->nobjects = s->objs.len;
    r->ncaps = s->ncaps;
    struct acct a = { .s = s, .o = o, .r = r, .d = d, .n = s->objs.len };
    if (choose_sizes(&a) < 0)
        return -1;
    a.first = acct_xcalloc(a.n, sizeof(uint32_t));
    a.flags = acct_xcalloc(a.n, 1);
    a.seen = acct_xcalloc(a.n / 8 + 1, 1);
    memset(a.first, 0xff, a.n * sizeof(uint32_t));   /* KMEM_NONE */
    kmem_vec_init(&a.queue, sizeof(uint32_t));
    kmem_vec_init(&a.comps, sizeof(struct comp));
    kmem_vec_init(&a.pairs, sizeof(struct pair));
    kmem_vec_init(&a.rows, sizeof(struct kmem_row));
    find_components(&a);
    name_owners(&a);
    walk(&a);
    int rc = acct_attribute(&a);
    if (rc == 0)
        acct_finish(&a);
    free(a.first);
    free(a.flags);
    free(a.seen);
    kmem_vec_free(&a.queue);
    free(a.roots);
    free(a.uf);
    free(a.rcomp);
    free(a.rnext);
    kmem_vec_free(&a.comps);
    kmem_vec_free(&a.pairs);
    kmem_vec_free(&a.rows);
    kmem_strmap_free(&a.row_ix);
    kmem_strmap_free(&a.comp_names);
    return rc;
}

void kmem_report_free(struct kmem_report *r)
{
    free(r->rows);
    kmem_arena_free(&r->arena);
    memset(r, 0, sizeof(*r));
}

const struct kmem_row *kmem_report_find(const struct kmem_report *r, const char *name)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (strcmp(r->rows[i].name, name) == 0)
            return &r->rows[i];
    return NULL;
}

int kmem_account_file(const char *path, const struct kmem_options *o,
                      struct kmem_report *r, struct kmem_diag *d)
{
    memset(r, 0, sizeof(*r));
    struct kmem_spec s;
    int rc = kmem_parse_file(&s, path, d);
    if (rc == 0)
        rc = kmem_account(&s, o, r, d);
    if (rc == 0)
        r->file = path;
    kmem_spec_free(&s);
    return rc;
}
