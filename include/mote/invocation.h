/* SPDX-License-Identifier: BSD-2-Clause */
/* Invocation labels and their arguments.
 *
 * A kernel object is invoked by Call (or Send, which drops the reply) on a
 * cap to it.  The label of the message info names the method; arguments
 * are message registers (MRn) and extra caps (capN, cptrs in the IPC
 * buffer's caps_or_badges, looked up at full depth in the caller's CSpace).
 * The reply's label is an enum mt_error; results follow in MR0.. .
 * "slot (index, depth)" means: looked up in the invoked CNode (or the given
 * root) with that many bits, as seL4 does. */
#ifndef MOTE_INVOCATION_H
#define MOTE_INVOCATION_H

enum mt_invocation {
    MT_INVALID_INVOCATION = 0,

    /* MR0 type, MR1 size_bits (untyped, cnode), MR2 node index, MR3 node
     * depth, MR4 offset, MR5 count; cap0 CSpace root.  The destination
     * CNode is (root, index, depth) (depth 0: the root itself); the new
     * caps go to its slots [offset, offset + count), which must be empty. */
    MT_UNTYPED_RETYPE = 1,

    /* MR0 fault endpoint cptr, MR1 CSpace root guard data (0: keep),
     * MR2 IPC buffer vaddr; cap0 CSpace root, cap1 VSpace, cap2 IPC
     * buffer frame (may be left out: no IPC buffer). */
    MT_TCB_CONFIGURE,
    MT_TCB_SET_PRIORITY,     /* MR0 priority; cap0 authority TCB (its MCP bounds it) */
    MT_TCB_SET_MC_PRIORITY,  /* MR0 max controlled priority; cap0 authority TCB */
    MT_TCB_SET_SPACE,        /* MR0 fault ep cptr, MR1 guard data; cap0 CSpace, cap1 VSpace */
    MT_TCB_SET_IPC_BUFFER,   /* MR0 vaddr; cap0 frame (absent when vaddr is 0) */
    MT_TCB_READ_REGISTERS,   /* MR0 suspend source (0/1), MR1 count -> MR0.. registers */
    MT_TCB_WRITE_REGISTERS,  /* MR0 resume target (0/1), MR1 count, MR2.. registers */
    MT_TCB_SUSPEND,
    MT_TCB_RESUME,
    MT_TCB_BIND_NOTIFICATION,   /* cap0 notification */
    MT_TCB_UNBIND_NOTIFICATION,

    /* Invoked on a CNode cap: the destination root. */
    MT_CNODE_REVOKE,      /* MR0 index, MR1 depth */
    MT_CNODE_DELETE,      /* MR0 index, MR1 depth */
    MT_CNODE_COPY,        /* MR0 dest index, MR1 dest depth, MR2 src index, MR3 src depth, MR4 rights; cap0 src root */
    MT_CNODE_MINT,        /* as Copy, MR5 badge (endpoint, notification) or guard data (CNode) */
    MT_CNODE_MOVE,        /* MR0 dest index, MR1 dest depth, MR2 src index, MR3 src depth; cap0 src root */
    MT_CNODE_MUTATE,      /* as Move, MR4 badge or guard data */
    MT_CNODE_CANCEL_BADGED_SENDS, /* MR0 index, MR1 depth */

    MT_IRQ_CONTROL_GET,   /* MR0 irq, MR1 dest index, MR2 dest depth; cap0 dest root */
    MT_IRQ_HANDLER_ACK,
    MT_IRQ_HANDLER_SET_NOTIFICATION, /* cap0 notification */
    MT_IRQ_HANDLER_CLEAR,

    MT_FRAME_MAP,         /* MR0 vaddr, MR1 MT_VM_* permissions; cap0 VSpace */
    MT_FRAME_UNMAP,
    MT_FRAME_GET_ADDRESS, /* -> MR0 physical address */
    MT_PAGE_TABLE_MAP,    /* MR0 vaddr; cap0 VSpace */
    MT_PAGE_TABLE_UNMAP,

    /* -> MR0 physical address, MR1 size bits, MR2 bytes still free for
     * Retype, MR3 1 if device memory: lets a memory owner account what it
     * holds without probing by retyping. */
    MT_UNTYPED_DESCRIBE,

    /* FPU: a TCB's floating-point context.  A thread with an FPU object
     * bound may use the F and D extensions; without, an FP instruction is
     * an illegal-instruction fault.  Bind fails with IllegalOperation if
     * either side is already bound. */
    MT_TCB_BIND_FPU,      /* cap0 FPU object */
    MT_TCB_UNBIND_FPU,    /* the object keeps the thread's last FP state */
    /* Several pending callers.  On a CNode cap, MR0 index, MR1 depth: moves
     * the invoker's pending reply (to its last caller) into that empty slot
     * as a reply cap.  Send (or Call) on the reply cap replies with the
     * message and consumes the cap; deleting it makes the caller's Call
     * return MT_REPLY_LOST.  ILLEGAL_OPERATION if no caller waits. */
    MT_CNODE_SAVE_CALLER,
    /* Power-off, for systems on the release kernel (no debug Shutdown):
     * IRQControl makes a Power cap, and only its holder may end the
     * machine.  The kernel drives the power-off device itself (it is not
     * device untyped). */
    MT_IRQ_CONTROL_GET_POWER, /* MR0 dest index, MR1 dest depth; cap0 dest root */
    MT_POWER_OFF,             /* MR0 exit status (QEMU's; 0..0xffff) */
    /* ASID pools.  MakePool (on the ASID control cap): MR0 dest index,
     * MR1 dest depth; cap0 an untyped of exactly MT_ASID_POOL_SIZE_BITS,
     * not device memory, with nothing made from it (it becomes the pool's
     * parent and stays full), cap1 the dest root; MT_DELETE_FIRST when
     * all MT_ASID_POOLS pools exist.  Assign (on a pool cap): cap0 a
     * VSpace that never had an ASID (else MT_INVALID_CAPABILITY); it gets
     * the pool's lowest free one (MT_DELETE_FIRST: none), and only then
     * may a TCB run in it or anything be mapped into it. */
    MT_ASID_CONTROL_MAKE_POOL,
    MT_ASID_POOL_ASSIGN,

    MT_INVOCATION_COUNT
};

/* Register numbering of ReadRegisters / WriteRegisters and of fault
 * replies: index 0 is the pc, index n (1..31) is RISC-V register xn. */
enum mt_register {
    MT_REG_PC = 0, MT_REG_RA = 1, MT_REG_SP = 2, MT_REG_GP = 3, MT_REG_TP = 4,
    MT_REG_T0 = 5, MT_REG_S0 = 8, MT_REG_A0 = 10, MT_REG_A1 = 11,
    MT_REG_A7 = 17, MT_REG_COUNT = 32
};

#define MT_MAX_PRIORITY 255
#define MT_IRQ_MAX 63       /* highest PLIC source the kernel serves */

#endif
