/* SPDX-License-Identifier: BSD-2-Clause */
/* The disk under the store: the virtio-blk driver library
 * (lib/mote/dev/virtio_blk.c) on this component's virtio-mmio slot, its
 * DMA pages from the memory manager, and the store_dev the store does
 * its I/O through.  Requests are interrupt-driven: the control thread
 * starts one and waits on the IRQ notification until the device gives it
 * back (the only thread, so one request at a time). */
#include <libmote/component.h>
#include <libmote/rpc.h>
#include <libmote/print.h>
#include <libmote/dev/virtio_blk.h>
#include "../interfaces/memory.h"
#include "disk.h"

MT_RPC_CLIENT(memory, MEMORY_METHODS)

/* Above the image, in the 2 MiB region whose page table motec made: the
 * queue page, then the two pages of the store's I/O buffer. */
#define DMA_PAGES 3
#define DMA_VADDR 0x1fd000ul
#define QUEUE_VADDR DMA_VADDR
#define BUF_VADDR (DMA_VADDR + 0x1000ul)
#define PAGE 4096ul
/* The queue page: the queue and the request header and status (less
 * than VIO_QUEUE_BYTES + 32), then the store's scratch (two sectors) from
 * 1 KiB, and its index in the second half: no static memory for them. */
#define SCRATCH_VADDR (QUEUE_VADDR + 1024ul)
#define INDEX_VADDR (QUEUE_VADDR + 2048ul)
_Static_assert(VIO_QUEUE_BYTES + 32 <= 1024 && 1024 + 2 * STORE_SECTOR <= 2048 &&
               2048 + STORE_MAX_OBJECTS * sizeof(struct store_entry) <= PAGE,
               "scratch and index fit the queue page");
extern char __image_end[];           /* lib/mote/component.ld */
_Static_assert(STORE_BUF_SECTORS * STORE_SECTOR == 2 * PAGE, "the buffer is two pages");

static struct vblk blk;
static unsigned long paddr[DMA_PAGES];
static struct store_dev dev;

/* Page i from the memory manager, mapped at DMA_VADDR + i pages. */
static int dma_page(unsigned i)
{
    mt_cptr_t slot = MT_SLOT_FIRST_FREE + i;
    mt_word_t pa = 0;
    mt_rpc_accept_cap(slot);
    long handle = memory_alloc();
    if (handle < 0 || mt_rpc_caps_received() != 1)
        return -1;
    if (mt_frame_map(slot, MT_SLOT_VSPACE, DMA_VADDR + i * PAGE, MT_VM_READ | MT_VM_WRITE) ||
        mt_frame_get_address(slot, &pa)) {
        memory_free(handle);
        return -1;
    }
    paddr[i] = pa;
    return 0;
}

/* Wait for the request in flight; the device's status. */
static int finish(void)
{
    for (;;) {
        mt_event_wait(irq);
        int st = vblk_done(&blk);
        mt_irq_ack(irq, irq);
        if (st != VBLK_PENDING)
            return st;
    }
}

/* n sectors to or from buf, which lies in the two buffer pages: one
 * segment per page it touches (the pages are not contiguous in RAM). */
static int transfer(unsigned type, unsigned long sector, unsigned n, const void *buf)
{
    unsigned long off = (unsigned long)buf - BUF_VADDR, bytes = (unsigned long)n * STORE_SECTOR;
    struct vio_seg seg[2];
    unsigned k = 0;
    if ((unsigned long)buf < BUF_VADDR || off + bytes > 2 * PAGE)
        return -1;
    while (bytes) {
        unsigned long in = off % PAGE, len = bytes < PAGE - in ? bytes : PAGE - in;
        seg[k++] = (struct vio_seg){ paddr[1 + off / PAGE] + in, (unsigned)len, 0 };
        off += len;
        bytes -= len;
    }
    if (vblk_start(&blk, type, sector, seg, k) != VBLK_OK)
        return -1;
    return finish() == VBLK_OK ? 0 : -1;
}

static int rd(struct store_dev *d, unsigned long sector, unsigned n, void *buf)
{
    (void)d;
    return transfer(VBLK_IN, sector, n, buf);
}

static int wr(struct store_dev *d, unsigned long sector, unsigned n, const void *buf)
{
    (void)d;
    return transfer(VBLK_OUT, sector, n, buf);
}

/* Without the flush feature the device writes through. */
static int fl(struct store_dev *d)
{
    (void)d;
    if (!blk.can_flush)
        return 0;
    if (vblk_start(&blk, VBLK_FLUSH, 0, 0, 0) != VBLK_OK)
        return -1;
    return finish() == VBLK_OK ? 0 : -1;
}

/* mt_puts of a + b + n (unless ~0) + c: no printf in this component. */
void say(const char *a, const char *b, unsigned long n, const char *c)
{
    struct st_line l = { .n = 0 };
    st_put_s(&l, a);
    st_put_s(&l, b);
    if (n != ~0ul)
        st_put_u(&l, n);
    st_put_s(&l, c);
    st_put_s(&l, "\n");
    mt_puts(l.b);
}

struct store_dev *disk_init(void)
{
    if ((unsigned long)__image_end > DMA_VADDR) {
        mt_puts("storage: image overlaps the DMA pages\n");
        return 0;
    }
    for (unsigned i = 0; i < DMA_PAGES; i++)
        if (dma_page(i)) {
            mt_puts("storage: no DMA page\n");
            return 0;
        }
    int err = vblk_init(&blk, (volatile void *)MT_VADDR_regs, (void *)QUEUE_VADDR, paddr[0]);
    if (err) {
        say("storage: no disk: ", vio_strerror(err), ~0ul, "");
        return 0;
    }
    dev = (struct store_dev){ blk.sectors, (unsigned char *)BUF_VADDR,
                              (unsigned char *)SCRATCH_VADDR, (struct store_entry *)INDEX_VADDR,
                              rd, wr, fl };
    say("storage: virtio-blk on virtio-mmio v", "", blk.vio.version,
        blk.vio.version == 1 ? " (legacy)" : "");
    say("storage: disk of ", "", blk.sectors / 2,
        blk.can_flush ? " KiB, write cache flushed on every commit" : " KiB, write-through");
    return &dev;
}

static inline unsigned long rdinstret(void)
{
    unsigned long v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

/* blk_read_4k: one 8-sector read, request to completion. */
unsigned long disk_bench_read(void)
{
    if (!dev.sectors || dev.sectors < 8)
        return 0;
    unsigned long t0 = rdinstret();
    int err = transfer(VBLK_IN, 0, 8, dev.buf);
    unsigned long t1 = rdinstret();
    return err ? 0 : t1 - t0;
}
