/* SPDX-License-Identifier: BSD-2-Clause */
/* Message passing through endpoints, replies, and the message transfer
 * itself. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include "object.h"

struct mt_ipc_buffer *tcb_ipc_buffer(struct tcb *t);

/* Give t a message from the kernel: label, MRs, no badge. */
void set_kernel_reply(struct tcb *t, word_t label, const word_t *mr, int n);

/* t sends its message (a1, a2..a5, IPC buffer) through ep. */
void ipc_send(struct tcb *t, struct endpoint *ep, word_t badge, unsigned rights,
              bool blocking, bool call);
/* t receives on ep; a thread with a bound notification gets its signal
 * first.  grant: t's cap to ep has grant (replies to calls it receives
 * may carry caps). */
void ipc_recv(struct tcb *t, struct endpoint *ep, bool blocking, bool grant);
/* t replies to the thread that last called it (nothing if none). */
void ipc_reply(struct tcb *t, bool donate);
/* t's message is the reply c waits for (c already unlinked from whoever
 * owed it: replier or saved reply cap). */
void ipc_deliver_reply(struct tcb *t, struct tcb *c, bool donate);
/* t sends its pending fault to its fault handler. */
void ipc_send_fault(struct tcb *t, struct endpoint *ep, word_t badge, unsigned rights);

/* Take t out of whatever it is blocked on; it stays blocked-state-less
 * (the caller sets its new state). */
void ipc_cancel(struct tcb *t);
void ep_cancel_all(struct endpoint *ep);
/* CNode_CancelBadgedSends by k: MT_OK or INV_PREEMPTED (ipc.c). */
int ep_cancel_badged(struct tcb *k, struct endpoint *ep, word_t badge, bool reply);
/* t leaves an endpoint's queue (or a dying one's); a cursor left at the
 * head completes its CancelBadgedSends. */
void ep_remove(struct thread_queue *q, struct tcb *t);
/* At t's every kernel entry but an interrupt: its cursor, if any, leaves
 * the queue, and only a CancelBadgedSends in this entry continues from it. */
void cursor_take(struct tcb *t);
/* t's registers change or it dies: its cursor goes, its call with it. */
void cursor_drop(struct tcb *t);
/* A thread released by a deleted object re-executes its system call. */
void thread_restart(struct tcb *t);
/* Before a blocked thread leaves its system call early: set it up to run
 * the call again when it next runs. */
void thread_rewind(struct tcb *t);

#endif
