/* SPDX-License-Identifier: BSD-2-Clause */
/* The few C string functions freestanding code (and gcc) needs. */
#ifndef LIBMOTE_STRING_H
#define LIBMOTE_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
