/* Sv39 address spaces.  A VSpace is a root page table; every root holds
 * the kernel window (entries 256..259, global), user space lives below
 * MT_USER_TOP.  Frames and page tables record in their caps where they are
 * mapped (ASID and vaddr); the ASID table turns that back into a root, so
 * a stale record (its VSpace gone) is harmless. */
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
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)
#define PT_ENTRIES 512
#define KERNEL_FIRST_ENTRY 256
#define KERNEL_ENTRIES 4

extern pte_t boot_pagetable[PT_ENTRIES];
static paddr_t asid_table[MT_MAX_ASIDS];   /* ASID -> root; 0 = free */
static paddr_t kernel_only_root;           /* for a thread with no VSpace */

static pte_t *pt_of(pte_t e) { return phys_to_virt((e >> 10) << 12); }
static paddr_t pte_paddr(pte_t e) { return (e >> 10) << 12; }
static pte_t make_pte(paddr_t pa, word_t flags) { return ((pa >> 12) << 10) | flags | PTE_V; }
static bool pte_is_table(pte_t e) { return (e & PTE_V) && !(e & PTE_LEAF); }
static int vpn(word_t va, int level) { return (int)((va >> (12 + 9 * level)) & 511); }

void vspace_boot_init(void)
{
    /* The identity gigapage was only needed to turn paging on. */
    boot_pagetable[2] = 0;
    kernel_only_root = virt_to_phys(boot_pagetable);
    sfence_vma_all();
}

unsigned vspace_free_asids(void)
{
    unsigned n = 0;
    for (unsigned a = 1; a < MT_MAX_ASIDS; a++)
        n += asid_table[a] == 0;
    return n;
}

unsigned vspace_create(paddr_t root)
{
    for (unsigned a = 1; a < MT_MAX_ASIDS; a++) {
        if (asid_table[a] == 0) {
            pte_t *r = phys_to_virt(root);
            for (int i = 0; i < KERNEL_ENTRIES; i++)
                r[KERNEL_FIRST_ENTRY + i] = boot_pagetable[KERNEL_FIRST_ENTRY + i];
            asid_table[a] = root;
            sfence_vma_asid(a);
            return a;
        }
    }
    return 0;
}

void vspace_destroy(struct cap c)
{
    unsigned a = cap_vspace_asid(c);
    if (a && asid_table[a] == cap_paddr(c)) {
        asid_table[a] = 0;
        sfence_vma_asid(a);
    }
}

void vspace_activate(struct tcb *t)
{
    struct cap c = t->vspace_root.cap;
    if (cap_type(c) != MT_CAP_VSPACE)
        c = cap_vspace(kernel_only_root, 0);
    vspace_switch(c);
}

/* The slot for vaddr at level (2 = root); NULL if a table on the way is
 * missing or a large page is in the way. */
static pte_t *walk(paddr_t root, word_t vaddr, int level)
{
    pte_t *pt = phys_to_virt(root);
    for (int l = 2; l > level; l--) {
        pte_t e = pt[vpn(vaddr, l)];
        if (!pte_is_table(e))
            return NULL;
        pt = pt_of(e);
    }
    return &pt[vpn(vaddr, level)];
}

int map_frame(paddr_t root, unsigned asid, word_t vaddr, paddr_t frame, bool big, unsigned vm)
{
    int level = big ? 1 : 0;
    pte_t *slot = walk(root, vaddr, level);
    if (!slot)
        return inv_lookup_error(false, MT_LOOKUP_MISSING_CAP);
    if ((*slot & PTE_V) && !((*slot & PTE_LEAF) && pte_paddr(*slot) == frame))
        return MT_DELETE_FIRST;
    word_t flags = PTE_U | PTE_A | PTE_D;
    flags |= (vm & MT_VM_READ ? PTE_R : 0) | (vm & MT_VM_WRITE ? PTE_W : 0) |
             (vm & MT_VM_EXEC ? PTE_X : 0);
    *slot = make_pte(frame, flags);
    sfence_vma_page(vaddr, asid);
    return MT_OK;
}

/* A page table goes in the first level along vaddr that has no table. */
int map_page_table(paddr_t root, word_t vaddr, paddr_t pt, word_t *mapped_at)
{
    pte_t *table = phys_to_virt(root);
    for (int level = 2; level >= 1; level--) {
        pte_t *slot = &table[vpn(vaddr, level)];
        if (!(*slot & PTE_V)) {
            *slot = make_pte(pt, 0);
            *mapped_at = vaddr & ~MASK(12 + 9 * level);
            return MT_OK;
        }
        if (!pte_is_table(*slot))
            return MT_DELETE_FIRST;
        table = pt_of(*slot);
    }
    return MT_DELETE_FIRST;
}

