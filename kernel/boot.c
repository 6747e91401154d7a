/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot: find RAM, build the root task from the ELF image embedded in the
 * kernel, hand every other byte of memory to it as untyped caps, and run
 * it.
 *
 * The root task's own objects (CNode, VSpace, page tables, frames, TCB)
 * are carved out of one untyped block whose cap it also gets, flagged
 * MT_UT_ROOT_TASK: revoking that cap destroys the root task and returns
 * its memory, which is how a system gets its boot memory back. */
#include "asid.h"
#include "cap.h"
#include "cdt.h"
#include "csr.h"
#include "boot.h"
#include <mote/archive.h>
#include "irq.h"
#include "layout.h"
#include "machine.h"
#include "sched.h"
#include "syscall.h"
#include "tcb.h"
#include "untyped.h"
#include "vspace.h"

extern char _kernel_start[], _root_elf_start[], _root_elf_end[];
extern char _archive_start[], _archive_end[], _bss_start[], _kernel_end[];
extern char trap_entry[];

#define MAX_SEGMENTS 8

/* The free root CNode slots the image's root task asks for
 * (kernel/arch/riscv/payload.S, from mkarchive --root-cnode-slots): the
 * kernel adds the slots it fills itself, the untyped caps as it really
 * hands them out among them, and takes the smallest CNode that holds all.
 * An image linked without it (make size, the kernel tests) gets the ABI's
 * default size. */
extern const word_t root_cnode_slots __attribute__((weak));
#define ROOT_PRIORITY MT_MAX_PRIORITY

static struct {
    paddr_t ram_base, ram_end;
    struct elf_segment seg[MAX_SEGMENTS];
    int n_seg;
    word_t entry, image_lo, image_hi;      /* page-aligned image span */
    word_t bootinfo_va, ipcbuf_va, archive_va, end_va;
    paddr_t ut_base, ut_next;              /* root task's untyped block */
    int ut_bits;
    struct cte *slots;                     /* root CNode */
    word_t next_slot, pt_next;
    word_t cnode_bits;                     /* root CNode: 2^cnode_bits slots */
    word_t n_untyped;                      /* untyped caps (counted first) */
    bool counting;                         /* add_untyped only counts */
    struct mt_bootinfo *bi;
    unsigned asid;
    paddr_t vspace;
} b;

static paddr_t kpa(const void *va) { return virt_to_phys(va); }
static word_t archive_bytes(void) { return (word_t)(_archive_end - _archive_start); }

static word_t image_bytes(void)
{
    return (word_t)(_root_elf_start - _kernel_start) + (word_t)(_kernel_end - _bss_start);
}

bool phys_is_ram(paddr_t pa)
{
    return pa >= b.ram_base && pa < b.ram_end;
}

void kernel_info(word_t out[4])
{
    out[MT_KINFO_IMAGE_BYTES] = image_bytes();
    out[MT_KINFO_RAM_BYTES] = b.ram_end - b.ram_base;
    out[MT_KINFO_TICKS] = timer_ticks();
    out[MT_KINFO_TIMESLICE] = timer_tick_length() * TIMESLICE_TICKS;
}

/* The root task's untyped block for a CNode of 2^bits slots: everything
 * the kernel makes for the root task, the CNode first, right after the
 * kernel image. */
static void place_root_block(word_t bits)
{
    word_t bytes = BIT(bits + MT_SLOT_SIZE_BITS) + BIT(MT_VSPACE_SIZE_BITS) +
                   mt_boot_page_tables(b.image_lo, b.end_va) * BIT(MT_PAGE_TABLE_SIZE_BITS) +
                   ((b.image_hi - b.image_lo) >> 12) * MT_PAGE_SIZE + MT_PAGE_SIZE +
                   BIT(MT_TCB_SIZE_BITS);
    b.cnode_bits = bits;
    b.ut_bits = MT_PAGE_BITS;
    while (BIT(b.ut_bits) < bytes)
        b.ut_bits++;
    b.ut_base = ALIGN_UP(kpa(_kernel_end), BIT(b.ut_bits));
    b.ut_next = b.ut_base;
    if (b.ut_base + BIT(b.ut_bits) + BIT(MT_ASID_POOL_SIZE_BITS) > b.ram_end)
        panic("not enough memory for the root task");
}

