/* SPDX-License-Identifier: BSD-2-Clause */
/* The memory manager's parts: blocks.c keeps its untyped as a buddy
 * system of untyped caps; memory_manager.c charges owners and serves the
 * Memory interface (components/interfaces/memory.h). */
#ifndef MM_H
#define MM_H

#include <stdint.h>
#include <libmote/rpc.h>

#define DEPTH MT_WORD_BITS

/* One slot of our CNode.  A block is an untyped cap: FREE (no children),
 * SPLIT (its two halves are blocks) or USED (one object retyped from it,
 * charged to owner; next links the blocks of one group).  HELD marks a
 * slot with some other cap (a client's CNode, a frame we hand out). */
enum { S_EMPTY, S_FREE, S_SPLIT, S_USED, S_HELD };

struct slot {
    uint16_t parent;      /* the block this one was split from; 0: a root */
    uint16_t half[2];     /* SPLIT: the two halves */
    uint16_t next;        /* USED: the group's next block, 0 at the end */
    uint8_t state, bits;  /* bits: log2 of the block's bytes */
    uint8_t kind, owner;  /* USED: the object's kind and owner index */
};

extern struct slot slots[MT_SLOT_COUNT];

void blocks_init(void);
/* A USED block of 2^bits bytes (its slot), or 0. */
mt_cptr_t block_get(int bits);
/* Destroys everything made from the block and frees it, merging halves. */
void block_put(mt_cptr_t s);
/* An empty slot of ours, marked HELD, or 0. */
mt_cptr_t slot_take(void);
void slot_release(mt_cptr_t s);
unsigned long blocks_free_bytes(void);
unsigned long slots_in_use(void);

#endif
