/* SPDX-License-Identifier: BSD-2-Clause */
/* A small formatted print to the component's output (see mt_set_output).
 * Conversions: %d %i %u %x %c %s %p %% with the l length modifier
 * (%ld %lu %lx), a field width and the 0 flag (%08lx). */
#ifndef LIBMOTE_PRINT_H
#define LIBMOTE_PRINT_H

#include <stdarg.h>

int mt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int mt_vprintf(const char *fmt, va_list ap);
/* Formats into buf (always NUL-terminated when size > 0); returns the
 * length the whole output would have had. */
int mt_snprintf(char *buf, unsigned long size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int mt_vsnprintf(char *buf, unsigned long size, const char *fmt, va_list ap);
void mt_puts(const char *s);

/* Where mt_printf and mt_puts send text: n bytes at s, called with whole
 * chunks of at most 160 bytes (a line, if it fits).  The default is the
 * debug kernel's PutS; on the release kernel (MT_KERNEL_DEBUG=0) output
 * goes nowhere until a component sets its own, e.g. its UART or logger
 * connection's write. */
typedef void (*mt_output_fn)(const char *s, unsigned long n);
void mt_set_output(mt_output_fn fn);

#endif
