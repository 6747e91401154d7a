/* SPDX-License-Identifier: BSD-2-Clause */
/* alloc -> a frame cap arrives in our receive slot -> map it in our own
 * VSpace (inside the 2 MiB region motec's page tables already cover),
 * write and read it back -> unmap -> free. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../interfaces/memory.h"

MT_RPC_CLIENT(memory, MEMORY_METHODS)

#define FRAME_SLOT MT_SLOT_FIRST_FREE
#define FRAME_VADDR 0x1f0000ul

/* What FRAME_SLOT holds, asked without debug calls (the release kernel
 * has none): only a frame cap answers Frame_GetAddress, and an empty slot
 * is an invalid capability. */
static int slot_error(void)
{
    mt_word_t paddr;
    return mt_frame_get_address(FRAME_SLOT, &paddr);
}

static int use_frame(void)
{
    if (mt_frame_map(FRAME_SLOT, MT_SLOT_VSPACE, FRAME_VADDR, MT_VM_READ | MT_VM_WRITE))
        return 0;
    volatile unsigned long *p = (volatile unsigned long *)FRAME_VADDR;
    for (int i = 0; i < 512; i++)
        p[i] = 0x6d6f7465ul + (unsigned long)i;
    int ok = 1;
    for (int i = 0; i < 512; i++)
        ok &= p[i] == 0x6d6f7465ul + (unsigned long)i;
    mt_word_t paddr = 0;
    mt_frame_get_address(FRAME_SLOT, &paddr);
    mt_printf("%s: frame mapped at 0x%lx (paddr 0x%lx), written and read back\n",
              ok ? "PASS" : "FAIL", FRAME_VADDR, paddr);
    mt_frame_unmap(FRAME_SLOT);
    return ok;
}

int run(void)
{
    struct mem_stats before = memory_stats();
    mt_printf("%s: memory manager holds %lu untyped caps\n",
              before.untyped_count ? "PASS" : "FAIL", before.untyped_count);
    for (int round = 1; round <= 2; round++) {
        mt_rpc_accept_cap(FRAME_SLOT);
        long h = memory_alloc();
        int got = mt_rpc_caps_received();
        int err = slot_error();
        mt_printf("%s: round %d: handle %ld, %d cap received, a frame (error %d)\n",
                  h >= 0 && got == 1 && err == MT_OK ? "PASS" : "FAIL", round, h, got, err);
        if (got == 1)
            use_frame();
        int r = memory_free(h);
        int gone = slot_error() == MT_INVALID_CAPABILITY;
        mt_printf("%s: round %d: freed, our copy revoked\n", !r && gone ? "PASS" : "FAIL", round);
    }
    return 0;
}

MT_COMPONENT();
