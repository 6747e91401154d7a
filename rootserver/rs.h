/* SPDX-License-Identifier: BSD-2-Clause */
/* The rootserver: builds the system the boot archive's spec describes
 * (include/mote/spec.h), then gives its own memory away.
 *
 * CSpace plan (the root CNode, cptr = slot): every object of the spec but
 * the archive pages (which are never created) gets a slot from obj_base
 * on, in spec order (rs_obj_slot); after them come MT_SPEC_ROOT_SLOT_MARGIN
 * slots of the rootserver's own: RS_TMP_SLOTS for caps that live a few
 * calls, one for the scratch window's page table.  A frame cap copied for a
 * mapping moves into the spec's "keeper" CNode (the header's keeper, sized
 * by motec) as soon as it is mapped, and at the end every other cap the
 * running system needs but that no component holds (frames, page tables)
 * follows it; the keeper holds a cap to itself in MT_SPEC_KEEPER_SELF_SLOT,
 * so it outlives the root CNode.  So the root CNode needs a slot per
 * created object and this margin beyond the kernel's caps, the count
 * mkarchive --root-cnode-slots gives the kernel, which adds its own. */
#ifndef ROOTSERVER_RS_H
#define ROOTSERVER_RS_H

#include <stdint.h>

#include <mote/archive.h>
#include <mote/bootinfo.h>
#include <mote/spec.h>
#include <libmote/invoke.h>
#include <libmote/print.h>

#define RS_ROOT MT_INIT_CNODE
#define RS_DEPTH MT_WORD_BITS
#define RS_MAX_OBJECTS MT_SPEC_MAX_OBJECTS
#define RS_MAX_IMAGES MT_SPEC_MAX_IMAGES
#define RS_EXIT_BAD_SPEC 2
#define RS_EXIT_FAILED 3
#define RS_KEEPER_FIRST (MT_SPEC_KEEPER_SELF_SLOT + 1u) /* the first kept cap */
#define RS_TMP_SLOTS 2u       /* rs_tmp(0), rs_tmp(1): short-lived caps */
#define RS_SCRATCH_PT_SLOT RS_TMP_SLOTS   /* after them: the scratch window's table */
_Static_assert(RS_TMP_SLOTS + 1 <= MT_SPEC_ROOT_SLOT_MARGIN, "the rootserver's own slots");

struct rs {
    const struct mt_bootinfo *bi;
    const uint8_t *archive;
    const struct mt_spec_header *spec;
    const struct mt_spec_object *obj;
    const struct mt_spec_cap *cap;
    const struct mt_spec_mapping *map;
    const struct mt_spec_tcb *tcb;
    const struct mt_spec_irq *irq;
    const struct mt_spec_image *image;
    const char *strings;
    uint32_t keeper;                        /* the keeper CNode, MT_SPEC_NONE: none */
    uint16_t image_entry[RS_MAX_IMAGES];    /* image i: its archive directory entry */
    uint64_t keep_offset;                   /* the archive's kept pages start here */
    mt_cptr_t obj_base;                     /* slot of object 0 */
    mt_cptr_t own_base;                     /* the rootserver's own slots */
    uint32_t first_image;                   /* the first archive page object */
    uint32_t keeper_next;                   /* the keeper's next free slot */
    uint64_t used_bytes;                    /* RAM the system took from untyped */
    uint64_t reclaimed_bytes;               /* the rootserver's own, given back */
    uint64_t handed_bytes;                  /* free untyped given to the memory owner */
    uint64_t archive_reclaimed;             /* the archive's boot-only head, given too */
    mt_cptr_t archive_slot;                 /* owner's slot for it, 0: none */
    int archive_room;                       /* owner's slots kept for it */
    unsigned created, pages_in_place, pages_copied;
};

extern struct rs rs;

/* Failure paths: print "rootserver: ..." and shut the machine down.  A
 * failed invocation says what it was for and its error code (the message
 * text is part of the rootserver's image, so of every boot peak). */
