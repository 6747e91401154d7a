/* SPDX-License-Identifier: BSD-2-Clause */
/* The binary system spec motec writes (system.spec) and the rootserver
 * reads, and the types of the tables in motec's generated headers.
 *
 * system.spec is the capDL spec of system.cdl in a form that needs no
 * parsing: a header, then tables of fixed-size little-endian records, each
 * table 8-byte aligned, then a string table.  Every reference between
 * tables is an index; names are offsets into the string table.
 *
 * Creation order: the object table is sorted so that the rootserver can
 * create objects in table order from its untyped list with a watermark
 * and alignment to each object's size (largest first, so no alignment is
 * wasted); motec's fit check simulates exactly that.  Objects flagged
 * MT_SPEC_OBJ_DEVICE, MT_SPEC_OBJ_IMAGE or of type MT_SPEC_OBJ_IRQ or
 * MT_SPEC_OBJ_POWER come last and take no RAM from untyped.
 *
 * Mappings are listed per address space, page tables (level 1, then level
 * 0) before frames.  A frame mapped in several address spaces appears in
 * several mapping records: the rootserver copies the frame cap for every
 * mapping after the first. */
#ifndef MOTE_SPEC_H
#define MOTE_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include <mote/objects.h>

#define MT_SPEC_MAGIC 0x314345505345544dull  /* "MTESPEC1" */
#define MT_SPEC_VERSION 1u
#define MT_SPEC_NONE 0xffffffffu             /* "no object" in an index field */

/* The largest CNode a spec may hold, in log2 slots.  Component CNodes
 * need a few dozen slots; 2^16 (2 MiB of RAM) leaves room for any
 * cnode_free_slots use while bounding what one mistyped cnode_size_bits
 * costs.  motec refuses a larger CNode with the assembly's line and column
 * and the rootserver refuses a spec with one, so a system that builds does
 * not fail at boot over it. */
#define MT_SPEC_CNODE_MAX_BITS 16
_Static_assert(MT_SPEC_CNODE_MAX_BITS <= MT_CNODE_MAX_RADIX, "the kernel must accept it");

/* The most objects and component images one spec may have: the
 * rootserver keeps fixed tables of them (it has no heap). */
#define MT_SPEC_MAX_OBJECTS 3072u
#define MT_SPEC_MAX_IMAGES 64u

/* Root CNode slots the rootserver takes beyond the kernel's (its
 * plan_slots): one per spec object it creates (archive pages are mapped
 * in place, not created) and this margin for its own work (two slots for
 * caps that live a few calls, one for a page table).  mkarchive
 * --root-cnode-slots asks the kernel for the same count. */
#define MT_SPEC_ROOT_SLOT_MARGIN 3u

/* Object types are enum mt_object_type, plus: */
#define MT_SPEC_OBJ_IRQ 32u   /* an IRQ handler, taken from IRQControl */
#define MT_SPEC_OBJ_POWER 33u /* a Power cap, taken from IRQControl */

/* mt_spec_object.flags */
#define MT_SPEC_OBJ_DEVICE 1u /* device frame at paddr (from device untyped) */
#define MT_SPEC_OBJ_REPORT 4u /* a 4 KiB frame the rootserver fills with its
                                 memory report (struct mt_mem_report) */
#define MT_SPEC_OBJ_IMAGE 2u  /* frame of the boot archive, mapped in place:
                                 not created; the mapping names its page */

/* The keeper CNode holds the caps that no component holds but the running
 * system needs (docs/MOTEC.md); its cap to itself sits in this slot, so it
 * outlives the rootserver's CNode; the kept caps follow it. */
#define MT_SPEC_KEEPER_SELF_SLOT 1

/* Every component's CSpace starts the same way (docs/MOTEC.md): slot 0
 * null, then its own CNode and its VSpace.  The runtime relies on it. */
#define MT_SPEC_SLOT_CNODE 1
#define MT_SPEC_SLOT_VSPACE 2

struct mt_spec_header {
    uint64_t magic;
    uint32_t version;
    uint32_t total_bytes;           /* the whole file */
    uint32_t object_count, object_offset;
    uint32_t cap_count, cap_offset;
    uint32_t mapping_count, mapping_offset;
    uint32_t tcb_count, tcb_offset;
    uint32_t irq_count, irq_offset;
    uint32_t image_count, image_offset;
    uint32_t string_bytes, string_offset;
    uint32_t memory_owner;          /* CNode object that receives the leftover
                                       untyped, or MT_SPEC_NONE */
    uint32_t untyped_slot;          /* ... in its slots [untyped_slot, + count) */
    uint32_t untyped_slot_count;
    uint32_t keeper;                /* the keeper CNode (object index), or
                                       MT_SPEC_NONE when no cap needs keeping */
    uint64_t ram_bytes;             /* RAM the objects take, alignment included,
                                       as motec's fit check computed it */
};

