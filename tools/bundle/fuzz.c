/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer over the bundle validator (make fuzz-bundle).  Half the inputs
 * (those whose size / 8 is even) get their checksum fixed up first, so the fuzzer reaches the ELF and
 * layout checks instead of stopping at the CRC.  An accepted bundle's plan
 * is checked against the promises of <mote/bundle.h>: a broken promise
 * aborts, as a sanitizer report does. */
#include <stdlib.h>
#include <string.h>

#include "bundle.h"

static void check_plan(const struct mt_bundle_plan *p, size_t size)
{
    uint64_t prev_end = 0;
    for (unsigned i = 0; i < p->mapping_count; i++) {
        const struct mt_bundle_mapping *m = &p->map[i];
        uint64_t end = m->vaddr + m->pages * MT_PAGE_SIZE;
        if (m->vaddr % MT_PAGE_SIZE || m->vaddr < MT_APP_WINDOW_BASE || end > p->shared_page ||
            m->pages == 0 || m->vaddr < prev_end)
            abort();
        if ((m->perms & MT_VM_WRITE) && (m->perms & MT_VM_EXEC))
            abort();
        /* In place: read-only, and every page inside the bundle's pages. */
        if (m->in_place && ((m->perms & MT_VM_WRITE) || m->file_offset % MT_PAGE_SIZE ||
                            m->file_offset + m->pages * MT_PAGE_SIZE > size + MT_PAGE_SIZE - 1))
            abort();
        if (!m->in_place && (m->copy_vaddr < m->vaddr || m->copy_bytes > end - m->copy_vaddr ||
                             m->file_offset + m->copy_bytes > size))
            abort();
        prev_end = end;
    }
    if (p->need_bytes > p->quota_bytes || p->heap_base > p->heap_limit ||
        p->ipc_buffer % MT_APP_IPC_BUFFER_BYTES || p->stack_bottom % MT_PAGE_SIZE)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    size_t m = sizeof(struct mt_bundle_manifest);
    if (size >= m && !(size / 8 & 1)) {
        uint32_t c = mt_bundle_checksum(copy, size);
        for (int i = 0; i < 4; i++)
            copy[size - m + MT_BUNDLE_CHECKSUM_OFFSET + i] = (uint8_t)(c >> (8 * i));
    }
    struct mt_bundle_plan plan;
    int e = mt_bundle_check(copy, size, &plan);
    if (e == MT_BUNDLE_OK)
        check_plan(&plan, size);
    if (e < 0 || e >= MT_BUNDLE_ERROR_COUNT || !mt_bundle_strerror(e)[0])
        abort();
    free(copy);
    return 0;
}
