/* SPDX-License-Identifier: BSD-2-Clause */
/* The application loader shared by the process manager and the
 * application test (appload.h). */
#include "appload.h"

#define DEPTH MT_WORD_BITS

int mt_appload_map_page(struct mt_appload *l, mt_cptr_t frame, mt_word_t va, mt_word_t perms)
{
    int err = mt_frame_map(frame, l->vspace, va, perms);
    for (int level = 0; err == MT_FAILED_LOOKUP && level < 3; level++) {
        mt_cptr_t pt = l->page_table(l->ctx);
        if (!pt)
            return -1;
        if ((err = mt_page_table_map(pt, l->vspace, va)))
            return err;
        err = mt_frame_map(frame, l->vspace, va, perms);
    }
    return err;
}

/* One copied page at va: the mapping's file bytes that fall in it. */
static int copy_page(struct mt_appload *l, const struct mt_bundle_mapping *m, mt_word_t va,
                     mt_cptr_t frame)
{
    mt_word_t lo = va > m->copy_vaddr ? va : m->copy_vaddr;
    mt_word_t end = m->copy_vaddr + m->copy_bytes;
    mt_word_t hi = va + MT_PAGE_SIZE < end ? va + MT_PAGE_SIZE : end;
    int err = lo < hi ? l->fill(l->ctx, frame, l->bundle + m->file_offset + (lo - m->copy_vaddr),
                                lo - va, hi - lo)
                      : l->fill(l->ctx, frame, l->bundle, 0, 0);
    return err ? err : mt_appload_map_page(l, frame, va, m->perms);
}

static int map_one(struct mt_appload *l, const struct mt_bundle_mapping *m, mt_word_t k,
                   mt_cptr_t *ipc_frame)
{
    mt_word_t va = m->vaddr + k * MT_PAGE_SIZE;
    if (m->in_place) {
        mt_cptr_t f = l->in_place_frame(l->ctx, m->file_offset / MT_PAGE_SIZE + k);
        return f ? mt_appload_map_page(l, f, va, m->perms) : -1;
    }
    mt_cptr_t f = l->copied_frame(l->ctx);
    if (!f)
        return -1;
    if (l->plan->ipc_buffer - va < MT_PAGE_SIZE)
        *ipc_frame = f;
    return copy_page(l, m, va, f);
}

int mt_appload_map(struct mt_appload *l, mt_cptr_t *ipc_frame)
{
    *ipc_frame = 0;
    for (unsigned i = 0; i < l->plan->mapping_count; i++)
        for (mt_word_t k = 0; k < l->plan->map[i].pages; k++) {
            int err = map_one(l, &l->plan->map[i], k, ipc_frame);
            if (err)
                return err;
        }
    return *ipc_frame ? 0 : -1;
}

int mt_appload_start(struct mt_appload *l, mt_cptr_t ipc_frame, mt_cptr_t ep, mt_word_t badge,
                     mt_word_t fault_badge, mt_cptr_t authority)
{
    const struct mt_bundle_plan *p = l->plan;
    mt_word_t rights = MT_RIGHT_WRITE | MT_RIGHT_GRANT_REPLY, regs[MT_REG_A0 + 1] = { 0 };
    mt_word_t guard = mt_cnode_guard(0, (mt_word_t)(MT_WORD_BITS - MT_APP_CNODE_RADIX));
    regs[MT_REG_PC] = p->entry;
    regs[MT_REG_SP] = p->stack_top;
    regs[MT_REG_A0] = p->ipc_buffer;
    int err = mt_cnode_mint(l->cnode, MT_APP_SLOT_SDK, MT_APP_CNODE_RADIX, l->root, ep, DEPTH,
                            rights, badge);
    if (!err)
        err = mt_cnode_mint(l->cnode, MT_APP_SLOT_FAULT, MT_APP_CNODE_RADIX, l->root, ep, DEPTH,
                            rights, fault_badge);
    if (!err)
        err = mt_tcb_configure(l->tcb, MT_APP_SLOT_FAULT, l->cnode, guard, l->vspace,
                               p->ipc_buffer, ipc_frame);
    if (!err)
        err = mt_tcb_set_priority(l->tcb, authority, p->priority);
    if (!err)
        err = mt_tcb_write_registers(l->tcb, 0, MT_REG_A0 + 1, regs);
    return err ? err : mt_tcb_resume(l->tcb);
}
