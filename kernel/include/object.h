/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel objects: their in-memory layout.  Each must fit the size the ABI
 * promises in include/mote/objects.h (checked below), because untyped
 * memory is carved by those sizes. */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include "kernel.h"

/* A capability: two words, the type in the top five bits of w1. */
struct cap {
    word_t w0, w1;
};

/* Capability derivation tree: every slot is in one doubly linked list in
 * depth-first order; a slot's children follow it (see cdt.c).  The low
 * bits of next carry two flags (slots are 32-byte aligned). */
struct mdb {
    word_t prev;
    word_t next;
};
#define MDB_REVOCABLE 1ul
#define MDB_FIRST_BADGED 2ul
#define MDB_FLAGS 3ul

struct cte {
    struct cap cap;
    struct mdb mdb;
};
_Static_assert(sizeof(struct cte) == BIT(MT_SLOT_SIZE_BITS), "slot size is ABI");

enum thread_state {
    TS_INACTIVE = 0,     /* suspended or never started */
    TS_RUNNING,          /* runnable (on a ready queue or current) */
    TS_BLOCKED_SEND,     /* on an endpoint's queue */
    TS_BLOCKED_RECV,     /* on an endpoint's queue */
    TS_BLOCKED_REPLY,    /* waiting for the reply to a Call or a fault */
    TS_BLOCKED_NTFN,     /* on a notification's queue */
};

/* Per-thread flags. */
#define TF_CALL 1u          /* the blocked send is a Call */
/* the blocked send may transfer caps; once a Call is delivered, the reply
 * may (the receiver's cap had grant); while receiving, the cap has grant */
#define TF_GRANT 2u
#define TF_GRANT_REPLY 4u   /* the blocked sender may receive a reply */
#define TF_FAULT 8u         /* the blocked send carries a fault message */
#define TF_CURSOR 0x10u     /* a cursor in a send queue: CancelBadgedSends (ipc.c) */
#define TF_CURSOR_REPLY 0x20u   /* that call wants a reply */
#define TF_CHECKED 0x40u    /* scanned by the running invariant check (debug) */
#define TF_QUEUED 0x80u     /* in a ready queue (sched.c) */

struct notification;
struct fpu;

struct tcb {
    word_t regs[MT_REG_COUNT];   /* first: trap.S saves here */
    struct cte cspace_root;
    struct cte vspace_root;
    struct cte ipc_frame;
    struct tcb *sched_next, *sched_prev;
    struct tcb *ep_next, *ep_prev;
    uint8_t state, priority, mcp, flags;
    uint8_t fault_kind;          /* enum mt_fault of a pending fault */
    uint16_t timeslice;          /* timer ticks left */
    void *blocked_on;            /* endpoint or notification; waiting for a
                                    reply: the slot of its saved reply cap;
                                    with TF_CURSOR: the endpoint (ipc.c) */
    word_t badge;                /* badge of the blocked send; with
                                    TF_CURSOR: the badge being cancelled */
    struct tcb *caller;          /* thread waiting for this one's reply */
    struct tcb *replier;         /* thread that owes this one a reply
                                    (until it saves it as a reply cap) */
    mt_cptr_t fault_ep;
    word_t ipc_buffer;           /* user vaddr, 0 = none */
    struct notification *bound_ntfn;
    word_t fault_data[3];        /* the pending fault's data (fault.c) */
    /* For the fastpath, from the caps in cspace_root and vspace_root:
     * set whenever a cap is put there (tcb_cache_spaces), the only way one
     * gets there, so valid while those slots hold a CNode / a VSpace cap. */
    struct cte *cspace_slots;    /* a one-level CSpace with guard 0: */
    word_t cspace_limit;         /* its slot count; 0 for any other CSpace,
                                  * and while the thread owns the FPU (fpu.c) */
    word_t satp;
    struct fpu *fpu;             /* bound FPU object, NULL: integer only */
    /* the other TCBs whose satp names this VSpace (asid.c), by physical
     * address: 32 bits each (the kernel window is 4 GiB) */
    uint32_t vs_next, vs_prev;
};
_Static_assert(sizeof(struct tcb) == BIT(MT_TCB_SIZE_BITS), "the TCB is packed to its object");
_Static_assert(sizeof(struct tcb) <= BIT(MT_TCB_SIZE_BITS), "TCB fits its object");
_Static_assert(offsetof(struct tcb, regs) == 0, "trap.S saves registers at the TCB's start");
_Static_assert(offsetof(struct tcb, ipc_frame) == offsetof(struct tcb, cspace_root) + 2 * sizeof(struct cte),
               "a dying TCB's three slots are emptied as an array (delete.c)");

