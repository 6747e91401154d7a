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
 * outright. */
#include "kmem.h"

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

enum {
    MK_CODE, MK_RODATA, MK_DATA, MK_STACK, MK_IPCBUF, MK_TCB, MK_CNODE,
    MK_VSPACE, MK_PT, MK_EP, MK_NTFN, MK_DATAPORT, MK_MMIO, MK_IRQ,
    MK_UNTYPED, MK_ASID_POOL, MK_COUNT
};
static const char *const mote_kinds[MK_COUNT] = {
    "code", "rodata", "data", "stack", "ipcbuf", "tcb", "cnode", "vspace",
    "pt", "ep", "ntfn", "dataport", "mmio", "irq", "untyped", "asid_pool",
};

/* Returns the kind, or -1; *owner_len is the length of the owner. */
static int mote_name(const char *s, size_t n, size_t *owner_len)
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
        if (mote_name(o->name, o->name_len, &ol) < 0)
            return 0;
        seen++;
    }
    return seen > 0;
}

/* ------------------------------------------------------------------ */

struct acct {
    const struct kmem_spec *s;
    const struct kmem_options *o;
    struct kmem_report *r;
    struct kmem_diag *d;
    size_t n;
    uint32_t *uf;          /* union-find over roots */
    uint32_t *root_comp;   /* component of a root object, or NONE */
    uint32_t *first;       /* first component that reaches an object */
    uint32_t *stamp;
    uint32_t *queue;
    uint32_t *next_root;
    uint8_t *flags;        /* AF_* */
    struct kmem_vec comps; /* struct comp */
    struct kmem_vec pairs; /* struct pair: further reachers */
    struct kmem_vec rows;  /* struct kmem_row */
    struct kmem_strmap row_ix;
    struct kmem_strmap comp_names;
};

#define AF_ROOT 1u
#define AF_VROOT 2u
#define AF_SHARED 4u
#define AF_IPCBUF 8u

struct comp {
    uint32_t head;     /* first root, linked by next_root */
    uint32_t row;
    const char *name;
};

struct pair {
    uint32_t obj, comp;
};

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

static void *xcalloc(size_t n, size_t sz)
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
    char buf[64];
    int extra = 0;
    if (o->index >= 0)
        extra = snprintf(buf, sizeof(buf), "[%lld]", (long long)o->index);
    char *p = kmem_arena_alloc(&a->r->arena, o->name_len + (size_t)extra + 1);
    memcpy(p, o->name, o->name_len);
    if (extra)
        memcpy(p + o->name_len, buf, (size_t)extra);
    p[o->name_len + (size_t)extra] = 0;
    return p;
}

static uint32_t row_for(struct acct *a, const char *name, size_t n)
{
    uint32_t id = kmem_strmap_get(&a->row_ix, name, n);
    if (id != KMEM_NONE)
        return id;
    id = kmem_strmap_add(&a->row_ix, name, n);
    struct kmem_row *row = kmem_vec_push(&a->rows);
    row->name = *KMEM_VEC_AT(&a->row_ix.keys, const char *, id);
    return id;
}

static int ends_with(const char *s, size_t n, const char *suf, size_t *rest)
{
    size_t k = strlen(suf);
    if (n > k && memcmp(s + n - k, suf, k) == 0) {
        *rest = n - k;
        return 1;
    }
    return 0;
}

/* Longest prefix, cut at '_', that all roots of a component share. */
static size_t common_prefix(struct acct *a, const struct comp *c, const char **out)
{
    const struct kmem_obj *f = kmem_obj_at(a->s, c->head);
    size_t len = f->name_len;
    for (uint32_t r = a->next_root[c->head]; r != KMEM_NONE; r = a->next_root[r]) {
        const struct kmem_obj *o = kmem_obj_at(a->s, r);
        size_t k = 0;
        while (k < len && k < o->name_len && o->name[k] == f->name[k])
            k++;
        if (k < len) {
            if (k < o->name_len || k < f->name_len)
                while (k > 0 && f->name[k] != '_')
                    k--;
            len = k;
        }
    }
    while (len > 0 && f->name[len - 1] == '_')
        len--;
    *out = f->name;
    return len;
}

