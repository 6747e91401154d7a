/* A small formatted print over the kernel's debug console.
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

#endif