void rs_fail(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void rs_failed(int err, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void rs_bad(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));  /* bad spec */
#define RS_CHECK(expr, ...) do { int _e = (expr); if (_e != MT_OK) rs_failed(_e, __VA_ARGS__); \
    } while (0)

mt_cptr_t rs_obj_slot(uint32_t i);      /* object i's slot; none for archive pages */
static inline mt_cptr_t rs_tmp(unsigned k) { return rs.own_base + k; }
void rs_tmp_delete(mt_cptr_t slot);
static inline mt_cptr_t rs_ut_slot(unsigned i) { return rs.bi->untyped.start + i; }
static inline unsigned rs_ut_count(void)
{
    return (unsigned)(rs.bi->untyped.end - rs.bi->untyped.start);
}

/* Bit maps, a bit per object: they live in the boot info page, after
 * struct mt_bootinfo and below the IPC buffer (memory the boot peak holds
 * anyway; the rootserver's image keeps only its stack and struct rs). */
#define RS_BITS(n) (((n) + 7u) / 8u)
enum rs_map { RS_MAP_COUNTED, RS_MAP_MAPPED, RS_MAP_HELD, RS_MAP_TCB, RS_NMAPS };
_Static_assert(sizeof(struct mt_bootinfo) + RS_NMAPS * RS_BITS(RS_MAX_OBJECTS) <=
               MT_BOOT_IPC_BUFFER_OFFSET, "the bit maps fit the boot info page");
static inline uint8_t *rs_map(enum rs_map m)
{
    return (uint8_t *)(rs.bi + 1) + (unsigned)m * RS_BITS(RS_MAX_OBJECTS);
}
static inline void rs_bit_set(enum rs_map m, uint32_t i)
{
    rs_map(m)[i / 8] |= (uint8_t)(1u << (i % 8));
}
static inline int rs_bit(enum rs_map m, uint32_t i) { return rs_map(m)[i / 8] >> (i % 8) & 1; }
static inline const char *rs_name(uint32_t i) { return rs.strings + rs.obj[i].name; }

/* spec.c */
void spec_load(const uint8_t *bytes, uint64_t size);
/* alloc.c */
void alloc_objects(void);
void alloc_assign_asids(void);
mt_cptr_t alloc_ram(int type, int size_bits, mt_cptr_t slot);
int alloc_hand_over(mt_cptr_t cnode, int bits, mt_word_t first, int count);
uint64_t alloc_unhanded_bytes(void);   /* free RAM untyped kept back */
int alloc_ut_free(unsigned i, uint64_t *free_bytes); /* 0: its cap is still here */
uint64_t alloc_ut_used(unsigned i);                  /* its watermark */
uint64_t alloc_boot_pool_held(void);   /* the boot pool's page, if no system pool */
/* map.c */
void map_all(void);
void *scratch_map(mt_cptr_t frame, uint32_t obj);   /* writable, until scratch_unmap */
void scratch_unmap(mt_cptr_t frame, uint32_t obj);
/* caps.c */
void caps_plan(void);                    /* before map_all: the keeper is big enough */
void caps_keep_slot(mt_cptr_t slot);    /* moves the cap into the keeper now */
void caps_install(void);
void caps_keep(void);
void caps_hand_over(void);
/* report.c */
void report_add(uint32_t obj);   /* object obj exists: count it */
void report_print_mem(void);    /* while the spec is mapped */
void report_measure_peak(void); /* every object made, nothing given back yet */
void report_print_boot(void);   /* after the archive tail went */
void report_write(void);        /* into MT_SPEC_OBJ_REPORT frames, after map_all */
/* reclaim.c */
int reclaim_archive_count(void);
void reclaim_archive(void);
/* threads.c */
void threads_configure(void);
void irqs_configure(void);
void threads_save(void);    /* before the spec goes */
void threads_start(void);

#endif
