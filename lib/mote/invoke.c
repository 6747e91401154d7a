/* SPDX-License-Identifier: BSD-2-Clause */
/* Invocation wrappers: every one is a table of words handed to mt_invoke. */
#include <libmote/invoke.h>

#define MRS(...) (const mt_word_t[]){ __VA_ARGS__ }
#define CAPS(...) (const mt_cptr_t[]){ __VA_ARGS__ }
#define NARGS(T, ...) ((int)(sizeof((const T[]){ __VA_ARGS__ }) / sizeof(T)))
/* Call with the listed message registers and no caps / with caps. */
#define INV(cap, label, ...) \
    mt_invoke(cap, label, NARGS(mt_word_t, __VA_ARGS__), MRS(__VA_ARGS__), 0, 0)
#define INV_CAPS(cap, label, caps, ncaps, ...) \
    mt_invoke(cap, label, NARGS(mt_word_t, __VA_ARGS__), MRS(__VA_ARGS__), ncaps, caps)

int mt_invoke(mt_cptr_t cap, mt_word_t label, int nmr, const mt_word_t *mr,
              int ncaps, const mt_cptr_t *caps)
{
    struct mt_ipc_buffer *b = mt_ipcbuf();
    for (int i = 0; i < nmr; i++)
        b->mr[i] = mr[i];
    for (int i = 0; i < ncaps; i++)
        b->caps_or_badges[i] = caps[i];
    mt_word_t info = mt_call(cap, mt_msginfo(label, 0, (mt_word_t)ncaps, (mt_word_t)nmr));
    return (int)mt_msginfo_label(info);
}

static int invoke_plain(mt_cptr_t cap, mt_word_t label)
{
    return mt_invoke(cap, label, 0, 0, 0, 0);
}

int mt_untyped_retype(mt_cptr_t ut, int type, int size_bits, mt_cptr_t root,
                      mt_word_t node_index, int node_depth, mt_word_t offset,
                      mt_word_t count)
{
    return INV_CAPS(ut, MT_UNTYPED_RETYPE, CAPS(root), 1, (mt_word_t)type,
                    (mt_word_t)size_bits, node_index, (mt_word_t)node_depth,
                    offset, count);
}

int mt_untyped_describe(mt_cptr_t ut, struct mt_untyped_info *info)
{
    int err = invoke_plain(ut, MT_UNTYPED_DESCRIBE);
    if (err == MT_OK && info)
        *info = (struct mt_untyped_info){ mt_get_mr(0), (int)mt_get_mr(1), mt_get_mr(2),
                                          mt_get_mr(3) != 0 };
    return err;
}

int mt_cnode_revoke(mt_cptr_t root, mt_word_t index, int depth)
{ return INV(root, MT_CNODE_REVOKE, index, (mt_word_t)depth); }

int mt_cnode_delete(mt_cptr_t root, mt_word_t index, int depth)
{ return INV(root, MT_CNODE_DELETE, index, (mt_word_t)depth); }

int mt_cnode_cancel_badged_sends(mt_cptr_t root, mt_word_t index, int depth)
{ return INV(root, MT_CNODE_CANCEL_BADGED_SENDS, index, (mt_word_t)depth); }

int mt_cnode_save_caller(mt_cptr_t root, mt_word_t index, int depth)
{ return INV(root, MT_CNODE_SAVE_CALLER, index, (mt_word_t)depth); }

int mt_cnode_copy(mt_cptr_t root, mt_word_t dest_index, int dest_depth,
                  mt_cptr_t src_root, mt_word_t src_index, int src_depth,
                  mt_word_t rights)
{
    return INV_CAPS(root, MT_CNODE_COPY, CAPS(src_root), 1, dest_index,
                    (mt_word_t)dest_depth, src_index, (mt_word_t)src_depth, rights);
}

