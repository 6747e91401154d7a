/* SPDX-License-Identifier: BSD-2-Clause */
/* Faults become messages to the thread's fault endpoint. */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include "object.h"

/* t stops with a fault of this kind (enum mt_fault) and data; its handler
 * gets the message, or t is suspended when it has none. */
void raise_fault(struct tcb *t, word_t kind, word_t d0, word_t d1, word_t d2);
/* The message registers of t's pending fault; returns their count. */
int fault_message(struct tcb *t, word_t *mr);

#endif
