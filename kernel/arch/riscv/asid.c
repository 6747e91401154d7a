/* SPDX-License-Identifier: BSD-2-Clause */
/* ASIDs and ASID pools, along seL4's lines.
 *
 * The ASID-control cap makes a pool from a 4 KiB untyped; a pool covers
 * 2^MT_ASID_POOL_BITS consecutive ASIDs (one word each: the root it gave
 * that ASID to) and sits in one of the MT_ASID_POOLS slots of the static
 * pool table, which fixes its ASID range.  Assign gives a VSpace an ASID
 * from a pool once in its life; until then nothing can be mapped into it
 * and no TCB can take it.  Deleting the VSpace frees the ASID; deleting
 * the pool (or a page table that still maps something, see vspace.c)
 * kills the ASIDs of its VSpaces: they are never assigned again, their
 * threads run on the kernel-only root and fault.
 *
 * A VSpace keeps its own state in root entries the kernel window leaves
 * unused: its ASID, its tag (a number no other VSpace had, so a mapping
 * record from before an ASID was reused does not match) and the head of
 * the list of TCBs whose cached satp names it.  The list is doubly linked
 * through the TCBs by physical address (32 bits each, so the TCB keeps its
 * 512 bytes): a thread leaves it in O(1) wherever it is.  The values are
 * even, so the hardware sees invalid PTEs.
 *
 * The hardware ASID is the ASID: TLB entries are tagged with it, so it is
 * flushed when it is given out and when it is freed or killed.  Boot
 * checks that the hart implements enough ASID bits. */
#include "asid.h"
#include "cap.h"
#include "cdt.h"
#include "cspace.h"
#include "csr.h"
#include "invoke.h"
#include "layout.h"
#include "vspace_switch.h"

#define ROOT_TCBS 509
#define ROOT_TAG 510
#define ROOT_ASID 511
#define ASID_DEAD 0xffffu       /* killed: never assigned again */
#define SATP_PPN_MASK MASK(44)
#define SATP_ASID_SHIFT 44
_Static_assert(ROOT_TCBS >= 256 + 4, "metadata stays out of the kernel window");
_Static_assert(KERNEL_WINDOW_BYTES <= BIT(32), "a TCB's physical address fits its 32-bit links");
_Static_assert(MT_MAX_ASIDS <= ASID_DEAD, "a real ASID is never the dead mark");
_Static_assert(BIT(MT_ASID_POOL_BITS) * sizeof(paddr_t) == BIT(MT_ASID_POOL_SIZE_BITS),
               "a pool is one word per ASID");

static paddr_t *pools[MT_ASID_POOLS];   /* pool objects; NULL = free slot */
/* The pool's last cap is going: its VSpaces' threads are let go one a
 * step (delete.c), and no thread joins them meanwhile. */
static bool pool_dying[MT_ASID_POOLS];
static word_t next_tag = 1;
word_t kernel_satp;                      /* ASID 0, the kernel window only */

static word_t *meta(paddr_t root, int i) { return (word_t *)phys_to_virt(root) + i; }

/* The VSpace's thread list: links are TCB physical addresses, 0 = none. */
static struct tcb *tcb_at(word_t pa) { return pa ? phys_to_virt(pa) : NULL; }
static uint32_t tcb_link(struct tcb *t) { return t ? (uint32_t)virt_to_phys(t) : 0; }

void asid_boot_init(paddr_t kernel_root)
{
    kernel_satp = SATP_SV39 | (kernel_root >> 12);
    /* the ASID field keeps only the bits the hart implements */
    csr_write(satp, kernel_satp | (0xfffful << SATP_ASID_SHIFT));
    word_t implemented = (csr_read(satp) >> SATP_ASID_SHIFT) & 0xffff;
    csr_write(satp, kernel_satp);
    sfence_vma_all();
    if (implemented < MT_MAX_ASIDS - 1)
        panic("the hart implements too few ASID bits for MT_MAX_ASIDS");
}

unsigned vspace_asid(paddr_t root)
{
    word_t a = *meta(root, ROOT_ASID) >> 1;
    return a == ASID_DEAD ? 0 : (unsigned)a;
}

word_t vspace_tag(paddr_t root) { return *meta(root, ROOT_TAG) >> 1; }

static paddr_t *pool_entry(unsigned asid)
{
    paddr_t *pool = pools[asid >> MT_ASID_POOL_BITS];
    return pool ? &pool[asid & MASK(MT_ASID_POOL_BITS)] : NULL;
}