/* The byte at user address va of t's VSpace, if t may read it there. */
bool user_read_byte(struct tcb *t, word_t va, char *out)
{
    struct cap vs = t->vspace_root.cap;
    if (cap_type(vs) != MT_CAP_VSPACE || va >= MT_USER_TOP)
        return false;
    pte_t *pt = phys_to_virt(cap_paddr(vs));
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

static paddr_t root_of(unsigned asid)
{
    return asid && asid < MT_MAX_ASIDS ? asid_table[asid] : 0;
}

void frame_unmap(struct cap c)
{
    paddr_t root = root_of(cap_mapped_asid(c));
    if (!root)
        return;
    word_t va = cap_mapped_vaddr(c);
    pte_t *slot = walk(root, va, cap_frame_big(c) ? 1 : 0);
    if (slot && (*slot & PTE_LEAF) && pte_paddr(*slot) == cap_paddr(c)) {
        *slot = 0;
        sfence_vma_page(va, cap_mapped_asid(c));
    }
}

void page_table_unmap(struct cap c)
{
    paddr_t root = root_of(cap_mapped_asid(c));
    if (!root)
        return;
    word_t va = cap_mapped_vaddr(c);
    pte_t *table = phys_to_virt(root);
    for (int level = 2; level >= 1; level--) {
        pte_t *slot = &table[vpn(va, level)];
        if (!pte_is_table(*slot))
            return;
        if (pte_paddr(*slot) == cap_paddr(c)) {
            *slot = 0;
            sfence_vma_asid(cap_mapped_asid(c));
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
    if (cap_type(vs) != MT_CAP_VSPACE || !root_of(cap_vspace_asid(vs)))
        return inv_invalid_cap(1);
    if (!IS_ALIGNED(vaddr, cap_frame_bits(f)))
        return MT_ALIGNMENT_ERROR;
    if (vaddr >= MT_USER_TOP || vaddr + BIT(cap_frame_bits(f)) > MT_USER_TOP)
        return inv_invalid_arg(0);
    if (!vm)
        return inv_invalid_arg(1);
    unsigned asid = cap_vspace_asid(vs);
    if (cap_mapped_asid(f) && (cap_mapped_asid(f) != asid || cap_mapped_vaddr(f) != vaddr))
        return inv_invalid_cap(0);   /* mapped elsewhere: unmap first */
    err = map_frame(cap_paddr(vs), asid, vaddr, cap_paddr(f), cap_frame_big(f), vm);
    if (err == MT_OK)
        iv->slot->cap = cap_set_mapping(f, asid, vaddr);
    return err;
}

int decode_frame(struct invocation *iv)
{
    switch (iv->label) {
    case MT_FRAME_MAP: return decode_frame_map(iv);
    case MT_FRAME_UNMAP:
        frame_unmap(iv->cap);
        iv->slot->cap = cap_set_mapping(iv->cap, 0, 0);
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
         * does not come along when it is mapped again. */
        if (!cte_is_final(iv->slot))
            return MT_REVOKE_FIRST;
        page_table_unmap(pt);
        memset(cap_object(pt), 0, BIT(MT_PAGE_TABLE_SIZE_BITS));
        iv->slot->cap = cap_set_mapping(pt, 0, 0);
        return MT_OK;
    }
    if (iv->label != MT_PAGE_TABLE_MAP)
        return MT_ILLEGAL_OPERATION;
    int err = inv_need(iv, 1, 1);
    if (err)
        return err;
    struct cap vs = iv->extra[0]->cap;
    word_t vaddr = inv_arg(iv, 0), at;
    if (cap_type(vs) != MT_CAP_VSPACE || !root_of(cap_vspace_asid(vs)))
        return inv_invalid_cap(1);
    if (cap_mapped_asid(pt))
        return inv_invalid_cap(0);   /* already mapped */
    if (vaddr >= MT_USER_TOP)
        return inv_invalid_arg(0);
    err = map_page_table(cap_paddr(vs), vaddr, cap_paddr(pt), &at);
    if (err == MT_OK)
        iv->slot->cap = cap_set_mapping(pt, cap_vspace_asid(vs), at);
    return err;
}

#ifdef KERNEL_DEBUG
paddr_t vspace_asid_root(unsigned asid) { return asid_table[asid]; }
#endif