struct mt_spec_object {
    uint8_t type;        /* enum mt_object_type, MT_SPEC_OBJ_IRQ or _POWER */
    uint8_t size_bits;   /* log2 bytes; CNode: log2 slots */
    uint8_t flags;       /* MT_SPEC_OBJ_* */
    uint8_t pad;
    uint32_t name;       /* string offset: <owner>__<kind>__<detail> */
    uint64_t paddr;      /* device frames: physical address; IRQs: IRQ number */
};

/* One capability in one CNode slot.  Sorted by cnode, then slot. */
struct mt_spec_cap {
    uint32_t cnode;      /* object index of the CNode */
    uint32_t slot;
    uint32_t object;     /* object index of what the cap points to */
    uint8_t rights;      /* MT_RIGHT_* */
    uint8_t flags;       /* MT_SPEC_CAP_* */
    uint8_t pad[2];
    uint64_t data;       /* endpoint/notification: badge (0: unbadged);
                            CNode: guard data (mt_cnode_guard) */
};

/* mt_spec_cap.flags: an inspect-only copy (CNode_CopyInspect) of a TCB
 * or CNode cap, for a component with `inspect = true` (ps, capscan);
 * rights and data are then unused. */
#define MT_SPEC_CAP_INSPECT 1u

/* mt_spec_mapping.source */
#define MT_SPEC_SRC_TABLE 0u  /* a page table: PageTable_Map at vaddr */
#define MT_SPEC_SRC_ZERO 1u   /* a fresh frame (zero from retype) */
#define MT_SPEC_SRC_IMAGE 2u  /* the archive page at image_offset of image,
                                 mapped in place (read-only segments) */
#define MT_SPEC_SRC_COPY 3u   /* a fresh frame; copy copy_bytes from image
                                 offset image_offset to copy_offset in it */
#define MT_SPEC_SRC_SHARED 4u /* a frame shared with other address spaces
                                 (dataports, device frames): map only */

struct mt_spec_mapping {
    uint32_t vspace;     /* object index of the VSpace */
    uint32_t object;     /* frame or page table */
    uint64_t vaddr;
    uint64_t image_offset;
    uint16_t image;      /* index into the image table */
    uint16_t copy_offset;
    uint16_t copy_bytes;
    uint8_t perms;       /* MT_VM_* */
    uint8_t source;      /* MT_SPEC_SRC_* */
};

struct mt_spec_tcb {
    uint32_t tcb, cspace, vspace;  /* object indices */
    uint32_t ipc_frame;            /* frame holding the IPC buffer */
    uint64_t ipc_vaddr;
    uint64_t entry;                /* pc */
    uint64_t stack_top;            /* sp */
    uint64_t arg;                  /* a0: the thread's index in its component */
    uint64_t cspace_guard;         /* guard data for the CSpace root */
    uint64_t fault_ep;             /* cptr in its CSpace, 0: none */
    uint8_t priority, max_priority;
    uint16_t fpu;                  /* its FPU object's index + 1; 0: none
                                      (the thread may not use FP) */
    uint32_t bound_ntfn;           /* object index or MT_SPEC_NONE */
};

/* An IRQ routed to a notification: IRQControl_Get, then SetNotification
 * with a cap to ntfn badged with badge. */
struct mt_spec_irq {
    uint32_t irq;
    uint32_t handler;    /* object index (MT_SPEC_OBJ_IRQ) */
    uint32_t ntfn;       /* object index */
    uint32_t pad;
    uint64_t badge;
};

/* A restartable component (docs/MOTEC.md, `restart`) keeps the archive
 * pages of its writable data mapped read-only this far above the data
 * itself (in the same 2 MiB region as the image, so no page table more):
 * a restarted component's thread 0 copies its data back from there.
 * motec refuses a restartable image that reaches the window. */
#define MT_SPEC_PRISTINE_OFFSET 0x80000ull

/* A component ELF in the boot archive, found there by name. */
struct mt_spec_image {
    uint32_t name;       /* string offset */
    uint32_t pad;
    uint64_t file_bytes;
};

_Static_assert(sizeof(struct mt_spec_header) == 96, "spec header layout");
_Static_assert(offsetof(struct mt_spec_header, keeper) == 84,
               "tests/rootserver/rootserver.mk patches the keeper field at offset 84");
