/* SPDX-License-Identifier: BSD-2-Clause */
/* Notifications: a word of badge bits and a queue of waiters. */
#ifndef KERNEL_NOTIFICATION_H
#define KERNEL_NOTIFICATION_H

#include "object.h"

void ntfn_signal(struct notification *n, word_t badge);
void ntfn_wait(struct tcb *t, struct notification *n, bool blocking);
void ntfn_cancel_wait(struct tcb *t);
void ntfn_cancel_all(struct notification *n);
void ntfn_bind(struct notification *n, struct tcb *t);
void ntfn_unbind(struct tcb *t);

#endif
