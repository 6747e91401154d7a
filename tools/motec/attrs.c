/* SPDX-License-Identifier: BSD-2-Clause */
/* Semantic checks, part 3: attributes.  An instance's attributes are the
 * ones its component declares (with their defaults), overridden by the
 * assembly's configuration, plus mote's built-in attributes (priority,
 * stack_size, <iface>_has_thread, hardware addresses ...). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include <mote/archive.h>
#include <mote/invocation.h>
#include <mote/objects.h>
#include <mote/spec.h>

enum builtin {
    BA_NONE, BA_PRIORITY, BA_STACK, BA_HAS_THREAD, BA_PADDR, BA_SIZE, BA_IRQ,
    BA_IRQ_PARAM, BA_CNODE_BITS, BA_FREE_SLOTS, BA_UNTYPED_SLOTS, BA_POWER_OFF, BA_ASID_POOL,
    BA_INSPECT, BA_MEM_REPORT, BA_FILES, BA_CAMKES, BA_FPU, BA_CTL_PRIORITY, BA_CTL_STACK,
    BA_UNTYPED_MEMORY, BA_HW_ATTRIBUTES, BA_HW_CACHED, BA_ACCESS, BA_RESTART, BA_RESTART_LIMIT,
};

/* untyped_memory = true (Cantrip's memory owner): this many untyped
 * slots, enough for every untyped the kernel hands out on QEMU virt. */
#define CANTRIP_UNTYPED_SLOTS 64

/* CAmkES attributes mote accepts and ignores (with a warning), and why.
 * "%s" stands for an interface name or nothing (the control thread). */
static const struct { const char *suffix, *why; } ignored_suffixes[] = {
    { "_period", "mote has no MCS scheduling contexts" },
    { "_budget", "mote has no MCS scheduling contexts" },
    { "_data", "mote has no MCS scheduling contexts" },
    { "_passive", "mote has no MCS scheduling contexts (its threads are never passive)" },
    { "_domain", "mote has no scheduling domains" },
    { "_affinity", "mote runs on one core" },
    { "_max_priority", "every mote thread's maximum priority is its priority" },
};

struct m_attr *inst_find_attr(struct m_inst *in, const char *name)
{
    for (int i = 0; i < in->attrs.n; i++)
        if (streq(in->attrs.v[i].name, name))
            return &in->attrs.v[i];
    return NULL;
}

static const struct { const char *suffix; enum builtin b; int hw; enum iface_kind k1, k2; }
iface_attrs[] = {
    { "_priority", BA_PRIORITY, 0, IF_PROVIDES, IF_CONSUMES },
    { "_stack_size", BA_STACK, 0, IF_PROVIDES, IF_CONSUMES },
    { "_has_thread", BA_HAS_THREAD, 0, IF_PROVIDES, IF_CONSUMES },
    { "_paddr", BA_PADDR, 1, IF_DATAPORT, IF_DATAPORT },
    { "_size", BA_SIZE, 1, IF_DATAPORT, IF_DATAPORT },
    { "_irq_number", BA_IRQ, 1, IF_EMITS, IF_EMITS },
    { "_irq_type", BA_IRQ_PARAM, 1, IF_EMITS, IF_EMITS },
    { "_irq_trigger", BA_IRQ_PARAM, 1, IF_EMITS, IF_EMITS },
    { "_attributes", BA_HW_ATTRIBUTES, 1, IF_DATAPORT, IF_EMITS },
    { "_cached", BA_HW_CACHED, 1, IF_DATAPORT, IF_DATAPORT },
    { "_access", BA_ACCESS, 0, IF_DATAPORT, IF_DATAPORT },
};

/* Why an attribute CAmkES knows is ignored by mote; NULL if it is not
 * one of those. */
