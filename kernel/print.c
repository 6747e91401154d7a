/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel console output: a small printf over the SBI console. */
#include <stdarg.h>
#include "kernel.h"

static void put_num(unsigned long v, int base, int width, char pad, bool neg)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        buf[n++] = '-';
    while (n < width--)
        kputc(pad);
    while (n)
        kputc(buf[--n]);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            kputc(*fmt);
            continue;
        }
        char pad = ' ';
        int width = 0;
        if (*++fmt == '0')
            pad = '0';
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        bool is_long = *fmt == 'l';
        if (is_long)
            fmt++;
        switch (*fmt) {
        case 'd': {
            long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            put_num(v < 0 ? -(unsigned long)v : (unsigned long)v, 10, width, pad, v < 0);
            break;
        }
        case 'u': put_num(is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, width, pad, false); break;
        case 'x': put_num(is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, width, pad, false); break;
        case 'p': put_num((unsigned long)va_arg(ap, void *), 16, width, pad, false); break;
        case 's': for (const char *s = va_arg(ap, const char *); *s; s++) kputc(*s); break;
        case 'c': kputc((char)va_arg(ap, int)); break;
        default: kputc(*fmt); break;
        }
    }
    va_end(ap);
}

#include "machine.h"

NORETURN void panic(const char *msg)
{
    kprintf("mote: panic: %s\n", msg);
    machine_exit(255);
}
