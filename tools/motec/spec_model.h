/* SPDX-License-Identifier: BSD-2-Clause */
/* The system spec in memory: objects, caps, mappings, threads, IRQs.
 * The allocator builds it; the capDL writer, the binary writer and the
 * fit check read it. */
#ifndef MOTEC_SPEC_MODEL_H
#define MOTEC_SPEC_MODEL_H

#include <stdint.h>

#include "util.h"
#include <mote/spec.h>

struct sm_obj {
    char *name;
    int type;            /* enum mt_object_type or MT_SPEC_OBJ_IRQ */
    int size_bits;
    int flags;           /* MT_SPEC_OBJ_* */
    uint64_t paddr;      /* device frame address; IRQ number */
};

struct sm_cap {
    int cnode, obj;
    uint32_t slot;
    int rights;
    uint64_t data;       /* badge, or CNode guard data */
};

struct sm_map {
    int vspace, obj;
    uint64_t vaddr;
    int perms, source, level; /* level: page tables 1 or 0, frames -1 */
    int image;
    uint64_t image_offset;
    int copy_offset, copy_bytes;
};

struct sm_tcb {
    int tcb, cspace, vspace, ipc_frame;
    uint64_t ipc_vaddr, entry, stack_top, arg, cspace_guard, fault_ep;
    int priority;
    int bound_ntfn;
    int fpu;             /* FPU object, -1: none */
};

struct sm_irq {
    int irq, handler, ntfn;
    uint64_t badge;
};

struct sm_image {
    char *name;
    uint64_t file_bytes;
};

struct spec_model {
    VEC(struct sm_obj) objs;
    VEC(struct sm_cap) caps;
    VEC(struct sm_map) maps;
    VEC(struct sm_tcb) tcbs;
    VEC(struct sm_irq) irqs;
    VEC(struct sm_image) images;
    int memory_owner;    /* CNode object, -1 none */
    int keeper;          /* the keeper CNode, -1 none yet */
    /* Instances with asid_pool = true: their CNode and slot for a cap to
     * the ASID pool, which keeper_add makes. */
#define SM_POOL_HOLDERS 8
    int pool_holder_cnode[SM_POOL_HOLDERS];
    uint32_t pool_holder_slot[SM_POOL_HOLDERS];
    int pool_holders;
    uint32_t untyped_slot, untyped_slot_count;
    uint64_t ram_bytes;  /* filled by the fit check */
    int *hash;           /* name -> object index + 1 (open addressing), so */
    int hash_cap;        /* a lookup per page is not a search over all */
};

void sm_init(struct spec_model *sm);
int sm_add_obj(struct spec_model *sm, char *name, int type, int size_bits);
int sm_find(const struct spec_model *sm, const char *name);
void sm_add_cap(struct spec_model *sm, int cnode, uint32_t slot, int obj, int rights,
                uint64_t data);
struct sm_map *sm_add_map(struct spec_model *sm, int vspace, int obj, uint64_t vaddr,
                          int perms, int source);
/* Bytes an object takes from untyped (0 for device, image and IRQ);
 * mt_object_size_bits of <mote/objects.h> gives the size. */
uint64_t sm_obj_ram(const struct sm_obj *o);
/* Sorts objects into creation order and sorts caps by (cnode, slot);
 * every index is remapped.  Call once, after the last object. */
void sm_finalize(struct spec_model *sm);
const char *sm_type_name(int type);

#endif
