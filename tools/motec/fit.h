/* SPDX-License-Identifier: BSD-2-Clause */
/* The fit check: runs the rootserver's allocation at build time.  Free
 * RAM is cut into power-of-two untyped blocks the way the kernel hands
 * them out (each the largest aligned block that fits), and every object
 * is carved, in spec order, from the first block with room for it at an
 * address aligned to its size. */
#ifndef MOTEC_FIT_H
#define MOTEC_FIT_H

#include <stdint.h>

#include "spec_model.h"

struct fit_result {
    uint64_t object_bytes;   /* sum of object sizes */
    uint64_t used_bytes;     /* including alignment gaps */
    uint64_t free_bytes;     /* RAM after the reserve */
    int nblocks;
    int failed_obj;          /* first object that did not fit, -1 none */
};

/* 0 if everything fits; -1 otherwise (not reported: the caller words it). */
int fit_check(const struct spec_model *sm, uint64_t ram_base, uint64_t ram_bytes,
              uint64_t reserve, struct fit_result *r);

#endif
