/* SPDX-License-Identifier: BSD-2-Clause */
/* Sv39 address spaces.  A VSpace is a root page table; every root holds
 * the kernel window (entries 256..259, global), user space lives below
 * MT_USER_TOP.
 *
 * Frames and page tables record in their caps where they are mapped: the
 * ASID, the vaddr and the id of the table that holds their entry.  Every
 * table gets a fresh id whenever it is mapped (a VSpace root: when it gets
 * its ASID), from one counter, and keeps it in the software bits (RSW) of
 * its first entries, which the hardware ignores.  So a record names the
 * mapping its cap made and no other: once the VSpace is gone (its ASID
 * then names another root, or none) or the table was unmapped (mapped
 * again, it has another id), the record no longer matches, and unmapping
 * through it removes nothing. */
#include "asid.h"
#include "cap.h"
#include "cdt.h"
#include "csr.h"
#include "invariants.h"
#include "invoke.h"
#include "layout.h"
#include "vspace.h"
#include "vspace_switch.h"

typedef uint64_t pte_t;
#define PTE_V 0x01ul
#define PTE_R 0x02ul
#define PTE_W 0x04ul
#define PTE_X 0x08ul
#define PTE_U 0x10ul
#define PTE_A 0x40ul
#define PTE_D 0x80ul
#define PTE_RSW 0x300ul
#define PTE_RSW_SHIFT 8
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)
#define PT_ENTRIES 512
#define KERNEL_FIRST_ENTRY 256
#define KERNEL_ENTRIES 4
#define ID_ENTRIES ((REC_TAG_BITS + 1) / 2)   /* two id bits per entry */

extern pte_t boot_pagetable[PT_ENTRIES];

static pte_t *pt_of(pte_t e) { return phys_to_virt((e >> 10) << 12); }
static paddr_t pte_paddr(pte_t e) { return ((e >> 10) << 12) & MASK(56); }
static pte_t make_pte(paddr_t pa, word_t flags) { return ((pa >> 12) << 10) | flags | PTE_V; }
static bool pte_is_table(pte_t e) { return (e & PTE_V) && !(e & PTE_LEAF); }
static int vpn(word_t va, int level) { return (int)((va >> (12 + 9 * level)) & 511); }

/* Writing an entry keeps its RSW bits: they hold the table's id. */
static void pte_set(pte_t *slot, pte_t e) { *slot = (e & ~PTE_RSW) | (*slot & PTE_RSW); }
static void pte_clear(pte_t *slot) { *slot &= PTE_RSW; }

static word_t table_id(const pte_t *t, int level)
{
    if (level == 2)
        return vspace_tag(virt_to_phys(t)) & MASK(REC_TAG_BITS);
    word_t id = 0;
    for (int i = 0; i < ID_ENTRIES; i++)
        id |= ((t[i] & PTE_RSW) >> PTE_RSW_SHIFT) << (2 * i);
    return id & MASK(REC_TAG_BITS);
}

static void set_table_id(pte_t *t, word_t id)
{
    for (int i = 0; i < ID_ENTRIES; i++)
        t[i] = (t[i] & ~PTE_RSW) | (((id >> (2 * i)) & 3) << PTE_RSW_SHIFT);
}

void vspace_boot_init(void)
{
    /* The identity gigapage was only needed to turn paging on. */
    boot_pagetable[2] = 0;
    sfence_vma_all();
    asid_boot_init(virt_to_phys(boot_pagetable));
}

void vspace_create(paddr_t root)
{
    pte_t *r = phys_to_virt(root);
    for (int i = 0; i < KERNEL_ENTRIES; i++)
        r[KERNEL_FIRST_ENTRY + i] = boot_pagetable[KERNEL_FIRST_ENTRY + i];
    vspace_meta_init(root);
}

/* t's satp is kept valid for its VSpace cap (asid.c); without one, or
 * with one whose ASID is gone, it runs on the kernel window alone.  A
 * VSpace whose last cap, in t's slot, is going (its threads let go of it
 * one a step, delete.c) is still t's until t is let go. */
void vspace_activate(struct tcb *t)
{
    struct cap vs = t->vspace_root.cap;
    bool dying = cap_type(vs) == CAP_QUEUE_ZOMBIE && cap_queue_zombie_type(vs) == MT_CAP_VSPACE;
    satp_switch(cap_type(vs) == MT_CAP_VSPACE || dying ? t->satp : kernel_satp);
}

/* The table at level along vaddr (2 = root); NULL if a table on the way
 * is missing or a large page is in the way. */
