/* SPDX-License-Identifier: BSD-2-Clause */
/* A driver for two virtio-mmio entropy devices whose interrupts arrive on
 * one notification (a shared_irq connection) and are dispatched by badge
 * bit in the control thread, MT_SHARED_IRQ_LOOP: no IRQ thread.
 *
 * Threads: the control thread sets both devices up (post_init) and then
 * only takes interrupts; the `rng` thread serves rng_read: it posts a
 * buffer, waits on `filled` until the control thread has taken that
 * device's interrupt, and replies with the bytes and the device's
 * interrupt count.  One request at a time (one rng thread), so each
 * device has at most one buffer in flight.
 *
 * DMA: each device gets a 4 KiB frame from the memory manager (a cap in
 * the reply of memory_alloc), mapped at DMA_VADDR(i), whose physical
 * address Frame_GetAddress tells; the virtqueue and the buffer live in it
 * (lib/mote/dev/virtio_mmio.c). */
#include <libmote/component.h>
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../interfaces/memory.h"
#include "../interfaces/rng.h"
#include "../interfaces/uart.h"
#include <libmote/dev/virtio_mmio.h>

MT_RPC_CLIENT(memory, MEMORY_METHODS)
MT_RPC_SERVER(rng, RNG_METHODS)

/* With the UART driver connected, mt_printf goes there: the release
 * kernel has no debug PutS (on the debug kernel, unconnected, PutS prints). */
#if MT_CONNECTED_uart
MT_RPC_CLIENT(uart, UART_METHODS)
UART_OUTPUT(uart)
#define SET_OUTPUT() mt_set_output(uart_output)
#else
#define SET_OUTPUT() ((void)0)
#endif

#define NDEV 2
/* Above the image, in the 2 MiB region whose page table motec made: no
 * page table to build, and nothing of motec's layout lives there. */
#define DMA_VADDR(i) (0x1fe000ul + (unsigned long)(i) * 0x1000ul)
extern char __image_end[];           /* lib/mote/component.ld */

struct dev {
    const char *name;
    int irq;                         /* PLIC source */
    volatile void *regs;
    struct vio_dev vio;
    int ready;                       /* at DRIVER_OK: requests allowed */
    unsigned long irqs;              /* interrupts delivered (control thread) */
    long filled;                     /* bytes given back; -1 while in flight */
};

/* The devices' fixed facts, read-only; post_init copies them into devs.
 * devs is then bss, not data: a restartable component with initialised
 * data needs a pristine copy of its data page (4 KiB more), one whose
 * data is all zero-filled does not. */
static const struct dev conf[NDEV] = {
    { .name = "virtio0", .irq = MT_IRQ_irq_virtio0_irq, .regs = (volatile void *)MT_VADDR_regs0 },
    { .name = "virtio1", .irq = MT_IRQ_irq_virtio1_irq, .regs = (volatile void *)MT_VADDR_regs1 },
};
static struct dev devs[NDEV];

/* A frame from the memory manager, mapped at DMA_VADDR(i): its physical
 * address (0: none) and the manager's handle for it.  After a restart by
 * the supervisor (fresh data, the same caps and mappings) the frame is
 * still in its slot and mapped: it is used again, not asked for twice. */
static unsigned long dma_page(unsigned i, long *handle)
{
    mt_cptr_t slot = MT_SLOT_FIRST_FREE + i;
    mt_word_t paddr = 0;
    if ((unsigned long)__image_end > DMA_VADDR(0))
        return 0;
    if (mt_frame_get_address(slot, &paddr) == MT_OK)
        return paddr;
    mt_rpc_accept_cap(slot);
    *handle = memory_alloc();
    if (*handle < 0 || mt_rpc_caps_received() != 1)
        return 0;
    if (mt_frame_map(slot, MT_SLOT_VSPACE, DMA_VADDR(i), MT_VM_READ | MT_VM_WRITE) ||
        mt_frame_get_address(slot, &paddr)) {
        memory_free(*handle);        /* revokes our copy, mapping and all */
        return 0;
    }
    return paddr;
}

