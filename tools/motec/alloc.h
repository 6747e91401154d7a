/* SPDX-License-Identifier: BSD-2-Clause */
/* Allocation: everything decided at build time.  Builds the spec model
 * (objects, caps, mappings, threads, IRQs) from the checked system and
 * fills in the allocation fields of the model (slots, addresses, badges).
 *
 * Virtual address layout of every component (Sv39, lower half):
 *   0x0              unmapped (null page; the first stack's guard)
 *   0x1000 ...       for each thread its stack region (stack_size bytes,
 *                    the IPC buffer in its top 512 bytes, sp just below
 *                    it) with an unmapped guard page below it, then
 *                    dataports, MMIO and rpc_shared pages, each after a
 *                    guard page; whatever does not fit below
 *                    MT_LAYOUT_IMAGE_BASE goes above MT_LAYOUT_HIGH_BASE
 *   0x100000 ...     the component's ELF image (linked here); with
 *                    lib/mote/component.ld: code, an unmapped guard page,
 *                    then the data page, whose bottom holds the first
 *                    thread's stack and IPC buffer below .data/.bss (the
 *                    one-page layout, alloc_vspace.c: that thread then
 *                    has no stack region below the image)
 *   ... 0x40000000   regions of 2 MiB frames (device memory such as a
 *                    flash bank), from the top of the first GiB down:
 *                    leaves of its level-1 table, so they cost no page
 *                    table (the high area when they do not fit)
 * so a small component's mappings all sit in one 2 MiB region: one
 * page-table page per level. */
#ifndef MOTEC_ALLOC_H
#define MOTEC_ALLOC_H

#include "elf.h"
#include "model.h"
#include "spec_model.h"

#define MT_LAYOUT_LOW_BASE 0x0ull
#define MT_LAYOUT_IMAGE_BASE 0x100000ull
#define MT_LAYOUT_HIGH_BASE 0x40000000ull
#define MT_IPC_SLOT_BYTES 512u   /* MT_IPC_BUFFER_BYTES, aligned to its size */
/* The least stack the first thread gets in the one-page layout
 * (alloc_vspace.c, shared_page): below it the thread keeps a stack page. */
#define MT_SHARED_STACK_MIN 2048u

/* Per instance: its image and the name it has in the boot archive. */
struct inst_image {
    struct elf_image elf;
    const char *name;
};

/* imgs[i] belongs to sys->insts.v[i].  Returns 0, or -1 with errors. */
int alloc_system(struct system *sys, const struct inst_image *imgs, struct spec_model *sm);

/* Internal steps (alloc_conn.c, alloc_inst.c, alloc_vspace.c). */
void alloc_connections(struct system *sys, struct spec_model *sm);
int alloc_instance(struct m_inst *in, const struct inst_image *img, struct spec_model *sm);
int alloc_vspace(struct m_inst *in, const struct inst_image *img, struct spec_model *sm,
                 int vspace);
int find_obj(const struct spec_model *sm, const char *name);
struct map_list {
    struct sm_map *v;
    int n, cap;
};
int layout_image(struct m_inst *in, const struct inst_image *img, struct spec_model *sm,
                 struct map_list *maps, int vspace);
void layout_file(struct m_inst *in, const struct m_file *f, struct spec_model *sm,
                 struct map_list *maps, int vspace, int k);

#endif