static pte_t *table_at(paddr_t root, word_t vaddr, int level)
{
    pte_t *pt = phys_to_virt(root);
    for (int l = 2; l > level; l--) {
        pte_t e = pt[vpn(vaddr, l)];
        if (!pte_is_table(e))
            return NULL;
        pt = pt_of(e);
    }
    return pt;
}

int map_frame(paddr_t root, unsigned asid, word_t vaddr, paddr_t frame, bool big, unsigned vm,
              word_t *table)
{
    int level = big ? 1 : 0;
    pte_t *t = table_at(root, vaddr, level);
    if (!t)
        return inv_lookup_error(false, MT_LOOKUP_MISSING_CAP);
    pte_t *slot = &t[vpn(vaddr, level)];
    if ((*slot & PTE_V) && !((*slot & PTE_LEAF) && pte_paddr(*slot) == frame))
        return MT_DELETE_FIRST;
    word_t flags = PTE_U | PTE_A | PTE_D;
    flags |= (vm & MT_VM_READ ? PTE_R : 0) | (vm & MT_VM_WRITE ? PTE_W : 0) |
             (vm & MT_VM_EXEC ? PTE_X : 0);
    pte_set(slot, make_pte(frame, flags));
    sfence_vma_page(vaddr, asid);
    *table = table_id(t, level);
    return MT_OK;
}

/* A page table goes in the first level along vaddr that has no table;
 * it gets a fresh id. */
int map_page_table(paddr_t root, word_t vaddr, paddr_t pt, word_t *mapped_at, word_t *table)
{
    pte_t *t = phys_to_virt(root);
    for (int level = 2; level >= 1; level--) {
        pte_t *slot = &t[vpn(vaddr, level)];
        if (!(*slot & PTE_V)) {
            set_table_id(phys_to_virt(pt), vspace_next_id());
            pte_set(slot, make_pte(pt, 0));
            *mapped_at = vaddr & ~MASK(12 + 9 * level);
            *table = table_id(t, level);
            return MT_OK;
        }
        if (!pte_is_table(*slot))
            return MT_DELETE_FIRST;
        t = pt_of(*slot);
    }
    return MT_DELETE_FIRST;
}

/* The byte at user address va of t's VSpace, if t may read it there. */
bool user_read_byte(struct tcb *t, word_t va, char *out)
{
    paddr_t root = cap_type(t->vspace_root.cap) == MT_CAP_VSPACE ? tcb_vspace_root(t) : 0;
    if (!root || va >= MT_USER_TOP)
        return false;
    pte_t *pt = phys_to_virt(root);
    for (int level = 2; level >= 0; level--) {
        pte_t e = pt[vpn(va, level)];
        if (!(e & PTE_V))
            return false;
        if (e & PTE_LEAF) {
            /* RAM only: a device frame's read may fault or have effects */
            paddr_t pa = pte_paddr(e) + (va & MASK(12 + 9 * level));
            if (!(e & PTE_U) || !(e & PTE_R) || !phys_is_ram(pa))
                return false;
            *out = *(const char *)phys_to_virt(pa);
            return true;
        }
        pt = pt_of(e);
    }
    return false;
}

/* The entry a frame cap's record names, if the record still holds. */
static pte_t *frame_slot(struct cap c)
{
    int level = cap_frame_big(c) ? 1 : 0;
    paddr_t root = asid_root(cap_mapped_asid(c));
    pte_t *t = root ? table_at(root, cap_mapped_vaddr(c), level) : NULL;
    if (!t || table_id(t, level) != cap_mapped_tag(c))
        return NULL;
    pte_t *slot = &t[vpn(cap_mapped_vaddr(c), level)];
    return (*slot & PTE_LEAF) && pte_paddr(*slot) == cap_paddr(c) ? slot : NULL;
}

void frame_unmap(struct cap c)
{
    pte_t *slot = frame_slot(c);
    if (slot) {
        pte_clear(slot);
        sfence_vma_page(cap_mapped_vaddr(c), cap_mapped_asid(c));
    }
}

void page_table_unmap(struct cap c)
{
    paddr_t root = asid_root(cap_mapped_asid(c));
    if (!root)
        return;
    word_t va = cap_mapped_vaddr(c);
    pte_t *table = phys_to_virt(root);
    for (int level = 2; level >= 1; level--) {
        pte_t *slot = &table[vpn(va, level)];
        if (!pte_is_table(*slot))
            return;
        if (pte_paddr(*slot) == cap_paddr(c)) {
            if (table_id(table, level) == cap_mapped_tag(c)) {
                pte_clear(slot);
                sfence_vma_asid(cap_mapped_asid(c));
            }
            return;
        }
        table = pt_of(*slot);
    }
}

