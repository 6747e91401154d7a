/* SPDX-License-Identifier: BSD-2-Clause */
/* Pass 2 of the capDL reader: caps (slots, rights, names of caps, blocks
 * over ranges of containers), irq maps, cdt and domains, read when every
 * object is known, so references resolve at once. */
#include "cdl.h"

#include <stdio.h>

static const char *const symbolic_slots[] = {
    "cspace", "vspace", "reply_slot", "caller_slot", "ipc_buffer_slot",
    "fault_ep_slot", "sc_slot", "temp_fault_ep_slot",
};

/* Capabilities to things that are not objects of the spec. */
static const char *const reserved_caps[] = {
    "irq_control", "asid_control", "io_space_master", "sched_control",
    "domain", "io_space", "arm_io_space",
};

static int symbolic_slot(const struct parser *p, uint64_t *slot)
{
    for (size_t i = 0; i < sizeof(symbolic_slots) / sizeof(*symbolic_slots); i++)
        if (cdl_is_word(p, symbolic_slots[i])) {
            *slot = i;
            return 1;
        }
    return 0;
}

uint64_t cdl_parse_slot(struct parser *p)
{
    uint64_t slot;
    if (p->tk.t == T_NUM) {
        slot = p->tk.num;
    } else if (p->tk.t == T_ID) {
        if (!symbolic_slot(p, &slot)) {
            char buf[64];
            cdl_fail(p, p->tk.pos, "unknown slot name %s", cdl_tok_desc(p, buf, sizeof(buf)));
        }
    } else {
        cdl_fail_expect(p, "a slot number or name");
    }
    cdl_next(p);
    return slot;
}

int cdl_cn_eq(const void *ctx, uint32_t id, const void *key)
{
    const struct parser *p = ctx;
    const struct objkey *k = key;
    const struct capname *c = KMEM_VEC_AT(&p->capnames, struct capname, id);
    return c->index == k->index && c->len == k->len &&
           memcmp(c->name, k->name, k->len) == 0;
}

static void add_capname(struct parser *p, const char *name, uint32_t len,
                        int64_t index, uint32_t container, uint64_t slot,
                        uint32_t pos)
{
    struct objkey k = { name, len, index };
    uint32_t h = cdl_key_hash(name, len, index);
    uint32_t id = kmem_index_find(&p->cn_ix, h, cdl_cn_eq, p, &k);
    if (id == KMEM_NONE) {
        id = (uint32_t)p->capnames.len;
        kmem_vec_push(&p->capnames);
        kmem_index_insert(&p->cn_ix, h, id);
    }
    struct capname *c = KMEM_VEC_AT(&p->capnames, struct capname, id);
    c->name = name;
    c->len = len;
    c->index = index;
    c->container = container;
    c->slot = slot;
    c->pos = pos;
}

static int64_t single_index(struct parser *p, const struct nref *r)
{
    if (r->nr == 0)
        return -1;
    struct range rg = *KMEM_VEC_AT(&p->ranges, struct range, r->roff);
    if (r->nr != 1 || rg.kind != R_ONLY)
        cdl_fail(p, r->pos, "expected a single name here, not a range");
    return (int64_t)rg.a;
}

/* A cap: its target, the container's run of targets, a TCB's binding,
 * and the mapping rights a frame is given anywhere. */
void cdl_add_cap(struct parser *p, uint32_t container, uint32_t target,
                 uint64_t slot, uint8_t rights)
{
    struct kmem_spec *s = p->s;
    uint32_t n = (uint32_t)p->targets.len;
    if (n == UINT32_MAX)
        cdl_fail(p, p->tk.pos, "more than %u capabilities", (unsigned)UINT32_MAX - 1);
    struct capblock *last = p->blocks.len
        ? KMEM_VEC_AT(&p->blocks, struct capblock, p->blocks.len - 1) : NULL;
    if (!last || last->container != container) {
        struct capblock *b = kmem_vec_push(&p->blocks);
        b->container = container;
        b->start = n;
    }
    *(uint32_t *)kmem_vec_push(&p->targets) = target;
    if (p->has_copies) {
        struct capslot *cs = kmem_vec_push(&p->capslots);
        cs->container = container;
        cs->slot = slot;
    }
    if ((slot <= KMEM_SLOT_VSPACE || slot == KMEM_SLOT_IPCBUF) &&
        kmem_obj_at(s, container)->type == KO_TCB) {
        struct kmem_bind *b = kmem_vec_push(&s->binds);
        b->tcb = container;
        b->target = target;
        b->slot = slot;
    }
    struct kmem_obj *o = kmem_obj_at(s, target);
    if (o->type == KO_FRAME)
        o->flags |= (rights & KR_X ? KF_MAP_X : 0) | (rights & KR_W ? KF_MAP_W : 0);
}

