/* SPDX-License-Identifier: BSD-2-Clause */
/* Basic definitions every kernel file uses. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <mote/mote.h>
#include "layout.h"
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef mt_word_t word_t;
typedef word_t paddr_t;

#define BIT(n) (1ul << (n))
#define MASK(n) ((n) >= MT_WORD_BITS ? ~0ul : BIT(n) - 1)
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((word_t)(a) - 1))
#define IS_ALIGNED(x, bits) (((x) & MASK(bits)) == 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NORETURN __attribute__((noreturn))
#define UNUSED __attribute__((unused))

/* Physical memory is visible to the kernel at virtual KERNEL_OFFSET +
 * physical (layout.h: the one definition, which head.S and the linker
 * script use too), for the first KERNEL_WINDOW_BYTES of the physical
 * address space. */
#define KERNEL_WINDOW_BYTES (4ul << 30)
static inline void *phys_to_virt(paddr_t pa) { return (void *)(pa + KERNEL_OFFSET); }
static inline paddr_t virt_to_phys(const void *va) { return (word_t)va - KERNEL_OFFSET; }
bool phys_is_ram(paddr_t pa);   /* boot.c: inside the RAM the kernel found */

void kputc(char c);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
NORETURN void panic(const char *msg);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

/* Assertions on kernel invariants: a failure is a kernel bug, never a
 * consequence of user input. */
#define kassert(c) do { if (!(c)) panic("assertion failed: " #c); } while (0)

#endif
