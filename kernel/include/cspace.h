/* SPDX-License-Identifier: BSD-2-Clause */
/* Capability addressing: a cptr is resolved through CNodes, each consuming
 * its guard bits and then radix bits, seL4's way. */
#ifndef KERNEL_CSPACE_H
#define KERNEL_CSPACE_H

#include "object.h"

/* Not a lookup failure kind of the ABI: the depth itself is out of range,
 * which an invocation reports as a range error. */
#define LOOKUP_BAD_DEPTH (-1)

struct lookup {
    struct cte *slot;    /* NULL on failure */
    int failure;         /* enum mt_lookup_failure */
    int bits_left;
};

struct lookup resolve_address(struct cap root, mt_cptr_t cptr, int depth);
/* A cap named by a cptr at full depth in t's CSpace. */
struct lookup lookup_cap_slot(struct tcb *t, mt_cptr_t cptr);
/* A slot named by (index, depth) under root, for CNode operations: the
 * depth must be used up exactly. */
struct lookup lookup_slot_for_op(struct cap root, mt_cptr_t index, word_t depth);

#endif
