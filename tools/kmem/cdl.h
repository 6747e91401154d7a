/* SPDX-License-Identifier: BSD-2-Clause */
/* The capDL reader's own declarations, shared by its files:
 *   cdl_lex.c      tokens, comments, skipping groups and sections
 *   cdl_names.c    declaration records, the object index, arrays, ranges
 *   cdl_objects.c  pass 1: the arch line and the objects sections
 *   cdl_caps.c     pass 2: caps, irq maps, cdt and domains
 *   cdl_graph.c    copies of named caps, the adjacency of the graph
 *   cdl.c          the entry points and the file
 * Errors longjmp out of the parser (cdl_fail) after one message. */
#ifndef KMEM_CDL_H
#define KMEM_CDL_H

#include "kmem.h"

#include <setjmp.h>
#include <string.h>

enum { T_EOF, T_ID, T_NUM, T_STR, T_DOTDOT, T_P };

struct tok {
    int t;
    char c;              /* T_P */
    uint32_t pos, len;
    uint64_t num;
};

enum { R_ONLY, R_FROMTO, R_TO, R_FROM, R_ALL };
struct range {
    int kind;
    uint64_t a, b;
};

/* A name with optional ranges: x, x[3], x[1..4, 7], x[]. */
struct nref {
    const char *name;
    uint32_t len, pos;
    uint32_t roff, nr;   /* ranges in parser.ranges */
};

struct array {
    uint32_t decl;       /* the declaration record of its elements */
    uint64_t count;
};

struct capname {
    const char *name;
    uint32_t len;
    int64_t index;
    uint32_t container;  /* KMEM_NONE: refers to an unknown object */
    uint32_t pos;
    uint64_t slot;
};

struct copy {            /* slot: <capname> waiting for the end */
    uint32_t container, pos;
    uint64_t slot;
    struct nref ref;
    uint8_t rights;
    uint8_t done;
};

struct child {           /* ut { name } waiting for the end of pass 1 */
    uint32_t parent;
    struct nref ref;
};

/* Caps arrive in blocks, one container's run after another: a block is
 * (container, first target); targets hold the cap targets in order. */
struct capblock {
    uint32_t container, start;
};

/* Where each cap sits, kept only when the spec copies named caps. */
struct capslot {
    uint32_t container;
    uint64_t slot;
};

struct parser {
    struct kmem_spec *s;
    struct kmem_diag *d;
    jmp_buf jb;
    const char *b;
    size_t len, pos;
    struct tok tk;
    int depth;
    int release;                /* b is a file mapping: drop what was read */
    size_t released;            /* b[0 .. released) dropped */
    int has_copies;             /* pass 1 saw '<' in a caps section */
    uint32_t locate, located;   /* find where object locate is declared */
    uint64_t nelems;
    uint64_t work;              /* objects named by ranges, and caps */
    uint32_t *ix;               /* object index: id + 1 and a hash tag */
    size_t ix_cap, ix_count;
    struct kmem_vec ranges;     /* struct range */
    struct kmem_vec arrays;     /* struct array */
    struct kmem_index arr_ix;
    struct kmem_vec capnames;   /* struct capname */
    struct kmem_index cn_ix;
    struct kmem_vec copies;     /* struct copy */
    struct kmem_vec children;   /* struct child */
    struct kmem_vec containers; /* uint32_t, scratch of cap blocks */
    struct kmem_vec targets;    /* uint32_t: every cap's target */
    struct kmem_vec blocks;     /* struct capblock */
    struct kmem_vec capslots;   /* struct capslot, if has_copies */
    struct kmem_index slot_ix;  /* (container, slot) -> cap, for copies */
    struct kmem_vec spans;      /* size_t[2]: objects sections of pass 1 */
    size_t span_next;
};

#define MAX_DEPTH 200
#define MAX_PATH 64

/* cdl_lex.c */
void cdl_fail(struct parser *p, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));
void cdl_fail_expect(struct parser *p, const char *what) __attribute__((noreturn));
void cdl_next(struct parser *p);
void cdl_expect(struct parser *p, char c);
uint64_t cdl_expect_num(struct parser *p, const char *what);
const char *cdl_tok_desc(const struct parser *p, char *buf, size_t n);
void cdl_enter(struct parser *p);
void cdl_skip_group(struct parser *p);
void cdl_skip_section(struct parser *p);
void cdl_block_comment(struct parser *p);
void cdl_fail_section(struct parser *p) __attribute__((noreturn));

struct lexstate {
    size_t pos;
    struct tok tk;
};

static inline struct lexstate cdl_save(const struct parser *p)
{
    struct lexstate st = { p->pos, p->tk };
    return st;
}

static inline void cdl_restore(struct parser *p, struct lexstate st)
{
    p->pos = st.pos;
    p->tk = st.tk;
}

static inline int cdl_at(const struct parser *p, size_t i)
{
    return i < p->len ? (unsigned char)p->b[i] : -1;
}

static inline int cdl_is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline int cdl_is_p(const struct parser *p, char c)
{
    return p->tk.t == T_P && p->tk.c == c;
}

static inline int cdl_is_word(const struct parser *p, const char *w)
{
    size_t n = strlen(w);
    return p->tk.t == T_ID && p->tk.len == n && memcmp(p->b + p->tk.pos, w, n) == 0;
}

/* cdl_names.c */
struct objkey {
    const char *name;
    uint32_t len;
    int64_t index;
};
uint32_t cdl_key_hash(const char *name, uint32_t len, int64_t index);
uint32_t cdl_new_decl(struct parser *p, const char *name, uint32_t len, uint32_t pos);
uint32_t cdl_obj_pos(struct parser *p, uint32_t obj);
void cdl_set_pos(struct parser *p, uint32_t obj, uint32_t pos);
uint32_t cdl_find_obj(const struct parser *p, const char *name, uint32_t len,
                      int64_t index);
uint32_t cdl_new_obj(struct parser *p, uint32_t decl, int64_t index, uint32_t pos,
                     int type);
struct array *cdl_find_array(struct parser *p, const char *name, uint32_t len);
void cdl_parse_nref(struct parser *p, struct nref *r);
const char *cdl_nref_text(const struct nref *r, int64_t index, char *buf, size_t n);
typedef void (*each_fn)(struct parser *p, uint32_t obj, void *ctx);
void cdl_each_obj(struct parser *p, const struct nref *r, each_fn fn, void *ctx);
void cdl_count_work(struct parser *p, uint32_t pos);
void cdl_reserve_objects(struct parser *p, const struct nref *r, uint64_t n);
unsigned long cdl_line_of(struct parser *p, uint32_t pos);
void cdl_index_free(struct parser *p);

/* cdl_objects.c */
void cdl_parse_value(struct parser *p);
void cdl_pass1(struct parser *p);

/* cdl_caps.c */
uint64_t cdl_parse_slot(struct parser *p);
int cdl_cn_eq(const void *ctx, uint32_t id, const void *key);
void cdl_pass2(struct parser *p);
void cdl_add_cap(struct parser *p, uint32_t container, uint32_t target,
                 uint64_t slot, uint8_t rights);

/* cdl_graph.c */
void cdl_resolve_copies(struct parser *p);
void cdl_build_adjacency(struct parser *p);

#endif
