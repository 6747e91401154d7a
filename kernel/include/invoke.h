/* SPDX-License-Identifier: BSD-2-Clause */
/* Invocations of kernel objects: the decoded message, and the one way to
 * report an error (return the code; set error MRs with inv_error_mrs). */
#ifndef KERNEL_INVOKE_H
#define KERNEL_INVOKE_H

#include "object.h"

struct invocation {
    struct tcb *t;                 /* the invoker */
    struct cte *slot;              /* slot of the invoked cap */
    struct cap cap;
    word_t label;
    word_t length;                 /* message registers sent */
    int n_extra;
    struct cte *extra[MT_MSG_MAX_EXTRA_CAPS];
    struct mt_ipc_buffer *buf;     /* invoker's IPC buffer, may be NULL */
    bool call;                     /* the invoker waits for the reply */
    word_t out[MT_REG_COUNT + 2];  /* reply message registers */
    int out_len;
};

/* Not an error: a long invocation stopped at a preemption point with an
 * interrupt pending.  Kernel-internal: the invoker re-runs its system
 * call once the interrupt is handled, and the work done so far stays done. */
#define INV_PREEMPTED (-1)

word_t inv_arg(const struct invocation *iv, int i);
int inv_error_mrs(int code, word_t mr0, word_t mr1, int n);
static inline int inv_range_error(word_t min, word_t max) { return inv_error_mrs(MT_RANGE_ERROR, min, max, 2); }
static inline int inv_invalid_arg(int i) { return inv_error_mrs(MT_INVALID_ARGUMENT, (word_t)i, 0, 1); }
static inline int inv_invalid_cap(int i) { return inv_error_mrs(MT_INVALID_CAPABILITY, (word_t)i, 0, 1); }
int inv_lookup_error(bool source, int failure);
/* Checks the message carries n MRs and k extra caps. */
int inv_need(const struct invocation *iv, word_t n, int k);

/* Per object type; each returns an enum mt_error. */
int decode_untyped(struct invocation *iv);
int decode_cnode(struct invocation *iv);
int decode_tcb(struct invocation *iv);
int decode_frame(struct invocation *iv);
int decode_page_table(struct invocation *iv);
int decode_irq_control(struct invocation *iv);
int decode_irq_handler(struct invocation *iv);
int decode_power(struct invocation *iv);

/* Runs the invocation named by the invoker's message; if reply, the
 * invoker (when still running) gets the result as its reply message. */
void invoke_object(struct tcb *t, struct cte *slot, word_t info, bool reply);

#endif
