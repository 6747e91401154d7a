/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel object types, their sizes, capability types and rights.
 *
 * These sizes are the single source of truth: the kernel static-asserts
 * that its structures fit them, and kmem reads them to account mote
 * systems, so the report cannot drift from the kernel. */
#ifndef MOTE_OBJECTS_H
#define MOTE_OBJECTS_H

/* Object types accepted by Untyped_Retype. */
enum mt_object_type {
    MT_OBJ_UNTYPED = 0,
    MT_OBJ_TCB = 1,
    MT_OBJ_ENDPOINT = 2,
    MT_OBJ_NOTIFICATION = 3,
    MT_OBJ_CNODE = 4,      /* size_bits = log2(number of slots) */
    MT_OBJ_FRAME_4K = 5,
    MT_OBJ_FRAME_2M = 6,
    MT_OBJ_PAGE_TABLE = 7,
    MT_OBJ_VSPACE = 8,     /* a root page table; usable once an ASID pool assigns it an ASID */
    MT_OBJ_ASID_POOL = 9,  /* made by ASIDControl_MakePool, never by Retype */
    MT_OBJ_FPU = 11,       /* a thread's floating-point registers (TCB_BindFPU) */
    MT_OBJ_COUNT
};

/* log2 of each object's size in bytes (RV64). */
#define MT_TCB_SIZE_BITS 9
#define MT_ENDPOINT_SIZE_BITS 4
#define MT_NOTIFICATION_SIZE_BITS 5
#define MT_SLOT_SIZE_BITS 5            /* one CNode slot */
#define MT_FRAME_4K_SIZE_BITS 12
#define MT_FRAME_2M_SIZE_BITS 21
#define MT_PAGE_TABLE_SIZE_BITS 12
#define MT_VSPACE_SIZE_BITS 12
#define MT_ASID_POOL_SIZE_BITS 12      /* one word per ASID of the pool */
/* f0..f31 and fcsr (264 bytes) and the bound TCB: past 256, so 512. */
#define MT_FPU_SIZE_BITS 9

#define MT_UNTYPED_MIN_BITS 4
#define MT_UNTYPED_MAX_BITS 38
#define MT_CNODE_MIN_RADIX 1
#define MT_CNODE_MAX_RADIX 20

/* log2 of the bytes an object of this type takes (size_bits is the
 * untyped's size or the CNode's radix); -1 when the size is out of range or
 * the type unknown.  Kernel, rootserver and motec all size objects here. */
static inline int mt_object_size_bits(unsigned long type, unsigned long size_bits)
{
    switch (type) {
    case MT_OBJ_UNTYPED:
        return size_bits >= MT_UNTYPED_MIN_BITS && size_bits <= MT_UNTYPED_MAX_BITS
                   ? (int)size_bits : -1;
    case MT_OBJ_CNODE:
        return size_bits >= MT_CNODE_MIN_RADIX && size_bits <= MT_CNODE_MAX_RADIX
                   ? (int)size_bits + MT_SLOT_SIZE_BITS : -1;
    case MT_OBJ_TCB: return MT_TCB_SIZE_BITS;
    case MT_OBJ_ENDPOINT: return MT_ENDPOINT_SIZE_BITS;
    case MT_OBJ_NOTIFICATION: return MT_NOTIFICATION_SIZE_BITS;
    case MT_OBJ_FRAME_4K: return MT_FRAME_4K_SIZE_BITS;
    case MT_OBJ_FRAME_2M: return MT_FRAME_2M_SIZE_BITS;
    case MT_OBJ_PAGE_TABLE: return MT_PAGE_TABLE_SIZE_BITS;
    case MT_OBJ_VSPACE: return MT_VSPACE_SIZE_BITS;
    case MT_OBJ_ASID_POOL: return MT_ASID_POOL_SIZE_BITS;
    case MT_OBJ_FPU: return MT_FPU_SIZE_BITS;
    default: return -1;
    }
}

#define MT_PAGE_BITS 12
#define MT_PAGE_SIZE (1ul << MT_PAGE_BITS)

/* Address space identifiers.  An ASID pool (4 KiB, made from untyped by
 * ASIDControl_MakePool) covers 2^MT_ASID_POOL_BITS consecutive ASIDs; at
 * most MT_ASID_POOLS pools exist at once, so MT_MAX_ASIDS address spaces
 * (ASID 0 is the kernel's own and never handed out). */
#define MT_ASID_POOL_BITS 9
#define MT_ASID_POOLS 16
#define MT_MAX_ASIDS (MT_ASID_POOLS << MT_ASID_POOL_BITS)

/* Capability types, as MT_SYS_DEBUG_CAP_IDENTIFY reports them. */
enum mt_cap_type {
    MT_CAP_NULL = 0,
    MT_CAP_UNTYPED = 1,
    MT_CAP_TCB = 2,
    MT_CAP_ENDPOINT = 3,
    MT_CAP_NOTIFICATION = 4,
    MT_CAP_CNODE = 5,
    MT_CAP_FRAME = 6,
    MT_CAP_PAGE_TABLE = 7,
    MT_CAP_VSPACE = 8,
    MT_CAP_IRQ_CONTROL = 9,
    MT_CAP_IRQ_HANDLER = 10,
    MT_CAP_ASID_CONTROL = 11,
    MT_CAP_ASID_POOL = 12,
    /* Several pending callers: a caller's reply, saved by CNode_SaveCaller
     * (no object: the cap names the waiting caller's TCB). */
    MT_CAP_REPLY = 13,
    MT_CAP_FPU = 14,
    /* Power-off: the authority to end the machine (QEMU exits with a
     * status), made from IRQControl.  No object behind it. */
    MT_CAP_POWER = 15,
    MT_CAP_TYPE_COUNT,
    /* Kernel-internal, never seen in user space (a slot holding one looks
     * empty): a CNode, or an endpoint or notification with waiters, being
     * destroyed a step at a time (kernel/delete.c).  In this enum so that
     * every kernel switch on cap types (-Wswitch-enum) says what it does
     * with them. */
    MT_CAP_KERNEL_QUEUE_ZOMBIE = 30,
    MT_CAP_KERNEL_ZOMBIE = 31,
};

/* Capability rights (Copy, Mint).  Endpoints: write = may send, read = may
 * receive, grant = may send caps (on the cap a Call was received with: the
 * reply may carry caps, as in seL4), grant-reply = may Call (receive a
 * reply cap).  Notifications: write = may signal, read = may wait.  Frames: read
 * and write bound what a mapping may allow. */
#define MT_RIGHT_WRITE 1u
#define MT_RIGHT_READ 2u
#define MT_RIGHT_GRANT 4u
#define MT_RIGHT_GRANT_REPLY 8u
#define MT_RIGHTS_ALL 15u

/* Mapping permissions for Frame_Map (RISC-V PTE semantics: write needs
 * read; the frame cap's rights must allow what is asked). */
#define MT_VM_READ 1u
#define MT_VM_WRITE 2u
#define MT_VM_EXEC 4u

/* User virtual addresses are below this (the lower half of Sv39). */
#define MT_USER_TOP 0x4000000000ul

/* CNode guard data for Mint/Mutate/Configure: guard size in bits 0..5,
 * guard value in the bits above. */
#define MT_GUARD_SIZE_BITS 6
static inline unsigned long mt_cnode_guard(unsigned long guard, unsigned long guard_size)
{
    return (guard << MT_GUARD_SIZE_BITS) | guard_size;
}

#endif