/* The boot ASID pool's page: the first after the kernel image when the
 * root task's block (aligned to its size) leaves one there, so the RAM
 * around it splits into no more untyped than without it; else the first
 * after the block. */
static paddr_t boot_pool_pa(void)
{
    paddr_t kernel_end = ALIGN_UP(kpa(_kernel_end), MT_PAGE_SIZE);
    return kernel_end < b.ut_base ? kernel_end : b.ut_base + BIT(b.ut_bits);
}

static word_t count_untyped(void);

/* The smallest root CNode with the slots the image asks for free after
 * the kernel's: its initial caps, a cap per image page, page table and
 * archive page, and the untyped caps (their number depends on where the
 * root task's block lies, so on the CNode's size). */
static void size_root_cnode(void)
{
    if (!&root_cnode_slots) {
        place_root_block(MT_INIT_CNODE_BITS);
        return;
    }
    word_t need = MT_INIT_FIRST_FREE + ((b.image_hi - b.image_lo) >> 12) +
                  mt_boot_page_tables(b.image_lo, b.end_va) +
                  ((b.end_va - b.archive_va) >> 12) + root_cnode_slots;
    for (word_t bits = MT_INIT_CNODE_MIN_BITS; bits <= MT_INIT_CNODE_MAX_BITS; bits++) {
        place_root_block(bits);
        if (need + count_untyped() <= BIT(bits))
            return;
    }
    panic("the root task needs more root CNode slots than the kernel gives");
}

static void plan_root_task(void)
{
    word_t size = (word_t)(_root_elf_end - _root_elf_start);
    b.n_seg = elf_segments(_root_elf_start, size, b.seg, MAX_SEGMENTS, &b.entry);
    if (b.n_seg <= 0)
        panic("root task image is not a RISC-V ELF64 executable");
    b.image_lo = ~0ul;
    b.image_hi = 0;
    for (int i = 0; i < b.n_seg; i++) {
        word_t lo = b.seg[i].vaddr & ~MASK(12), hi = ALIGN_UP(b.seg[i].vaddr + b.seg[i].memsz, 4096);
        b.image_lo = lo < b.image_lo ? lo : b.image_lo;
        b.image_hi = hi > b.image_hi ? hi : b.image_hi;
    }
    b.bootinfo_va = b.image_hi;
    b.ipcbuf_va = b.bootinfo_va + MT_BOOT_IPC_BUFFER_OFFSET;
    b.archive_va = b.image_hi + MT_BOOT_PAGES_AFTER_IMAGE * MT_PAGE_SIZE;
    b.end_va = b.archive_va + ALIGN_UP(archive_bytes(), MT_PAGE_SIZE);
    if (b.image_lo == 0 || b.end_va > MT_USER_TOP)
        panic("root task image does not fit the user address range");
    size_root_cnode();
    b.n_untyped = count_untyped();
}

static struct cte *slot_at(word_t i) { return &b.slots[i]; }

/* The next object of the root task, from its untyped block. */
static paddr_t take(int bits)
{
    paddr_t pa = ALIGN_UP(b.ut_next, BIT(bits));
    b.ut_next = pa + BIT(bits);
    memset(phys_to_virt(pa), 0, BIT(bits));
    return pa;
}

static struct cte *ut_slot;

static word_t new_object(enum mt_object_type type, word_t size_bits, word_t slot)
{
    paddr_t pa = take(mt_object_size_bits(type, size_bits));
    cte_insert_original(create_object(type, size_bits, pa, false), ut_slot, slot_at(slot));
    return pa;
}