int mt_cnode_mint(mt_cptr_t root, mt_word_t dest_index, int dest_depth,
                  mt_cptr_t src_root, mt_word_t src_index, int src_depth,
                  mt_word_t rights, mt_word_t badge)
{
    return INV_CAPS(root, MT_CNODE_MINT, CAPS(src_root), 1, dest_index,
                    (mt_word_t)dest_depth, src_index, (mt_word_t)src_depth,
                    rights, badge);
}

int mt_cnode_move(mt_cptr_t root, mt_word_t dest_index, int dest_depth,
                  mt_cptr_t src_root, mt_word_t src_index, int src_depth)
{
    return INV_CAPS(root, MT_CNODE_MOVE, CAPS(src_root), 1, dest_index,
                    (mt_word_t)dest_depth, src_index, (mt_word_t)src_depth);
}

int mt_cnode_mutate(mt_cptr_t root, mt_word_t dest_index, int dest_depth,
                    mt_cptr_t src_root, mt_word_t src_index, int src_depth,
                    mt_word_t badge)
{
    return INV_CAPS(root, MT_CNODE_MUTATE, CAPS(src_root), 1, dest_index,
                    (mt_word_t)dest_depth, src_index, (mt_word_t)src_depth, badge);
}

int mt_tcb_configure(mt_cptr_t tcb, mt_cptr_t fault_ep, mt_cptr_t cspace_root,
                     mt_word_t guard_data, mt_cptr_t vspace,
                     mt_word_t ipcbuf_vaddr, mt_cptr_t ipcbuf_frame)
{
    return INV_CAPS(tcb, MT_TCB_CONFIGURE, CAPS(cspace_root, vspace, ipcbuf_frame),
                    ipcbuf_frame ? 3 : 2, fault_ep, guard_data, ipcbuf_vaddr);
}

int mt_tcb_set_priority(mt_cptr_t tcb, mt_cptr_t authority, mt_word_t prio)
{ return INV_CAPS(tcb, MT_TCB_SET_PRIORITY, CAPS(authority), 1, prio); }

int mt_tcb_set_mc_priority(mt_cptr_t tcb, mt_cptr_t authority, mt_word_t mcp)
{ return INV_CAPS(tcb, MT_TCB_SET_MC_PRIORITY, CAPS(authority), 1, mcp); }

int mt_tcb_set_space(mt_cptr_t tcb, mt_cptr_t fault_ep, mt_cptr_t cspace_root,
                     mt_word_t guard_data, mt_cptr_t vspace)
{
    return INV_CAPS(tcb, MT_TCB_SET_SPACE, CAPS(cspace_root, vspace), 2,
                    fault_ep, guard_data);
}

int mt_tcb_set_ipc_buffer(mt_cptr_t tcb, mt_word_t vaddr, mt_cptr_t frame)
{ return INV_CAPS(tcb, MT_TCB_SET_IPC_BUFFER, CAPS(frame), vaddr ? 1 : 0, vaddr); }

int mt_tcb_read_registers(mt_cptr_t tcb, int suspend_source, int count,
                          mt_word_t *regs)
{
    int err = INV(tcb, MT_TCB_READ_REGISTERS, (mt_word_t)suspend_source,
                  (mt_word_t)count);
    for (int i = 0; err == MT_OK && i < count && i < MT_MSG_MAX_LENGTH; i++)
        regs[i] = mt_get_mr(i);
    return err;
}

int mt_tcb_write_registers(mt_cptr_t tcb, int resume_target, int count,
                           const mt_word_t *regs)
{
    mt_word_t mr[MT_MSG_MAX_LENGTH];
    int n = count < 0 ? 0 : count > MT_MSG_MAX_LENGTH - 2 ? MT_MSG_MAX_LENGTH - 2 : count;
    mr[0] = (mt_word_t)resume_target;
    mr[1] = (mt_word_t)count;
    for (int i = 0; i < n; i++)
        mr[2 + i] = regs[i];
    return mt_invoke(tcb, MT_TCB_WRITE_REGISTERS, 2 + n, mr, 0, 0);
}

