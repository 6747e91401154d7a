/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot protocol: what the kernel hands the root task.
 *
 * The root task starts at its ELF entry point with a0 = the virtual address
 * of a read-only struct mt_bootinfo page.  Its CSpace is one CNode of
 * 2^init_cnode_bits slots (no guard bits beyond the word), holding the
 * initial caps below and then the regions the boot info lists. */
#ifndef MOTE_BOOTINFO_H
#define MOTE_BOOTINFO_H

#include <mote/msginfo.h>
#include <mote/types.h>

enum mt_initial_cap {
    MT_INIT_NULL = 0,
    MT_INIT_TCB = 1,
    MT_INIT_CNODE = 2,
    MT_INIT_VSPACE = 3,
    MT_INIT_IRQ_CONTROL = 4,
    MT_INIT_BOOTINFO_FRAME = 5,
    MT_INIT_IPC_BUFFER = 6,
    MT_INIT_ASID_CONTROL = 7,   /* makes ASID pools from untyped */
    MT_INIT_ASID_POOL = 8,      /* the boot pool: the root task's VSpace has
                                   its first ASID; it lies in an untyped of
                                   its own (MT_UT_BOOT_POOL), not in the root
                                   task's block, so a system may keep it */
    MT_INIT_FIRST_FREE = 9
};

/* The root CNode's size (log2 of its slots) unless the image asks for free
 * slots (ROOT_CNODE_SLOTS when it is linked): then the kernel takes the
 * smallest size from MT_INIT_CNODE_MIN_BITS to MT_INIT_CNODE_MAX_BITS that
 * holds them after its own caps, the untyped caps it really hands out
 * counted.  Boot info's init_cnode_bits tells which. */
#define MT_INIT_CNODE_BITS 12
#define MT_INIT_CNODE_MIN_BITS 8
#define MT_INIT_CNODE_MAX_BITS 16
#define MT_MAX_BOOT_UNTYPED 96

/* The root task's address space: its ELF's pages [lo, hi), then the boot
 * info page (read-write: its last MT_IPC_BUFFER_BYTES are the root task's
 * IPC buffer, and slot MT_INIT_IPC_BUFFER holds a second cap to that
 * frame; a page of its own would be a page more of every boot peak; the
 * bytes between struct mt_bootinfo and the IPC buffer are the root
 * task's to use), then the archive.  The kernel maps [lo, end) with one
 * page table per GiB and per 2 MiB it touches; its CNode holds a cap per
 * image page, page table and archive page. */
#define MT_BOOT_PAGES_AFTER_IMAGE 1
#define MT_BOOT_IPC_BUFFER_OFFSET (4096u - MT_IPC_BUFFER_BYTES)
static inline mt_word_t mt_boot_page_tables(mt_word_t lo, mt_word_t end)
{
    mt_word_t gigs = ((end - 1) >> 30) - (lo >> 30) + 1;
    mt_word_t megs = ((end - 1) >> 21) - (lo >> 21) + 1;
    return gigs + megs;
}

struct mt_slot_region {
    mt_word_t start, end;   /* slots [start, end) */
};

/* Untyped descriptor flags. */
#define MT_UT_DEVICE 1u     /* device memory: frames only, never zeroed */
#define MT_UT_ROOT_TASK 2u  /* holds the root task's own objects; revoking it
                               destroys the root task and frees its memory */
#define MT_UT_BOOT_ARCHIVE 4u /* the boot archive's boot-only pages (see
                               include/mote/archive.h): its archive frames are
                               this untyped's children, so revoking it unmaps
                               them and frees the memory */
#define MT_UT_BOOT_POOL 8u  /* the page of the boot ASID pool, its child: full
                               while the pool lives (a rootserver keeps it as
                               its system's ASID pool, one pool less at boot) */

struct mt_untyped_desc {
    mt_word_t paddr;
    unsigned char size_bits;
    unsigned char flags;
    unsigned char pad[sizeof(mt_word_t) - 2];
};

struct mt_bootinfo {
    mt_word_t init_cnode_bits;
    mt_word_t ipc_buffer;               /* vaddr of the root task's IPC buffer */
    struct mt_slot_region empty;        /* free slots of the initial CNode */
    struct mt_slot_region image_frames; /* the root task's ELF frames, in vaddr order */
    struct mt_slot_region page_tables;  /* the root task's page tables */
    struct mt_slot_region archive_frames; /* boot archive, mapped read-only */
    mt_word_t archive_vaddr;
    mt_word_t archive_bytes;
    struct mt_slot_region untyped;      /* caps to untyped_list, in order */
    mt_word_t kernel_image_bytes;       /* kernel image, stack and static tables */
    mt_word_t ram_base, ram_bytes;
    mt_word_t root_task_bytes;          /* memory the kernel built the root task from */
    mt_word_t kernel_paddr;             /* the kernel image's first byte: RAM below it
                                           is firmware's, never handed out */
    struct mt_untyped_desc untyped_list[MT_MAX_BOOT_UNTYPED];
};

_Static_assert(sizeof(struct mt_bootinfo) <= MT_BOOT_IPC_BUFFER_OFFSET,
               "boot info fits its page below the root task's IPC buffer");

#endif