paddr_t asid_root(unsigned asid)
{
    paddr_t *e = asid ? pool_entry(asid) : NULL;
    return e ? *e : 0;
}

word_t vspace_next_id(void) { return next_tag++; }

word_t vspace_satp(paddr_t root)
{
    unsigned a = vspace_asid(root);
    return a ? SATP_SV39 | ((word_t)a << SATP_ASID_SHIFT) | (root >> 12) : kernel_satp;
}

/* The root t's cached satp names (t is on its list), or 0. */
static paddr_t linked_root(struct tcb *t)
{
    if (!t->satp || (t->satp & SATP_PPN_MASK) == (kernel_satp & SATP_PPN_MASK))
        return 0;
    return (t->satp & SATP_PPN_MASK) << 12;
}

paddr_t tcb_vspace_root(struct tcb *t) { return linked_root(t); }

/* A new TCB (clear memory: on no VSpace's list) runs on the kernel
 * window until it has a VSpace. */
void vspace_tcb_init(struct tcb *t)
{
    t->satp = kernel_satp;
}

void vspace_meta_init(paddr_t root)
{
    *meta(root, ROOT_TCBS) = 0;
    *meta(root, ROOT_TAG) = *meta(root, ROOT_ASID) = 0;
}

void vspace_unbind_tcb(struct tcb *t)
{
    paddr_t root = linked_root(t);
    if (root) {
        struct tcb *prev = tcb_at(t->vs_prev), *next = tcb_at(t->vs_next);
        if (prev)
            prev->vs_next = t->vs_next;
        else
            *meta(root, ROOT_TCBS) = t->vs_next;
        if (next)
            next->vs_prev = t->vs_prev;
    }
    t->vs_next = t->vs_prev = 0;
    t->satp = kernel_satp;
}

/* t's satp follows the VSpace cap now in its slot (or its absence). */
void vspace_bind_tcb(struct tcb *t)
{
    vspace_unbind_tcb(t);
    struct cap vs = t->vspace_root.cap;
    if (cap_type(vs) != MT_CAP_VSPACE || !vspace_asid(cap_paddr(vs)))
        return;
    paddr_t root = cap_paddr(vs);
    if (asid_dying(vspace_asid(root)))
        return;   /* as if its ASID were gone already */
    struct tcb *head = tcb_at(*meta(root, ROOT_TCBS));
    t->vs_next = tcb_link(head);
    if (head)
        head->vs_prev = tcb_link(t);
    *meta(root, ROOT_TCBS) = tcb_link(t);
    t->satp = vspace_satp(root);
}

bool vspace_has_threads(paddr_t root) { return *meta(root, ROOT_TCBS) != 0; }

bool asid_dying(unsigned asid) { return asid && pool_dying[asid >> MT_ASID_POOL_BITS]; }

/* The first thread on the VSpace's list leaves it (and its ASID). */
void vspace_release_thread(paddr_t root)
{
    struct tcb *t = tcb_at(*meta(root, ROOT_TCBS)), *next = tcb_at(t->vs_next);
    *meta(root, ROOT_TCBS) = t->vs_next;
    if (next)
        next->vs_prev = 0;
    t->vs_next = t->vs_prev = 0;
    t->satp = kernel_satp;
}

/* The VSpace's ASID goes (freed or killed): its threads lose it (one a
 * step before this, delete.c: the loop finds none), the TLB forgets it,
 * and the hart leaves it if it is there. */
static void drop_asid(paddr_t root, word_t mark)
{
    unsigned a = vspace_asid(root);
    while (vspace_has_threads(root))
        vspace_release_thread(root);
    if (!a)
        return;
    *meta(root, ROOT_ASID) = mark << 1;
    *pool_entry(a) = 0;
    sfence_vma_asid(a);
    if ((csr_read(satp) & SATP_PPN_MASK) == root >> 12)
        satp_switch(kernel_satp);
}

void vspace_destroy(struct cap c) { drop_asid(cap_paddr(c), 0); }
void vspace_kill(paddr_t root) { drop_asid(root, ASID_DEAD); }

/* The first VSpace the pool still gives an ASID, 0 if none (512 words
 * at most: a bounded step). */