static uint8_t parse_rights_word(const struct parser *p, int *ok)
{
    uint8_t r = 0;
    *ok = 1;
    for (uint32_t i = 0; i < p->tk.len; i++) {
        switch (p->b[p->tk.pos + i]) {
        case 'R': r |= KR_R; break;
        case 'W': r |= KR_W; break;
        case 'G': r |= KR_G; break;
        case 'X': r |= KR_X; break;
        case 'P': r |= KR_P; break;
        default: *ok = 0; return 0;
        }
    }
    return r;
}

static uint8_t parse_cap_params(struct parser *p)
{
    uint8_t rights = 0;
    if (!cdl_is_p(p, '('))
        return 0;
    cdl_next(p);
    for (;;) {
        if (p->tk.t != T_ID)
            cdl_fail_expect(p, "a capability parameter");
        int ok;
        uint8_t r = parse_rights_word(p, &ok);
        cdl_next(p);
        if (cdl_is_p(p, ':')) {
            cdl_next(p);
            cdl_parse_value(p);
        } else if (ok) {
            rights |= r;
        }
        if (cdl_is_p(p, ')')) {
            cdl_next(p);
            return rights;
        }
        cdl_expect(p, ',');
    }
}

static void parse_slot_ref(struct parser *p)
{
    struct nref r;
    if (cdl_is_p(p, '(')) {
        cdl_next(p);
        cdl_parse_nref(p, &r);
        single_index(p, &r);
        uint32_t o = cdl_find_obj(p, r.name, r.len, single_index(p, &r));
        if (o == KMEM_NONE) {
            char buf[256];
            cdl_fail(p, r.pos, "unknown object '%s'",
                 cdl_nref_text(&r, single_index(p, &r), buf, sizeof(buf)));
        }
        cdl_expect(p, ',');
        cdl_parse_slot(p);
        cdl_expect(p, ')');
    } else {
        cdl_parse_nref(p, &r);   /* a capability name */
    }
}

struct entry_ctx {
    uint32_t container;
    uint64_t slot;
    uint8_t rights;
    const struct nref *capname;
    uint32_t n;
};

static void entry_target(struct parser *p, uint32_t target, void *vctx)
{
    struct entry_ctx *e = vctx;
    cdl_add_cap(p, e->container, target, e->slot + e->n, e->rights);
    if (e->capname) {
        int64_t idx = -1;
        if (e->capname->nr) {
            struct range rg = *KMEM_VEC_AT(&p->ranges, struct range, e->capname->roff);
            idx = rg.kind == R_ONLY ? (int64_t)rg.a + e->n : (int64_t)e->n;
        } else if (e->n) {
            idx = -2;   /* only the first capability gets a plain name */
        }
        if (idx != -2)
            add_capname(p, e->capname->name, e->capname->len, idx, e->container,
                        e->slot + e->n, e->capname->pos);
    }
    e->n++;
}

static int is_reserved_cap(const struct nref *r)
{
    if (r->nr)
        return 0;
    for (size_t i = 0; i < sizeof(reserved_caps) / sizeof(*reserved_caps); i++)
        if (strlen(reserved_caps[i]) == r->len &&
            memcmp(reserved_caps[i], r->name, r->len) == 0)
            return 1;
    return 0;
}

static void collect(struct parser *p, uint32_t obj, void *ctx)
{
    (void)p;
    *(uint32_t *)kmem_vec_push(ctx) = obj;
}

