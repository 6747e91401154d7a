/* SPDX-License-Identifier: BSD-2-Clause */
/* ASIDs and ASID pools (asid.c). */
#ifndef KERNEL_ARCH_ASID_H
#define KERNEL_ARCH_ASID_H

#include "object.h"

extern word_t kernel_satp;   /* for threads without a usable VSpace */

void asid_boot_init(paddr_t kernel_root);
word_t vspace_tag(paddr_t root);
void vspace_meta_init(paddr_t root);
/* A number no table or VSpace had before (tags and page-table ids). */
word_t vspace_next_id(void);
/* The satp of a thread in that VSpace (kernel_satp while it has no ASID). */
word_t vspace_satp(paddr_t root);
/* The root that has this ASID now, 0 if none. */
paddr_t asid_root(unsigned asid);
/* Kills the VSpace's ASID for good (its pool or a page table went). */
void vspace_kill(paddr_t root);
/* Is the ASID's pool going (its threads let go one a step)?  Its threads
 * run on the kernel window alone from the step that lets them go. */
bool asid_dying(unsigned asid);
struct cap asid_pool_make(paddr_t pa);
unsigned asid_assign(struct cap pool, paddr_t root);

#endif
