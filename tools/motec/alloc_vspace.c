/* SPDX-License-Identifier: BSD-2-Clause */
/* The address space of one component: stacks with guard pages (each
 * holding its thread's IPC buffer at the top; the first thread's may
 * share the data page instead), dataports, MMIO,
 * rpc_shared pages and the ELF image, with the page tables they need.
 * See alloc.h for the layout. */
#include <stdlib.h>

#include "alloc.h"
#include <mote/objects.h>

#define PAGE MT_PAGE_SIZE

struct va {
    uint64_t low, high;
    uint64_t big, big_floor;    /* 2 MiB regions in the first GiB: below big, above big_floor */
};

/* Next free range of size bytes after an unmapped guard page: below the
 * image if it fits there, above MT_LAYOUT_HIGH_BASE otherwise. */
static uint64_t va_take(struct va *va, uint64_t size)
{
    size = align_up(size, PAGE);
    if (va->low + PAGE + size <= MT_LAYOUT_IMAGE_BASE) {
        va->low += PAGE;
        uint64_t v = va->low;
        va->low += size;
        return v;
    }
    va->high += PAGE;
    uint64_t v = va->high;
    va->high += size;
    return v;
}

/* A region of 2 MiB frames, 2 MiB aligned: at the top of the first GiB,
 * below the last one taken, when it stays above the image, where the
 * level-1 table every component has already holds the leaves (one page
 * table fewer than a region in the high area, which needs a level-1
 * table of its own); in the high area otherwise.  The top, not just
 * above the image: a component may map pages of its own at run time at
 * addresses of its choosing above its image (the process manager's
 * WINDOW), which a 2 MiB leaf there would take. */
static uint64_t va_take_big(struct va *va, uint64_t size)
{
    uint64_t big = 1ull << MT_FRAME_2M_SIZE_BITS;
    size = align_up(size, big);
    if (va->big >= va->big_floor + size + big) {
        uint64_t v = (va->big - size) & ~(big - 1);
        va->big = v - big;   /* a guard of 2 MiB: the next region keeps off */
        return v;
    }
    uint64_t v = align_up(va->high + PAGE, big);
    va->high = v + size;
    return v;
}

/* Where 2 MiB regions must stay above: the image and, for a restartable
 * component, its pristine window (alloc_image.c). */
static uint64_t big_floor(const struct inst_image *img)
{
    uint64_t hi = MT_LAYOUT_IMAGE_BASE;
    for (int k = 0; k < img->elf.nsegs; k++) {
        const struct segment *s = &img->elf.segs[k];
        if (align_up(s->vaddr + s->memsz, PAGE) > hi)
            hi = align_up(s->vaddr + s->memsz, PAGE);
    }
    return hi + MT_SPEC_PRISTINE_OFFSET;
}

struct vctx {
    struct m_inst *in;
    struct spec_model *sm;
    int vspace;
    struct va va;
    uint64_t data_vaddr;        /* the first data segment's start (shared_page) */
    struct map_list maps;       /* frames; page tables are added first */
};

static struct sm_map *add_map(struct vctx *x, int obj, uint64_t vaddr, int perms, int source)
{
    struct sm_map m = { .vspace = x->vspace, .obj = obj, .vaddr = vaddr, .perms = perms,
                        .source = source, .level = -1 };
    VEC_PUSH(x->maps, m);
    return &x->maps.v[x->maps.n - 1];
}

static int new_frame(struct vctx *x, const char *kind, const char *detail, uint64_t index)
{
    char *name = detail ? xasprintf("%s__%s__%s_%llu", x->in->decl->name, kind, detail,
                                    (unsigned long long)index)
                        : xasprintf("%s__%s__%llu", x->in->decl->name, kind,
                                    (unsigned long long)index);
    return sm_add_obj(x->sm, name, MT_OBJ_FRAME_4K, 0);
}

/* The one-page layout: a component linked with lib/mote/component.ld
 * leaves the bottom of its first data page free (the data segment starts
 * at an offset in its page, an unmapped guard page below that page).  Its
 * first thread then needs no stack page: its stack takes that bottom part,
 * growing down towards the guard, and its IPC buffer the 512 bytes just
 * below the data.  motec decides from the ELF: the hole must hold the
 * buffer and MT_SHARED_STACK_MIN bytes of stack, the page below must be
 * image area no segment covers, and the thread must not ask for more than
 * a page (stack_size; a bigger stack keeps pages of its own).  Returns the
 * data page's address, 0 when the layout does not apply.
 *
 * The headers are written before the images exist (from elf_placeholder,
 * which is linked as component.ld links), and where the data page lands
 * depends on the code's size: so the header names thread 0's stack top
 * and IPC buffer by component.ld's symbol __mt_thread0_ipc (the 512 bytes
 * below .data), which the spec's figures from the real ELF equal. */
