/* SPDX-License-Identifier: BSD-2-Clause */
/* <instance>_gen.h: a component's definitions (macros and static const
 * tables, never code).  Interface names keep their case inside macro
 * names (MT_SLOT_irq) so that libmote's macros can paste them. */
#include <ctype.h>
#include <stdlib.h>

#include "alloc.h"
#include "emit.h"
#include <mote/msginfo.h>
#include <mote/objects.h>

#define UNUSED "__attribute__((unused)) "

static const char *role_name(enum thread_kind k)
{
    static const char *const n[] = { "MT_THREAD_ROLE_CONTROL", "MT_THREAD_ROLE_RPC",
                                     "MT_THREAD_ROLE_EVENT", "MT_THREAD_ROLE_IRQ" };
    return n[k];
}

static int iface_index(const struct m_inst *in, const struct m_iface *f)
{
    for (int i = 0; i < in->ifaces.n; i++)
        if (in->ifaces.v[i] == f)
            return i;
    return 0xffff;
}

static void emit_threads(const struct m_inst *in, struct strbuf *o)
{
    sb_printf(o, "\n/* Threads: index = the a0 each thread starts with.  Each IPC buffer is "
              "the top 512\n * bytes of its thread's stack region (thread 0's may sit in the "
              "data page, below\n * .data); stack_size is the stack below it. */\n");
    sb_printf(o, "#define MT_HAS_CONTROL %d\n#define MT_THREAD_COUNT %d\n",
              inst_has_control(in), in->threads.n);
    for (int i = 0; i < in->threads.n; i++)
        sb_printf(o, "#define MT_THREAD_%s %d\n#define MT_SLOT_TCB_%s %u\n", in->threads.v[i]->name,
                  i, in->threads.v[i]->name, in->threads.v[i]->tcb_slot);
    if (!in->threads.n)
        return;
    /* thread 0 in the data page: where that page lands depends on the
     * code's size, so the linker says (lib/mote/component.ld) */
    if (in->threads.v[0]->in_data_page)
        sb_printf(o, "extern char __mt_thread0_ipc[];\n");
    sb_printf(o, "static const struct mt_thread_info " UNUSED "mt_threads[MT_THREAD_COUNT] = {\n");
    for (int i = 0; i < in->threads.n; i++) {
        const struct m_thread *t = in->threads.v[i];
        char at[48];
        if (t->in_data_page)
            snprintf(at, sizeof at, "(uint64_t)__mt_thread0_ipc");
        else
            snprintf(at, sizeof at, "0x%llxul", (unsigned long long)t->ipcbuf);
        sb_printf(o, "    { .role = %s, .priority = %d, .iface = %d, .wait_slot = %u, "
                  ".tcb_slot = %u,\n      .stack_top = %s, .stack_size = 0x%llxul, "
                  ".ipc_buffer = %s },\n", role_name(t->kind), t->priority,
                  t->iface ? iface_index(in, t->iface) : 0xffff, t->iface ? t->iface->slot : 0,
                  t->tcb_slot, at, (unsigned long long)(t->stack_top - t->stack_base), at);
    }
    sb_printf(o, "};\n");
}

/* The client instances' names in badge order, one string ("a\0b\0"): a
 * server can name its clients without each of them saying who it is (the
 * memory manager's owners).  Unused, it costs nothing: static const. */
static void emit_client_names(const struct m_iface *f, struct strbuf *o)
{
    const char **names = xcalloc((size_t)f->nclients + 1, sizeof *names);
    for (int i = 0; i < f->ends.n; i++) {
        const struct m_conn *c = f->ends.v[i]->conn;
        for (int k = 0; k < c->ends.n; k++)
            if (c->ends.v[k]->is_from && c->ends.v[k]->badge >= 1 &&
                c->ends.v[k]->badge <= (uint64_t)f->nclients)
                names[c->ends.v[k]->badge - 1] = c->ends.v[k]->inst->decl->name;
    }
    sb_printf(o, "static const char " UNUSED "mt_client_names_%s[] =", f->decl->name);
    for (int b = 0; b < f->nclients; b++)
        sb_printf(o, " \"%s\\0\"", names[b] ? names[b] : "");
    sb_printf(o, " \"\";\n");
    free(names);
}