/* Maps a frame into the root task, making page tables on the way. */
static void boot_map(word_t vaddr, word_t frame_slot, unsigned vm)
{
    struct cte *f = slot_at(frame_slot);
    word_t table;
    while (map_frame(b.vspace, b.asid, vaddr, cap_paddr(f->cap), false, vm, &table) != MT_OK) {
        word_t s = b.pt_next++, at;
        if (s >= b.bi->page_tables.end)
            panic("boot page-table estimate too small");
        paddr_t pt = new_object(MT_OBJ_PAGE_TABLE, 0, s);
        if (map_page_table(b.vspace, vaddr, pt, &at, &table) != MT_OK)
            panic("boot mapping failed");
        slot_at(s)->cap = cap_set_mapping(slot_at(s)->cap, b.asid, at, table);
    }
    f->cap = cap_set_mapping(f->cap, b.asid, vaddr, table);
}

/* The boot pool gives the root task's VSpace its ASID.  It lies in a page
 * of its own (boot_pool_pa), not in the root task's block, handed out as an
 * untyped flagged MT_UT_BOOT_POOL that it is the child of (add_untyped),
 * so it outlives the root task if a system keeps it: then the system's
 * pool is this one, not a second. */
static void make_boot_pool(void)
{
    paddr_t pa = boot_pool_pa();
    memset(phys_to_virt(pa), 0, BIT(MT_ASID_POOL_SIZE_BITS));
    struct cap pool = asid_pool_make(pa);
    if (cap_is_null(pool))
        panic("no slot for the boot ASID pool");
    cte_insert_original(pool, NULL, slot_at(MT_INIT_ASID_POOL));
    b.asid = asid_assign(pool, b.vspace);
    cte_insert_original(cap_asid_control(), NULL, slot_at(MT_INIT_ASID_CONTROL));
}

static void load_image(void)
{
    word_t first = b.next_slot;
    word_t pages = (b.image_hi - b.image_lo) >> 12;
    b.next_slot += pages;
    for (word_t p = 0; p < pages; p++)
        new_object(MT_OBJ_FRAME_4K, 0, first + p);
    for (int i = 0; i < b.n_seg; i++) {
        struct elf_segment *s = &b.seg[i];
        for (word_t off = 0; off < s->filesz; off++) {
            word_t va = s->vaddr + off;
            char *page = cap_object(slot_at(first + ((va - b.image_lo) >> 12))->cap);
            page[va & MASK(12)] = _root_elf_start[s->offset + off];
        }
    }
    b.bi->image_frames = (struct mt_slot_region){ first, first + pages };
    word_t n_pt = mt_boot_page_tables(b.image_lo, b.end_va);
    b.bi->page_tables = (struct mt_slot_region){ b.next_slot, b.next_slot + n_pt };
    b.pt_next = b.next_slot;
    b.next_slot += n_pt;
    for (word_t p = 0; p < pages; p++) {
        word_t va = b.image_lo + (p << 12);
        unsigned vm = 0;
        for (int i = 0; i < b.n_seg; i++)
            if (va + MT_PAGE_SIZE > b.seg[i].vaddr && va < b.seg[i].vaddr + b.seg[i].memsz)
                vm |= b.seg[i].vm;
        boot_map(va, first + p, vm ? vm : MT_VM_READ);
    }
}

static void map_boot_pages(void)
{
    /* read-write: the IPC buffer is the page's last 512 bytes */
    boot_map(b.bootinfo_va, MT_INIT_BOOTINFO_FRAME, MT_VM_READ | MT_VM_WRITE);
    /* The archive is mapped in place, read-only: it is kernel image memory
     * and belongs to no untyped. */
    word_t n = (b.end_va - b.archive_va) >> 12;
    word_t first = b.next_slot;
    b.next_slot += n;
    for (word_t p = 0; p < n; p++) {
        paddr_t pa = kpa(_archive_start) + (p << 12);
        cte_insert_original(cap_frame(pa, false, false, MT_RIGHT_READ), NULL, slot_at(first + p));
        boot_map(b.archive_va + (p << 12), first + p, MT_VM_READ);
    }
    b.bi->archive_frames = (struct mt_slot_region){ first, first + n };
    b.bi->archive_vaddr = b.archive_va;
    b.bi->archive_bytes = archive_bytes();
}

