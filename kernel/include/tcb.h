/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef KERNEL_TCB_H
#define KERNEL_TCB_H

#include "object.h"

void tcb_init(struct tcb *t);
void tcb_destroy(struct tcb *t);
void tcb_suspend(struct tcb *t);
void tcb_resume(struct tcb *t);
void tcb_cache_spaces(struct tcb *t);
void tcb_cache_cspace(struct tcb *t);

#endif
