/* capDL text reader.
 *
 * Two passes over one buffer, no copies of names: pass 1 reads the
 * `objects` sections (and the arch line) and skips the others at character
 * level; pass 2 reads `caps`, `irq maps`, `cdt` and `domains`, when every
 * object is known, so references resolve at once through the hash index.
 * Only references that name capabilities (`<name>`) wait for the end. */
#include "kmem.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const kmem_otype_names[KO_COUNT] = {
    [KO_UT] = "ut", [KO_TCB] = "tcb", [KO_EP] = "ep",
    [KO_NTFN] = "notification", [KO_CNODE] = "cnode", [KO_FRAME] = "frame",
    [KO_PT] = "pt", [KO_PD] = "pd", [KO_PUD] = "pud", [KO_PGD] = "pgd",
    [KO_PDPT] = "pdpt", [KO_PML4] = "pml4", [KO_ASID_POOL] = "asid_pool",
    [KO_IO_PT] = "io_pt", [KO_VCPU] = "vcpu", [KO_SC] = "sc",
    [KO_RTREPLY] = "rtreply", [KO_IRQ] = "irq", [KO_IOAPIC_IRQ] = "ioapic_irq",
    [KO_MSI_IRQ] = "msi_irq", [KO_ARM_IRQ] = "arm_irq",
    [KO_SGI] = "arm_sgi_signal", [KO_IO_PORTS] = "io_ports",
    [KO_IO_DEVICE] = "io_device", [KO_ARM_IO_DEVICE] = "arm_io_device",
};

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
    const char *name;
    uint32_t len;
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

struct parser {
    struct kmem_spec *s;
    struct kmem_diag *d;
    jmp_buf jb;
    const char *b;
    size_t len, pos;
    struct tok tk;
    int depth;
    uint64_t nelems;
    uint64_t work;              /* objects named by ranges, and caps */
    struct kmem_vec ranges;     /* struct range */
    struct kmem_vec arrays;     /* struct array */
    struct kmem_index arr_ix;
    struct kmem_vec capnames;   /* struct capname */
    struct kmem_index cn_ix;
    struct kmem_vec copies;     /* struct copy */
    struct kmem_vec children;   /* struct child */
    struct kmem_vec containers; /* uint32_t, scratch of parse_cap_block */
    struct kmem_index slot_ix;  /* (container, slot) -> cap, for copies */
    struct kmem_vec spans;      /* size_t[2]: objects sections of pass 1 */
    size_t span_next;
};

#define MAX_DEPTH 200