/* The containers a cap block's head names, into p->containers. */
static void block_containers(struct parser *p, const struct nref *head)
{
    struct kmem_vec *cv = &p->containers;
    cv->len = 0;
    if (head->nr) {
        cdl_each_obj(p, head, collect, cv);
        return;
    }
    uint32_t single = cdl_find_obj(p, head->name, head->len, -1);
    if (single == KMEM_NONE) {
        char buf[256];
        cdl_fail(p, head->pos, "unknown object '%s'",
                 cdl_nref_text(head, -1, buf, sizeof(buf)));
    }
    *(uint32_t *)kmem_vec_push(cv) = single;
}

/* One entry of a cap block, as written. */
struct entry {
    uint64_t slot;
    struct nref capname, target;
    int has_name, copy;
    uint8_t rights;
};

/* "slot:" (a number or a name), then "name =" if the cap is named. */
static void entry_head(struct parser *p, struct entry *e)
{
    if (p->tk.t == T_NUM) {
        e->slot = p->tk.num;
        cdl_next(p);
        cdl_expect(p, ':');
    } else if (p->tk.t == T_ID) {
        struct lexstate st = cdl_save(p);
        cdl_next(p);
        int colon = cdl_is_p(p, ':');
        cdl_restore(p, st);
        if (colon) {
            e->slot = cdl_parse_slot(p);
            cdl_expect(p, ':');
        }
    }
    if (p->tk.t == T_ID) {
        struct lexstate st = cdl_save(p);
        size_t nr = p->ranges.len;
        cdl_parse_nref(p, &e->capname);
        if (cdl_is_p(p, '=')) {
            cdl_next(p);
            e->has_name = 1;
        } else {
            cdl_restore(p, st);
            p->ranges.len = nr;
        }
    }
}

/* The target (an object, a range, or a copy <name>) and what follows. */
static void entry_target_text(struct parser *p, struct entry *e)
{
    if (cdl_is_p(p, '<')) {
        cdl_next(p);
        cdl_parse_nref(p, &e->target);
        cdl_expect(p, '>');
        e->copy = 1;
    } else if (p->tk.t == T_ID) {
        cdl_parse_nref(p, &e->target);
    } else {
        cdl_fail_expect(p, "a capability");
    }
    e->rights = parse_cap_params(p);
    if (cdl_is_p(p, '-')) {
        cdl_next(p);
        if (!cdl_is_word(p, "child_of"))
            cdl_fail_expect(p, "'child_of' after '-'");
        cdl_next(p);
        parse_slot_ref(p);
    }
    if (cdl_is_p(p, ';'))
        cdl_next(p);
}

static void name_entry(struct parser *p, const struct entry *e, uint32_t c)
{
    if (e->has_name)
        add_capname(p, e->capname.name, e->capname.len,
                    single_index(p, &e->capname), c, e->slot, e->capname.pos);
}

/* The entry in container c; returns how many slots it fills. */
static uint32_t add_entry(struct parser *p, const struct entry *e, uint32_t c)
{
    cdl_count_work(p, e->target.pos);
    if (e->copy) {
        struct copy *cp = kmem_vec_push(&p->copies);
        cp->container = c;
        cp->slot = e->slot;
        cp->ref = e->target;
        cp->rights = e->rights;
        cp->pos = e->target.pos;
        name_entry(p, e, c);
        return 1;
    }
    if (is_reserved_cap(&e->target) &&
        cdl_find_obj(p, e->target.name, e->target.len, -1) == KMEM_NONE) {
        name_entry(p, e, c);
        return 1;
    }
    struct entry_ctx x = { c, e->slot, e->rights, e->has_name ? &e->capname : NULL, 0 };
    if (e->target.nr) {
        cdl_each_obj(p, &e->target, entry_target, &x);
        return x.n;
    }
    uint32_t t = cdl_find_obj(p, e->target.name, e->target.len, -1);
    if (t == KMEM_NONE) {
        char buf[256];
        cdl_fail(p, e->target.pos, "unknown object '%s'",
                 cdl_nref_text(&e->target, -1, buf, sizeof(buf)));
    }
    entry_target(p, t, &x);
    return x.n;
}

