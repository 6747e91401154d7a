/* SPDX-License-Identifier: BSD-2-Clause */
/* The few SBI services the kernel uses. */
#ifndef KERNEL_ARCH_SBI_H
#define KERNEL_ARCH_SBI_H

void sbi_putchar(char c);
void sbi_set_timer(unsigned long stime);
void sbi_shutdown(void);

#endif