static void fail(struct parser *p, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

static void fail(struct parser *p, size_t pos, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kmem_error_at(p->d, p->s->file, p->b, p->len, pos, "%s", msg);
    longjmp(p->jb, 1);
}

/* ------------------------------------------------------------------ */
/* Lexer                                                               */

static inline int at(const struct parser *p, size_t i)
{
    return i < p->len ? (unsigned char)p->b[i] : -1;
}

static inline int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int is_punct(int c)
{
    switch (c) {
    case '{': case '}': case '(': case ')': case '[': case ']': case ',':
    case ';': case ':': case '=': case '/': case '<': case '>': case '-':
    case '.':
        return 1;
    default:
        return 0;
    }
}

static void line_comment(struct parser *p)
{
    size_t start = p->pos + 2;
    const char *nl = memchr(p->b + start, '\n', p->len - start);
    size_t end = nl ? (size_t)(nl - p->b) : p->len;
    if (p->s->objs.len == 0 && !p->s->mote_comment) {
        size_t i = start;
        while (i < end && (p->b[i] == ' ' || p->b[i] == '\t'))
            i++;
        if (end - i >= 4 && memcmp(p->b + i, "mote", 4) == 0 &&
            (end - i == 4 || !is_alpha(at(p, i + 4))))
            p->s->mote_comment = 1;
    }
    p->pos = end;
}

static void block_comment(struct parser *p)
{
    size_t start = p->pos;
    int depth = 0;
    while (p->pos < p->len) {
        if (at(p, p->pos) == '/' && at(p, p->pos + 1) == '*') {
            depth++;
            p->pos += 2;
        } else if (at(p, p->pos) == '*' && at(p, p->pos + 1) == '/') {
            p->pos += 2;
            if (--depth == 0)
                return;
        } else {
            p->pos++;
        }
    }
    fail(p, start, "unterminated comment");
}

static void skip_space(struct parser *p)
{
    for (;;) {
        int c = at(p, p->pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v')
            p->pos++;
        else if (c == '-' && at(p, p->pos + 1) == '-')
            line_comment(p);
        else if (c == '/' && at(p, p->pos + 1) == '*')
            block_comment(p);
        else
            return;
    }
}

static void lex_number(struct parser *p)
{
    size_t i = p->pos;
    uint64_t v = 0;
    unsigned base = 10;
    if (at(p, i) == '0' && (at(p, i + 1) == 'x' || at(p, i + 1) == 'X')) {
        base = 16;
        i += 2;
    } else if (at(p, i) == '0' && (at(p, i + 1) == 'o' || at(p, i + 1) == 'O')) {
        base = 8;
        i += 2;
    }
    size_t digits = i;
    for (;; i++) {
        int c = at(p, i);
        unsigned dv;
        if (is_digit(c))
            dv = (unsigned)(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            dv = (unsigned)(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            dv = (unsigned)(c - 'A' + 10);
        else
            break;
        if (dv >= base)
            fail(p, i, "digit '%c' is not valid in a base-%u number", c, base);
        if (v > (UINT64_MAX - dv) / base)
            fail(p, p->pos, "number does not fit in 64 bits");
        v = v * base + dv;
    }
    if (i == digits)
        fail(p, p->pos, "number has no digits after its prefix");
    p->tk.t = T_NUM;
    p->tk.num = v;
    p->tk.len = (uint32_t)(i - p->pos);
    p->pos = i;
}

static void next(struct parser *p)
{
    skip_space(p);
    p->tk.pos = (uint32_t)p->pos;
    p->tk.len = 1;
    int c = at(p, p->pos);
    if (c < 0) {
        p->tk.t = T_EOF;
        p->tk.len = 0;
        return;
    }
    if (is_alpha(c)) {
        size_t i = p->pos + 1;
        for (;;) {
            int d = at(p, i);
            if (is_alpha(d) || is_digit(d) || d == '@')
                i++;
            else if ((d == '.' || d == '-') && at(p, i + 1) != d)
                i++;
            else
                break;
        }
        p->tk.t = T_ID;
        p->tk.len = (uint32_t)(i - p->pos);
        p->pos = i;
        return;
    }
    if (is_digit(c)) {
        lex_number(p);
        return;
    }
    if (c == '"') {
        size_t i = p->pos + 1;
        while (at(p, i) != '"') {
            if (at(p, i) < 0 || at(p, i) == '\n')
                fail(p, p->pos, "unterminated string");
            i += at(p, i) == '\\' ? 2 : 1;
        }
        p->tk.t = T_STR;
        p->tk.len = (uint32_t)(i + 1 - p->pos);
        p->pos = i + 1;
        return;
    }
    if (c == '.' && at(p, p->pos + 1) == '.') {
        p->tk.t = T_DOTDOT;
        p->tk.len = 2;
        p->pos += 2;
        return;
    }
    if (is_punct(c)) {
        p->tk.t = T_P;
        p->tk.c = (char)c;
        p->pos++;
        return;
    }
    if (c >= 0x21 && c < 0x7f)
        fail(p, p->pos, "unexpected character '%c'", c);
    fail(p, p->pos, "unexpected byte 0x%02x", (unsigned)c);
}

static const char *tok_desc(const struct parser *p, char *buf, size_t n)
{
    switch (p->tk.t) {
    case T_EOF:
        return "end of file";
    case T_P:
        snprintf(buf, n, "'%c'", p->tk.c);
        return buf;
    case T_DOTDOT:
        return "'..'";
    case T_STR:
        return "a string";
    default:
        snprintf(buf, n, "'%.*s'", p->tk.len > 40 ? 40 : (int)p->tk.len,
                 p->b + p->tk.pos);
        return buf;
    }
}

static void fail_expect(struct parser *p, const char *what)
    __attribute__((noreturn));
static void fail_expect(struct parser *p, const char *what)
{
    char buf[64];
    fail(p, p->tk.pos, "expected %s, found %s", what, tok_desc(p, buf, sizeof(buf)));
}

static inline int is_p(const struct parser *p, char c)
{
    return p->tk.t == T_P && p->tk.c == c;
}

static inline int is_word(const struct parser *p, const char *w)
{
    size_t n = strlen(w);
    return p->tk.t == T_ID && p->tk.len == n && memcmp(p->b + p->tk.pos, w, n) == 0;
}

static void expect(struct parser *p, char c)
{
    if (!is_p(p, c)) {
        char what[8] = { '\'', c, '\'', 0 };
        fail_expect(p, what);
    }
    next(p);
}

static uint64_t expect_num(struct parser *p, const char *what)
{
    if (p->tk.t != T_NUM)
        fail_expect(p, what);
    uint64_t v = p->tk.num;
    next(p);
    return v;
}

struct lexstate {
    size_t pos;
    struct tok tk;
};

static struct lexstate save(const struct parser *p)
{
    struct lexstate st = { p->pos, p->tk };
    return st;
}

static void restore(struct parser *p, struct lexstate st)
{
    p->pos = st.pos;
    p->tk = st.tk;
}

static void enter(struct parser *p)
{
    if (++p->depth > MAX_DEPTH)
        fail(p, p->tk.pos, "nesting deeper than %d levels", MAX_DEPTH);
}

/* Skips a balanced group starting at the current token ({, ( or [). */
static void skip_group(struct parser *p)
{
    char stack[MAX_DEPTH];
    int n = 0;
    do {
        if (p->tk.t == T_EOF)
            fail(p, p->tk.pos, "unexpected end of file inside a group");
        if (p->tk.t == T_P) {
            char c = p->tk.c;
            if (c == '{' || c == '(' || c == '[') {
                if (n == MAX_DEPTH)
                    fail(p, p->tk.pos, "nesting deeper than %d levels", MAX_DEPTH);
                stack[n++] = c == '{' ? '}' : c == '(' ? ')' : ']';
            } else if (c == '}' || c == ')' || c == ']') {
                if (n == 0 || stack[n - 1] != c)
                    fail(p, p->tk.pos, "unbalanced '%c'", c);
                n--;
            }
        }
        next(p);
    } while (n > 0);
}

/* Character-level skip of a { ... } section for the pass that ignores it;
 * the other pass reads it token by token and reports its errors. */
static void fast_skip_braces(struct parser *p)
{
    if (!is_p(p, '{'))
        fail_expect(p, "'{'");
    size_t start = p->tk.pos;
    long depth = 0;
    size_t i = start;
    while (i < p->len) {
        char c = p->b[i];
        if (c != '{' && c != '}' && c != '-' && c != '/' && c != '"') {
            i++;
            continue;
        }
        if (c == '{') {
            depth++;
            i++;
        } else if (c == '}') {
            i++;
            if (--depth == 0) {
                p->pos = i;
                next(p);
                return;
            }
        } else if (c == '-' && at(p, i + 1) == '-') {
            const char *nl = memchr(p->b + i, '\n', p->len - i);
            i = nl ? (size_t)(nl - p->b) : p->len;
        } else if (c == '/' && at(p, i + 1) == '*') {
            p->pos = i;
            block_comment(p);
            i = p->pos;
        } else if (c == '"') {
            i++;
            while (i < p->len && p->b[i] != '"' && p->b[i] != '\n')
                i += p->b[i] == '\\' ? 2 : 1;
            i++;
        } else {
            i++;
        }
    }
    fail(p, start, "'{' is never closed");
}

/* ------------------------------------------------------------------ */
/* Objects and names                                                   */

struct objkey {
    const char *name;
    uint32_t len;
    int64_t index;
};

static uint32_t key_hash(const char *name, uint32_t len, int64_t index)
{
    uint32_t h = kmem_hash(name, len);
    if (index >= 0)
        h ^= (uint32_t)((uint64_t)(index + 1) * 0x9E3779B97F4A7C15ull >> 32);
    return h;
}

static int obj_eq(const void *ctx, uint32_t id, const void *key)
{
    const struct kmem_spec *s = ctx;
    const struct objkey *k = key;
    const struct kmem_obj *o = kmem_obj_at(s, id);
    return o->index == k->index && o->name_len == k->len &&
           memcmp(o->name, k->name, k->len) == 0;
}

static uint32_t find_obj(const struct kmem_spec *s, const char *name,
                         uint32_t len, int64_t index)
{
    struct objkey k = { name, len, index };
    return kmem_index_find(&s->ix, key_hash(name, len, index), obj_eq, s, &k);
}

static int arr_eq(const void *ctx, uint32_t id, const void *key)
{
    const struct parser *p = ctx;
    const struct objkey *k = key;
    const struct array *a = KMEM_VEC_AT(&p->arrays, struct array, id);
    return a->len == k->len && memcmp(a->name, k->name, k->len) == 0;
}

static struct array *find_array(struct parser *p, const char *name, uint32_t len)
{
    struct objkey k = { name, len, -1 };
    uint32_t id = kmem_index_find(&p->arr_ix, kmem_hash(name, len), arr_eq, p, &k);
    return id == KMEM_NONE ? NULL : KMEM_VEC_AT(&p->arrays, struct array, id);
}

static void parse_nref(struct parser *p, struct nref *r)
{
    if (p->tk.t != T_ID)
        fail_expect(p, "a name");
    r->name = p->b + p->tk.pos;
    r->len = p->tk.len;
    r->pos = p->tk.pos;
    r->roff = (uint32_t)p->ranges.len;
    r->nr = 0;
    next(p);
    if (!is_p(p, '['))
        return;
    next(p);
    if (is_p(p, ']')) {
        next(p);
        struct range *rg = kmem_vec_push(&p->ranges);
        rg->kind = R_ALL;
        r->nr = 1;
        return;
    }
    for (;;) {
        struct range *rg = kmem_vec_push(&p->ranges);
        r->nr++;
        if (p->tk.t == T_DOTDOT) {
            next(p);
            rg->kind = R_TO;
            rg->b = expect_num(p, "a number");
        } else {
            rg->a = expect_num(p, "a number or '..'");
            rg->kind = R_ONLY;
            if (p->tk.t == T_DOTDOT) {
                next(p);
                if (p->tk.t == T_NUM) {
                    rg->kind = R_FROMTO;
                    rg->b = p->tk.num;
                    next(p);
                    if (rg->b < rg->a)
                        fail(p, r->pos, "range %llu..%llu is empty",
                             (unsigned long long)rg->a, (unsigned long long)rg->b);
                } else {
                    rg->kind = R_FROM;
                }
            }
        }
        if (is_p(p, ']')) {
            next(p);
            return;
        }
        expect(p, ',');
    }
}

static const char *nref_text(const struct nref *r, int64_t index, char *buf,
                             size_t n)
{
    if (index >= 0)
        snprintf(buf, n, "%.*s[%lld]", r->len > 200 ? 200 : (int)r->len,
                 r->name, (long long)index);
    else
        snprintf(buf, n, "%.*s", r->len > 200 ? 200 : (int)r->len, r->name);
    return buf;
}

/* Calls fn for every object an nref names, in order. */
typedef void (*each_fn)(struct parser *p, uint32_t obj, void *ctx);

static uint64_t object_limit(const struct parser *p)
{
    uint64_t n = KMEM_OBJECT_BASE + (uint64_t)KMEM_OBJECTS_PER_BYTE * p->len;
    return n < KMEM_MAX_OBJECTS ? n : KMEM_MAX_OBJECTS;
}

/* Counts one object named by a range or one capability. */
static void count_work(struct parser *p, uint32_t pos)
{
    uint64_t limit = KMEM_WORK_BASE + (uint64_t)KMEM_WORK_PER_BYTE * p->len;
    if (++p->work > limit)
        fail(p, pos, "ranges and capabilities name more than %llu objects, too many for "
             "a spec of %zu bytes", (unsigned long long)limit, p->len);
}

static void each_obj(struct parser *p, const struct nref *r, each_fn fn, void *ctx)
{
    char buf[256];
    if (r->nr == 0) {
        uint32_t o = find_obj(p->s, r->name, r->len, -1);
        if (o == KMEM_NONE)
            fail(p, r->pos, "unknown object '%s'", nref_text(r, -1, buf, sizeof(buf)));
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
            struct array *a = find_array(p, r->name, r->len);
            if (!a)
                fail(p, r->pos, "'%s' is not an array",
                     nref_text(r, -1, buf, sizeof(buf)));
            if (rg.kind == R_ALL)
                lo = 0;
            if (a->count == 0 || lo > a->count - 1)
                fail(p, r->pos, "index %llu is past the end of '%s'",
                     (unsigned long long)lo, nref_text(r, -1, buf, sizeof(buf)));
            hi = a->count - 1;
        }
        for (uint64_t i = lo; i <= hi; i++) {
            if (i > INT64_MAX - 1)
                fail(p, r->pos, "index too large");
            uint32_t o = find_obj(p->s, r->name, r->len, (int64_t)i);
            if (o == KMEM_NONE)
                fail(p, r->pos, "unknown object '%s'",
                     nref_text(r, (int64_t)i, buf, sizeof(buf)));
            count_work(p, r->pos);
            fn(p, o, ctx);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Pass 1: object declarations                                         */

struct oparams {
    int has_bits, has_vm, paddr;
    uint8_t bits, vmbits;
    uint32_t bits_pos, vm_pos;
};

static void parse_value(struct parser *p)
{
    if (is_p(p, '(') || is_p(p, '[') || is_p(p, '{'))
        skip_group(p);
    else if (p->tk.t == T_NUM || p->tk.t == T_ID || p->tk.t == T_STR)
        next(p);
    else
        fail_expect(p, "a value");
}

static unsigned log2_exact(uint64_t v)
{
    unsigned n = 0;
    while ((1ull << n) < v)
        n++;
    return (1ull << n) == v ? n : 0xff;
}

static void parse_oparams(struct parser *p, struct oparams *op)
{
    memset(op, 0, sizeof(*op));
    if (!is_p(p, '('))
        return;
    next(p);
    if (is_p(p, ')')) {
        next(p);
        return;
    }
    for (;;) {
        if (p->tk.t == T_NUM) {
            uint32_t pos = p->tk.pos;
            uint64_t n = p->tk.num;
            next(p);
            if (is_word(p, "bits")) {
                next(p);
                if (n > 63)
                    fail(p, pos, "size of %llu bits is too large",
                         (unsigned long long)n);
                op->has_bits = 1;
                op->bits = (uint8_t)n;
                op->bits_pos = pos;
            } else if (is_word(p, "k") || is_word(p, "M") || is_word(p, "G")) {
                unsigned shift = is_word(p, "k") ? 10 : is_word(p, "M") ? 20 : 30;
                next(p);
                if (is_word(p, "ports")) {   /* io_ports (64k ports) */
                    next(p);
                } else {
                    unsigned lg = n && n <= (1u << 20) ? log2_exact(n) : 0xff;
                    if (lg == 0xff)
                        fail(p, pos, "frame size must be a power of two");
                    op->has_vm = 1;
                    op->vmbits = (uint8_t)(lg + shift);
                    op->vm_pos = pos;
                }
            } else if (is_p(p, ':')) {       /* PCI device bus:dev.fun */
                next(p);
                expect_num(p, "a device number");
                expect(p, '.');
                expect_num(p, "a function number");
            } else {
                fail_expect(p, "'bits', 'k', 'M' or 'G' after a number");
            }
        } else if (p->tk.t == T_ID) {
            int paddr = is_word(p, "paddr");
            next(p);
            if (is_p(p, ':')) {
                next(p);
                parse_value(p);
                if (paddr)
                    op->paddr = 1;
            }
        } else {
            fail_expect(p, "an object parameter");
        }
        if (is_p(p, ')')) {
            next(p);
            return;
        }
        expect(p, ',');
    }
}

/* Before an array of n elements is made: the running total stays within
 * the limits (n itself is not yet counted). */
static void reserve_objects(struct parser *p, const struct nref *r, uint64_t n)
{
    if (n > KMEM_MAX_OBJECTS)
        fail(p, r->pos, "array '%.*s' is too large", (int)r->len, r->name);
    if (n > KMEM_MAX_OBJECTS - p->nelems)
        fail(p, r->pos, "more than %u objects", (unsigned)KMEM_MAX_OBJECTS);
    uint64_t limit = object_limit(p);
    if (p->nelems > limit || n > limit - p->nelems)
        fail(p, r->pos, "array '%.*s' makes more than %llu objects, too many for a spec "
             "of %zu bytes", (int)r->len, r->name, (unsigned long long)limit, p->len);
}

static uint32_t new_obj(struct parser *p, const char *name, uint32_t len,
                        int64_t index, uint32_t pos, int type)
{
    if (++p->nelems > KMEM_MAX_OBJECTS)
        fail(p, pos, "more than %u objects", (unsigned)KMEM_MAX_OBJECTS);
    struct kmem_spec *s = p->s;
    uint32_t id = (uint32_t)s->objs.len;
    struct kmem_obj *o = kmem_vec_push(&s->objs);
    o->name = name;
    o->name_len = len;
    o->index = index;
    o->pos = pos;
    o->hash = key_hash(name, len, index);
    o->type = (uint8_t)type;
    kmem_index_insert(&s->ix, o->hash, id);
    return id;
}

static void line_of(struct parser *p, uint32_t pos, unsigned long *line)
{
    unsigned long col;
    kmem_line_col(p->b, p->len, pos, line, &col);
}

/* Declares (or re-opens) one object.  type < 0: implied untyped. */
static uint32_t declare(struct parser *p, const char *name, uint32_t len,
                        int64_t index, uint32_t pos, int type,
                        const struct oparams *op)
{
    char buf[256];
    struct nref r = { name, len, pos, 0, 0 };
    uint32_t id = find_obj(p->s, name, len, index);
    if (id == KMEM_NONE) {
        id = new_obj(p, name, len, index, pos, type < 0 ? KO_UT : type);
    } else {
        struct kmem_obj *o = kmem_obj_at(p->s, id);
        unsigned long line;
        line_of(p, o->pos, &line);
        if (type < 0 || type == KO_UT) {
            if (o->type != KO_UT)
                fail(p, pos, "'%s' was declared as %s on line %lu, not as ut",
                     nref_text(&r, index, buf, sizeof(buf)),
                     kmem_otype_names[o->type], line);
        } else if ((o->flags & KF_DECLARED) || o->type != KO_UT) {
            fail(p, pos, "'%s' is declared twice (first on line %lu)",
                 nref_text(&r, index, buf, sizeof(buf)), line);
        } else {
            fail(p, pos, "'%s' was used as an untyped container on line %lu "
                 "and cannot be a %s", nref_text(&r, index, buf, sizeof(buf)),
                 line, kmem_otype_names[type]);
        }
        if (type < 0)
            return id;
        if (op->has_bits && (o->flags & KF_HAS_BITS) && o->bits != op->bits)
            fail(p, op->bits_pos, "untyped '%s' was given %u bits before",
                 nref_text(&r, index, buf, sizeof(buf)), o->bits);
        if (!(o->flags & KF_DECLARED))
            o->pos = pos;
    }
    if (type < 0)
        return id;
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
            fail(p, pos, "frame '%s' has no size, such as (4k)",
                 nref_text(&r, index, buf, sizeof(buf)));
        o->flags |= KF_HAS_VM;
        o->vmbits = op->bits;
    }
    if (type == KO_CNODE && !op->has_bits)
        fail(p, pos, "cnode '%s' has no size, such as (4 bits)",
             nref_text(&r, index, buf, sizeof(buf)));
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
            fail(p, r->pos, "a path component must name a single untyped");
        struct array *a = find_array(p, r->name, r->len);
        if (!a || rg.a >= a->count)
            fail(p, r->pos, "'%.*s[%llu]' is not declared", (int)r->len,
                 r->name, (unsigned long long)rg.a);
        index = (int64_t)rg.a;
    }
    uint32_t id = declare(p, r->name, r->len, index, r->pos, -1, NULL);
    set_child(p, parent, id);
    return id;
}

struct decl_ctx {
    int type;
    const struct oparams *op;
    uint32_t parent, pos, last;
};

static void redeclare(struct parser *p, uint32_t obj, void *vctx)
{
    struct decl_ctx *c = vctx;
    struct kmem_obj *o = kmem_obj_at(p->s, obj);
    c->last = declare(p, o->name, o->name_len, o->index, c->pos, c->type, c->op);
    set_child(p, c->parent, c->last);
}

static void parse_ut_block(struct parser *p, uint32_t parent);

#define MAX_PATH 64

static void parse_obj_decl(struct parser *p, struct nref *path, int n,
                           uint32_t parent)
{
    expect(p, '=');
    uint32_t type_pos = p->tk.pos;
    if (p->tk.t != T_ID)
        fail_expect(p, "an object type");
    int type = find_type(p);
    if (type < 0) {
        char buf[64];
        fail(p, type_pos, "unknown object type %s", tok_desc(p, buf, sizeof(buf)));
    }
    next(p);
    struct oparams op;
    parse_oparams(p, &op);
    for (int i = 0; i < n - 1; i++)
        parent = path_ut(p, &path[i], parent);
    struct nref *r = &path[n - 1];
    uint32_t count = 1, last = KMEM_NONE;
    if (r->nr == 0) {
        last = declare(p, r->name, r->len, -1, r->pos, type, &op);
        set_child(p, parent, last);
    } else {
        struct range rg = *KMEM_VEC_AT(&p->ranges, struct range, r->roff);
        struct array *a = find_array(p, r->name, r->len);
        if (r->nr == 1 && rg.kind == R_ONLY && !a) {
            /* x[N] = ...: N new objects */
            if (rg.a == 0)
                fail(p, r->pos, "array '%.*s' has no elements", (int)r->len, r->name);
            reserve_objects(p, r, rg.a);
            struct array *na = kmem_vec_push(&p->arrays);
            na->name = r->name;
            na->len = r->len;
            na->count = rg.a;
            kmem_index_insert(&p->arr_ix, kmem_hash(r->name, r->len),
                              (uint32_t)(p->arrays.len - 1));
            for (uint64_t i = 0; i < rg.a; i++) {
                last = declare(p, r->name, r->len, (int64_t)i, r->pos, type, &op);
                set_child(p, parent, last);
            }
            count = (uint32_t)rg.a;
        } else {
            /* x[i] = ut ...: re-opens elements of an existing array */
            struct decl_ctx c = { type, &op, parent, r->pos, KMEM_NONE };
            each_obj(p, r, redeclare, &c);
            last = c.last;
            count = 2;   /* a block needs exactly one element */
            if (r->nr == 1 && rg.kind == R_ONLY)
                count = 1;
        }
    }
    if (is_p(p, '{')) {
        if (type != KO_UT)
            fail(p, p->tk.pos, "only an untyped (ut) can cover other objects");
        if (count != 1)
            fail(p, p->tk.pos, "a '{...}' block needs a single untyped, not an array");
        parse_ut_block(p, last);
    }
}

static int parse_path(struct parser *p, struct nref *path)
{
    int n = 0;
    for (;;) {
        if (n == MAX_PATH)
            fail(p, p->tk.pos, "path has more than %d components", MAX_PATH);
        parse_nref(p, &path[n++]);
        if (!is_p(p, '/'))
            return n;
        next(p);
    }
}

static void parse_ut_block(struct parser *p, uint32_t parent)
{
    enter(p);
    expect(p, '{');
    while (!is_p(p, '}')) {
        struct nref path[MAX_PATH];
        int n = parse_path(p, path);
        if (is_p(p, '=')) {
            parse_obj_decl(p, path, n, parent);
        } else {
            if (n != 1)
                fail(p, path[0].pos, "expected '=' after a path");
            struct child *c = kmem_vec_push(&p->children);
            c->parent = parent;
            c->ref = path[0];
        }
        if (is_p(p, ','))
            next(p);
    }
    next(p);
    p->depth--;
}

static void parse_objects(struct parser *p)
{
    expect(p, '{');
    while (!is_p(p, '}')) {
        struct nref path[MAX_PATH];
        if (p->tk.t != T_ID)
            fail_expect(p, "an object declaration or '}'");
        int n = parse_path(p, path);
        parse_obj_decl(p, path, n, KMEM_NONE);
    }
    next(p);
}

static void parse_arch(struct parser *p)
{
    uint32_t pos = p->tk.pos;
    next(p);
    if (p->tk.t != T_ID)
        fail_expect(p, "an architecture name");
    enum kmem_arch a;
    int generic = 0;
    if (kmem_arch_parse(p->b + p->tk.pos, p->tk.len, &a, &generic) < 0) {
        char buf[64];
        fail(p, p->tk.pos, "unknown architecture %s", tok_desc(p, buf, sizeof(buf)));
    }
    if (p->s->arch != KA_NONE)
        fail(p, pos, "a second 'arch' line");
    p->s->arch = a;
    p->s->riscv_generic = generic;
    p->s->arch_pos = pos;
    next(p);
}

static void fail_section(struct parser *p) __attribute__((noreturn));
static void fail_section(struct parser *p)
{
    fail_expect(p, "'arch', 'objects', 'caps', 'irq maps', 'cdt' or 'domains'");
}

static void pass1(struct parser *p)
{
    next(p);
    while (p->tk.t != T_EOF) {
        if (is_word(p, "arch")) {
            parse_arch(p);
        } else if (is_word(p, "objects")) {
            size_t *span = kmem_vec_push(&p->spans);
            span[0] = p->tk.pos;
            next(p);
            parse_objects(p);
            span = (size_t *)p->spans.data + 2 * (p->spans.len - 1);
            span[1] = p->tk.pos;   /* the token after '}' */
        } else if (is_word(p, "caps") || is_word(p, "cdt") ||
                   is_word(p, "domains")) {
            next(p);
            fast_skip_braces(p);
        } else if (is_word(p, "irq")) {
            next(p);
            if (!is_word(p, "maps"))
                fail_expect(p, "'maps' after 'irq'");
            next(p);
            fast_skip_braces(p);
        } else {
            fail_section(p);
        }
    }
    for (size_t i = 0; i < p->children.len; i++) {
        struct child *c = KMEM_VEC_AT(&p->children, struct child, i);
        each_obj(p, &c->ref, mark_child, &c->parent);
    }
}

/* ------------------------------------------------------------------ */
/* Pass 2: capabilities                                                */

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
        if (is_word(p, symbolic_slots[i])) {
            *slot = i;
            return 1;
        }
    return 0;
}

static uint64_t parse_slot(struct parser *p)
{
    uint64_t slot;
    if (p->tk.t == T_NUM) {
        slot = p->tk.num;
    } else if (p->tk.t == T_ID) {
        if (!symbolic_slot(p, &slot)) {
            char buf[64];
            fail(p, p->tk.pos, "unknown slot name %s", tok_desc(p, buf, sizeof(buf)));
        }
    } else {
        fail_expect(p, "a slot number or name");
    }
    next(p);
    return slot;
}

static int cn_eq(const void *ctx, uint32_t id, const void *key)
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
    uint32_t h = key_hash(name, len, index);
    uint32_t id = kmem_index_find(&p->cn_ix, h, cn_eq, p, &k);
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
        fail(p, r->pos, "expected a single name here, not a range");
    return (int64_t)rg.a;
}

static void add_cap(struct parser *p, uint32_t container, uint32_t target,
                    uint64_t slot, uint8_t rights)
{
    struct kmem_cap *c = kmem_vec_push(&p->s->caps);
    c->container = container;
    c->target = target;
    c->slot = slot;
    c->rights = rights;
    struct kmem_obj *o = kmem_obj_at(p->s, target);
    if (o->type == KO_FRAME) {
        if (rights & KR_X)
            o->flags |= KF_MAP_X;
        if (rights & KR_W)
            o->flags |= KF_MAP_W;
    }
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
    if (!is_p(p, '('))
        return 0;
    next(p);
    for (;;) {
        if (p->tk.t != T_ID)
            fail_expect(p, "a capability parameter");
        int ok;
        uint8_t r = parse_rights_word(p, &ok);
        next(p);
        if (is_p(p, ':')) {
            next(p);
            parse_value(p);
        } else if (ok) {
            rights |= r;
        }
        if (is_p(p, ')')) {
            next(p);
            return rights;
        }
        expect(p, ',');
    }
}

static void parse_slot_ref(struct parser *p)
{
    struct nref r;
    if (is_p(p, '(')) {
        next(p);
        parse_nref(p, &r);
        single_index(p, &r);
        uint32_t o = find_obj(p->s, r.name, r.len, single_index(p, &r));
        if (o == KMEM_NONE) {
            char buf[256];
            fail(p, r.pos, "unknown object '%s'",
                 nref_text(&r, single_index(p, &r), buf, sizeof(buf)));
        }
        expect(p, ',');
        parse_slot(p);
        expect(p, ')');
    } else {
        parse_nref(p, &r);   /* a capability name */
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
    add_cap(p, e->container, target, e->slot + e->n, e->rights);
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

/* One "container { slot: cap ... }" block; the entries apply to every
 * container the head names. */
static void parse_cap_block(struct parser *p, const struct nref *head)
{
    struct kmem_vec *cv = &p->containers;
    cv->len = 0;
    uint32_t single = KMEM_NONE;
    if (head->nr == 0) {
        single = find_obj(p->s, head->name, head->len, -1);
        if (single == KMEM_NONE) {
            char buf[256];
            fail(p, head->pos, "unknown object '%s'",
                 nref_text(head, -1, buf, sizeof(buf)));
        }
        *(uint32_t *)kmem_vec_push(cv) = single;
    } else {
        each_obj(p, head, collect, cv);
    }
    next(p);   /* '{' */
    uint64_t next_slot = 0;
    while (!is_p(p, '}')) {
        uint64_t slot = next_slot;
        if (p->tk.t == T_NUM) {
            slot = p->tk.num;
            next(p);
            expect(p, ':');
        } else if (p->tk.t == T_ID) {
            struct lexstate st = save(p);
            next(p);
            int colon = is_p(p, ':');
            restore(p, st);
            if (colon) {
                slot = parse_slot(p);
                expect(p, ':');
            }
        }
        struct nref capname, target;
        int has_name = 0, copy = 0;
        if (p->tk.t == T_ID) {
            struct lexstate st = save(p);
            size_t nr = p->ranges.len;
            parse_nref(p, &capname);
            if (is_p(p, '=')) {
                next(p);
                has_name = 1;
            } else {
                restore(p, st);
                p->ranges.len = nr;
            }
        }
        if (is_p(p, '<')) {
            next(p);
            parse_nref(p, &target);
            expect(p, '>');
            copy = 1;
        } else if (p->tk.t == T_ID) {
            parse_nref(p, &target);
        } else {
            fail_expect(p, "a capability");
        }
        uint8_t rights = parse_cap_params(p);
        if (is_p(p, '-')) {
            next(p);
            if (!is_word(p, "child_of"))
                fail_expect(p, "'child_of' after '-'");
            next(p);
            parse_slot_ref(p);
        }
        if (is_p(p, ';'))
            next(p);
        uint32_t n = 1;
        for (size_t k = 0; k < cv->len; k++) {
            uint32_t c = *KMEM_VEC_AT(cv, uint32_t, k);
            count_work(p, target.pos);
            if (copy) {
                struct copy *cp = kmem_vec_push(&p->copies);
                cp->container = c;
                cp->slot = slot;
                cp->ref = target;
                cp->rights = rights;
                cp->pos = target.pos;
                if (has_name)
                    add_capname(p, capname.name, capname.len,
                                single_index(p, &capname), c, slot, capname.pos);
            } else if (is_reserved_cap(&target) &&
                       find_obj(p->s, target.name, target.len, -1) == KMEM_NONE) {
                if (has_name)
                    add_capname(p, capname.name, capname.len,
                                single_index(p, &capname), c, slot, capname.pos);
            } else {
                struct entry_ctx e = { c, slot, rights,
                                       has_name ? &capname : NULL, 0 };
                if (target.nr == 0) {
                    uint32_t t = find_obj(p->s, target.name, target.len, -1);
                    if (t == KMEM_NONE) {
                        char buf[256];
                        fail(p, target.pos, "unknown object '%s'",
                             nref_text(&target, -1, buf, sizeof(buf)));
                    }
                    entry_target(p, t, &e);
                } else {
                    each_obj(p, &target, entry_target, &e);
                }
                n = e.n;
            }
        }
        next_slot = slot + n;
    }
    next(p);
}

static void parse_caps(struct parser *p)
{
    expect(p, '{');
    while (!is_p(p, '}')) {
        struct nref head;
        size_t nr = p->ranges.len;
        parse_nref(p, &head);
        if (is_p(p, '=')) {
            /* name = (object, slot) */
            next(p);
            expect(p, '(');
            struct nref obj;
            parse_nref(p, &obj);
            uint32_t c = find_obj(p->s, obj.name, obj.len, single_index(p, &obj));
            expect(p, ',');
            uint64_t slot = parse_slot(p);
            expect(p, ')');
            add_capname(p, head.name, head.len, single_index(p, &head), c, slot,
                        head.pos);
        } else if (is_p(p, '{')) {
            parse_cap_block(p, &head);
        } else {
            fail_expect(p, "'{' or '=' after a name in caps");
        }
        p->ranges.len = nr;
    }
    next(p);
}

static void ignore_obj(struct parser *p, uint32_t obj, void *ctx)
{
    (void)p;
    (void)obj;
    (void)ctx;
}

static void parse_irq_maps(struct parser *p)
{
    expect(p, '{');
    while (!is_p(p, '}')) {
        if (p->tk.t == T_NUM) {
            next(p);
            expect(p, ':');
        }
        struct nref r;
        parse_nref(p, &r);
        each_obj(p, &r, ignore_obj, NULL);
        if (is_p(p, ';'))
            next(p);
    }
    next(p);
}

static void parse_cdt_body(struct parser *p)
{
    enter(p);
    expect(p, '{');
    while (!is_p(p, '}')) {
        parse_slot_ref(p);
        if (is_p(p, '{'))
            parse_cdt_body(p);
        if (is_p(p, ';'))
            next(p);
    }
    next(p);
    p->depth--;
}

static void parse_cdt(struct parser *p)
{
    expect(p, '{');
    while (!is_p(p, '}')) {
        parse_slot_ref(p);
        parse_cdt_body(p);
    }
    next(p);
}

static void pass2(struct parser *p)
{
    p->pos = 0;
    next(p);
    while (p->tk.t != T_EOF) {
        if (is_word(p, "arch")) {
            next(p);
            next(p);
        } else if (is_word(p, "objects")) {
            /* read in pass 1: jump to the token after its '}' */
            const size_t *span = (const size_t *)p->spans.data + 2 * p->span_next++;
            p->pos = span[1];
            next(p);
        } else if (is_word(p, "caps")) {
            next(p);
            parse_caps(p);
        } else if (is_word(p, "irq")) {
            next(p);
            next(p);
            parse_irq_maps(p);
        } else if (is_word(p, "cdt")) {
            next(p);
            parse_cdt(p);
        } else if (is_word(p, "domains")) {
            next(p);
            if (!is_p(p, '{'))
                fail_expect(p, "'{'");
            skip_group(p);
        } else {
            fail_section(p);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Copies of named capabilities                                        */

struct slotkey {
    uint32_t container;
    uint64_t slot;
};

static uint32_t slot_hash(uint32_t container, uint64_t slot)
{
    uint64_t x = ((uint64_t)container << 32) ^ slot;
    x *= 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 32);
}

static int slot_eq(const void *ctx, uint32_t id, const void *key)
{
    const struct kmem_spec *s = ctx;
    const struct slotkey *k = key;
    const struct kmem_cap *c = KMEM_VEC_AT(&s->caps, struct kmem_cap, id);
    return c->container == k->container && c->slot == k->slot;
}

static uint32_t cap_at(struct parser *p, uint32_t container, uint64_t slot)
{
    struct slotkey k = { container, slot };
    return kmem_index_find(&p->slot_ix, slot_hash(container, slot), slot_eq,
                           p->s, &k);
}

static void index_cap(struct parser *p, uint32_t id)
{
    const struct kmem_cap *c = KMEM_VEC_AT(&p->s->caps, struct kmem_cap, id);
    kmem_index_insert(&p->slot_ix, slot_hash(c->container, c->slot), id);
}

/* Resolves one copy; 1 done, 0 not yet (its source is itself a copy). */
static int resolve_copy(struct parser *p, struct copy *cp, int last_round)
{
    char buf[256];
    struct kmem_vec names;
    kmem_vec_init(&names, sizeof(uint32_t));
    if (cp->ref.nr == 0) {
        struct objkey k = { cp->ref.name, cp->ref.len, -1 };
        uint32_t id = kmem_index_find(&p->cn_ix, key_hash(k.name, k.len, -1),
                                      cn_eq, p, &k);
        if (id != KMEM_NONE)
            *(uint32_t *)kmem_vec_push(&names) = id;
    } else {
        /* every capability name with that stem, in index order */
        for (int64_t i = 0;; i++) {
            struct objkey k = { cp->ref.name, cp->ref.len, i };
            uint32_t id = kmem_index_find(&p->cn_ix, key_hash(k.name, k.len, i),
                                          cn_eq, p, &k);
            if (id == KMEM_NONE)
                break;
            *(uint32_t *)kmem_vec_push(&names) = id;
        }
    }
    if (names.len == 0) {
        kmem_vec_free(&names);
        fail(p, cp->pos, "unknown capability name '%s'",
             nref_text(&cp->ref, -1, buf, sizeof(buf)));
    }
    for (size_t i = 0; i < names.len; i++) {
        const struct capname *cn = KMEM_VEC_AT(&p->capnames, struct capname,
                                               *KMEM_VEC_AT(&names, uint32_t, i));
        uint32_t at_ = cn->container == KMEM_NONE ? KMEM_NONE
                                                  : cap_at(p, cn->container, cn->slot);
        if (at_ == KMEM_NONE) {
            if (!last_round) {
                kmem_vec_free(&names);
                return 0;
            }
            kmem_vec_free(&names);
            if (cn->container == KMEM_NONE)
                fail(p, cp->pos, "capability name '%.*s' refers to an unknown object",
                     (int)cn->len, cn->name);
            fail(p, cp->pos, "capability name '%.*s' names an empty slot",
                 (int)cn->len, cn->name);
        }
    }
    for (size_t i = 0; i < names.len; i++) {
        const struct capname *cn = KMEM_VEC_AT(&p->capnames, struct capname,
                                               *KMEM_VEC_AT(&names, uint32_t, i));
        uint32_t src = cap_at(p, cn->container, cn->slot);
        uint32_t target = KMEM_VEC_AT(&p->s->caps, struct kmem_cap, src)->target;
        count_work(p, cp->pos);
        add_cap(p, cp->container, target, cp->slot + i, cp->rights);
        index_cap(p, (uint32_t)(p->s->caps.len - 1));
    }
    kmem_vec_free(&names);
    return 1;
}

static void resolve_copies(struct parser *p)
{
    if (!p->copies.len)
        return;
    for (size_t i = 0; i < p->s->caps.len; i++)
        index_cap(p, (uint32_t)i);
    size_t left = p->copies.len;
    while (left) {
        size_t before = left;
        for (size_t i = 0; i < p->copies.len; i++) {
            struct copy *cp = KMEM_VEC_AT(&p->copies, struct copy, i);
            if (cp->done)
                continue;
            count_work(p, cp->pos);   /* chains of copies take rounds */
            if (resolve_copy(p, cp, 0)) {
                cp->done = 1;
                left--;
            }
        }
        if (left == before) {
            /* no progress: the first unresolved one reports why */
            for (size_t i = 0; i < p->copies.len; i++) {
                struct copy *cp = KMEM_VEC_AT(&p->copies, struct copy, i);
                if (!cp->done)
                    resolve_copy(p, cp, 1);
            }
            fail(p, 0, "capability names refer to each other in a cycle");
        }
    }
}

/* ------------------------------------------------------------------ */

static void build_adjacency(struct kmem_spec *s)
{
    size_t n = s->objs.len, m = s->caps.len;
    s->adj_start = calloc(n + 1, sizeof(uint32_t));
    s->adj_target = malloc((m ? m : 1) * sizeof(uint32_t));
    if (!s->adj_start || !s->adj_target) {
        fputs("kmem: out of memory\n", stderr);
        exit(2);
    }
    const struct kmem_cap *caps = s->caps.data;
    kmem_vec_init(&s->binds, sizeof(struct kmem_bind));
    for (size_t i = 0; i < m; i++) {
        s->adj_start[caps[i].container + 1]++;
        if ((caps[i].slot <= KMEM_SLOT_VSPACE || caps[i].slot == KMEM_SLOT_IPCBUF) &&
            kmem_obj_at(s, caps[i].container)->type == KO_TCB) {
            struct kmem_bind *b = kmem_vec_push(&s->binds);
            b->tcb = caps[i].container;
            b->target = caps[i].target;
            b->slot = caps[i].slot;
        }
    }
    for (size_t i = 0; i < n; i++)
        s->adj_start[i + 1] += s->adj_start[i];
    for (size_t i = 0; i < m; i++)
        s->adj_target[s->adj_start[caps[i].container]++] = caps[i].target;
    for (size_t i = n; i > 0; i--)
        s->adj_start[i] = s->adj_start[i - 1];
    s->adj_start[0] = 0;
}

static void parser_free(struct parser *p)
{
    kmem_vec_free(&p->ranges);
    kmem_vec_free(&p->arrays);
    kmem_index_free(&p->arr_ix);
    kmem_vec_free(&p->capnames);
    kmem_index_free(&p->cn_ix);
    kmem_vec_free(&p->copies);
    kmem_vec_free(&p->children);
    kmem_vec_free(&p->containers);
    kmem_index_free(&p->slot_ix);
    kmem_vec_free(&p->spans);
}

int kmem_parse(struct kmem_spec *s, const char *file, const char *buf,
               size_t len, struct kmem_diag *d)
{
    memset(s, 0, sizeof(*s));
    s->file = file;
    s->buf = buf;
    s->len = len;
    kmem_vec_init(&s->objs, sizeof(struct kmem_obj));
    kmem_vec_init(&s->caps, sizeof(struct kmem_cap));
    struct parser *p = calloc(1, sizeof(*p));
    if (!p) {
        kmem_error(d, "kmem: out of memory");
        return -1;
    }
    s->priv = p;
    p->s = s;
    p->d = d;
    p->b = buf;
    p->len = len;
    kmem_vec_init(&p->ranges, sizeof(struct range));
    kmem_vec_init(&p->arrays, sizeof(struct array));
    kmem_vec_init(&p->capnames, sizeof(struct capname));
    kmem_vec_init(&p->copies, sizeof(struct copy));
    kmem_vec_init(&p->children, sizeof(struct child));
    kmem_vec_init(&p->containers, sizeof(uint32_t));
    kmem_vec_init(&p->spans, 2 * sizeof(size_t));
    if (len > UINT32_MAX - 1) {
        kmem_error(d, "%s: error: file is larger than 4 GiB", file);
        return -1;
    }
    if (setjmp(p->jb))
        return -1;
    pass1(p);
    pass2(p);
    resolve_copies(p);
    build_adjacency(s);
    kmem_vec_free(&s->caps);
    parser_free(p);
    free(p);
    s->priv = NULL;
    return 0;
}

void kmem_spec_free(struct kmem_spec *s)
{
    if (s->priv) {
        parser_free(s->priv);
        free(s->priv);
    }
    kmem_vec_free(&s->objs);
    kmem_vec_free(&s->caps);
    kmem_vec_free(&s->binds);
    kmem_index_free(&s->ix);
    kmem_arena_free(&s->arena);
    free(s->adj_start);
    free(s->adj_target);
    memset(s, 0, sizeof(*s));
}

int kmem_read_file(const char *path, char **buf, size_t *len, struct kmem_diag *d)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        kmem_error(d, "%s: error: cannot open: %s", path, strerror(errno));
        return -1;
    }
    /* A directory opens, and its "size" is no size at all: say what it is
     * rather than fail to allocate it. */
    struct stat st;
    size_t cap = 1 << 16, n = 0;
    char *b = NULL;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            if (f != stdin)
                fclose(f);
            kmem_error(d, "%s: error: is a directory, not a file", path);
            return -1;
        }
        if (S_ISREG(st.st_mode) && st.st_size > 0)
            cap = (size_t)st.st_size + 1;
    }
    for (;;) {
        if (!b || n == cap) {
            if (b)
                cap *= 2;
            char *nb = realloc(b, cap);
            if (!nb) {
                free(b);
                if (f != stdin)
                    fclose(f);
                kmem_error(d, "%s: error: out of memory", path);
                return -1;
            }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    if (f != stdin)
        fclose(f);
    if (bad) {
        free(b);
        kmem_error(d, "%s: error: read failed", path);
        return -1;
    }
    *buf = b;
    *len = n;
    return 0;
}
