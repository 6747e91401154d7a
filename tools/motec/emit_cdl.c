/* SPDX-License-Identifier: BSD-2-Clause */
/* system.cdl: the system in seL4's capDL text format (see docs/MOTEC.md
 * for the exact forms written). */
#include "emit.h"

#include <mote/objects.h>

static void rights(struct strbuf *o, int r, int is_frame)
{
    if (is_frame) {
        sb_printf(o, "%s%s%s", r & MT_VM_READ ? "R" : "", r & MT_VM_WRITE ? "W" : "",
                  r & MT_VM_EXEC ? "X" : "");
        return;
    }
    sb_printf(o, "%s%s%s%s", r & MT_RIGHT_READ ? "R" : "", r & MT_RIGHT_WRITE ? "W" : "",
              r & MT_RIGHT_GRANT ? "G" : "", r & MT_RIGHT_GRANT_REPLY ? "P" : "");
}

static const struct sm_tcb *tcb_of(const struct spec_model *sm, int obj)
{
    for (int i = 0; i < sm->tcbs.n; i++)
        if (sm->tcbs.v[i].tcb == obj)
            return &sm->tcbs.v[i];
    return NULL;
}

static void object_line(const struct spec_model *sm, int i, struct strbuf *o)
{
    const struct sm_obj *ob = &sm->objs.v[i];
    if (ob->type == (int)MT_SPEC_OBJ_POWER) {  /* no object, and capDL has no such cap */
        sb_printf(o, "  -- %s: mote's Power cap (from IRQControl)\n", ob->name);
        return;
    }
    sb_printf(o, "  %s = ", ob->name);
    if (ob->type == (int)MT_SPEC_OBJ_IRQ) {
        sb_printf(o, "%s\n", sm_type_name(ob->type));
        return;
    }
    /* every kernel object type named (no default): -Wswitch-enum points
     * here when one is added */
    switch ((enum mt_object_type)ob->type) {
    case MT_OBJ_TCB: {
        const struct sm_tcb *t = tcb_of(sm, i);
        sb_printf(o, "tcb (addr: 0x%llx, ip: 0x%llx, sp: 0x%llx, prio: %d, max_prio: %d, "
                  "init: [%llu])\n", (unsigned long long)t->ipc_vaddr,
                  (unsigned long long)t->entry, (unsigned long long)t->stack_top, t->priority,
                  t->priority, (unsigned long long)t->arg);
        break;
    }
    case MT_OBJ_CNODE: sb_printf(o, "cnode (%d bits)\n", ob->size_bits); break;
    case MT_OBJ_FRAME_4K:
    case MT_OBJ_FRAME_2M:
        sb_printf(o, "frame (%s", ob->type == MT_OBJ_FRAME_4K ? "4k" : "2M");
        if (ob->flags & MT_SPEC_OBJ_DEVICE)
            sb_printf(o, ", paddr: 0x%llx", (unsigned long long)ob->paddr);
        sb_printf(o, ")\n");
        break;
    case MT_OBJ_UNTYPED:
    case MT_OBJ_ENDPOINT:
    case MT_OBJ_NOTIFICATION:
    case MT_OBJ_PAGE_TABLE:
    case MT_OBJ_VSPACE:
    case MT_OBJ_FPU:
    case MT_OBJ_ASID_POOL:
    case MT_OBJ_COUNT:
        sb_printf(o, "%s\n", sm_type_name(ob->type));
        break;
    }
}

static void cnode_caps(const struct spec_model *sm, int cnode, struct strbuf *o)
{
    sb_printf(o, "  %s {\n", sm->objs.v[cnode].name);
    for (int i = 0; i < sm->caps.n; i++) {
        const struct sm_cap *c = &sm->caps.v[i];
        if (c->cnode != cnode)
            continue;
        const struct sm_obj *t = &sm->objs.v[c->obj];
        if (t->type == (int)MT_SPEC_OBJ_POWER) {
            sb_printf(o, "    -- 0x%x: %s\n", c->slot, t->name);
            continue;
        }
        sb_printf(o, "    0x%x: %s", c->slot, t->name);
        if (t->type == MT_OBJ_CNODE)
            sb_printf(o, " (guard: 0, guard_size: %d)", 64 - t->size_bits);
        else if (t->type == MT_OBJ_ENDPOINT || t->type == MT_OBJ_NOTIFICATION) {
            sb_printf(o, " (");
            rights(o, c->rights, 0);
            if (c->data)
                sb_printf(o, ", badge: 0x%llx", (unsigned long long)c->data);
            sb_printf(o, ")");
        }
        sb_printf(o, "\n");
    }
    sb_printf(o, "  }\n");
}