/* The device keeps its frame for good; a slot without one gives it back. */
static void setup(struct dev *d, unsigned i)
{
    long handle = -1;
    unsigned long paddr = dma_page(i, &handle);
    if (!paddr) {
        mt_printf("shared_irq_driver: %s: no DMA page\n", d->name);
        return;
    }
    int err = vio_init(&d->vio, d->regs, (void *)DMA_VADDR(i), paddr, VIO_DEVICE_ENTROPY, 0);
    if (err) {
        mt_printf("shared_irq_driver: %s (irq %d): %s\n", d->name, d->irq, vio_strerror(err));
        if (handle >= 0)
            memory_free(handle);
        return;
    }
    d->ready = 1;
    mt_printf("shared_irq_driver: %s (irq %d): entropy device, virtio-mmio v%u, "
              "queue of %u, DMA page 0x%lx\n", d->name, d->irq, d->vio.version,
              d->vio.qsize, paddr);
}

void post_init(void)
{
    SET_OUTPUT();
    for (unsigned i = 0; i < NDEV; i++) {
        devs[i] = conf[i];
        setup(&devs[i], i);
    }
}

/* Control thread, from MT_SHARED_IRQ_LOOP (which then acks the IRQ).
 * Any device we touched is acked at the device too, ready or not, so its
 * line drops; only a ready one has buffers to give back. */
static void on_irq(struct dev *d)
{
    if (!d->vio.regs)
        return;                      /* never touched: not raising it */
    __atomic_add_fetch(&d->irqs, 1, __ATOMIC_RELAXED);
    long n = vio_irq(&d->vio);
    if (n >= 0 && d->ready) {
        __atomic_store_n(&d->filled, n, __ATOMIC_RELEASE);
        mt_emit(filled);
    }
}

static void on_virtio0(void) { on_irq(&devs[0]); }
static void on_virtio1(void) { on_irq(&devs[1]); }

/* rng thread: one buffer, then wait for the control thread to see it
 * back.  A signal may be left over from a buffer that came back before
 * we waited, hence the loop on `filled`. */
static void fetch(struct dev *d, struct rng_reply *r)
{
    long n;
    __atomic_store_n(&d->filled, -1, __ATOMIC_RELAXED);
    vio_post(&d->vio, RNG_BYTES);
    while ((n = __atomic_load_n(&d->filled, __ATOMIC_ACQUIRE)) < 0)
        mt_event_wait(filled_wait);
    const unsigned char *buf = vio_buffer(&d->vio);
    r->len = n < RNG_BYTES ? (unsigned)n : RNG_BYTES;
    for (unsigned k = 0; k < r->len; k++)
        r->b[k] = buf[k];
    r->status = RNG_OK;
}

struct rng_reply rng_read(unsigned dev)
{
    struct rng_reply r = { .status = RNG_NO_DEVICE };
    if (dev >= NDEV)
        return r;
    struct dev *d = &devs[dev];
    r.irq = d->irq;
    r.status = RNG_NOT_READY;
    if (d->ready)
        fetch(d, &r);
    r.irqs = __atomic_load_n(&d->irqs, __ATOMIC_RELAXED);
    return r;
}

/* Test hook (the console's `crash rng`): this thread faults while its
 * caller waits; the supervisor restarts the driver (restart policy in the
 * assembly) and the caller's call fails with MT_REPLY_LOST. */
int rng_crash(void)
{
    mt_printf("shared_irq_driver: crashing on request (writing to address 0)\n");
    *(volatile int *)0 = 1;
    return 0;
}

int run(void)
{
    MT_SHARED_IRQ_LOOP(irq, (virtio0_irq, on_virtio0), (virtio1_irq, on_virtio1));
}

MT_COMPONENT(MT_PROVIDES(rng));