static const char *ignored_attr(struct m_inst *in, const char *name)
{
    if (streq(name, "integrity_label"))
        return "mote has no integrity labels";
    size_t len = strlen(name);
    for (unsigned k = 0; k < sizeof ignored_suffixes / sizeof ignored_suffixes[0]; k++) {
        size_t n = strlen(ignored_suffixes[k].suffix);
        if (len < n || !streq(name + len - n, ignored_suffixes[k].suffix))
            continue;
        if (len == n)
            return ignored_suffixes[k].why;
        for (int i = 0; i < in->ifaces.n; i++)
            if (strlen(in->ifaces.v[i]->decl->name) == len - n &&
                strncmp(name, in->ifaces.v[i]->decl->name, len - n) == 0)
                return ignored_suffixes[k].why;
    }
    for (int i = 0; i < in->comp->has.n; i++) {
        struct has_decl *h = &in->comp->has.v[i];
        if (strncmp(name, h->name, strlen(h->name)) == 0 &&
            streq(name + strlen(h->name), "_value"))
            return "'has' declarations are ignored";
    }
    return NULL;
}

/* <iface>_priority / _stack_size for an interface with no thread. */
static const char *threadless_attr(struct m_inst *in, const char *name)
{
    for (int i = 0; i < in->ifaces.n && !inst_is_hw(in); i++) {
        struct m_iface *f = in->ifaces.v[i];
        size_t n = strlen(f->decl->name);
        if (f->decl->kind == IF_PROVIDES || f->decl->kind == IF_CONSUMES ||
            strncmp(name, f->decl->name, n) != 0)
            continue;
        if (streq(name + n, "_priority") || streq(name + n, "_stack_size"))
            return "that interface has no thread of its own in mote";
    }
    return NULL;
}