static void tcb_caps(const struct spec_model *sm, const struct sm_tcb *t, struct strbuf *o)
{
    sb_printf(o, "  %s {\n", sm->objs.v[t->tcb].name);
    sb_printf(o, "    cspace: %s (guard: 0, guard_size: %d)\n", sm->objs.v[t->cspace].name,
              64 - sm->objs.v[t->cspace].size_bits);
    sb_printf(o, "    vspace: %s\n", sm->objs.v[t->vspace].name);
    sb_printf(o, "    ipc_buffer_slot: %s (RW)\n", sm->objs.v[t->ipc_frame].name);
    sb_printf(o, "  }\n");
}

/* The entries of one table: children whose level is child_level and
 * whose address lies in [base, base + span). */
static void table_caps(const struct spec_model *sm, int vspace, int table, int child_level,
                       uint64_t base, uint64_t span, struct strbuf *o)
{
    int shift = child_level == 1 ? 30 : child_level == 0 ? 21 : 12;
    sb_printf(o, "  %s {\n", sm->objs.v[table].name);
    for (int i = 0; i < sm->maps.n; i++) {
        const struct sm_map *m = &sm->maps.v[i];
        /* a 2 MiB frame is an entry of a level-1 table, where tables of
         * level 0 are */
        int level = m->level < 0 && sm->objs.v[m->obj].type == MT_OBJ_FRAME_2M ? 0 : m->level;
        if (m->vspace != vspace || level != child_level || m->vaddr < base ||
            m->vaddr >= base + span)
            continue;
        sb_printf(o, "    0x%llx: %s", (unsigned long long)((m->vaddr >> shift) & 511),
                  sm->objs.v[m->obj].name);
        if (m->level < 0) {
            sb_printf(o, " (");
            rights(o, m->perms, 1);
            sb_printf(o, ")");
        }
        sb_printf(o, "\n");
    }
    sb_printf(o, "  }\n");
}

static void vspace_caps(const struct spec_model *sm, int vspace, struct strbuf *o)
{
    table_caps(sm, vspace, vspace, 1, 0, MT_USER_TOP, o);
    for (int i = 0; i < sm->maps.n; i++) {
        const struct sm_map *m = &sm->maps.v[i];
        if (m->vspace != vspace || m->level < 0)
            continue;
        uint64_t span = m->level == 1 ? 1ull << 30 : 1ull << 21;
        table_caps(sm, vspace, m->obj, m->level - 1, m->vaddr, span, o);
    }
}

void emit_cdl(const struct spec_model *sm, struct strbuf *o)
{
    sb_printf(o, "arch riscv\n\nobjects {\n");
    for (int i = 0; i < sm->objs.n; i++)
        object_line(sm, i, o);
    sb_printf(o, "}\n\ncaps {\n");
    for (int i = 0; i < sm->objs.n; i++) {
        if (sm->objs.v[i].type == MT_OBJ_CNODE)
            cnode_caps(sm, i, o);
        else if (sm->objs.v[i].type == MT_OBJ_VSPACE)
            vspace_caps(sm, i, o);
    }
    for (int i = 0; i < sm->tcbs.n; i++)
        tcb_caps(sm, &sm->tcbs.v[i], o);
    for (int i = 0; i < sm->irqs.n; i++)
        sb_printf(o, "  %s {\n    0x0: %s (badge: 0x%llx)\n  }\n",
                  sm->objs.v[sm->irqs.v[i].handler].name, sm->objs.v[sm->irqs.v[i].ntfn].name,
                  (unsigned long long)sm->irqs.v[i].badge);
    sb_printf(o, "}\n\nirq maps {\n");
    for (int i = 0; i < sm->irqs.n; i++)
        sb_printf(o, "  %d: %s\n", sm->irqs.v[i].irq, sm->objs.v[sm->irqs.v[i].handler].name);
    sb_printf(o, "}\n");
}