static uint64_t shared_page(const struct inst_image *img, const struct m_thread *t)
{
    const struct segment *d = 0;
    for (int k = 0; k < img->elf.nsegs; k++)
        if (img->elf.segs[k].kind == SEG_DATA && (!d || img->elf.segs[k].vaddr < d->vaddr))
            d = &img->elf.segs[k];
    if (!d || t->stack_size > PAGE)
        return 0;
    uint64_t page = d->vaddr & ~(PAGE - 1), hole = d->vaddr - page;
    if (hole < MT_IPC_SLOT_BYTES + MT_SHARED_STACK_MIN || hole % MT_IPC_SLOT_BYTES ||
        page < MT_LAYOUT_IMAGE_BASE + PAGE)
        return 0;
    for (int k = 0; k < img->elf.nsegs; k++) {
        const struct segment *s = &img->elf.segs[k];
        if (s->vaddr < page && align_up(s->vaddr + s->memsz, PAGE) > page - PAGE)
            return 0;   /* the guard page is mapped */
    }
    return page;
}

/* Each thread: an unmapped guard page, then its stack region of
 * stack_size bytes.  The region's top MT_IPC_SLOT_BYTES are the thread's
 * IPC buffer (aligned: the region ends on a page boundary) and the stack
 * grows down from just below it, so the buffer costs no page of its own
 * and an overflow runs into the guard page, never into the buffer.  The
 * first guard is the null page.  Thread 0 may live in the data page
 * instead (shared_page); its ipc_obj is set once the image is laid out. */
static void layout_threads(struct vctx *x, uint64_t shared)
{
    struct m_inst *in = x->in;
    for (int i = 0; i < in->threads.n; i++) {
        struct m_thread *t = in->threads.v[i];
        t->in_data_page = i == 0 && shared;
        if (t->in_data_page) {
            t->stack_base = shared;
            t->ipcbuf = x->data_vaddr - MT_IPC_SLOT_BYTES;
            t->stack_top = t->ipcbuf;
            continue;
        }
        t->stack_base = va_take(&x->va, t->stack_size);
        t->ipcbuf = t->stack_base + t->stack_size - MT_IPC_SLOT_BYTES;
        t->stack_top = t->ipcbuf;
        uint64_t pages = t->stack_size / PAGE;
        for (uint64_t p = 0; p < pages; p++) {
            int obj = new_frame(x, "stack", t->name, p);
            add_map(x, obj, t->stack_base + p * PAGE, MT_VM_READ | MT_VM_WRITE,
                    MT_SPEC_SRC_ZERO);
            if (p == pages - 1)
                t->ipc_obj = obj;
        }
    }
}

/* The frame mapped at vaddr (the shared data page). */
static int frame_at(const struct vctx *x, uint64_t vaddr)
{
    for (int i = 0; i < x->maps.n; i++)
        if (x->maps.v[i].vaddr == vaddr && x->maps.v[i].source != MT_SPEC_SRC_TABLE)
            return x->maps.v[i].obj;
    return -1;
}

static void map_named(struct vctx *x, const char *name, uint64_t vaddr, int perms)
{
    add_map(x, find_obj(x->sm, name), vaddr, perms, MT_SPEC_SRC_SHARED);
}

/* Connection pages: shared_data and mmio frames, rpc_shared pages (a
 * client maps its own; the server maps every client's, in badge order). */