/* A thread's floating-point state while another thread's is in the
 * registers (fpu.c).  Only threads that use FP pay for it. */
struct fpu {
    uint64_t f[32];
    word_t fcsr;
    struct tcb *bound;           /* the TCB it is bound to, or NULL */
};
_Static_assert(sizeof(struct fpu) <= BIT(MT_FPU_SIZE_BITS), "FPU context fits its object");
_Static_assert(offsetof(struct fpu, fcsr) == 256, "fpu.c saves fcsr after f31");

/* Threads blocked on an endpoint or a notification, in FIFO order,
 * linked through their ep_next / ep_prev. */
struct thread_queue {
    struct tcb *head, *tail;
};

/* An endpoint is its queue; whether the queue holds senders or receivers
 * is the state of the threads in it. */
struct endpoint {
    struct thread_queue q;
};
_Static_assert(sizeof(struct endpoint) <= BIT(MT_ENDPOINT_SIZE_BITS), "endpoint fits");

struct notification {
    struct thread_queue q;       /* waiting threads */
    word_t word;                 /* badges signalled and not yet taken */
    word_t bound_active;         /* bound TCB pointer | NTFN_ACTIVE */
};
_Static_assert(sizeof(struct notification) <= BIT(MT_NOTIFICATION_SIZE_BITS), "notification fits");

/* Signalled since the last wait (a signal may carry badge 0, so the word
 * alone cannot tell). TCBs are 512-byte aligned, leaving bit 0 free. */
#define NTFN_ACTIVE 1ul

static inline void tq_append(struct thread_queue *q, struct tcb *t, void *on)
{
    t->ep_next = NULL;
    t->ep_prev = q->tail;
    if (q->tail)
        q->tail->ep_next = t;
    else
        q->head = t;
    q->tail = t;
    t->blocked_on = on;
}

static inline void tq_remove(struct thread_queue *q, struct tcb *t)
{
    if (t->ep_prev)
        t->ep_prev->ep_next = t->ep_next;
    else
        q->head = t->ep_next;
    if (t->ep_next)
        t->ep_next->ep_prev = t->ep_prev;
    else
        q->tail = t->ep_prev;
    t->ep_next = t->ep_prev = NULL;
    t->blocked_on = NULL;
}

/* tq_remove of the queue's head t. */
static inline void tq_pop_head(struct thread_queue *q, struct tcb *t)
{
    struct tcb *next = t->ep_next;
    q->head = next;
    if (next)
        next->ep_prev = NULL;
    else
        q->tail = NULL;
    t->ep_next = NULL;
    t->blocked_on = NULL;
}

static inline struct tcb *ntfn_bound(struct notification *n)
{
    return (struct tcb *)(n->bound_active & ~NTFN_ACTIVE);
}
static inline void ntfn_set_bound(struct notification *n, struct tcb *t)
{
    n->bound_active = (word_t)t | (n->bound_active & NTFN_ACTIVE);
}
static inline bool ntfn_active(struct notification *n) { return n->bound_active & NTFN_ACTIVE; }
static inline void ntfn_set_active(struct notification *n, bool a)
{
    n->bound_active = (n->bound_active & ~NTFN_ACTIVE) | (a ? NTFN_ACTIVE : 0);
}

#endif
