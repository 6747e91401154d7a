/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel object invocations: one wrapper per label of include/mote/invocation.h.
 *
 * Each wrapper marshals its arguments into message registers and extra caps
 * exactly as invocation.h documents, calls the object, and returns the
 * reply label (an enum mt_error, MT_OK on success).  Results come back
 * through out-pointers; on an error the reply's MR0.. stay readable with
 * mt_get_mr() until the next IPC. */
#ifndef LIBMOTE_INVOKE_H
#define LIBMOTE_INVOKE_H

#include <libmote/syscall.h>

/* The shared pattern: MR0..MR(nmr-1) from mr[], caps from caps[], Call on
 * cap with this label; returns the reply label.  Also used directly by
 * code that needs an unusual message (tests of the kernel's decoding). */
int mt_invoke(mt_cptr_t cap, mt_word_t label, int nmr, const mt_word_t *mr,
              int ncaps, const mt_cptr_t *caps);

/* Untyped */
/* What Untyped_Describe reports. */
struct mt_untyped_info {
    mt_word_t paddr;
    int size_bits;
    mt_word_t free_bytes;
    int device;
};
int mt_untyped_describe(mt_cptr_t ut, struct mt_untyped_info *info);
int mt_untyped_retype(mt_cptr_t ut, int type, int size_bits, mt_cptr_t root,
                      mt_word_t node_index, int node_depth, mt_word_t offset,
                      mt_word_t count);

/* CNode: root is the invoked CNode (the destination root). */
int mt_cnode_revoke(mt_cptr_t root, mt_word_t index, int depth);
int mt_cnode_delete(mt_cptr_t root, mt_word_t index, int depth);
int mt_cnode_cancel_badged_sends(mt_cptr_t root, mt_word_t index, int depth);
/* Moves this thread's pending reply (to its last caller) into the empty
 * slot (index, depth) of root as a reply cap; mt_reply_to answers it later.
 * MT_ILLEGAL_OPERATION: no caller waits for this thread's reply. */
int mt_cnode_save_caller(mt_cptr_t root, mt_word_t index, int depth);
int mt_cnode_copy(mt_cptr_t root, mt_word_t dest_index, int dest_depth,
                  mt_cptr_t src_root, mt_word_t src_index, int src_depth,
                  mt_word_t rights);
int mt_cnode_mint(mt_cptr_t root, mt_word_t dest_index, int dest_depth,
                  mt_cptr_t src_root, mt_word_t src_index, int src_depth,
                  mt_word_t rights, mt_word_t badge);
int mt_cnode_move(mt_cptr_t root, mt_word_t dest_index, int dest_depth,
                  mt_cptr_t src_root, mt_word_t src_index, int src_depth);
int mt_cnode_mutate(mt_cptr_t root, mt_word_t dest_index, int dest_depth,
                    mt_cptr_t src_root, mt_word_t src_index, int src_depth,
                    mt_word_t badge);

/* TCB.  ipcbuf_frame 0 leaves the IPC buffer frame out. */
int mt_tcb_configure(mt_cptr_t tcb, mt_cptr_t fault_ep, mt_cptr_t cspace_root,
                     mt_word_t guard_data, mt_cptr_t vspace,
                     mt_word_t ipcbuf_vaddr, mt_cptr_t ipcbuf_frame);
int mt_tcb_set_priority(mt_cptr_t tcb, mt_cptr_t authority, mt_word_t prio);
int mt_tcb_set_mc_priority(mt_cptr_t tcb, mt_cptr_t authority, mt_word_t mcp);
int mt_tcb_set_space(mt_cptr_t tcb, mt_cptr_t fault_ep, mt_cptr_t cspace_root,
                     mt_word_t guard_data, mt_cptr_t vspace);
int mt_tcb_set_ipc_buffer(mt_cptr_t tcb, mt_word_t vaddr, mt_cptr_t frame);
/* regs[i] is register i of enum mt_register, i < count. */
int mt_tcb_read_registers(mt_cptr_t tcb, int suspend_source, int count,
                          mt_word_t *regs);
int mt_tcb_write_registers(mt_cptr_t tcb, int resume_target, int count,
                           const mt_word_t *regs);
int mt_tcb_suspend(mt_cptr_t tcb);
/* The root task's end (crt0_root.S calls it with main's result): the debug
 * kernel powers off with status, the release kernel suspends the root task. */
void mt_root_exit(int status) __attribute__((noreturn));
int mt_tcb_resume(mt_cptr_t tcb);
int mt_tcb_bind_notification(mt_cptr_t tcb, mt_cptr_t ntfn);
int mt_tcb_unbind_notification(mt_cptr_t tcb);
int mt_tcb_bind_fpu(mt_cptr_t tcb, mt_cptr_t fpu);
int mt_tcb_unbind_fpu(mt_cptr_t tcb);

/* IRQs */
int mt_irq_control_get(mt_cptr_t irq_control, mt_word_t irq, mt_cptr_t root,
                       mt_word_t index, int depth);
/* A Power cap into root[index]; with it, mt_power_off ends the machine
 * (QEMU exits with status) and returns only on an error. */
int mt_irq_control_get_power(mt_cptr_t irq_control, mt_cptr_t root, mt_word_t index, int depth);
int mt_power_off(mt_cptr_t power, mt_word_t status);
int mt_irq_handler_ack(mt_cptr_t handler);
int mt_irq_handler_set_notification(mt_cptr_t handler, mt_cptr_t ntfn);
int mt_irq_handler_clear(mt_cptr_t handler);

/* Frames and page tables */
int mt_frame_map(mt_cptr_t frame, mt_cptr_t vspace, mt_word_t vaddr,
                 mt_word_t perms);
int mt_frame_unmap(mt_cptr_t frame);
int mt_frame_get_address(mt_cptr_t frame, mt_word_t *paddr);
int mt_page_table_map(mt_cptr_t pt, mt_cptr_t vspace, mt_word_t vaddr);
int mt_page_table_unmap(mt_cptr_t pt);

/* ASID pools: a pool from a 4 KiB untyped into (root, index, depth); a
 * VSpace gets an ASID from a pool before anything uses it. */
int mt_asid_control_make_pool(mt_cptr_t asid_control, mt_cptr_t untyped, mt_cptr_t root,
                              mt_word_t index, int depth);
int mt_asid_pool_assign(mt_cptr_t pool, mt_cptr_t vspace);

#endif
