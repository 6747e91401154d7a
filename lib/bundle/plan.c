/* SPDX-License-Identifier: BSD-2-Clause */
/* Bundle validation, part two: the program headers, the address-space
 * layout and the cost.  Every bound is checked before the sum that could
 * overflow: segment ends are only formed once vaddr and memsz are known to
 * lie below MT_APP_WINDOW_TOP, file ends once offset and filesz are known
 * to lie inside the ELF. */
#include "bundle_int.h"

struct segs {
    unsigned n;
    struct mt_seg s[MT_BUNDLE_MAX_SEGMENTS];  /* sorted by vaddr */
};

static uint64_t seg_end(const struct mt_seg *s) { return s->vaddr + s->memsz; }

/* One PT_LOAD segment against the file, the window and W^X. */
static int check_segment(const struct mt_elf *elf, const struct mt_seg *s)
{
    if (s->filesz > s->memsz)
        return MT_BUNDLE_FILESZ_OVER_MEMSZ;
    /* A segment with no file bytes (bss only) has no meaningful offset. */
    if (s->filesz && (s->offset > elf->bytes || s->filesz > elf->bytes - s->offset))
        return MT_BUNDLE_SEGMENT_OUTSIDE_FILE;
    if (s->vaddr < MT_APP_WINDOW_BASE || s->vaddr > MT_APP_WINDOW_TOP ||
        s->memsz > MT_APP_WINDOW_TOP - s->vaddr)
        return MT_BUNDLE_SEGMENT_OUTSIDE_WINDOW;
    /* Page-congruent, so each page of the segment is one page of the file
     * (mapped in place when read-only). */
    if (s->filesz && ((s->offset ^ s->vaddr) & (PAGE - 1)))
        return MT_BUNDLE_NOT_CONGRUENT;
    if ((s->flags & PF_W) && (s->flags & PF_X))
        return MT_BUNDLE_WRITE_EXEC;
    /* RISC-V pages: write needs read; we ask read of every segment. */
    if (!(s->flags & PF_R))
        return MT_BUNDLE_BAD_PERMISSIONS;
    return MT_BUNDLE_OK;
}

/* Keeps the segments sorted by address (there are at most four). */
static int add_segment(struct segs *ss, const struct mt_seg *s)
{
    if (ss->n == MT_BUNDLE_MAX_SEGMENTS)
        return MT_BUNDLE_TOO_MANY_SEGMENTS;
    unsigned i = ss->n++;
    for (; i > 0 && ss->s[i - 1].vaddr > s->vaddr; i--)
        ss->s[i] = ss->s[i - 1];
    ss->s[i] = *s;
    return MT_BUNDLE_OK;
}

/* One program header: refused kinds, ignored kinds, loadable segments. */
static int read_phdr(const struct mt_elf *elf, int i, struct segs *ss)
{
    const uint8_t *p = elf->data + elf->phoff + (uint64_t)i * PHDR_SIZE;
    uint32_t type = RD32(p, 0);
    if (type == PT_INTERP || type == PT_DYNAMIC)
        return MT_BUNDLE_DYNAMIC;
    if (type == PT_TLS)
        return MT_BUNDLE_TLS;
    if (type != PT_LOAD)
        return MT_BUNDLE_OK;  /* notes, GNU_STACK, RISCV_ATTRIBUTES: nothing to load */
    struct mt_seg s = { .flags = RD32(p, 4), .offset = RD64(p, 8), .vaddr = RD64(p, 16),
                        .filesz = RD64(p, 32), .memsz = RD64(p, 40), .phdr = i };
    if (s.memsz == 0)         /* an empty segment loads nothing */
        return s.filesz ? MT_BUNDLE_FILESZ_OVER_MEMSZ : MT_BUNDLE_OK;
    int e = check_segment(elf, &s);
    return e ? e : add_segment(ss, &s);
}

/* No two segments may share a page: each page gets one mapping. */
static int check_overlap(const struct segs *ss, struct mt_bundle_plan *plan)
{
    for (unsigned i = 1; i < ss->n; i++)
        if (PAGE_UP(seg_end(&ss->s[i - 1])) > PAGE_DOWN(ss->s[i].vaddr)) {
            plan->error_phdr = ss->s[i].phdr;
            return MT_BUNDLE_OVERLAP;
        }
    return MT_BUNDLE_OK;
}

/* The entry must be an instruction in the file bytes of an executable
 * segment (RVC: 2-byte aligned). */
static int check_entry(const struct mt_elf *elf, const struct segs *ss)
{
    if (elf->entry & 1)
        return MT_BUNDLE_BAD_ENTRY;
    for (unsigned i = 0; i < ss->n; i++) {
        const struct mt_seg *s = &ss->s[i];
        if ((s->flags & PF_X) && elf->entry >= s->vaddr &&
            elf->entry - s->vaddr < s->filesz)
            return MT_BUNDLE_OK;
    }
    return MT_BUNDLE_BAD_ENTRY;
}

static int read_segments(const struct mt_elf *elf, struct segs *ss, struct mt_bundle_plan *plan)
{
    for (unsigned i = 0; i < elf->phnum; i++) {
        int e = read_phdr(elf, (int)i, ss);
        if (e) {
            plan->error_phdr = (int)i;
            return e;
        }
    }
    if (ss->n == 0)
        return MT_BUNDLE_NO_SEGMENTS;
    int e = check_overlap(ss, plan);
    if (!e)
        e = check_entry(elf, ss);
    return e;
}

/* The stack block goes right below the lowest writable segment, its
 * bottom on a page boundary with an unmapped guard page beneath; nothing
 * else may lie in the guard page or the stack block.  Returns the index
 * of that segment in *w. */