/* Which built-in attribute name is, and for which interface. */
static enum builtin builtin_attr(struct m_inst *in, const char *name, struct m_iface **iface)
{
    static const struct { const char *name; enum builtin b; } plain[] = {
        { "priority", BA_PRIORITY }, { "stack_size", BA_STACK },
        { "_priority", BA_CTL_PRIORITY }, { "_stack_size", BA_CTL_STACK },
        { "cnode_size_bits", BA_CNODE_BITS }, { "cnode_free_slots", BA_FREE_SLOTS },
        { "untyped_slots", BA_UNTYPED_SLOTS }, { "power_off", BA_POWER_OFF },
        { "cnode_headroom", BA_FREE_SLOTS }, { "untyped_memory", BA_UNTYPED_MEMORY },
        { "asid_pool", BA_ASID_POOL },
        { "inspect", BA_INSPECT }, { "mem_report", BA_MEM_REPORT }, { "files", BA_FILES },
        { "heap_size", BA_CAMKES },
        { "affinity", BA_CAMKES }, { "max_priority", BA_CAMKES }, { "fpu", BA_FPU },
        { "restart", BA_RESTART }, { "restart_limit", BA_RESTART_LIMIT },
    };
    *iface = NULL;
    for (unsigned i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (streq(name, plain[i].name) && !inst_is_hw(in))
            return plain[i].b;
    for (int i = 0; i < in->ifaces.n; i++) {
        struct m_iface *f = in->ifaces.v[i];
        size_t n = strlen(f->decl->name);
        if (strncmp(name, f->decl->name, n) != 0)
            continue;
        for (unsigned k = 0; k < sizeof iface_attrs / sizeof iface_attrs[0]; k++)
            if (streq(name + n, iface_attrs[k].suffix) && iface_attrs[k].hw == inst_is_hw(in) &&
                (f->decl->kind == iface_attrs[k].k1 || f->decl->kind == iface_attrs[k].k2)) {
                *iface = f;
                return iface_attrs[k].b;
            }
    }
    if (ignored_attr(in, name) || threadless_attr(in, name))
        return BA_CAMKES;
    return BA_NONE;
}

static const char *inst_name(struct m_inst *in)
{
    return in->decl->name;
}

static int want_int(struct m_inst *in, struct m_attr *a, int64_t lo, int64_t hi, int64_t *out)
{
    struct value *v = a->value;
    if ((v->kind != V_INT && v->kind != V_BOOL) || v->i < lo || v->i > hi) {
        char got[48] = "";
        if (v->kind == V_INT)
            snprintf(got, sizeof got, ", not %lld", (long long)v->i);
        diag_error(v->loc, "component instance '%s': attribute '%s' must be an integer from "
                   "%lld to %lld%s", inst_name(in), a->name, (long long)lo, (long long)hi, got);
        return 0;
    }
    *out = v->i;
    return 1;
}

/* files = "F" or ["F", ...]: paths from the assembly file's directory;
 * each is packed into the boot archive under its base name, except a file
 * smaller than a page: mapped, it would cost a whole page, so its bytes
 * are read here and the header puts them into the instance's rodata. */
static int read_small(FILE *fp, struct m_file *f)
{
    f->bytes = xmalloc(f->size + 1);
    return !fseek(fp, 0, SEEK_SET) && fread(f->bytes, 1, f->size, fp) == f->size;
}

static void add_file(struct m_inst *in, const struct value *v)
{
    if (v->kind != V_STRING) {
        diag_error(v->loc, "component instance '%s': attribute 'files' takes file names "
                   "(strings)", inst_name(in));
        return;
    }
    char *dir = xstrdup(v->loc.file), *slash = strrchr(dir, '/');
    const char *base = strrchr(v->s, '/') ? strrchr(v->s, '/') + 1 : v->s;
    struct m_file f = { xstrdup(base), v->s[0] == '/' || !slash ? xstrdup(v->s) : NULL, 0, 0, 0 };
    if (!f.path) {
        *slash = 0;
        f.path = xasprintf("%s/%s", dir, v->s);
    }
    free(dir);
    FILE *fp = fopen(f.path, "rb");
    if (!fp || fseek(fp, 0, SEEK_END) || (long)(f.size = (uint64_t)ftell(fp)) < 0 ||
        (f.size < MT_PAGE_SIZE && !read_small(fp, &f))) {
        diag_error(v->loc, "component instance '%s': cannot read file '%s'", inst_name(in),
                   f.path);
    } else if (!*base || strlen(base) >= MT_ARCHIVE_NAME_MAX) {
        diag_error(v->loc, "component instance '%s': file name '%s' must have 1 to %u "
                   "characters", inst_name(in), base, MT_ARCHIVE_NAME_MAX - 1);
    } else {
        for (int i = 0; i < in->files.n; i++)
            if (streq(in->files.v[i].name, base))
                diag_error(v->loc, "component instance '%s': two files named '%s'",
                           inst_name(in), base);
        VEC_PUSH(in->files, f);
    }
    if (fp)
        fclose(fp);
}

static void apply_files(struct m_inst *in, struct m_attr *a)
{
    if (a->value->kind != V_LIST) {
        add_file(in, a->value);
        return;
    }
    for (int i = 0; i < a->value->n; i++)
        add_file(in, a->value->items[i]);
}

static void apply_stack(struct m_inst *in, struct m_attr *a, struct m_iface *f)
{
    int64_t n;
    struct value *v = a->value;
    if (v->kind != V_INT || v->i <= 0 || v->i % MT_PAGE_SIZE != 0 || v->i > (1 << 24)) {
        diag_error(v->loc, "component instance '%s': attribute '%s' must be a positive "
                   "multiple of %lu (at most 16 MiB)", inst_name(in), a->name, MT_PAGE_SIZE);
        return;
    }
    n = v->i;
    if (f)
        f->stack_size = (uint64_t)n;
    else if (streq(a->name, "_stack_size"))
        in->ctl_stack_size = (uint64_t)n;
    else
        in->stack_size = (uint64_t)n;
}

static void apply_hw(struct m_inst *in, struct m_attr *a, enum builtin b, struct m_iface *f)
{
    int64_t n;
    if (b == BA_PADDR && want_int(in, a, 0, INT64_MAX, &n)) {
        if (n % (int64_t)MT_PAGE_SIZE)
            diag_error(a->value->loc, "component instance '%s': attribute '%s' must be "
                       "page aligned (0x%llx is not)", inst_name(in), a->name, (long long)n);
        f->paddr = (uint64_t)n;
    } else if (b == BA_SIZE && want_int(in, a, 1, 1ll << 32, &n)) {
        f->size = (uint64_t)n;
    } else if (b == BA_IRQ && want_int(in, a, 1, MT_IRQ_MAX, &n)) {
        f->irq = (int)n;
    }
}

/* restart = "never" | "always" | "backoff" (enum mt_restart_policy). */
static void apply_restart(struct m_inst *in, struct m_attr *a)
{
    static const char *const names[] = { "never", "always", "backoff" };
    struct value *v = a->value;
    for (int i = 0; i < 3 && v->kind == V_STRING; i++)
        if (streq(v->s, names[i])) {
            in->restart = MT_RESTART_NEVER + i;
            return;
        }
    diag_error(v->loc, "component instance '%s': attribute 'restart' must be \"never\", "
               "\"always\" or \"backoff\"", inst_name(in));
}

/* The instance's flag a true/false built-in attribute sets. */
static bool *bool_attr(struct m_inst *in, enum builtin b)
{
    return b == BA_FPU ? &in->fpu : b == BA_POWER_OFF ? &in->power_off :
           b == BA_ASID_POOL ? &in->asid_pool : b == BA_INSPECT ? &in->inspect :
           &in->mem_report;   /* BA_MEM_REPORT */
}

/* CAmkES's older form of an IRQ number: the number, or a string of it. */
static void apply_irq_attributes(struct m_inst *in, struct m_attr *a, struct m_iface *f)
{
    struct value *v = a->value;
    char *end = NULL;
    long long n = v->kind == V_INT ? v->i : v->kind == V_STRING ? strtoll(v->s, &end, 0) : -1;
    if ((v->kind == V_STRING && (end == v->s || *end)) || n < 1 || n > MT_IRQ_MAX) {
        diag_error(v->loc, "component instance '%s': attribute '%s' must be an IRQ number from "
                   "1 to %d (or a string of one)", inst_name(in), a->name, MT_IRQ_MAX);
        return;
    }
    f->irq = (int)n;
}

/* CAmkES's older form of a hardware dataport's place: "paddr:size". */
static void apply_hw_attributes(struct m_inst *in, struct m_attr *a, struct m_iface *f)
{
    struct value *v = a->value;
    if (f->decl->kind == IF_EMITS) {
        apply_irq_attributes(in, a, f);
        return;
    }
    char *end = NULL, *mid = NULL;
    unsigned long long pa = 0, size = 0;
    if (v->kind == V_STRING) {
        pa = strtoull(v->s, &mid, 0);
        if (*mid == ':')
            size = strtoull(mid + 1, &end, 0);
    }
    if (!end || *end || mid == v->s || size == 0 || size > (1ull << 32) ||
        pa % MT_PAGE_SIZE) {
        diag_error(v->loc, "component instance '%s': attribute '%s' must be a string "
                   "\"paddr:size\" (page aligned, size 1 to 4 GiB)", inst_name(in), a->name);
        return;
    }
    f->paddr = pa;
    f->size = size;
}

/* CAmkES's <dataport>_access: "R" maps this end read-only, "RW" (or
 * "W", which a page table cannot give without read) read and write. */
static void apply_access(struct m_inst *in, struct m_attr *a, struct m_iface *f)
{
    struct value *v = a->value;
    if (v->kind == V_STRING && (streq(v->s, "R") || streq(v->s, "RW") || streq(v->s, "W"))) {
        f->read_only = streq(v->s, "R");
        return;
    }
    diag_error(v->loc, "component instance '%s': attribute '%s' must be \"R\", \"W\" or "
               "\"RW\"", inst_name(in), a->name);
}

/* A CAmkES attribute mote accepts and does not use: said so, with why. */
static void warn_ignored(struct m_inst *in, struct m_attr *a)
{
    const char *why = ignored_attr(in, a->name);
    if (!why)
        why = threadless_attr(in, a->name);
    size_t n = strlen(a->name);
    if (!why && n > 7 && streq(a->name + n - 7, "_cached"))
        why = "device frames are always mapped uncached";
    diag_warning(a->value->loc, "component instance '%s': attribute '%s' is ignored by "
                 "mote%s%s", inst_name(in), a->name, why ? ": " : "", why ? why : "");
}

static void apply_builtin(struct m_inst *in, struct m_attr *a, enum builtin b, struct m_iface *f)
{
    int64_t n;
    switch (b) {
    case BA_PRIORITY:
        if (want_int(in, a, 0, MT_MAX_PRIORITY, &n))
            *(f ? &f->priority : &in->priority) = (int)n;
        break;
    case BA_STACK: apply_stack(in, a, f); break;
    case BA_HAS_THREAD:
        if (want_int(in, a, 0, 1, &n))
            f->has_thread = n != 0;
        break;
    case BA_CNODE_BITS:
        if (want_int(in, a, MT_CNODE_MIN_RADIX, MT_SPEC_CNODE_MAX_BITS, &n))
            in->cnode_bits_attr = (int)n;
        break;
    case BA_FREE_SLOTS:
        if (want_int(in, a, 0, 1 << 16, &n))
            in->free_slots = (int)n;
        break;
    case BA_UNTYPED_SLOTS:
        if (want_int(in, a, 0, 1 << 12, &n))
            in->untyped_slots = (int)n;
        break;
    case BA_UNTYPED_MEMORY:
        if (want_int(in, a, 0, 1, &n))
            in->untyped_slots = n ? CANTRIP_UNTYPED_SLOTS : 0;
        break;
    case BA_FPU: case BA_POWER_OFF: case BA_ASID_POOL: case BA_INSPECT: case BA_MEM_REPORT:
        if (want_int(in, a, 0, 1, &n))
            *bool_attr(in, b) = n != 0;
        break;
    case BA_FILES:
        apply_files(in, a);
        break;
    case BA_RESTART: apply_restart(in, a); break;
    case BA_RESTART_LIMIT:
        if (want_int(in, a, 0, 0xffff, &n))
            in->restart_limit = (int)n;
        break;
    case BA_CAMKES: warn_ignored(in, a); break;
    case BA_CTL_PRIORITY:
        if (want_int(in, a, 0, MT_MAX_PRIORITY, &n))
            in->ctl_priority = (int)n;
        break;
    case BA_CTL_STACK: apply_stack(in, a, NULL); break;
    case BA_PADDR: case BA_SIZE: case BA_IRQ:
        apply_hw(in, a, b, f);
        break;
    case BA_HW_ATTRIBUTES: apply_hw_attributes(in, a, f); break;
    case BA_HW_CACHED: warn_ignored(in, a); break;
    case BA_ACCESS: apply_access(in, a, f); break;
    case BA_IRQ_PARAM:  /* accepted for CAmkES assemblies; mote's IRQs need none */
    case BA_NONE:
        break;
    }
}

static int is_int_type(const char *t)
{
    return strstr(t, "int") || strstr(t, "signed") || streq(t, "char") || streq(t, "bool") ||
           streq(t, "uint64_t") || streq(t, "uint32_t") || streq(t, "size_t");
}

/* A declared attribute's value must match its declared type. */
static void check_declared(struct m_inst *in, struct m_attr *a)
{
    struct value *v = a->value;
    const char *t = a->decl->type;
    const char *want = NULL;
    if (a->decl->is_array)
        want = v->kind == V_LIST ? NULL : "a list";
    else if (streq(t, "string"))
        want = v->kind == V_STRING ? NULL : "a string";
    else if (is_int_type(t))
        want = (v->kind == V_INT || v->kind == V_BOOL) ? NULL : "an integer";
    if (want)
        diag_error(v->loc, "component instance '%s': attribute '%s' is declared '%s%s' and "
                   "needs %s", inst_name(in), a->name, t, a->decl->is_array ? "[]" : "", want);
}

/* Adds or overrides one configuration setting. */
static void apply_setting(struct m_inst *in, struct setting *s, struct setting **seen, int nseen)
{
    for (int i = 0; i < nseen; i++)
        if (seen[i] && streq(seen[i]->inst, s->inst) && streq(seen[i]->attr, s->attr)) {
            diag_error(s->loc, "component instance '%s': attribute '%s' is set twice (first at "
                       "%s:%d:%d)", s->inst, s->attr, seen[i]->loc.file, seen[i]->loc.line,
                       seen[i]->loc.col);
            return;
        }
    struct m_attr *a = inst_find_attr(in, s->attr);
    struct m_iface *f;
    if (!a && builtin_attr(in, s->attr, &f) == BA_NONE) {
        diag_error(s->loc, "component instance '%s' (type %s) has no attribute '%s'", s->inst,
                   in->comp->name, s->attr);
        return;
    }
    if (!a) {
        struct m_attr na = { .name = s->attr };
        VEC_PUSH(in->attrs, na);
        a = &in->attrs.v[in->attrs.n - 1];
    }
    a->value = s->value;
}

static void resolve_inst(struct m_inst *in)
{
    for (int i = 0; i < in->attrs.n; i++) {
        struct m_attr *a = &in->attrs.v[i];
        struct m_iface *f;
        if (!a->value)
            continue;
        if (a->decl)
            check_declared(in, a);
        enum builtin b = builtin_attr(in, a->name, &f);
        if (b != BA_NONE)
            apply_builtin(in, a, b, f);
    }
}

/* The instance that provides the other end of uses-interface f. */
static struct m_inst *provider_of(const struct m_iface *f)
{
    const struct m_conn *c = f->ends.v[0]->conn;
    for (int i = 0; i < c->ends.n; i++)
        if (!c->ends.v[i]->is_from)
            return c->ends.v[i]->inst;
    return NULL;
}

/* While a component is down its supervisor must not wait for it: a
 * supervisor that prints through, or sleeps by, the component it restarts
 * would wait forever for the restart it is making. */
static void check_supervisor_independent(struct m_inst *in, struct m_attr *a)
{
    struct m_inst *sup = provider_of(in->fault_iface);
    for (int i = 0; sup && i < sup->ifaces.n; i++) {
        struct m_iface *f = sup->ifaces.v[i];
        if (f->decl->kind == IF_USES && f->ends.n && provider_of(f) == in)
            diag_error(a->value->loc, "component instance '%s' has a restart policy, but its "
                       "supervisor '%s' calls it through '%s' (it would wait for the "
                       "component it restarts)", inst_name(in), sup->decl->name,
                       f->decl->name);
    }
}

/* A restartable instance reports its faults to its supervisor through a
 * connected `uses FaultReport` interface: every thread's fault endpoint
 * (motec sets it in the spec), and the supervisor's restart table. */
static void check_restart(struct m_inst *in)
{
    struct m_attr *a = inst_find_attr(in, "restart");
    struct m_attr *l = inst_find_attr(in, "restart_limit");
    if (!in->restart) {
        if (l && l->value)
            diag_error(l->value->loc, "component instance '%s': 'restart_limit' needs a "
                       "'restart' policy", inst_name(in));
        return;
    }
    for (int i = 0; i < in->ifaces.n && !in->fault_iface; i++) {
        struct m_iface *f = in->ifaces.v[i];
        if (f->decl->kind == IF_USES && streq(f->decl->type, "FaultReport") && f->ends.n)
            in->fault_iface = f;
    }
    if (!in->fault_iface) {
        diag_error(a->value->loc, "component instance '%s': 'restart' needs a connected "
                   "'uses FaultReport' interface (its faults go to the supervisor)",
                   inst_name(in));
        return;
    }
    check_supervisor_independent(in, a);
}

/* A setting whose owner is no component instance: on a connection, or
 * on nothing.  CAmkES ignores both; mote says so. */
static void setting_elsewhere(struct system *sys, struct setting *s)
{
    for (int i = 0; i < sys->conns.n; i++)
        if (streq(sys->conns.v[i]->decl->name, s->inst)) {
            diag_warning(s->inst_loc, "configuration: '%s.%s' is ignored: mote's connectors "
                         "take no attributes", s->inst, s->attr);
            return;
        }
    diag_warning(s->inst_loc, "configuration: '%s.%s' is ignored: there is no component "
                 "instance '%s' (CAmkES ignores it too)", s->inst, s->attr, s->inst);
}

void check_attributes(struct system *sys)
{
    struct assembly_decl *asmb = sys->assembly;
    struct setting **seen = xcalloc((size_t)asmb->settings.n + 1, sizeof *seen);
    for (int i = 0; i < sys->insts.n; i++) {
        struct m_inst *in = sys->insts.v[i];
        for (int k = 0; k < in->comp->attrs.n; k++) {
            struct attr_decl *d = &in->comp->attrs.v[k];
            struct m_attr a = { .name = d->name, .value = d->dflt, .decl = d };
            VEC_PUSH(in->attrs, a);
        }
    }
    for (int i = 0; i < asmb->settings.n; i++) {
        struct setting *s = &asmb->settings.v[i];
        struct m_inst *in = sys_find_inst(sys, s->inst);
        if (!in)
            setting_elsewhere(sys, s);
        else
            apply_setting(in, s, seen, i);
        seen[i] = s;
    }
    for (int i = 0; i < sys->insts.n; i++) {
        resolve_inst(sys->insts.v[i]);
        if (!inst_is_hw(sys->insts.v[i]))
            check_restart(sys->insts.v[i]);
    }
}
