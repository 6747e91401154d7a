/* Address spaces (arch-specific: Sv39 on RISC-V). */
#ifndef KERNEL_VSPACE_H
#define KERNEL_VSPACE_H

#include "object.h"

void vspace_boot_init(void);
/* A new root page table: a free ASID, the kernel window copied in.
 * Returns the ASID, 0 if none is free. */
unsigned vspace_create(paddr_t root);
unsigned vspace_free_asids(void);
void vspace_destroy(struct cap c);
void vspace_activate(struct tcb *t);
void frame_unmap(struct cap c);
void page_table_unmap(struct cap c);

/* Debug output: a byte of user memory, if the thread may read it. */
bool user_read_byte(struct tcb *t, word_t va, char *out);

/* Used by the decoders and by boot: map into the VSpace whose root is
 * given; return an enum mt_error. */
int map_frame(paddr_t root, unsigned asid, word_t vaddr, paddr_t frame, bool big, unsigned vm);
int map_page_table(paddr_t root, word_t vaddr, paddr_t pt, word_t *mapped_at);

#endif
