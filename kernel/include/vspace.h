/* SPDX-License-Identifier: BSD-2-Clause */
/* Address spaces (arch-specific: Sv39 on RISC-V). */
#ifndef KERNEL_VSPACE_H
#define KERNEL_VSPACE_H

#include "object.h"

void vspace_boot_init(void);
/* A new root page table: the kernel window copied in; no ASID yet. */
void vspace_create(paddr_t root);
void vspace_destroy(struct cap c);
void vspace_activate(struct tcb *t);
void frame_unmap(struct cap c);
void page_table_unmap(struct cap c);

/* The VSpace's ASID, 0 if it has none (never assigned, or killed). */
unsigned vspace_asid(paddr_t root);

/* ASID pools (asid.c). */
struct invocation;
int decode_asid_control(struct invocation *iv);
int decode_asid_pool(struct invocation *iv);
void asid_pool_destroy(struct cap c);
/* Before a VSpace or pool is destroyed, what depends on it lets go, one
 * thing a step (delete.c): a thread whose satp names the VSpace; for a
 * pool, such a thread of one of its VSpaces, or a VSpace's ASID. */
bool vspace_has_threads(paddr_t root);
void vspace_release_thread(paddr_t root);
bool asid_pool_in_use(struct cap pool);
void asid_pool_release_one(struct cap pool);
/* A TCB's cached satp follows its VSpace slot (tcb_cache_spaces) and is
 * dropped when the TCB goes or the VSpace loses its ASID. */
void vspace_tcb_init(struct tcb *t);
void vspace_bind_tcb(struct tcb *t);
void vspace_unbind_tcb(struct tcb *t);
/* The root t runs in, 0 if none it may use. */
paddr_t tcb_vspace_root(struct tcb *t);

/* Debug output: a byte of user memory, if the thread may read it. */
bool user_read_byte(struct tcb *t, word_t va, char *out);

/* Used by the decoders and by boot: map into the VSpace whose root is
 * given; return an enum mt_error. */
/* *table: the id of the table that now holds the entry (for the record). */
int map_frame(paddr_t root, unsigned asid, word_t vaddr, paddr_t frame, bool big, unsigned vm,
              word_t *table);
int map_page_table(paddr_t root, word_t vaddr, paddr_t pt, word_t *mapped_at, word_t *table);

#endif
