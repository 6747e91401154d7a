/* SPDX-License-Identifier: BSD-2-Clause */
/* Just enough of the flattened device tree for boot: the RAM (the reg of
 * the first /memory node) and the ranges firmware keeps for itself (the
 * children of /reserved-memory and the CLINT), which must not be handed
 * to user space as untyped memory. */
#include "kernel.h"
#include "boot.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define FDT_MAX_DEPTH 8

/* What the walk keeps of a node on the path from the root: its reg and
 * compatible properties, the cell sizes of its own reg (its parent's
 * #address-cells / #size-cells) and those it sets for its children. */
struct fdt_node {
    const char *name;
    const uint8_t *reg, *compat;
    uint32_t reg_len, compat_len;
    uint32_t acells, scells, child_acells, child_scells;
};

/* Called when a node ends, with the path from the root (path[1] is the
 * root node); returns false to end the walk. */
typedef bool (*fdt_visit)(const struct fdt_node *path, int depth, void *arg);

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static bool streq(const char *s, const char *p)
{
    while (*p)
        if (*s++ != *p++)
            return false;
    return *s == '\0';
}

/* A node name matches p with or without its unit address. */
static bool prefix(const char *s, const char *p)
{
    while (*p)
        if (*s++ != *p++)
            return false;
    return *s == '\0' || *s == '@';
}

static void node_begin(struct fdt_node *path, int depth, const char *name)
{
    struct fdt_node *n = &path[depth];
    n->name = name;
    n->reg = n->compat = NULL;
    n->reg_len = n->compat_len = 0;
    n->acells = depth > 1 ? path[depth - 1].child_acells : 2;
    n->scells = depth > 1 ? path[depth - 1].child_scells : 1;
    n->child_acells = 2;   /* the specification's defaults */
    n->child_scells = 1;
}

static void node_prop(struct fdt_node *n, const char *name, const uint8_t *val, uint32_t len)
{
    if (streq(name, "reg")) {
        n->reg = val;
        n->reg_len = len;
    } else if (streq(name, "compatible")) {
        n->compat = val;
        n->compat_len = len;
    } else if (streq(name, "#address-cells") && len == 4) {
        n->child_acells = be32(val);
    } else if (streq(name, "#size-cells") && len == 4) {
        n->child_scells = be32(val);
    }
}

/* Walks the structure block; false if the blob is not a device tree. */
static bool fdt_walk(paddr_t dtb, fdt_visit visit, void *arg)
{
    const uint8_t *fdt = phys_to_virt(dtb);
    if (be32(fdt) != FDT_MAGIC)
        return false;
    const uint8_t *p = fdt + be32(fdt + 8);
    const char *strings = (const char *)fdt + be32(fdt + 12);
    struct fdt_node path[FDT_MAX_DEPTH + 1];
    int depth = 0;
    for (;;) {
        uint32_t tok = be32(p);
        p += 4;
        if (tok == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            if (++depth <= FDT_MAX_DEPTH)
                node_begin(path, depth, name);
            size_t len = 0;
            while (name[len])
                len++;
            p += ALIGN_UP(len + 1, 4);
        } else if (tok == FDT_END_NODE) {
            if (depth >= 1 && depth <= FDT_MAX_DEPTH && !visit(path, depth, arg))
                return true;
            if (--depth < 0)
                return false;
        } else if (tok == FDT_PROP) {
            uint32_t len = be32(p);
            if (depth >= 1 && depth <= FDT_MAX_DEPTH)
                node_prop(&path[depth], strings + be32(p + 4), p + 8, len);
            p += 8 + ALIGN_UP(len, 4);
        } else if (tok == FDT_END) {
            return true;
        } else if (tok != FDT_NOP) {
            return false;
        }
    }
}

/* A number of 1 or 2 cells (anything larger does not fit a word). */
static word_t cells(const uint8_t *p, uint32_t n)
{
    return n == 1 ? be32(p) : (word_t)be32(p) << 32 | be32(p + 4);
}

/* The i-th (address, size) pair of n's reg; false past its end. */
static bool reg_entry(const struct fdt_node *n, uint32_t i, paddr_t *base, word_t *size)
{
    uint32_t a = n->acells, s = n->scells, entry = 4 * (a + s);
    if (!n->reg || a < 1 || a > 2 || s > 2 || (i + 1) * entry > n->reg_len)
        return false;
    *base = cells(n->reg + i * entry, a);
    *size = s ? cells(n->reg + i * entry + 4 * a, s) : 0;
    return true;
}

static bool visit_memory(const struct fdt_node *path, int depth, void *arg)
{
    struct fdt_range *r = arg;
    if (depth == 2 && prefix(path[2].name, "memory") && reg_entry(&path[2], 0, &r->base, &r->size))
        return false;
    return true;
}

bool fdt_find_memory(paddr_t dtb, paddr_t *base, word_t *size)
{
    struct fdt_range r = { 0, 0 };
    if (!fdt_walk(dtb, visit_memory, &r) || r.size == 0)
        return false;
    *base = r.base;
    *size = r.size;
    return true;
}

/* Is one of the node's compatible strings a core-local interruptor? */
static bool is_clint(const struct fdt_node *n)
{
    static const char *const names[] = { "riscv,clint0", "sifive,clint0",
                                         "riscv,aclint-mswi", "riscv,aclint-mtimer" };
    for (uint32_t at = 0; at < n->compat_len;) {
        const char *s = (const char *)n->compat + at;
        for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
            if (streq(s, names[i]))
                return true;
        while (at < n->compat_len && n->compat[at])
            at++;
        at++;
    }
    return false;
}

struct reserved_walk {
    struct fdt_range *out;
    int n, max;
};

static bool visit_reserved(const struct fdt_node *path, int depth, void *arg)
{
    struct reserved_walk *w = arg;
    bool reserved = depth == 3 && prefix(path[2].name, "reserved-memory");
    if (!reserved && !is_clint(&path[depth]))
        return true;
    paddr_t base;
    word_t size;
    for (uint32_t i = 0; w->n < w->max && reg_entry(&path[depth], i, &base, &size); i++)
        if (size)
            w->out[w->n++] = (struct fdt_range){ base, size };
    return w->n < w->max;
}

int fdt_firmware_ranges(paddr_t dtb, struct fdt_range *out, int max)
{
    struct reserved_walk w = { out, 0, max };
    fdt_walk(dtb, visit_reserved, &w);
    return w.n;
}
