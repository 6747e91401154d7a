/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "object.h"

void handle_syscall(struct tcb *t);
/* The four words of MT_SYS_DEBUG_KERNEL_INFO (boot.c knows them). */
void kernel_info(word_t out[4]);

#endif
