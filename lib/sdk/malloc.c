/* SPDX-License-Identifier: BSD-2-Clause */
/* sdk_malloc: first fit over a free list kept in address order, blocks of
 * 16-byte units with a one-unit header; the heap grows by whole pages
 * from the runtime, and a freed block merges with free neighbours. */
#include "sdk_int.h"

struct block {
    struct block *next;   /* free list only */
    size_t units;         /* of 16 bytes, header included */
};

#define UNIT sizeof(struct block)
_Static_assert(sizeof(struct block) == 16, "one unit of header");

static struct block *free_list;

/* Inserts b in address order and merges it with adjacent free blocks. */
static void insert(struct block *b)
{
    struct block *prev = 0, *next = free_list;
    while (next && next < b) {
        prev = next;
        next = next->next;
    }
    b->next = next;
    if (next && b + b->units == next) {
        b->units += next->units;
        b->next = next->next;
    }
    if (prev && prev + prev->units == b) {
        prev->units += b->units;
        prev->next = b->next;
    } else if (prev) {
        prev->next = b;
    } else {
        free_list = b;
    }
}

/* More heap: enough whole pages for units, added to the free list. */
static int grow(size_t units)
{
    size_t pages = (units * UNIT + MT_PAGE_SIZE - 1) / MT_PAGE_SIZE;
    void *at;
    if (pages > MT_SDK_HEAP_GROW_MAX || sdk_heap_pages((unsigned)pages, &at))
        return -1;
    struct block *b = at;
    b->units = pages * MT_PAGE_SIZE / UNIT;
    insert(b);
    return 0;
}

static void *take(size_t units)
{
    for (struct block **p = &free_list; *p; p = &(*p)->next) {
        struct block *b = *p;
        if (b->units < units)
            continue;
        if (b->units == units) {
            *p = b->next;
        } else {       /* hand out the tail; the head stays listed */
            b->units -= units;
            b += b->units;
            b->units = units;
        }
        return b + 1;
    }
    return 0;
}

void *sdk_malloc(size_t bytes)
{
    if (bytes == 0 || bytes > (size_t)MT_SDK_HEAP_GROW_MAX * MT_PAGE_SIZE)
        return 0;
    size_t units = (bytes + UNIT - 1) / UNIT + 1;
    void *p = take(units);
    if (!p && grow(units) == 0)
        p = take(units);
    return p;
}

void sdk_free(void *p)
{
    if (p)
        insert((struct block *)p - 1);
}