static void emit_clients(const struct m_iface *f, struct strbuf *o)
{
    const char *n = f->decl->name;
    int rpc_shared = f->ends.v[0]->conn->ci->kind == CK_RPC_SHARED;
    sb_printf(o, "#define MT_CLIENT_COUNT_%s %d\n", n, f->nclients);
    sb_printf(o, "#define MT_BADGE_BASE_%s %llu /* badges on the endpoint: base + 1 .. */\n", n,
              (unsigned long long)f->badge_base);
    sb_printf(o, "static const struct mt_client_info " UNUSED "mt_clients_%s[%d] = {\n", n,
              f->nclients);
    for (int i = 0; i < f->ends.n; i++) {
        const struct m_conn *c = f->ends.v[i]->conn;
        for (int k = 0; k < c->ends.n; k++) {
            const struct m_end *e = c->ends.v[k];
            if (!e->is_from)
                continue;
            uint64_t page = rpc_shared ? f->vaddr + (e->badge - 1) * MT_PAGE_SIZE : 0;
            sb_printf(o, "    [%llu] = { .badge = %llu, .shared_page = 0x%llxul }, /* %s.%s */\n",
                      (unsigned long long)(e->badge - 1), (unsigned long long)e->badge,
                      (unsigned long long)page, e->inst->decl->name, e->iface->decl->name);
        }
    }
    sb_printf(o, "};\n");
    emit_client_names(f, o);
}

/* Name of an IRQ source: its interface, or instance_interface when two
 * sources of the connection share an interface name. */
static const char *source_name(const struct m_conn *c, const struct m_end *e)
{
    for (int i = 0; i < c->ends.n; i++) {
        const struct m_end *o = c->ends.v[i];
        if (o != e && o->is_from && streq(o->iface->decl->name, e->iface->decl->name))
            return xasprintf("%s_%s", e->inst->decl->name, e->iface->decl->name);
    }
    return e->iface->decl->name;
}

static void emit_consumer(const struct m_iface *f, struct strbuf *o)
{
    const char *n = f->decl->name;
    const struct m_conn *c = f->ends.v[0]->conn;
    int irq = c->ci->kind != CK_NOTIFICATION;
    if (irq)
        sb_printf(o, "#define MT_IRQ_COUNT_%s %d\nstatic const struct mt_irq_info " UNUSED
                  "mt_irqs_%s[%d] = {\n", n, c->ends.n - 1, n, c->ends.n - 1);
    uint32_t slot = f->slot + 1;
    for (int i = 0; i < c->ends.n && irq; i++)
        if (c->ends.v[i]->is_from)
            sb_printf(o, "    { .irq = %d, .handler_slot = %u, .badge = 0x%llxul },\n",
                      c->ends.v[i]->irq, slot++, (unsigned long long)c->ends.v[i]->badge);
    if (irq)
        sb_printf(o, "};\n");
    slot = f->slot + 1;
    for (int i = 0; i < c->ends.n; i++) {
        const struct m_end *e = c->ends.v[i];
        if (!e->is_from)
            continue;
        const char *src = irq ? source_name(c, e) : e->inst->decl->name;
        sb_printf(o, "#define MT_BADGE_%s_%s 0x%llxul\n", n, src, (unsigned long long)e->badge);
        if (irq)
            sb_printf(o, "#define MT_IRQ_%s_%s %d\n#define MT_SLOT_IRQ_%s_%s %u\n", n, src,
                      e->irq, n, src, slot++);
    }
}

/* The most bytes one message of an RPC interface holds, for libmote's
 * compile-time checks: the message registers (rpc_basic) or the page each
 * client shares with the server (rpc_shared). */
static void emit_msg_bytes(const struct m_iface *f, struct strbuf *o)
{
    enum conn_kind k = f->ends.v[0]->conn->ci->kind;
    if (k == CK_RPC_SIGNAL) {   /* rpc_basic's messages, plus the signal caps */
        sb_printf(o, "#define MT_SLOT_SIGNAL_%s %u /* %s */\n", f->decl->name, f->slot + 1,
                  f->decl->kind == IF_USES ? "the notification the server signals"
                                           : "client badge b's notification: + b - 1");
        k = CK_RPC_BASIC;
    }
    if (k == CK_RPC_BASIC)
        sb_printf(o, "#define MT_MSG_BYTES_%s %lu /* message registers */\n", f->decl->name,
                  (unsigned long)(MT_MSG_MAX_LENGTH * sizeof(mt_word_t)));
    else if (k == CK_RPC_SHARED)
        sb_printf(o, "#define MT_MSG_BYTES_%s %lu /* the shared page */\n", f->decl->name,
                  MT_PAGE_SIZE);
    /* the client's stubs take their marshalling from the connector */
    if (f->decl->kind == IF_USES && (k == CK_RPC_BASIC || k == CK_RPC_SHARED))
        sb_printf(o, "#define MT_CONNECTOR_%s %s /* %s: MT_RPC_CLIENT's kind */\n",
                  f->decl->name, k == CK_RPC_BASIC ? "basic" : "shared",
                  f->ends.v[0]->conn->ci->name);
}