static void name_component(struct acct *a, struct comp *c)
{
    size_t ol, rest;
    uint32_t tcb = KMEM_NONE;
    for (uint32_t r = c->head; r != KMEM_NONE; r = a->next_root[r]) {
        const struct kmem_obj *o = kmem_obj_at(a->s, r);
        if (mote_name(o->name, o->name_len, &ol) >= 0) {
            c->name = kmem_arena_strndup(&a->r->arena, o->name, ol);
            return;
        }
        if (o->type == KO_TCB && tcb == KMEM_NONE)
            tcb = r;
    }
    for (uint32_t r = c->head; r != KMEM_NONE; r = a->next_root[r]) {
        const struct kmem_obj *o = kmem_obj_at(a->s, r);
        if (o->index < 0 && ((o->type == KO_CNODE &&
                              ends_with(o->name, o->name_len, "_cnode", &rest)) ||
                             ends_with(o->name, o->name_len, "_group_bin_pd", &rest))) {
            c->name = kmem_arena_strndup(&a->r->arena, o->name, rest);
            return;
        }
    }
    const char *s;
    size_t n = common_prefix(a, c, &s);
    if (n > 0 && a->next_root[c->head] != KMEM_NONE) {
        c->name = kmem_arena_strndup(&a->r->arena, s, n);
        return;
    }
    c->name = obj_label(a, tcb != KMEM_NONE ? tcb : c->head);
}

static void find_components(struct acct *a)
{
    const struct kmem_spec *s = a->s;
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
        uf_union(a->uf, b->tcb, b->target);
    }
    /* one component per class, numbered in declaration order */
    for (uint32_t i = 0; i < a->n; i++) {
        if (!(a->flags[i] & AF_ROOT))
            continue;
        uint32_t rep = uf_find(a->uf, i);
        if (a->root_comp[rep] == KMEM_NONE) {
            struct comp *c = kmem_vec_push(&a->comps);
            c->head = KMEM_NONE;
            a->root_comp[rep] = (uint32_t)(a->comps.len - 1);
        }
        a->root_comp[i] = a->root_comp[rep];
    }
    /* root lists, kept in declaration order */
    struct kmem_vec tails;
    kmem_vec_init(&tails, sizeof(uint32_t));
    for (size_t c = 0; c < a->comps.len; c++)
        *(uint32_t *)kmem_vec_push(&tails) = KMEM_NONE;
    for (uint32_t i = 0; i < a->n; i++) {
        if (!(a->flags[i] & AF_ROOT))
            continue;
        uint32_t c = a->root_comp[i];
        uint32_t *tail = KMEM_VEC_AT(&tails, uint32_t, c);
        struct comp *cp = KMEM_VEC_AT(&a->comps, struct comp, c);
        if (*tail == KMEM_NONE)
            cp->head = i;
        else
            a->next_root[*tail] = i;
        *tail = i;
    }
    kmem_vec_free(&tails);
    for (size_t c = 0; c < a->comps.len; c++) {
        struct comp *cp = KMEM_VEC_AT(&a->comps, struct comp, c);
        name_component(a, cp);
        cp->row = row_for(a, cp->name, strlen(cp->name));
        kmem_strmap_add(&a->comp_names, cp->name, strlen(cp->name));
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

static void walk(struct acct *a)
{
    const struct kmem_spec *s = a->s;
    for (uint32_t c = 0; c < a->comps.len; c++) {
        const struct comp *cp = KMEM_VEC_AT(&a->comps, struct comp, c);
        size_t qh = 0, qt = 0;
        for (uint32_t r = cp->head; r != KMEM_NONE; r = a->next_root[r]) {
            a->stamp[r] = c + 1;
            reach(a, r, c);
            a->queue[qt++] = r;
        }
        while (qh < qt) {
            uint32_t o = a->queue[qh++];
            if (kmem_obj_at(s, o)->type == KO_UT)
                continue;
            for (uint32_t k = s->adj_start[o]; k < s->adj_start[o + 1]; k++) {
                uint32_t t = s->adj_target[k];
                if (a->stamp[t] == c + 1)
                    continue;
                if (a->root_comp[t] != KMEM_NONE && a->root_comp[t] != c)
                    continue;
                a->stamp[t] = c + 1;
                reach(a, t, c);
                a->queue[qt++] = t;
            }
        }
    }
}

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
    const char *n = o->name;
    size_t len = o->name_len;
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
    const struct kmem_obj *o = kmem_obj_at(a->s, i);
    size_t n = o->name_len, rest;
    static const char *const sufs[] = { "_ep", "_ntfn", "_notification",
                                        "_data", "_frame", "_dataport" };
    for (int round = 0; round < 3; round++) {
        if (ends_with(o->name, n, "_obj", &rest))
            n = rest;
        size_t k = n;
        while (k > 0 && o->name[k - 1] >= '0' && o->name[k - 1] <= '9')
            k--;
        if (k < n && k > 1 && o->name[k - 1] == '_')
            n = k - 1;
    }
    int cut = 0;
    for (size_t s = 0; s < sizeof(sufs) / sizeof(*sufs); s++)
        if (ends_with(o->name, n, sufs[s], &rest)) {
            n = rest;
            cut = 1;
            break;
        }
    if (cut && kmem_strmap_get(&a->comp_names, o->name, n) == KMEM_NONE) {
        uint32_t row = row_for(a, o->name, n);
        KMEM_VEC_AT(&a->rows, struct kmem_row, row)->shared = 1;
        return row;
    }
    /* "a+b": the sharing components, by name */
    size_t total = 0;
    for (size_t k = 0; k < np; k++)
        total += strlen(KMEM_VEC_AT(&a->comps, struct comp, ps[k].comp)->name) + 1;
    char *buf = xcalloc(total + 1, 1);
    const char **names = xcalloc(np, sizeof(*names));
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
    uint32_t row = row_for(a, buf, strlen(buf));
    KMEM_VEC_AT(&a->rows, struct kmem_row, row)->shared = 1;
    free(buf);
    free(names);
    return row;
}