/* Mapping rights: what is asked must be within what the cap allows
 * (read for read and execute, write for write), and RISC-V has no
 * write-only pages.  Returns 0 when the request cannot be granted. */
static unsigned vm_rights(word_t asked, unsigned cap_rights)
{
    unsigned allowed = (cap_rights & MT_RIGHT_READ ? MT_VM_READ | MT_VM_EXEC : 0) |
                       (cap_rights & MT_RIGHT_WRITE ? MT_VM_WRITE : 0);
    if (asked == 0 || (asked & ~(word_t)allowed) || ((asked & MT_VM_WRITE) && !(asked & MT_VM_READ)))
        return 0;
    return (unsigned)asked;
}

static int decode_frame_map(struct invocation *iv)
{
    int err = inv_need(iv, 2, 1);
    if (err)
        return err;
    struct cap f = iv->cap, vs = iv->extra[0]->cap;
    word_t vaddr = inv_arg(iv, 0);
    unsigned vm = vm_rights(inv_arg(iv, 1), cap_frame_rights(f));
    if (cap_type(vs) != MT_CAP_VSPACE || !vspace_asid(cap_paddr(vs)))
        return inv_invalid_cap(1);   /* no ASID: assign it first */
    if (!IS_ALIGNED(vaddr, cap_frame_bits(f)))
        return MT_ALIGNMENT_ERROR;
    if (vaddr >= MT_USER_TOP || vaddr + BIT(cap_frame_bits(f)) > MT_USER_TOP)
        return inv_invalid_arg(0);
    if (!vm)
        return inv_invalid_arg(1);
    paddr_t root = cap_paddr(vs);
    unsigned asid = vspace_asid(root);
    /* a stale record maps nothing any more; a live one must be this place */
    if (frame_slot(f) && (cap_mapped_asid(f) != asid || cap_mapped_vaddr(f) != vaddr))
        return inv_invalid_cap(0);   /* mapped elsewhere: unmap first */
    word_t table;
    err = map_frame(root, asid, vaddr, cap_paddr(f), cap_frame_big(f), vm, &table);
    if (err == MT_OK)
        iv->slot->cap = cap_set_mapping(f, asid, vaddr, table);
    return err;
}

int decode_frame(struct invocation *iv)
{
    switch (iv->label) {
    case MT_FRAME_MAP: return decode_frame_map(iv);
    case MT_FRAME_UNMAP:
        frame_unmap(iv->cap);
        iv->slot->cap = cap_clear_mapping(iv->cap);
        return MT_OK;
    case MT_FRAME_GET_ADDRESS:
        iv->out[0] = cap_paddr(iv->cap);
        iv->out_len = 1;
        return MT_OK;
    default: return MT_ILLEGAL_OPERATION;
    }
}

int decode_page_table(struct invocation *iv)
{
    struct cap pt = iv->cap;
    if (iv->label == MT_PAGE_TABLE_UNMAP) {
        /* Only the last cap may unmap: a copy would keep a stale record of
         * where the table is.  The table is cleared, so whatever it mapped
         * does not come along when it is mapped again (and gets a new id,
         * so the records of what it mapped stay stale). */
        if (!cte_is_final(iv->slot))
            return MT_REVOKE_FIRST;
        page_table_unmap(pt);
        memset(cap_object(pt), 0, BIT(MT_PAGE_TABLE_SIZE_BITS));
        iv->slot->cap = cap_clear_mapping(pt);
        return MT_OK;
    }
    if (iv->label != MT_PAGE_TABLE_MAP)
        return MT_ILLEGAL_OPERATION;
    int err = inv_need(iv, 1, 1);
    if (err)
        return err;
    struct cap vs = iv->extra[0]->cap;
    word_t vaddr = inv_arg(iv, 0), at;
    paddr_t root = cap_paddr(vs);
    if (cap_type(vs) != MT_CAP_VSPACE || !vspace_asid(root))
        return inv_invalid_cap(1);   /* no ASID: assign it first */
    if (cap_mapped_asid(pt))
        return inv_invalid_cap(0);   /* already mapped (or was: unmap first) */
    if (vaddr >= MT_USER_TOP)
        return inv_invalid_arg(0);
    word_t table;
    err = map_page_table(root, vaddr, cap_paddr(pt), &at, &table);
    if (err == MT_OK)
        iv->slot->cap = cap_set_mapping(pt, vspace_asid(root), at, table);
    return err;
}

