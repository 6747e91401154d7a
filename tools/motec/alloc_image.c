/* SPDX-License-Identifier: BSD-2-Clause */
/* A component's ELF image in its address space.  Read-only segments are
 * mapped in place from the boot archive (frames flagged
 * MT_SPEC_OBJ_IMAGE: nothing is allocated or copied); writable ones get
 * fresh frames, filled from the archive where the file has bytes and
 * left zero (bss) where it does not. */
#include "alloc.h"
#include <mote/objects.h>

#define PAGE MT_PAGE_SIZE

static const char *const kind_names[] = { "code", "rodata", "data" };
static const int kind_perms[] = { MT_VM_READ | MT_VM_EXEC, MT_VM_READ, MT_VM_READ | MT_VM_WRITE };

static int image_index(struct spec_model *sm, const struct inst_image *img)
{
    for (int i = 0; i < sm->images.n; i++)
        if (streq(sm->images.v[i].name, img->name))
            return i;
    struct sm_image im = { .name = xstrdup(img->name), .file_bytes = img->elf.file_bytes };
    VEC_PUSH(sm->images, im);
    return sm->images.n - 1;
}

static int check_segment(struct m_inst *in, const struct inst_image *img,
                         const struct segment *s, int k)
{
    uint64_t lo = s->vaddr & ~(PAGE - 1), hi = align_up(s->vaddr + s->memsz, PAGE);
    if (lo < MT_LAYOUT_IMAGE_BASE || hi > MT_LAYOUT_HIGH_BASE) {
        diag_error(in->decl->loc, "component instance '%s': image '%s' has a segment at "
                   "0x%llx-0x%llx, outside the image area 0x%llx-0x%llx (link components at "
                   "0x%llx)", in->decl->name, img->name, (unsigned long long)s->vaddr,
                   (unsigned long long)(s->vaddr + s->memsz),
                   MT_LAYOUT_IMAGE_BASE, MT_LAYOUT_HIGH_BASE, MT_LAYOUT_IMAGE_BASE);
        return -1;
    }
    for (int j = 0; j < k; j++) {
        const struct segment *o = &img->elf.segs[j];
        if (lo < align_up(o->vaddr + o->memsz, PAGE) && (o->vaddr & ~(PAGE - 1)) < hi) {
            diag_error(in->decl->loc, "component instance '%s': image '%s' has two segments "
                       "in one page at 0x%llx (align segments to pages in the linker script)",
                       in->decl->name, img->name, (unsigned long long)lo);
            return -1;
        }
    }
    return 0;
}

static void map_page(struct map_list *maps, int vspace, int obj, const struct segment *s,
                     uint64_t pv, int image)
{
    struct sm_map m = { .vspace = vspace, .obj = obj, .vaddr = pv, .perms = kind_perms[s->kind],
                        .level = -1, .image = image };
    uint64_t from = pv > s->vaddr ? pv : s->vaddr;
    uint64_t end = s->vaddr + s->filesz, to = pv + PAGE < end ? pv + PAGE : end;
    if (to <= from) {
        m.source = MT_SPEC_SRC_ZERO;
    } else if (s->kind != SEG_DATA) {
        m.source = MT_SPEC_SRC_IMAGE;
        m.image_offset = s->offset - (s->vaddr - pv);
    } else {
        m.source = MT_SPEC_SRC_COPY;
        m.image_offset = s->offset + (from - s->vaddr);
        m.copy_offset = (int)(from - pv);
        m.copy_bytes = (int)(to - from);
    }
    VEC_PUSH(*maps, m);
}

int layout_image(struct m_inst *in, const struct inst_image *img, struct spec_model *sm,
                 struct map_list *maps, int vspace)
{
    uint64_t counts[3] = { 0, 0, 0 };
    in->image = image_index(sm, img);
    in->entry = img->elf.entry;
    for (int k = 0; k < img->elf.nsegs; k++) {
        const struct segment *s = &img->elf.segs[k];
        if (check_segment(in, img, s, k))
            return -1;
        uint64_t end = align_up(s->vaddr + s->memsz, PAGE);
        for (uint64_t pv = s->vaddr & ~(PAGE - 1); pv < end; pv += PAGE) {
            char *name = xasprintf("%s__%s__%llu", in->decl->name, kind_names[s->kind],
                                   (unsigned long long)counts[s->kind]++);
            int obj = sm_add_obj(sm, name, MT_OBJ_FRAME_4K, 0);
            map_page(maps, vspace, obj, s, pv, in->image);
            if (maps->v[maps->n - 1].source == MT_SPEC_SRC_IMAGE)
                sm->objs.v[obj].flags = MT_SPEC_OBJ_IMAGE;
        }
    }
    return 0;
}