/* A component whose name starts the object's name (after a CAmkES type
 * prefix such as frame_ or pt_), for objects no component reaches. */
static uint32_t prefix_owner(struct acct *a, const struct kmem_obj *o)
{
    static const char *const pre[] = { "", "frame_", "pt_", "pd_",
                                       "stack__camkes_stack_" };
    uint32_t best = KMEM_NONE;
    size_t best_len = 0;
    for (size_t p = 0; p < sizeof(pre) / sizeof(*pre); p++) {
        size_t pl = strlen(pre[p]);
        if (o->name_len <= pl || memcmp(o->name, pre[p], pl) != 0)
            continue;
        for (size_t k = pl + 1; k < o->name_len; k++) {
            if (o->name[k] != '_' || k - pl <= best_len)
                continue;
            uint32_t id = kmem_strmap_get(&a->comp_names, o->name + pl, k - pl);
            if (id != KMEM_NONE) {
                best = id;
                best_len = k - pl;
            }
        }
    }
    if (best == KMEM_NONE)
        return KMEM_NONE;
    const char *name = *KMEM_VEC_AT(&a->comp_names.keys, const char *, best);
    return row_for(a, name, strlen(name));
}

static int attribute(struct acct *a)
{
    const struct kmem_spec *s = a->s;
    struct kmem_report *r = a->r;
    if (a->pairs.len)
        qsort(a->pairs.data, a->pairs.len, sizeof(struct pair), pair_cmp);
    size_t pi = 0;
    struct kmem_vec reachers;
    kmem_vec_init(&reachers, sizeof(struct pair));
    int rc = 0;
    for (uint32_t i = 0; i < a->n; i++) {
        const struct kmem_obj *o = kmem_obj_at(s, i);
        reachers.len = 0;
        if (a->first[i] != KMEM_NONE) {
            struct pair *p0 = kmem_vec_push(&reachers);
            p0->obj = i;
            p0->comp = a->first[i];
        }
        while (pi < a->pairs.len && KMEM_VEC_AT(&a->pairs, struct pair, pi)->obj == i)
            *(struct pair *)kmem_vec_push(&reachers) =
                *KMEM_VEC_AT(&a->pairs, struct pair, pi++);
        if (o->type == KO_UT && (o->flags & KF_PARENT))
            continue;   /* containers are their children */
        uint64_t bytes;
        if (kmem_obj_size(s, &r->sizes, i, (a->flags[i] & AF_VROOT) != 0, &bytes,
                          a->d) < 0) {
            rc = -1;
            break;
        }
        size_t ol = 0;
        int mk = mote_name(o->name, o->name_len, &ol);
        uint32_t row = KMEM_NONE;
        int split = 0, connection = 0;
        if (a->root_comp[i] != KMEM_NONE) {
            row = KMEM_VEC_AT(&a->comps, struct comp, a->root_comp[i])->row;
        } else if (mk >= 0) {
            uint32_t cid = kmem_strmap_get(&a->comp_names, o->name, ol);
            if (cid != KMEM_NONE) {
                row = row_for(a, o->name, ol);
            } else {
                connection = 1;
                if (a->o->split_shared && reachers.len > 0) {
                    split = 1;
                } else {
                    row = row_for(a, o->name, ol);
                    KMEM_VEC_AT(&a->rows, struct kmem_row, row)->shared = 1;
                }
            }
        } else if (reachers.len == 1) {
            row = KMEM_VEC_AT(&a->comps, struct comp, a->first[i])->row;
        } else if (reachers.len > 1) {
            if (a->o->split_shared)
                split = 1;
            else
                row = shared_row(a, i, reachers.data, reachers.len);
        } else {
            row = prefix_owner(a, o);
            if (row == KMEM_NONE) {
                row = row_for(a, "(unowned)", 9);
                KMEM_VEC_AT(&a->rows, struct kmem_row, row)->unowned = 1;
            }
        }
        int kind = classify(a, i, mk, connection);
        if (!split) {
            add(a, row, kind, bytes, 1);
            continue;
        }
        uint64_t k = reachers.len, each = bytes / k, extra = bytes % k;
        for (size_t j = 0; j < reachers.len; j++) {
            uint32_t c = KMEM_VEC_AT(&reachers, struct pair, j)->comp;
            add(a, KMEM_VEC_AT(&a->comps, struct comp, c)->row, kind,
                each + (j < extra ? 1 : 0), 1);
        }
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

static void finish(struct acct *a)
{
    struct kmem_report *r = a->r;
    r->nrows = a->rows.len;
    r->rows = kmem_arena_alloc(&r->arena, (r->nrows ? r->nrows : 1) * sizeof(*r->rows));
    for (size_t i = 0; i < r->nrows; i++) {
        struct kmem_row *row = &r->rows[i];
        *row = *KMEM_VEC_AT(&a->rows, struct kmem_row, i);
        row->name = kmem_arena_strndup(&r->arena, row->name, strlen(row->name));
        for (int k = 0; k < KK_COUNT; k++)
            if (kmem_kind_counted(k))
                row->total = row->total + row->bytes[k] < row->total
                                 ? UINT64_MAX : row->total + row->bytes[k];
        r->total = r->total + row->total < r->total ? UINT64_MAX : r->total + row->total;
    }
    qsort(r->rows, r->nrows, sizeof(*r->rows), row_cmp);
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
    r->ncaps = s->adj_start ? s->adj_start[s->objs.len] : 0;
    struct acct a = { .s = s, .o = o, .r = r, .d = d, .n = s->objs.len };
    if (choose_sizes(&a) < 0)
        return -1;
    a.uf = xcalloc(a.n, sizeof(uint32_t));
    a.root_comp = xcalloc(a.n, sizeof(uint32_t));
    a.first = xcalloc(a.n, sizeof(uint32_t));
    a.stamp = xcalloc(a.n, sizeof(uint32_t));
    a.queue = xcalloc(a.n, sizeof(uint32_t));
    a.next_root = xcalloc(a.n, sizeof(uint32_t));
    a.flags = xcalloc(a.n, 1);
    for (uint32_t i = 0; i < a.n; i++) {
        a.uf[i] = i;
        a.root_comp[i] = a.first[i] = a.next_root[i] = KMEM_NONE;
    }
    kmem_vec_init(&a.comps, sizeof(struct comp));
    kmem_vec_init(&a.pairs, sizeof(struct pair));
    kmem_vec_init(&a.rows, sizeof(struct kmem_row));
    find_components(&a);
    walk(&a);
    int rc = attribute(&a);
    if (rc == 0)
        finish(&a);
    free(a.uf);
    free(a.root_comp);
    free(a.first);
    free(a.stamp);
    free(a.queue);
    free(a.next_root);
    free(a.flags);
    kmem_vec_free(&a.comps);
    kmem_vec_free(&a.pairs);
    kmem_vec_free(&a.rows);
    kmem_strmap_free(&a.row_ix);
    kmem_strmap_free(&a.comp_names);
    return rc;
}

void kmem_report_free(struct kmem_report *r)
{
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
    char *buf;
    size_t len;
    memset(r, 0, sizeof(*r));
    if (kmem_read_file(path, &buf, &len, d) < 0)
        return -1;
    struct kmem_spec s;
    int rc = kmem_parse(&s, path, buf, len, d);
    if (rc == 0)
        rc = kmem_account(&s, o, r, d);
    if (rc == 0)
        r->file = path;
    kmem_spec_free(&s);
    free(buf);
    return rc;
}