static void layout_iface(struct vctx *x, struct m_iface *f)
{
    if (!f->ends.n)
        return;
    struct m_conn *c = f->ends.v[0]->conn;
    enum conn_kind k = c->ci->kind;
    if (k == CK_SHARED_DATA || k == CK_MMIO) {
        uint64_t unit = c->big ? 1ull << MT_FRAME_2M_SIZE_BITS : PAGE;
        f->vsize = c->bytes;
        f->vaddr = c->big ? va_take_big(&x->va, c->bytes) : va_take(&x->va, c->bytes);
        for (int p = 0; p < c->npages; p++) {
            char *name = xasprintf("%s__%s__%d", c->decl->name, k == CK_MMIO ? "mmio" : "dataport", p);
            map_named(x, name, f->vaddr + (uint64_t)p * unit,
                      f->read_only ? MT_VM_READ : MT_VM_READ | MT_VM_WRITE);
            free(name);
        }
    } else if (k == CK_RPC_SHARED && f->decl->kind == IF_USES) {
        f->vsize = PAGE;
        f->vaddr = va_take(&x->va, PAGE);
        map_named(x, f->ends.v[0]->obj, f->vaddr, MT_VM_READ | MT_VM_WRITE);
    } else if (k == CK_RPC_SHARED) {
        f->vsize = (uint64_t)f->nclients * PAGE;
        f->vaddr = va_take(&x->va, f->vsize);
        for (int i = 0; i < f->ends.n; i++) {
            struct m_conn *ci = f->ends.v[i]->conn;
            for (int k2 = 0; k2 < ci->ends.n; k2++)
                if (ci->ends.v[k2]->is_from)
                    map_named(x, ci->ends.v[k2]->obj,
                              f->vaddr + (ci->ends.v[k2]->badge - 1) * PAGE,
                              MT_VM_READ | MT_VM_WRITE);
        }
    }
}

/* Sv39: a level-1 table per GiB and a level-0 table per 2 MiB touched. */
static void add_page_tables(struct vctx *x)
{
    for (int level = 1; level >= 0; level--) {
        int shift = level ? 30 : 21;
        VEC(uint64_t) seen = { 0 };
        for (int i = 0; i < x->maps.n; i++) {
            uint64_t idx = x->maps.v[i].vaddr >> shift;
            if (level == 0 && x->sm->objs.v[x->maps.v[i].obj].type == MT_OBJ_FRAME_2M)
                continue;   /* a 2 MiB frame is a level-1 leaf: no level-0 table */
            int dup = 0;
            for (int k = 0; k < seen.n && !dup; k++)
                dup = seen.v[k] == idx;
            if (dup)
                continue;
            VEC_PUSH(seen, idx);
            char *name = xasprintf("%s__pt__l%d_%llu", x->in->decl->name, level,
                                   (unsigned long long)idx);
            struct sm_map *m = sm_add_map(x->sm, x->vspace,
                                          sm_add_obj(x->sm, name, MT_OBJ_PAGE_TABLE, 0),
                                          idx << shift, 0, MT_SPEC_SRC_TABLE);
            m->level = level;
        }
        free(seen.v);
    }
}

int alloc_vspace(struct m_inst *in, const struct inst_image *img, struct spec_model *sm,
                 int vspace)
{
    /* va_take puts a guard page first: the null page guards the first stack. */
    struct vctx x = { .in = in, .sm = sm, .vspace = vspace,
                      .va = { MT_LAYOUT_LOW_BASE, MT_LAYOUT_HIGH_BASE, MT_LAYOUT_HIGH_BASE,
                              big_floor(img) } };
    uint64_t shared = in->threads.n ? shared_page(img, in->threads.v[0]) : 0;
    for (int k = 0; k < img->elf.nsegs && shared; k++)
        if (img->elf.segs[k].kind == SEG_DATA && (img->elf.segs[k].vaddr & ~(PAGE - 1)) == shared)
            x.data_vaddr = img->elf.segs[k].vaddr;
    layout_threads(&x, shared);
    for (int i = 0; i < in->ifaces.n; i++)
        layout_iface(&x, in->ifaces.v[i]);
    if (in->mem_report) {   /* a page the rootserver fills: read-only here */
        int o = sm_add_obj(sm, xasprintf("%s__dataport__mem_report", in->decl->name),
                           MT_OBJ_FRAME_4K, 0);
        sm->objs.v[o].flags |= MT_SPEC_OBJ_REPORT;
        in->report_vaddr = va_take(&x.va, PAGE);
        add_map(&x, o, in->report_vaddr, MT_VM_READ, MT_SPEC_SRC_ZERO);
    }
    for (int k = 0; k < in->files.n; k++) {   /* files = [...]: in place, read-only */
        if (in->files.v[k].bytes)
            continue;                          /* small: in rodata (emit_files) */
        in->files.v[k].vaddr = va_take(&x.va, in->files.v[k].size);
        layout_file(in, &in->files.v[k], sm, &x.maps, vspace, k);
    }
    if (layout_image(in, img, sm, &x.maps, vspace))
        return -1;
    if (shared)
        in->threads.v[0]->ipc_obj = frame_at(&x, shared);
    add_page_tables(&x);
    for (int i = 0; i < x.maps.n; i++)
        VEC_PUSH(sm->maps, x.maps.v[i]);
    free(x.maps.v);
    return 0;
}
