/* SPDX-License-Identifier: BSD-2-Clause */
/* SBI calls: a7 = extension, a6 = function, arguments in a0.. . */
#include "kernel.h"
#include "sbi.h"

static long sbi_call(long ext, long fn, long arg0, long arg1)
{
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = arg1;
    register long a6 __asm__("a6") = fn;
    register long a7 __asm__("a7") = ext;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
    return a0;
}

#define SBI_LEGACY_PUTCHAR 1
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_SRST 0x53525354

void sbi_putchar(char c) { sbi_call(SBI_LEGACY_PUTCHAR, 0, c, 0); }
void sbi_set_timer(unsigned long stime) { sbi_call(SBI_EXT_TIME, 0, (long)stime, 0); }
void sbi_shutdown(void) { sbi_call(SBI_EXT_SRST, 0, 0, 0); }
