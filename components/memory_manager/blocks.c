/* SPDX-License-Identifier: BSD-2-Clause */
/* Our untyped as a buddy system of untyped caps.  The kernel's untyped is
 * a watermark allocator: memory comes back only when everything made from
 * an untyped is gone.  So every object gets a block of exactly its size
 * (kernel objects are powers of two), cut by halving a larger free block
 * (Retype into two untyped of half the size), and a freed block merges
 * with its free buddy (deleting both halves empties the parent, whose
 * watermark starts again at 0).  Bytes come back exactly, whatever the
 * order of frees. */
#include <libmote/print.h>
#include "mm.h"

struct slot slots[MT_SLOT_COUNT];

mt_cptr_t slot_take(void)
{
    for (mt_cptr_t s = MT_SLOT_FIRST_FREE; s < MT_SLOT_COUNT; s++)
        if (slots[s].state == S_EMPTY) {
            slots[s] = (struct slot){ .state = S_HELD };
            return s;
        }
    return 0;
}

void slot_release(mt_cptr_t s)
{
    slots[s] = (struct slot){ .state = S_EMPTY };
}

unsigned long slots_in_use(void)
{
    unsigned long n = 0;
    for (mt_cptr_t s = MT_SLOT_FIRST_FREE; s < MT_SLOT_COUNT; s++)
        n += slots[s].state != S_EMPTY;
    return n;
}

static void make_root(mt_cptr_t s, int bits)
{
    slots[s] = (struct slot){ .state = S_FREE, .bits = (uint8_t)bits };
}

static int log2_floor(unsigned long x)
{
    int b = 0;
    while (x >> (b + 1))
        b++;
    return b;
}

/* An untyped the rootserver left partly used (system objects below its
 * watermark): the rest is cut into naturally aligned pieces, each a root. */
static void carve(mt_cptr_t ut, int size_bits, unsigned long used)
{
    unsigned long size = 1ul << size_bits, pos = used;
    while (size - pos >= 16) {
        int bits = 0;   /* pos's alignment (no ctz: libgcc is not linked) */
        while (bits < size_bits && !(pos >> bits & 1))
            bits++;
        if (bits > log2_floor(size - pos))
            bits = log2_floor(size - pos);
        if (bits < MT_UNTYPED_MIN_BITS) {
            pos = (pos + 15) & ~15ul;
            continue;
        }
        mt_cptr_t s = slot_take();
        if (!s || mt_untyped_retype(ut, MT_OBJ_UNTYPED, bits, MT_SLOT_CNODE, 0, 0, s, 1)) {
            if (s)
                slot_release(s);
            return;
        }
        make_root(s, bits);
        pos += 1ul << bits;
    }
}

/* Every RAM untyped we were given becomes roots of the buddy system. */
void blocks_init(void)
{
    for (int u = 0; u < MT_UNTYPED_SLOT_COUNT; u++) {
        mt_cptr_t ut = MT_UNTYPED_SLOT_FIRST + (mt_cptr_t)u;
        struct mt_untyped_info info;
        if (mt_untyped_describe(ut, &info) != MT_OK || info.device)
            continue;
        unsigned long size = 1ul << info.size_bits;
        slots[ut].state = S_HELD;
        if (info.free_bytes == size)
            make_root(ut, info.size_bits);
        else
            carve(ut, info.size_bits, size - info.free_bytes);
    }
}

/* Halves FREE block s: returns its first half (FREE), or 0. */
static mt_cptr_t split(mt_cptr_t s)
{
    int bits = slots[s].bits - 1;
    mt_cptr_t h0 = slot_take(), h1 = h0 ? slot_take() : 0;
    if (!h1 || mt_untyped_retype(s, MT_OBJ_UNTYPED, bits, MT_SLOT_CNODE, 0, 0, h0, 1) ||
        mt_untyped_retype(s, MT_OBJ_UNTYPED, bits, MT_SLOT_CNODE, 0, 0, h1, 1)) {
        mt_cnode_revoke(MT_SLOT_CNODE, s, DEPTH);
        if (h0)
            slot_release(h0);
        if (h1)
            slot_release(h1);
        return 0;
    }
    slots[s].state = S_SPLIT;
    slots[s].half[0] = (uint16_t)h0;
    slots[s].half[1] = (uint16_t)h1;
    slots[h0] = (struct slot){ .state = S_FREE, .bits = (uint8_t)bits, .parent = (uint16_t)s };
    slots[h1] = (struct slot){ .state = S_FREE, .bits = (uint8_t)bits, .parent = (uint16_t)s };
    return h0;
}

/* The smallest free block of at least 2^bits (the best fit keeps large
 * blocks whole). */
static mt_cptr_t best_fit(int bits)
{
    mt_cptr_t best = 0;
    for (mt_cptr_t s = 1; s < MT_SLOT_COUNT; s++)
        if (slots[s].state == S_FREE && slots[s].bits >= bits &&
            (!best || slots[s].bits < slots[best].bits))
            best = s;
    return best;
}

mt_cptr_t block_get(int bits)
{
    if (bits < MT_UNTYPED_MIN_BITS)
        bits = MT_UNTYPED_MIN_BITS;
    mt_cptr_t s = best_fit(bits);
    while (s && slots[s].bits > bits)
        s = split(s);
    if (s)
        slots[s].state = S_USED;
    return s;
}

void block_put(mt_cptr_t s)
{
    int err = mt_cnode_revoke(MT_SLOT_CNODE, s, DEPTH);
    if (err)
        mt_printf("memory_manager: revoking block %lu: error %d\n", (unsigned long)s, err);
    slots[s].state = S_FREE;
    slots[s].next = 0;
    for (mt_cptr_t p = slots[s].parent; p; p = slots[p].parent) {
        mt_cptr_t a = slots[p].half[0], b = slots[p].half[1];
        if (slots[a].state != S_FREE || slots[b].state != S_FREE)
            return;
        mt_cnode_delete(MT_SLOT_CNODE, a, DEPTH);
        mt_cnode_delete(MT_SLOT_CNODE, b, DEPTH);
        slot_release(a);
        slot_release(b);
        slots[p].state = S_FREE;
    }
}

unsigned long blocks_free_bytes(void)
{
    unsigned long n = 0;
    for (mt_cptr_t s = 1; s < MT_SLOT_COUNT; s++)
        if (slots[s].state == S_FREE)
            n += 1ul << slots[s].bits;
    return n;
}