int mt_tcb_suspend(mt_cptr_t tcb) { return invoke_plain(tcb, MT_TCB_SUSPEND); }
int mt_tcb_resume(mt_cptr_t tcb) { return invoke_plain(tcb, MT_TCB_RESUME); }

int mt_tcb_bind_notification(mt_cptr_t tcb, mt_cptr_t ntfn)
{ return mt_invoke(tcb, MT_TCB_BIND_NOTIFICATION, 0, 0, 1, CAPS(ntfn)); }

int mt_tcb_unbind_notification(mt_cptr_t tcb)
{ return invoke_plain(tcb, MT_TCB_UNBIND_NOTIFICATION); }

int mt_tcb_bind_fpu(mt_cptr_t tcb, mt_cptr_t fpu)
{ return mt_invoke(tcb, MT_TCB_BIND_FPU, 0, 0, 1, CAPS(fpu)); }

int mt_tcb_unbind_fpu(mt_cptr_t tcb)
{ return invoke_plain(tcb, MT_TCB_UNBIND_FPU); }

int mt_irq_control_get(mt_cptr_t irq_control, mt_word_t irq, mt_cptr_t root,
                       mt_word_t index, int depth)
{
    return INV_CAPS(irq_control, MT_IRQ_CONTROL_GET, CAPS(root), 1, irq, index,
                    (mt_word_t)depth);
}

int mt_irq_control_get_power(mt_cptr_t irq_control, mt_cptr_t root, mt_word_t index, int depth)
{
    return INV_CAPS(irq_control, MT_IRQ_CONTROL_GET_POWER, CAPS(root), 1, index,
                    (mt_word_t)depth);
}

int mt_power_off(mt_cptr_t power, mt_word_t status) { return INV(power, MT_POWER_OFF, status); }

int mt_irq_handler_ack(mt_cptr_t handler) { return invoke_plain(handler, MT_IRQ_HANDLER_ACK); }
int mt_irq_handler_clear(mt_cptr_t handler) { return invoke_plain(handler, MT_IRQ_HANDLER_CLEAR); }

int mt_irq_handler_set_notification(mt_cptr_t handler, mt_cptr_t ntfn)
{ return mt_invoke(handler, MT_IRQ_HANDLER_SET_NOTIFICATION, 0, 0, 1, CAPS(ntfn)); }

int mt_frame_map(mt_cptr_t frame, mt_cptr_t vspace, mt_word_t vaddr, mt_word_t perms)
{ return INV_CAPS(frame, MT_FRAME_MAP, CAPS(vspace), 1, vaddr, perms); }

int mt_frame_unmap(mt_cptr_t frame) { return invoke_plain(frame, MT_FRAME_UNMAP); }

int mt_frame_get_address(mt_cptr_t frame, mt_word_t *paddr)
{
    int err = invoke_plain(frame, MT_FRAME_GET_ADDRESS);
    if (err == MT_OK && paddr)
        *paddr = mt_get_mr(0);
    return err;
}

int mt_page_table_map(mt_cptr_t pt, mt_cptr_t vspace, mt_word_t vaddr)
{ return INV_CAPS(pt, MT_PAGE_TABLE_MAP, CAPS(vspace), 1, vaddr); }

int mt_page_table_unmap(mt_cptr_t pt) { return invoke_plain(pt, MT_PAGE_TABLE_UNMAP); }

int mt_asid_control_make_pool(mt_cptr_t asid_control, mt_cptr_t untyped, mt_cptr_t root,
                              mt_word_t index, int depth)
{
    return INV_CAPS(asid_control, MT_ASID_CONTROL_MAKE_POOL, CAPS(untyped, root), 2, index,
                    (mt_word_t)depth);
}

int mt_asid_pool_assign(mt_cptr_t pool, mt_cptr_t vspace)
{ return mt_invoke(pool, MT_ASID_POOL_ASSIGN, 0, 0, 1, CAPS(vspace)); }
