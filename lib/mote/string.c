/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdint.h>
#include <libmote/string.h>

/* A word that may alias anything: the aligned paths below copy and fill
 * objects of any type a word at a time. */
typedef uint64_t __attribute__((may_alias)) word;

/* Word by word while both ends are 8-aligned (sectors, messages, structs:
 * the copies that matter), then byte by byte. */
void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (!(((uintptr_t)d | (uintptr_t)s) & 7))
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *(word *)d = *(const word *)s;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    if (!((uintptr_t)d & 7))
        for (word w = 0x0101010101010101ull * (unsigned char)c; n >= 8; n -= 8, d += 8)
            *(word *)d = w;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}
