/* SPDX-License-Identifier: BSD-2-Clause */
/* Small helpers every motec module uses: allocation that never returns
 * NULL, growable arrays and a string builder. */
#ifndef MOTEC_UTIL_H
#define MOTEC_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable array of T: struct { T *v; int n, cap; }. */
#define VEC(T) struct { T *v; int n, cap; }
#define VEC_PUSH(vec, item)                                                   \
    do {                                                                      \
        if ((vec).n == (vec).cap) {                                           \
            (vec).cap = (vec).cap ? (vec).cap * 2 : 8;                        \
            (vec).v = xrealloc((vec).v, (size_t)(vec).cap * sizeof(*(vec).v)); \
        }                                                                     \
        (vec).v[(vec).n++] = (item);                                          \
    } while (0)

/* A string builder. */
struct strbuf {
    char *s;
    size_t len, cap;
};
void sb_init(struct strbuf *sb);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_putc(struct strbuf *sb, char c);
void sb_free(struct strbuf *sb);

/* Reads a whole file; NULL (errno set) on failure. */
char *read_file(const char *path, size_t *len);
int write_file(const char *path, const void *data, size_t len);

uint64_t align_up(uint64_t v, uint64_t a);
int log2_ceil(uint64_t v);
int streq(const char *a, const char *b);

#endif