/* The archive frames in [lo, hi) become children of the untyped ut. */
static void adopt_archive_frames(struct cte *ut, paddr_t lo, paddr_t hi)
{
    for (word_t i = b.bi->archive_frames.start; i < b.bi->archive_frames.end; i++) {
        paddr_t pa = cap_paddr(slot_at(i)->cap);
        if (pa >= lo && pa < hi)
            cte_adopt(slot_at(i), ut);
    }
}

/* Hands [lo, hi) out as the largest aligned power-of-two untyped blocks.
 * Boot-archive blocks are handed out full: their frames are in use until
 * the block is revoked. */
static void add_untyped(paddr_t lo, paddr_t hi, unsigned flags)
{
    struct mt_bootinfo *bi = b.bi;
    while (hi > lo && hi - lo >= BIT(MT_UNTYPED_MIN_BITS)) {
        int bits = MT_UNTYPED_MAX_BITS;
        while (bits > MT_UNTYPED_MIN_BITS && (!IS_ALIGNED(lo, bits) || BIT(bits) > hi - lo))
            bits--;
        if (b.counting) {
            b.n_untyped++;
            lo += BIT(bits);
            continue;
        }
        word_t i = bi->untyped.end - bi->untyped.start;
        if (i == MT_MAX_BOOT_UNTYPED)
            panic("too many boot untyped regions");
        bi->untyped_list[i] = (struct mt_untyped_desc){ lo, (unsigned char)bits, (unsigned char)flags, {0} };
        struct cte *ut = slot_at(bi->untyped.end++);
        bool archive = flags & MT_UT_BOOT_ARCHIVE;
        /* RAM's content is unknown: its watermark says all of it is to be
         * cleared (untyped.c, reset_untyped) before its first use */
        bool device = flags & MT_UT_DEVICE;
        cte_insert_original(cap_untyped(lo, bits, device, device ? 0 : BIT(bits)), NULL, ut);
        if (archive)
            adopt_archive_frames(ut, lo, lo + BIT(bits));
        if (flags & MT_UT_BOOT_POOL)
            cte_adopt(slot_at(MT_INIT_ASID_POOL), ut);
        lo += BIT(bits);
    }
}

/* Physical ranges never handed out as untyped: what the kernel drives
 * itself (the power-off device, the PLIC) and what firmware keeps (the
 * CLINT, /reserved-memory), in page-aligned form, sorted by base. */
#define MAX_WITHHELD 16
static struct fdt_range withheld[MAX_WITHHELD];
static int n_withheld;

static void withhold(paddr_t base, word_t size)
{
    if (n_withheld == MAX_WITHHELD) {
        kprintf("mote kernel: too many reserved ranges, %lx..%lx not withheld\n", base, base + size);
        return;
    }
    paddr_t lo = base & ~MASK(MT_PAGE_BITS), hi = ALIGN_UP(base + size, MT_PAGE_SIZE);
    int i = n_withheld++;
    for (; i > 0 && withheld[i - 1].base > lo; i--)
        withheld[i] = withheld[i - 1];
    withheld[i] = (struct fdt_range){ lo, hi - lo };
}

static void find_withheld(paddr_t dtb)
{
    struct fdt_range fw[MAX_WITHHELD];
    withhold(TEST_DEVICE_PADDR, MT_PAGE_SIZE);
    withhold(PLIC_PADDR, PLIC_SIZE);
    int n = fdt_firmware_ranges(dtb, fw, MAX_WITHHELD - 2);
    for (int i = 0; i < n; i++)
        withhold(fw[i].base, fw[i].size);
}

/* add_untyped for [lo, hi) minus the withheld ranges. */
static void add_untyped_except(paddr_t lo, paddr_t hi, unsigned flags)
{
    for (int i = 0; i < n_withheld && lo < hi; i++) {
        paddr_t wlo = withheld[i].base, whi = wlo + withheld[i].size;
        if (whi <= lo || wlo >= hi)
            continue;
        if (wlo > lo)
            add_untyped(lo, wlo, flags);
        lo = whi;
    }
    if (lo < hi)
        add_untyped(lo, hi, flags);
}