static int place_stack(const struct segs *ss, struct mt_bundle_plan *plan, unsigned *w)
{
    for (*w = 0; *w < ss->n && !(ss->s[*w].flags & PF_W); ++*w)
        ;
    if (*w == ss->n)
        return MT_BUNDLE_NO_WRITABLE;
    uint64_t top = ss->s[*w].vaddr;
    uint64_t block = (uint64_t)plan->stack_bytes + MT_APP_IPC_BUFFER_BYTES;
    if (top < MT_APP_WINDOW_BASE + block || (top - block) % PAGE)
        return plan->error_phdr = ss->s[*w].phdr, MT_BUNDLE_BAD_STACK_PLACE;
    plan->stack_bottom = top - block;
    plan->ipc_buffer = top - MT_APP_IPC_BUFFER_BYTES;
    plan->stack_top = plan->ipc_buffer;
    uint64_t lo = plan->stack_bottom - PAGE, hi = PAGE_DOWN(top);
    for (unsigned i = 0; i < ss->n; i++) {
        const struct mt_seg *s = &ss->s[i];
        if (i != *w && PAGE_DOWN(s->vaddr) < hi && PAGE_UP(seg_end(s)) > lo)
            return plan->error_phdr = s->phdr, MT_BUNDLE_BAD_STACK_PLACE;
    }
    return MT_BUNDLE_OK;
}

/* A segment's mapping: read-only with no zero fill is mapped in place;
 * anything else is copied into fresh zeroed frames.  The writable segment
 * the stack sits under starts its mapping at the stack's bottom. */
static void map_segment(const struct mt_seg *s, uint64_t from, struct mt_bundle_mapping *m)
{
    m->vaddr = from;
    m->pages = (PAGE_UP(seg_end(s)) - from) / PAGE;
    m->perms = MT_VM_READ | (s->flags & PF_W ? MT_VM_WRITE : 0) |
               (s->flags & PF_X ? MT_VM_EXEC : 0);
    m->in_place = !(s->flags & PF_W) && s->filesz == s->memsz;
    m->file_offset = m->in_place ? PAGE_DOWN(s->offset) : s->filesz ? s->offset : 0;
    m->copy_vaddr = m->in_place ? 0 : s->vaddr;
    m->copy_bytes = m->in_place ? 0 : s->filesz;
}

/* Page tables for a sorted list of disjoint page runs: one level-0 table
 * per 2 MiB region touched, one level-1 table per 1 GiB region (the root
 * is the VSpace itself). */
static uint64_t count_tables(const struct mt_bundle_plan *plan, unsigned shift)
{
    uint64_t n = 0, last = ~(uint64_t)0;
    for (unsigned i = 0; i < plan->mapping_count; i++) {
        const struct mt_bundle_mapping *m = &plan->map[i];
        uint64_t first = m->vaddr >> shift;
        uint64_t end = (m->vaddr + m->pages * PAGE - 1) >> shift;
        n += end - first + 1 - (first == last);
        last = end;
    }
    return n;
}

/* What starting the application costs, by object kind, against its quota. */
static int count_cost(struct mt_bundle_plan *plan)
{
    for (unsigned i = 0; i < plan->mapping_count; i++) {
        if (plan->map[i].in_place)
            plan->pages_in_place += plan->map[i].pages;
        else
            plan->pages_copied += plan->map[i].pages;
    }
    plan->page_tables = count_tables(plan, 21) + count_tables(plan, 30);
    plan->bytes[MT_OBJ_TCB] = 1ull << mt_object_size_bits(MT_OBJ_TCB, 0);
    plan->bytes[MT_OBJ_CNODE] = 1ull << mt_object_size_bits(MT_OBJ_CNODE, MT_APP_CNODE_RADIX);
    plan->bytes[MT_OBJ_VSPACE] = 1ull << mt_object_size_bits(MT_OBJ_VSPACE, 0);
    plan->bytes[MT_OBJ_PAGE_TABLE] = plan->page_tables << mt_object_size_bits(MT_OBJ_PAGE_TABLE, 0);
    plan->bytes[MT_OBJ_FRAME_4K] = plan->pages_copied << mt_object_size_bits(MT_OBJ_FRAME_4K, 0);
    plan->need_bytes = 0;
    for (unsigned k = 0; k < MT_OBJ_COUNT; k++)
        plan->need_bytes += plan->bytes[k];
    if (plan->quota_bytes < plan->need_bytes)
        return plan->error_value = plan->need_bytes, MT_BUNDLE_QUOTA_TOO_SMALL;
    return MT_BUNDLE_OK;
}

int mt_bundle_plan(const struct mt_elf *elf, struct mt_bundle_plan *plan)
{
    struct segs ss = { 0 };
    unsigned w;
    int e = read_segments(elf, &ss, plan);
    if (!e)
        e = place_stack(&ss, plan, &w);
    if (e)
        return e;
    uint64_t end = 0;
    for (unsigned i = 0; i < ss.n; i++) {
        const struct mt_seg *s = &ss.s[i];
        map_segment(s, i == w ? plan->stack_bottom : PAGE_DOWN(s->vaddr), &plan->map[i]);
        if (PAGE_UP(seg_end(s)) > end)
            end = PAGE_UP(seg_end(s));
    }
    plan->mapping_count = ss.n;
    plan->entry = elf->entry;
    /* The shared page and the heap follow the image inside the window. */
    if (end > MT_APP_WINDOW_TOP - PAGE)
        return MT_BUNDLE_NO_HEAP_ROOM;
    plan->shared_page = end;
    plan->heap_base = end + PAGE;
    plan->heap_limit = MT_APP_WINDOW_TOP;
    return count_cost(plan);
}