/* A FaultReport provider's restart table: per client (badge - 1) its
 * policy and its threads' caps in our CSpace (include/mote/spec.h). */
static void emit_restart(const struct m_iface *f, struct strbuf *o)
{
    const char *n = f->decl->name;
    VEC(const struct m_inst *) sup = { 0 };
    sb_printf(o, "#define MT_HAS_RESTART_%s 1\nstatic const struct mt_restart_info " UNUSED
              "mt_restart_%s[%d] = {\n", n, n, f->nclients);
    struct strbuf names;
    sb_init(&names);
    int first = 0;
    for (int i = 0; i < f->ends.n; i++) {
        const struct m_conn *c = f->ends.v[i]->conn;
        for (int k = 0; k < c->ends.n; k++) {
            const struct m_end *e = c->ends.v[k];
            const struct m_inst *ci = e->inst;
            if (e->is_from)
                sb_printf(&names, "    [%llu] = \"%s\",\n", (unsigned long long)(e->badge - 1),
                          ci->decl->name);
            if (!e->is_from || !ci->restart || ci->fault_iface != e->iface)
                continue;
            sb_printf(o, "    [%llu] = { .policy = %d, .thread_count = %d, .limit = %d, "
                      ".first_thread = %d }, /* %s */\n", (unsigned long long)(e->badge - 1),
                      ci->restart, ci->threads.n, ci->restart_limit, first, ci->decl->name);
            first += ci->threads.n;
            VEC_PUSH(sup, ci);
        }
    }
    sb_printf(o, "};\nstatic const struct mt_restart_thread " UNUSED
              "mt_restart_threads_%s[%d] = {\n", n, first ? first : 1);
    for (int i = 0; i < sup.n; i++)
        for (int t = 0; t < sup.v[i]->threads.n; t++)
            sb_printf(o, "    { .tcb_slot = %u, .stack_top = 0x%llxul }, /* %s.%s */\n",
                      sup.v[i]->sup_first + (uint32_t)t,
                      (unsigned long long)sup.v[i]->threads.v[t]->stack_top,
                      sup.v[i]->decl->name, sup.v[i]->threads.v[t]->name);
    sb_printf(o, "};\nstatic const char *const " UNUSED "mt_restart_names_%s[%d] = {\n%s};\n",
              n, f->nclients, names.s ? names.s : "");
    sb_free(&names);
    free(sup.v);
}

static void emit_iface(const struct m_inst *in, const struct m_iface *f, struct strbuf *o)
{
    const char *n = f->decl->name;
    sb_printf(o, "\n/* %s %s %s */\n#define MT_IFACE_%s %d\n", iface_kind_name(f->decl->kind),
              f->decl->type, n, n, iface_index(in, f));
    if (!f->ends.n) {
        sb_printf(o, "#define MT_CONNECTED_%s 0\n", n);
        return;
    }
    sb_printf(o, "#define MT_CONNECTED_%s 1\n", n);
    if (f->nslots || f->ep_owner)
        sb_printf(o, "#define MT_SLOT_%s %u\n", n, f->slot);
    if (f->nslots && f->decl->kind == IF_EMITS)
        sb_printf(o, "#define MT_EMIT_COUNT_%s %u /* consumers: a cap each, from MT_SLOT_%s */\n",
                  n, f->nslots, n);
    if (f->vsize)
        sb_printf(o, "#define MT_VADDR_%s 0x%llxul\n#define MT_SIZE_%s 0x%llxul\n", n,
                  (unsigned long long)f->vaddr, n, (unsigned long long)f->vsize);
    if (f->decl->kind == IF_PROVIDES || f->decl->kind == IF_CONSUMES)
        sb_printf(o, "#define MT_SERVED_BY_%s %d /* thread index */\n", n, f->thread);
    if (f->decl->kind == IF_USES || f->decl->kind == IF_EMITS)
        sb_printf(o, "#define MT_BADGE_%s 0x%llxul\n", n, (unsigned long long)f->ends.v[0]->badge);
    if (f->decl->kind == IF_PROVIDES || f->decl->kind == IF_USES)
        emit_msg_bytes(f, o);
    if (f->decl->kind == IF_PROVIDES)
        emit_clients(f, o);
    if (f->decl->kind == IF_PROVIDES && streq(f->decl->type, "FaultReport"))
        emit_restart(f, o);
    if (f->decl->kind == IF_CONSUMES)
        emit_consumer(f, o);
}