/* Where the archive's boot-only head ends (include/mote/archive.h: the
 * header, the directory and what only the rootserver reads come first,
 * the pages mapped in place after them); the archive's start if it is not
 * one mkarchive wrote, so nothing of it is handed out. */
static paddr_t boot_only_end(void)
{
    const struct mt_archive_header *h = (const void *)_archive_start;
    if (archive_bytes() < sizeof(*h) || h->magic != MT_ARCHIVE_MAGIC ||
        h->version != MT_ARCHIVE_VERSION || h->total_bytes > archive_bytes() ||
        !IS_ALIGNED(h->keep_offset, MT_PAGE_BITS) || h->keep_offset > h->total_bytes)
        return kpa(_archive_start);
    return kpa(_archive_start) + h->keep_offset;
}

/* Every untyped but the root task's block, in boot info's order. */
static void untyped_regions(void)
{
    paddr_t kernel_end = kpa(_kernel_end), ut_end = b.ut_base + BIT(b.ut_bits);
    paddr_t pool = boot_pool_pa(), pool_end = pool + BIT(MT_ASID_POOL_SIZE_BITS);
    /* the root task's ELF, copied now, and the rest of RAM but the pool */
    add_untyped_except(ALIGN_UP(kpa(_root_elf_start), MT_PAGE_SIZE), kpa(_archive_start) & ~MASK(12), 0);
    add_untyped_except(pool < b.ut_base ? pool_end : kernel_end, b.ut_base, 0);
    add_untyped_except(pool == ut_end ? pool_end : ut_end, b.ram_end, 0);
    add_untyped(pool, pool_end, MT_UT_BOOT_POOL);
    /* devices: everything below RAM except the withheld ranges */
    add_untyped_except(0, RAM_PADDR, MT_UT_DEVICE);
    /* last, the archive's boot-only head: full until revoked */
    add_untyped(kpa(_archive_start), boot_only_end(), MT_UT_BOOT_ARCHIVE);
}

/* How many untyped caps give_untyped will make, the root task's block
 * included, for the block where it now lies. */
static word_t count_untyped(void)
{
    b.counting = true;
    b.n_untyped = 1;
    untyped_regions();
    b.counting = false;
    if (b.n_untyped > MT_MAX_BOOT_UNTYPED)
        panic("too many boot untyped regions");
    return b.n_untyped;
}

static void give_untyped(void)
{
    struct mt_bootinfo *bi = b.bi;
    bi->untyped.start = bi->untyped.end = b.next_slot;
    /* the root task's block first; its cap already sits in that slot */
    bi->untyped_list[0] = (struct mt_untyped_desc){ b.ut_base, (unsigned char)b.ut_bits, MT_UT_ROOT_TASK, {0} };
    bi->untyped.end++;
    untyped_regions();
    b.next_slot = bi->untyped.end;
}

static void start_root_thread(void)
{
    struct tcb *t = cap_tcb_ptr(slot_at(MT_INIT_TCB)->cap);
    cte_insert(slot_at(MT_INIT_CNODE)->cap, slot_at(MT_INIT_CNODE), &t->cspace_root);
    cte_insert(slot_at(MT_INIT_VSPACE)->cap, slot_at(MT_INIT_VSPACE), &t->vspace_root);
    tcb_cache_spaces(t);
    cte_insert(cap_clear_mapping(slot_at(MT_INIT_IPC_BUFFER)->cap),
               slot_at(MT_INIT_IPC_BUFFER), &t->ipc_frame);
    t->ipc_buffer = b.ipcbuf_va;
    t->priority = t->mcp = ROOT_PRIORITY;
    t->regs[MT_REG_PC] = b.entry;
    t->regs[MT_REG_A0] = b.bootinfo_va;
    t->timeslice = TIMESLICE_TICKS;
    sched_wake(t, true);
}