/* One "container { slot: cap ... }" block; the entries apply to every
 * container the head names.  Slots left out count on from the last. */
static void parse_cap_block(struct parser *p, const struct nref *head)
{
    block_containers(p, head);
    cdl_next(p);   /* '{' */
    uint64_t next_slot = 0;
    while (!cdl_is_p(p, '}')) {
        struct entry e = { .slot = next_slot };
        entry_head(p, &e);
        entry_target_text(p, &e);
        uint32_t n = 1;
        for (size_t k = 0; k < p->containers.len; k++)
            n = add_entry(p, &e, *KMEM_VEC_AT(&p->containers, uint32_t, k));
        next_slot = e.slot + n;
    }
    cdl_next(p);
}

static void parse_caps(struct parser *p)
{
    cdl_expect(p, '{');
    while (!cdl_is_p(p, '}')) {
        struct nref head;
        size_t nr = p->ranges.len;
        cdl_parse_nref(p, &head);
        if (cdl_is_p(p, '=')) {
            /* name = (object, slot) */
            cdl_next(p);
            cdl_expect(p, '(');
            struct nref obj;
            cdl_parse_nref(p, &obj);
            uint32_t c = cdl_find_obj(p, obj.name, obj.len, single_index(p, &obj));
            cdl_expect(p, ',');
            uint64_t slot = cdl_parse_slot(p);
            cdl_expect(p, ')');
            add_capname(p, head.name, head.len, single_index(p, &head), c, slot,
                        head.pos);
        } else if (cdl_is_p(p, '{')) {
            parse_cap_block(p, &head);
        } else {
            cdl_fail_expect(p, "'{' or '=' after a name in caps");
        }
        p->ranges.len = nr;
    }
    cdl_next(p);
}

static void ignore_obj(struct parser *p, uint32_t obj, void *ctx)
{
    (void)p;
    (void)obj;
    (void)ctx;
}

static void parse_irq_maps(struct parser *p)
{
    cdl_expect(p, '{');
    while (!cdl_is_p(p, '}')) {
        if (p->tk.t == T_NUM) {
            cdl_next(p);
            cdl_expect(p, ':');
        }
        struct nref r;
        cdl_parse_nref(p, &r);
        cdl_each_obj(p, &r, ignore_obj, NULL);
        if (cdl_is_p(p, ';'))
            cdl_next(p);
    }
    cdl_next(p);
}

static void parse_cdt_body(struct parser *p)
{
    cdl_enter(p);
    cdl_expect(p, '{');
    while (!cdl_is_p(p, '}')) {
        parse_slot_ref(p);
        if (cdl_is_p(p, '{'))
            parse_cdt_body(p);
        if (cdl_is_p(p, ';'))
            cdl_next(p);
    }
    cdl_next(p);
    p->depth--;
}

static void parse_cdt(struct parser *p)
{
    cdl_expect(p, '{');
    while (!cdl_is_p(p, '}')) {
        parse_slot_ref(p);
        parse_cdt_body(p);
    }
    cdl_next(p);
}

void cdl_pass2(struct parser *p)
{
    p->pos = 0;
    cdl_next(p);
    while (p->tk.t != T_EOF) {
        if (cdl_is_word(p, "arch")) {
            cdl_next(p);
            cdl_next(p);
        } else if (cdl_is_word(p, "objects")) {
            /* read in pass 1: jump to the token after its '}' */
            const size_t *span = (const size_t *)p->spans.data + 2 * p->span_next++;
            p->pos = span[1];
            cdl_next(p);
        } else if (cdl_is_word(p, "caps")) {
            cdl_next(p);
            parse_caps(p);
        } else if (cdl_is_word(p, "irq")) {
            cdl_next(p);
            cdl_next(p);
            parse_irq_maps(p);
        } else if (cdl_is_word(p, "cdt")) {
            cdl_next(p);
            parse_cdt(p);
        } else if (cdl_is_word(p, "domains")) {
            cdl_next(p);
            if (!cdl_is_p(p, '{'))
                cdl_fail_expect(p, "'{'");
            cdl_skip_group(p);
        } else {
            cdl_fail_section(p);
        }
    }
}