_Static_assert(sizeof(struct mt_spec_object) == 16, "spec object layout");
_Static_assert(sizeof(struct mt_spec_cap) == 24, "spec cap layout");
_Static_assert(sizeof(struct mt_spec_mapping) == 32, "spec mapping layout");
_Static_assert(sizeof(struct mt_spec_tcb) == 72, "spec tcb layout");
_Static_assert(MT_SPEC_MAX_OBJECTS < 0xffffu, "an object index + 1 fits mt_spec_tcb.fpu");
_Static_assert(sizeof(struct mt_spec_irq) == 24, "spec irq layout");
_Static_assert(sizeof(struct mt_spec_image) == 16, "spec image layout");

/* ---- Types of the tables in generated <instance>_gen.h headers ---- */

/* The memory report (`mem_report = true`): what the rootserver created
 * and mapped, bytes per owner (the <owner> of the objects' names), owners
 * in name order: the rows of kmem's table for the same spec, measured. */
#define MT_MEM_REPORT_MAGIC 0x6d656d72u   /* "memr" */
#define MT_MEM_REPORT_NAME 40
struct mt_mem_report_row {
    char owner[MT_MEM_REPORT_NAME];      /* NUL-terminated, cut if longer */
    uint64_t bytes;
};
struct mt_mem_report {
    uint32_t magic, rows;                /* rows: how many follow */
    uint64_t total;
    struct mt_mem_report_row row[(4096 - 16) / sizeof(struct mt_mem_report_row)];
};
_Static_assert(sizeof(struct mt_mem_report) <= 4096, "the memory report fits a page");

/* Files of the boot archive an instance maps read-only (`files = [...]`):
 * MT_FILES_TABLE defines mt_files[MT_FILE_COUNT]. */
struct mt_file_entry {
    const char *name;                /* the file's name in the archive */
    const char *data;                /* where it is mapped (or, small, in rodata) */
    unsigned long size;              /* bytes */
};

/* An instance with `inspect = true` gets, in MT_INSPECT_TABLE, one row per
 * inspect-only cap: every instance's CNode (thread NULL) and then each of
 * its threads' TCBs, in instance order. */
struct mt_inspect_entry {
    const char *instance, *thread;   /* thread: NULL for the CNode */
    unsigned slot;
};

/* What a thread runs. */
enum mt_thread_role {
    MT_THREAD_ROLE_CONTROL = 0,  /* run() */
    MT_THREAD_ROLE_RPC = 1,      /* serves a provided procedure */
    MT_THREAD_ROLE_EVENT = 2,    /* waits for a consumed event */
    MT_THREAD_ROLE_IRQ = 3,      /* waits for IRQs (hw_irq or shared_irq) */
};

struct mt_thread_info {
    uint8_t role;        /* enum mt_thread_role */
    uint8_t priority;
    uint16_t iface;      /* MT_IFACE_<name> it serves (control: 0xffff) */
    uint32_t wait_slot;  /* the endpoint / notification it waits on */
    uint32_t tcb_slot;
    uint32_t pad;
    uint64_t stack_top;  /* initial sp */
    uint64_t stack_size; /* bytes of stack below stack_top */
    uint64_t ipc_buffer; /* its IPC buffer: libmote takes it from here only */
};

/* A client of a provided procedure, by badge. */
struct mt_client_info {
    uint64_t badge;
    uint64_t shared_page;   /* rpc_shared: the page shared with this client */
};

/* Restart policies (the `restart` attribute): what the supervisor does
 * when a component faults. */
enum mt_restart_policy {
    MT_RESTART_NONE = 0,     /* no policy: the faulting thread stays stopped */
    MT_RESTART_NEVER = 1,    /* report, stop the whole component */
    MT_RESTART_ALWAYS = 2,   /* restart at once (up to restart_limit, if set) */
    MT_RESTART_BACKOFF = 3,  /* restart after a delay that doubles each time;
                                stopped after restart_limit restarts */
};

/* The supervisor's view of one client of its FaultReport interface (in
 * the provider's header, mt_restart_<iface>[client]): the policy, and the
 * caps to the client's TCBs in the supervisor's CSpace, the client's
 * threads in thread-table order. */
struct mt_restart_info {
    uint8_t policy;          /* enum mt_restart_policy */
    uint8_t thread_count;
    uint16_t limit;          /* restarts allowed; 0: no limit */
    uint32_t first_thread;   /* index into mt_restart_threads_<iface>[] */
};

/* One thread of a restartable component: its TCB cap (supervisor's
 * CSpace) and its initial sp; pc is MT_IMAGE_BASE (crt0's _start, which
 * lib/mote/component.ld puts first) and a0 its index. */
struct mt_restart_thread {
    uint32_t tcb_slot;
    uint32_t pad;
    uint64_t stack_top;
};

/* One IRQ source of a consumed IRQ event. */
struct mt_irq_info {
    uint32_t irq;
    uint32_t handler_slot;  /* IRQHandler cap, for Ack */
    uint64_t badge;         /* bit set in the notification word */
};

#endif