static void create_root_task(void)
{
    plan_root_task();
    /* The CNode comes first in the block (it is the largest object), so
     * the untyped cap can live in the CNode it is the parent of. */
    paddr_t cnode = take((int)b.cnode_bits + MT_SLOT_SIZE_BITS);
    b.slots = phys_to_virt(cnode);
    b.next_slot = MT_INIT_FIRST_FREE;
    word_t ut_index = BIT(b.cnode_bits) - 1;    /* moved below later */
    ut_slot = slot_at(ut_index);
    cte_insert_original(cap_untyped(b.ut_base, b.ut_bits, false, 0), NULL, ut_slot);
    cte_insert_original(cap_cnode(cnode, (int)b.cnode_bits, MT_WORD_BITS - (int)b.cnode_bits, 0),
                        ut_slot, slot_at(MT_INIT_CNODE));
    b.vspace = new_object(MT_OBJ_VSPACE, 0, MT_INIT_VSPACE);
    make_boot_pool();
    paddr_t bi_pa = new_object(MT_OBJ_FRAME_4K, 0, MT_INIT_BOOTINFO_FRAME);
    b.bi = phys_to_virt(bi_pa);
    cte_insert(slot_at(MT_INIT_BOOTINFO_FRAME)->cap, slot_at(MT_INIT_BOOTINFO_FRAME),
               slot_at(MT_INIT_IPC_BUFFER));    /* the IPC buffer's frame: the same page */
    load_image();
    map_boot_pages();
    new_object(MT_OBJ_TCB, 0, MT_INIT_TCB);
    cte_insert_original(cap_irq_control(), NULL, slot_at(MT_INIT_IRQ_CONTROL));
    /* the root block's cap joins the other untyped caps */
    struct cte *final_ut = slot_at(b.next_slot);
    if (b.next_slot + b.n_untyped > ut_index)
        panic("root task image and archive need more slots than the root CNode has");
    cte_move(ut_slot->cap, ut_slot, final_ut);
    ut_slot = final_ut;
    /* record how much of the block is used: the rest stays retypable */
    ut_slot->cap = cap_untyped_set_free(ut_slot->cap, b.ut_next - b.ut_base);
    memset(phys_to_virt(b.ut_next), 0, b.ut_base + BIT(b.ut_bits) - b.ut_next);  /* clear above it */
    give_untyped();
    b.bi->init_cnode_bits = b.cnode_bits;
    b.bi->ipc_buffer = b.ipcbuf_va;
    b.bi->empty = (struct mt_slot_region){ b.next_slot, BIT(b.cnode_bits) };
    b.bi->kernel_image_bytes = image_bytes();
    b.bi->ram_base = b.ram_base;
    b.bi->ram_bytes = b.ram_end - b.ram_base;
    b.bi->root_task_bytes = BIT(b.ut_bits);
    b.bi->kernel_paddr = kpa(_kernel_start);
    start_root_thread();
}

NORETURN void kernel_main(word_t hart, paddr_t dtb)
{
    (void)hart;
    word_t size = 0;
    kprintf("mote kernel: image %lu bytes\n", image_bytes());
    if (!fdt_find_memory(dtb, &b.ram_base, &size)) {
        b.ram_base = RAM_PADDR;
        size = 128ul << 20;
    }
    b.ram_end = b.ram_base + size;
    find_withheld(dtb);
    if (b.ram_end > KERNEL_WINDOW_BYTES) {
        /* the kernel sees physical memory through a 4 GiB window */
        kprintf("mote kernel: using RAM below %lu GiB only\n", KERNEL_WINDOW_BYTES >> 30);
        b.ram_end = KERNEL_WINDOW_BYTES;
        size = b.ram_end - b.ram_base;
    }
    csr_write(stvec, trap_entry);
    csr_write(sscratch, 0);
    csr_write(scounteren, 7);       /* user may read cycle, time, instret */
    csr_clear(sstatus, SSTATUS_SPP | SSTATUS_FS);
    csr_set(sstatus, SSTATUS_SPIE);
    vspace_boot_init();
    irq_init();
    create_root_task();
    kprintf("mote kernel: %lu MiB RAM, root task %lu KiB, %lu untyped caps\n",
            size >> 20, BIT(b.ut_bits) >> 10, b.bi->untyped.end - b.bi->untyped.start);
    timer_init();
    schedule_and_run();
}
