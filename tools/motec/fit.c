/* SPDX-License-Identifier: BSD-2-Clause */
#include "fit.h"

#include <stdlib.h>
#include <string.h>

#include <mote/objects.h>

struct block {
    uint64_t base, end, wm;
};

static int split_blocks(uint64_t start, uint64_t end, struct block **out)
{
    VEC(struct block) v = { 0 };
    while (start < end) {
        int bits = MT_UNTYPED_MAX_BITS;
        while (bits > 0 && ((start & ((1ull << bits) - 1)) || start + (1ull << bits) > end))
            bits--;
        if (bits < MT_UNTYPED_MIN_BITS)
            break;   /* a sliver too small for any object */
        struct block b = { start, start + (1ull << bits), start };
        VEC_PUSH(v, b);
        start = b.end;
    }
    *out = v.v;
    return v.n;
}

static int place(struct block *b, int n, uint64_t size)
{
    for (int i = 0; i < n; i++) {
        uint64_t a = align_up(b[i].wm, size);
        if (a + size <= b[i].end && a >= b[i].wm) {
            b[i].wm = a + size;
            return 1;
        }
    }
    return 0;
}

int fit_check(const struct spec_model *sm, uint64_t ram_base, uint64_t ram_bytes,
              uint64_t reserve, struct fit_result *r)
{
    memset(r, 0, sizeof *r);
    r->failed_obj = -1;
    uint64_t start = ram_base + (reserve < ram_bytes ? reserve : ram_bytes);
    r->free_bytes = ram_base + ram_bytes - start;
    struct block *b = NULL;
    r->nblocks = split_blocks(start, ram_base + ram_bytes, &b);
    for (int i = 0; i < sm->objs.n; i++) {
        uint64_t size = sm_obj_ram(&sm->objs.v[i]);
        if (!size)
            continue;
        r->object_bytes += size;
        if (r->failed_obj < 0 && !place(b, r->nblocks, size))
            r->failed_obj = i;
    }
    for (int i = 0; i < r->nblocks; i++)
        r->used_bytes += b[i].wm - b[i].base;
    free(b);
    return r->failed_obj < 0 ? 0 : -1;
}
