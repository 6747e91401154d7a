/* SPDX-License-Identifier: BSD-2-Clause */
/* Saved replies: several pending callers per server (non-MCS seL4's
 * SaveCaller).  A reply cap names the waiting caller's TCB; the caller
 * knows the slot of its reply cap (blocked_on), so that either side going
 * away cleans up the other. */
#ifndef KERNEL_REPLY_H
#define KERNEL_REPLY_H

#include "object.h"

/* CNode_SaveCaller: t's pending reply becomes a reply cap in dest. */
int reply_save(struct tcb *t, struct cte *dest);
/* Send on the reply cap in slot: t's message is the reply; the cap goes. */
void reply_send(struct tcb *t, struct cte *slot);
/* The reply cap c was moved to dest (cte_move). */
void reply_moved(struct cap c, struct cte *dest);
/* The reply cap c was deleted: its caller gets MT_REPLY_LOST. */
void reply_lost(struct cap c);
/* c, waiting for a reply, is taken out of it (suspended, destroyed): its
 * saved reply cap, if it has one, is emptied. */
void reply_cancel(struct tcb *c);

#endif