/* s as a C string literal: the input's strings may hold a backslash, a
 * newline or any byte (a string may span lines), which written as they
 * are would end the literal early or add lines of C to the header. */
static void put_cstring(struct strbuf *o, const char *s)
{
    sb_putc(o, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            sb_printf(o, "\\%c", c);
        else if (c < ' ' || c >= 0x7f)
            sb_printf(o, "\\%03o", c);   /* octal: at most 3 digits, never runs on */
        else
            sb_putc(o, (char)c);
    }
    sb_putc(o, '"');
}

static void emit_attr(const struct m_attr *a, struct strbuf *o)
{
    const struct value *v = a->value;
    if (!v)
        return;
    if (v->kind == V_INT || v->kind == V_BOOL)
        sb_printf(o, "#define MT_ATTR_%s %lld\n", a->name, (long long)v->i);
    else if (v->kind == V_STRING) {
        sb_printf(o, "#define MT_ATTR_%s ", a->name);
        put_cstring(o, v->s);
        sb_putc(o, '\n');
    } else if (v->kind == V_FLOAT)
        sb_printf(o, "#define MT_ATTR_%s %g\n", a->name, v->f);
    else if (v->kind == V_LIST) {
        sb_printf(o, "#define MT_ATTR_%s_COUNT %d\n#define MT_ATTR_%s {", a->name, v->n, a->name);
        for (int i = 0; i < v->n; i++) {
            const struct value *it = v->items[i];
            sb_printf(o, "%s ", i ? "," : "");
            if (it->kind == V_STRING)
                put_cstring(o, it->s);
            else
                sb_printf(o, "%lld", (long long)it->i);
        }
        sb_printf(o, " }\n");
    } else {
        sb_printf(o, "/* attribute %s: dictionaries are not emitted */\n", a->name);
    }
}

static void emit_cspace(const struct m_inst *in, struct strbuf *o)
{
    sb_printf(o, "\n/* CSpace: one CNode, cptr = slot number. */\n");
    sb_printf(o, "#define MT_CNODE_SIZE_BITS %d\n#define MT_CNODE_GUARD_SIZE %d\n",
              in->cnode_bits, 64 - in->cnode_bits);
    sb_printf(o, "#define MT_SLOT_CNODE %u\n#define MT_SLOT_VSPACE %u\n#define MT_SLOT_INIT_NTFN %u\n",
              in->slot_cnode, in->slot_vspace, in->slot_init_ntfn);
    sb_printf(o, "#define MT_SLOT_FIRST_FREE %u\n#define MT_SLOT_COUNT %u\n", in->slots_used,
              1u << in->cnode_bits);
    sb_printf(o, "#define MT_UNTYPED_SLOT_FIRST %u\n#define MT_UNTYPED_SLOT_COUNT %d\n",
              in->slot_untyped, in->untyped_slots);
    if (in->power_off)
        sb_printf(o, "#define MT_SLOT_POWER %u /* Power cap: mt_power_off */\n", in->slot_power);
    if (in->asid_pool)
        sb_printf(o, "#define MT_SLOT_ASID_POOL %u /* the system's ASID pool */\n",
                  in->slot_asid_pool);
    if (in->mem_report)
        sb_printf(o, "#define MT_MEM_REPORT ((const struct mt_mem_report *)0x%llxul) "
                  "/* the rootserver's memory report */\n", (unsigned long long)in->report_vaddr);
}

/* A small file's bytes as a C string literal (a line of the macro per
 * 32 bytes); octal escapes for all but plain characters. */
static void emit_bytes(const struct m_file *f, int k, struct strbuf *o)
{
    sb_printf(o, "static const char mt_file_%d_[%llu] = \\\n    \"", k,
              (unsigned long long)f->size + 1);
    for (uint64_t i = 0; i < f->size; i++) {
        unsigned c = f->bytes[i];
        if (c >= ' ' && c <= '~' && c != '"' && c != '\\' && c != '?')
            sb_printf(o, "%c", c);
        else
            sb_printf(o, "\\%03o", c);
        if (i % 32 == 31 && i + 1 < f->size)
            sb_printf(o, "\" \\\n    \"");
    }
    sb_printf(o, "\"; \\\n");
}

