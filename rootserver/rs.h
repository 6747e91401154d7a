/* SPDX-License-Identifier: BSD-2-Clause */
/* The rootserver: builds the system the boot archive's spec describes
 * (include/mote/spec.h), then gives its own memory away.
 *
 * CSpace plan (the root CNode, cptr = slot): object i of the spec gets
 * slot obj_base + i; frame caps made for extra mappings and other
 * temporaries come from a cursor after those.  At the end every cap the
 * running system still needs but that no component holds (frames, page
 * tables, mapping copies) moves into the spec's "keeper" CNode (the
 * header's keeper, sized by motec), which holds a cap to itself in
 * MT_SPEC_KEEPER_SELF_SLOT, so it outlives the root CNode. */
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
    const struct mt_archive_entry *image_entry[RS_MAX_IMAGES];  /* image i's */
    uint64_t keep_offset;                   /* the archive's kept pages start here */
    mt_cptr_t obj_base;                     /* slot of object 0 */
    mt_cptr_t next_slot, slot_end;          /* free slots after the objects */
    mt_cptr_t copies_start;                 /* mapping copies: [copies_start, next_slot) */
    uint64_t used_bytes;                    /* RAM the system took from untyped */
    uint64_t reclaimed_bytes;               /* the rootserver's own, given back */
    uint64_t handed_bytes;                  /* free untyped given to the memory owner */
    uint64_t archive_reclaimed;             /* the archive's boot-only head, given too */
    mt_cptr_t archive_slot;                 /* owner's slot for it, 0: none */
    int archive_room;                       /* owner's slots kept for it */
    unsigned created, pages_in_place, pages_copied;
};

extern struct rs rs;

/* Failure paths: print "rootserver: ..." and shut the machine down. */
void rs_fail(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
#define RS_CHECK(expr, what, ...) do { int _e = (expr); if (_e != MT_OK) \
    rs_fail(RS_EXIT_FAILED, "%s failed (error %d): " what, #expr, _e, ##__VA_ARGS__); } while (0)

static inline mt_cptr_t rs_obj_slot(uint32_t i) { return rs.obj_base + i; }

/* Bit maps: the rootserver's tables are a bit per object or slot, as its
 * image is part of the boot peak (docs/FOOTPRINT.md). */
#define RS_BITS(n) (((n) + 7u) / 8u)
static inline void rs_bit_set(uint8_t *map, uint32_t i) { map[i / 8] |= (uint8_t)(1u << (i % 8)); }
static inline int rs_bit(const uint8_t *map, uint32_t i) { return map[i / 8] >> (i % 8) & 1; }
static inline const char *rs_name(uint32_t i) { return rs.strings + rs.obj[i].name; }
mt_cptr_t rs_alloc_slot(void);

/* spec.c */
void spec_load(const uint8_t *bytes, uint64_t size);
/* alloc.c */
void alloc_init(void);
void alloc_objects(void);
void alloc_assign_asids(void);
mt_cptr_t alloc_ram(int type, int size_bits, mt_cptr_t slot);
int alloc_hand_over(mt_cptr_t cnode, int bits, mt_word_t first, int count);
uint64_t alloc_unhanded_bytes(void);   /* free RAM untyped kept back */
/* map.c */
void map_all(void);
/* caps.c */
void caps_install(void);
void caps_keep_slot(mt_cptr_t slot);
void caps_keep(void);
void caps_hand_over(void);
/* report.c */
void report_add(uint32_t obj);   /* object obj exists: count it */
void report_print_mem(void);    /* while the spec is mapped */
void report_measure_peak(void); /* every object made, nothing given back yet */
void report_print_boot(void);   /* after the archive tail went */
/* reclaim.c */
int reclaim_archive_count(void);
void reclaim_archive(void);
/* threads.c */
void threads_configure(void);
void irqs_configure(void);
void threads_save(void);    /* before the spec goes */
void threads_start(void);

#endif