static paddr_t pool_first_vspace(struct cap c)
{
    paddr_t *pool = cap_object(c);
    for (unsigned i = 0; i < BIT(MT_ASID_POOL_BITS); i++)
        if (pool[i])
            return pool[i];
    return 0;
}

bool asid_pool_in_use(struct cap c) { return pool_first_vspace(c) != 0; }

/* A dying pool lets go of one thing: a thread of its first VSpace, or,
 * when that has none left, the VSpace's ASID. */
void asid_pool_release_one(struct cap c)
{
    paddr_t root = pool_first_vspace(c);
    pool_dying[cap_asid_pool_first(c) >> MT_ASID_POOL_BITS] = true;
    if (vspace_has_threads(root))
        vspace_release_thread(root);
    else
        vspace_kill(root);
}

void asid_pool_destroy(struct cap c)
{
    unsigned first = cap_asid_pool_first(c);
    paddr_t *pool = cap_object(c);
    while (asid_pool_in_use(c))   /* none left by now (delete.c) */
        asid_pool_release_one(c);
    if (pools[first >> MT_ASID_POOL_BITS] == pool) {
        pools[first >> MT_ASID_POOL_BITS] = NULL;
        pool_dying[first >> MT_ASID_POOL_BITS] = false;
    }
}

/* An ASID from the pool for a VSpace that never had one; 0 if the pool
 * is full.  ASID 0 is the kernel's. */
unsigned asid_assign(struct cap pool_cap, paddr_t root)
{
    unsigned first = cap_asid_pool_first(pool_cap);
    paddr_t *pool = cap_object(pool_cap);
    for (unsigned i = first ? 0 : 1; i < BIT(MT_ASID_POOL_BITS); i++) {
        if (pool[i])
            continue;
        pool[i] = root;
        *meta(root, ROOT_ASID) = (word_t)(first + i) << 1;
        *meta(root, ROOT_TAG) = vspace_next_id() << 1;
        sfence_vma_asid(first + i);
        return first + i;
    }
    return 0;
}

/* A pool at pa (cleared) in a free slot of the table; null cap if none. */
struct cap asid_pool_make(paddr_t pa)
{
    for (unsigned i = 0; i < MT_ASID_POOLS; i++) {
        if (!pools[i]) {
            pools[i] = phys_to_virt(pa);
            memset(pools[i], 0, BIT(MT_ASID_POOL_SIZE_BITS));
            return cap_asid_pool(pa, i << MT_ASID_POOL_BITS);
        }
    }
    return cap_null();
}

static int make_pool(struct invocation *iv)
{
    int err = inv_need(iv, 2, 2);
    if (err)
        return err;
    struct cte *ut = iv->extra[0];
    struct cap u = ut->cap;
    if (cap_type(u) != MT_CAP_UNTYPED || cap_untyped_device(u) ||
        cap_untyped_bits(u) != MT_ASID_POOL_SIZE_BITS || cte_has_children(ut))
        return inv_invalid_cap(1);
    struct lookup l = lookup_slot_for_op(iv->extra[1]->cap, inv_arg(iv, 0), inv_arg(iv, 1));
    if (!l.slot)
        return inv_lookup_error(false, l.failure);
    if (!cap_is_null(l.slot->cap))
        return MT_DELETE_FIRST;
    struct cap pool = asid_pool_make(cap_untyped_paddr(u));
    if (cap_is_null(pool))
        return MT_DELETE_FIRST;   /* every slot of the pool table is taken */
    ut->cap = cap_untyped_set_free(u, BIT(MT_ASID_POOL_SIZE_BITS));
    cte_insert_original(pool, ut, l.slot);
    return MT_OK;
}

int decode_asid_control(struct invocation *iv)
{
    return iv->label == MT_ASID_CONTROL_MAKE_POOL ? make_pool(iv) : MT_ILLEGAL_OPERATION;
}

int decode_asid_pool(struct invocation *iv)
{
    if (iv->label != MT_ASID_POOL_ASSIGN)
        return MT_ILLEGAL_OPERATION;
    int err = inv_need(iv, 0, 1);
    if (err)
        return err;
    struct cap vs = iv->extra[0]->cap;
    if (cap_type(vs) != MT_CAP_VSPACE || *meta(cap_paddr(vs), ROOT_ASID))
        return inv_invalid_cap(1);
    return asid_assign(iv->cap, cap_paddr(vs)) ? MT_OK : MT_DELETE_FIRST;
}