/* files = [...]: where each archive file is mapped, or (smaller than a
 * page) its bytes in the instance's rodata: a page of its own would cost
 * 4 KiB however small the file is. */
static void emit_files(const struct m_inst *in, struct strbuf *o)
{
    if (!in->files.n)
        return;
    sb_printf(o, "\n/* Boot-archive files, read-only (files = [...]): mapped in place, or\n"
              " * small ones in rodata. */\n#define MT_FILE_COUNT %d\n#define MT_FILES_TABLE \\\n",
              in->files.n);
    for (int i = 0; i < in->files.n; i++)
        if (in->files.v[i].bytes)
            emit_bytes(&in->files.v[i], i, o);
    sb_printf(o, "static const struct mt_file_entry mt_files[MT_FILE_COUNT] = { \\\n");
    for (int i = 0; i < in->files.n; i++) {
        const struct m_file *f = &in->files.v[i];
        sb_printf(o, "    { ");
        put_cstring(o, f->name);
        if (f->bytes)
            sb_printf(o, ", mt_file_%d_, %llu }, \\\n", i, (unsigned long long)f->size);
        else
            sb_printf(o, ", (const char *)0x%llxul, %llu }, \\\n",
                      (unsigned long long)f->vaddr, (unsigned long long)f->size);
    }
    sb_printf(o, "}\n");
}

/* inspect = true: the inspect-only caps and whose they are. */
static void emit_inspect(const struct m_inst *in, struct strbuf *o)
{
    if (!in->inspected.n)
        return;
    sb_printf(o, "\n/* Inspect-only caps (inspect = true): each instance's CNode, then\n"
              " * its threads' TCBs. */\n#define MT_INSPECT_COUNT %d\n"
              "#define MT_INSPECT_TABLE static const struct mt_inspect_entry "
              "mt_inspect[MT_INSPECT_COUNT] = { \\\n", in->inspected.n);
    for (int i = 0; i < in->inspected.n; i++) {
        const struct m_inspect *e = &in->inspected.v[i];
        sb_printf(o, "    { \"%s\", ", e->inst->decl->name);
        if (e->thread)
            sb_printf(o, "\"%s\", ", e->thread->name);
        else
            sb_printf(o, "0, ");
        sb_printf(o, "%u }, \\\n", in->slot_inspect + (unsigned)i);
    }
    sb_printf(o, "}\n");
    for (int i = 0; i < in->inspected.n; i++)   /* the memory owner (untyped_slots) */
        if (!in->inspected.v[i].thread && in->inspected.v[i].inst->untyped_slots)
            sb_printf(o, "#define MT_INSPECT_MEMORY_OWNER %d\n", i);
}

void emit_header(const struct m_inst *in, struct strbuf *o)
{
    const char *n = in->decl->name;
    struct strbuf guard;
    sb_init(&guard);
    for (const char *p = n; *p; p++)
        sb_putc(&guard, (char)toupper((unsigned char)*p));
    sb_printf(o, "/* Generated by motec for component instance '%s' (type %s).  Do not edit.\n"
              " * Definitions only: the logic is in libmote. */\n", n, in->comp->name);
    sb_printf(o, "#ifndef MT_GEN_%s_H\n#define MT_GEN_%s_H\n\n#include <mote/spec.h>\n\n", guard.s,
              guard.s);
    sb_printf(o, "#define MT_INSTANCE_NAME \"%s\"\n#define MT_COMPONENT_TYPE \"%s\"\n", n,
              in->comp->name);
    sb_printf(o, "#define MT_IMAGE_BASE 0x%llxul\n", MT_LAYOUT_IMAGE_BASE);
    if (in->restart)
        sb_printf(o, "#define MT_RESTART_POLICY %d /* enum mt_restart_policy */\n", in->restart);
    if (in->fpu)   /* the build compiles it rv64imafdc / lp64d */
        sb_printf(o, "#define MT_COMPONENT_FPU 1\n");
    emit_cspace(in, o);
    emit_inspect(in, o);
    emit_files(in, o);
    emit_threads(in, o);
    sb_printf(o, "\n#define MT_IFACE_COUNT %d\n", in->ifaces.n);
    for (int i = 0; i < in->ifaces.n; i++)
        emit_iface(in, in->ifaces.v[i], o);
    sb_printf(o, "\n/* Attributes */\n");
    for (int i = 0; i < in->attrs.n; i++)
        emit_attr(&in->attrs.v[i], o);
    sb_printf(o, "\n#endif\n");
    sb_free(&guard);
}
