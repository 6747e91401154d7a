/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer over the bundle validator (make fuzz-bundle).  Half the inputs
 * (those whose size / 8 is even) get their checksum fixed up first, so the fuzzer reaches the ELF and
 * layout checks instead of stopping at the CRC.  An accepted bundle's plan
 * is checked against the promises of <mote/bundle.h>: a broken promise
 * aborts, as a sanitizer report does.  The same bytes also go to the
 * builtins' flash reader (lib/bundle/flash.c) as an image, with its
 * index checksum fixed up likewise: every entry it hands out must lie
 * inside the input. */
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

static void fuzz_flash(uint8_t *img, size_t size)
{
    if (size >= 32 && size / 8 & 1) {
        unsigned n = img[12] | img[13] << 8;
        size_t idx = 32 + 48 * (size_t)(n < 64 ? n : 0);
        if (idx <= size) {
            memset(img + 24, 0, 4);
            uint32_t c = mt_bundle_crc32(0, img, idx);
            for (int i = 0; i < 4; i++)
                img[24 + i] = (uint8_t)(c >> (8 * i));
        }
    }
    unsigned count;
    int e = mt_flash_check(img, size, &count);
    if (e < 0 || e >= MT_FLASH_ERROR_COUNT || (e && count))
        abort();
    for (unsigned i = 0; i < count; i++) {
        struct mt_flash_bundle b;
        if (mt_flash_get(img, size, i, &b) || b.data < img || b.size > size ||
            (size_t)(b.data - img) > size - b.size)
            abort();
    }
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
    memcpy(copy, data, size);
    fuzz_flash(copy, size);
    free(copy);
    return 0;
}
