/* SPDX-License-Identifier: BSD-2-Clause */
/* system.spec: the binary spec of include/mote/spec.h. */
#include <string.h>

#include "emit.h"

struct layout {
    uint32_t off[7];   /* objects, caps, mappings, tcbs, irqs, images, strings */
    uint32_t total;
};

static uint32_t string_bytes(const struct spec_model *sm)
{
    size_t n = 0;
    for (int i = 0; i < sm->objs.n; i++)
        n += strlen(sm->objs.v[i].name) + 1;
    for (int i = 0; i < sm->images.n; i++)
        n += strlen(sm->images.v[i].name) + 1;
    return (uint32_t)n;
}

static void plan(const struct spec_model *sm, struct layout *l)
{
    size_t sizes[7] = {
        sizeof(struct mt_spec_object) * (size_t)sm->objs.n,
        sizeof(struct mt_spec_cap) * (size_t)sm->caps.n,
        sizeof(struct mt_spec_mapping) * (size_t)sm->maps.n,
        sizeof(struct mt_spec_tcb) * (size_t)sm->tcbs.n,
        sizeof(struct mt_spec_irq) * (size_t)sm->irqs.n,
        sizeof(struct mt_spec_image) * (size_t)sm->images.n,
        string_bytes(sm),
    };
    uint64_t at = sizeof(struct mt_spec_header);
    for (int i = 0; i < 7; i++) {
        l->off[i] = (uint32_t)at;
        at = align_up(at + sizes[i], 8);
    }
    l->total = (uint32_t)at;
}

static uint32_t idx(int i)
{
    return i < 0 ? MT_SPEC_NONE : (uint32_t)i;
}

static void fill_header(const struct spec_model *sm, const struct layout *l,
                        struct mt_spec_header *h)
{
    h->magic = MT_SPEC_MAGIC;
    h->version = MT_SPEC_VERSION;
    h->total_bytes = l->total;
    h->object_count = (uint32_t)sm->objs.n;  h->object_offset = l->off[0];
    h->cap_count = (uint32_t)sm->caps.n;     h->cap_offset = l->off[1];
    h->mapping_count = (uint32_t)sm->maps.n; h->mapping_offset = l->off[2];
    h->tcb_count = (uint32_t)sm->tcbs.n;     h->tcb_offset = l->off[3];
    h->irq_count = (uint32_t)sm->irqs.n;     h->irq_offset = l->off[4];
    h->image_count = (uint32_t)sm->images.n; h->image_offset = l->off[5];
    h->string_bytes = string_bytes(sm);      h->string_offset = l->off[6];
    h->memory_owner = idx(sm->memory_owner);
    h->untyped_slot = sm->untyped_slot;
    h->untyped_slot_count = sm->untyped_slot_count;
    h->keeper = idx(sm->keeper);
    h->ram_bytes = sm->ram_bytes;
}

static void fill_tables(const struct spec_model *sm, unsigned char *b, const struct layout *l,
                        uint32_t *str)
{
    struct mt_spec_object *o = (void *)(b + l->off[0]);
    for (int i = 0; i < sm->objs.n; i++, o++) {
        const struct sm_obj *s = &sm->objs.v[i];
        *o = (struct mt_spec_object){ .type = (uint8_t)s->type, .size_bits = (uint8_t)s->size_bits,
                                      .flags = (uint8_t)s->flags, .name = *str, .paddr = s->paddr };
        strcpy((char *)b + l->off[6] + *str, s->name);
        *str += (uint32_t)strlen(s->name) + 1;
    }
    struct mt_spec_cap *c = (void *)(b + l->off[1]);
    for (int i = 0; i < sm->caps.n; i++, c++) {
        const struct sm_cap *s = &sm->caps.v[i];
        *c = (struct mt_spec_cap){ .cnode = idx(s->cnode), .slot = s->slot, .object = idx(s->obj),
                                   .rights = (uint8_t)s->rights, .data = s->data };
    }
    struct mt_spec_mapping *m = (void *)(b + l->off[2]);
    for (int i = 0; i < sm->maps.n; i++, m++) {
        const struct sm_map *s = &sm->maps.v[i];
        *m = (struct mt_spec_mapping){
            .vspace = idx(s->vspace), .object = idx(s->obj), .vaddr = s->vaddr,
            .image_offset = s->image_offset, .image = (uint16_t)s->image,
            .copy_offset = (uint16_t)s->copy_offset, .copy_bytes = (uint16_t)s->copy_bytes,
            .perms = (uint8_t)s->perms, .source = (uint8_t)s->source };
    }
}

static void fill_threads(const struct spec_model *sm, unsigned char *b, const struct layout *l,
                         uint32_t *str)
{
    struct mt_spec_tcb *t = (void *)(b + l->off[3]);
    for (int i = 0; i < sm->tcbs.n; i++, t++) {
        const struct sm_tcb *s = &sm->tcbs.v[i];
        *t = (struct mt_spec_tcb){
            .tcb = idx(s->tcb), .cspace = idx(s->cspace), .vspace = idx(s->vspace),
            .ipc_frame = idx(s->ipc_frame), .ipc_vaddr = s->ipc_vaddr, .entry = s->entry,
            .stack_top = s->stack_top, .arg = s->arg, .cspace_guard = s->cspace_guard,
            .fault_ep = s->fault_ep, .priority = (uint8_t)s->priority,
            .max_priority = (uint8_t)s->priority, .bound_ntfn = idx(s->bound_ntfn),
            .fpu = (uint16_t)(s->fpu >= 0 ? idx(s->fpu) + 1 : 0) };
    }
    struct mt_spec_irq *q = (void *)(b + l->off[4]);
    for (int i = 0; i < sm->irqs.n; i++, q++)
        *q = (struct mt_spec_irq){ .irq = (uint32_t)sm->irqs.v[i].irq,
                                   .handler = idx(sm->irqs.v[i].handler),
                                   .ntfn = idx(sm->irqs.v[i].ntfn), .badge = sm->irqs.v[i].badge };
    struct mt_spec_image *im = (void *)(b + l->off[5]);
    for (int i = 0; i < sm->images.n; i++, im++) {
        *im = (struct mt_spec_image){ .name = *str, .file_bytes = sm->images.v[i].file_bytes };
        strcpy((char *)b + l->off[6] + *str, sm->images.v[i].name);
        *str += (uint32_t)strlen(sm->images.v[i].name) + 1;
    }
}

/* The host is little-endian like RISC-V; the structs are written as is. */
unsigned char *emit_spec(const struct spec_model *sm, size_t *len)
{
    struct layout l;
    plan(sm, &l);
    unsigned char *b = xcalloc(1, l.total);
    uint32_t str = 0;
    fill_header(sm, &l, (struct mt_spec_header *)b);
    fill_tables(sm, b, &l, &str);
    fill_threads(sm, b, &l, &str);
    *len = l.total;
    return b;
}
