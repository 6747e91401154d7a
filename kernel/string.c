/* SPDX-License-Identifier: BSD-2-Clause */
/* The two memory routines the compiler may call. */
#include "kernel.h"

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    if (((word_t)p & 7) == 0 && (n & 7) == 0 && c == 0) {
        for (word_t *w = d; n; n -= 8)
            *w++ = 0;
        return d;
    }
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}
