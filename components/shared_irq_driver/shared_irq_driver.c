/* SPDX-License-Identifier: BSD-2-Clause */
/* A driver for two virtio-mmio entropy devices whose interrupts arrive on
 * one notification (a shared_irq connection) and are dispatched by badge
 * bit (MT_SHARED_IRQ_DISPATCH): no IRQ thread.
 *
 * One thread: the control thread sets both devices up (post_init), then
 * serves rng_read and takes both devices' interrupts in the same
 * receive, the IRQ notification being bound to its TCB (run()).  A
 * request does not wait in a thread: it posts a buffer (unless one is in
 * flight for that device already), its caller is saved (mt_rpc_defer,
 * one free CNode slot per waiting request) and the interrupt that brings
 * the buffer back answers the oldest caller waiting for that device and
 * posts the next buffer if another waits.  So a second thread (a stack
 * page, a TCB and the notification between the two) buys nothing, and
 * both devices work for several callers at once.  A restart by the
 * supervisor deletes the saved callers' reply caps (lib/mote/restart.c):
 * their calls fail (MT_REPLY_LOST), none hangs.
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
    int ready;                       /* at DRIVER_OK and bound: requests allowed */
    unsigned long irqs;              /* interrupts delivered */
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

/* Callers waiting for a device, each saved in its own free slot past the
 * DMA frames': as many as the CNode has (cnode_free_slots: the frames and
 * 3 callers, so that it stays at 16 slots), at most 4 (bss shares the
 * page with the thread's stack).  A caller thread has one request at a
 * time, so that many never find the driver busy.  A device has a buffer
 * in flight exactly while a caller waits for it; `turn` orders them (the
 * oldest is answered first, the difference of turns telling across a
 * wrap). */
#define FREE_FOR_WAITING (MT_SLOT_COUNT - MT_SLOT_FIRST_FREE - NDEV)
#define NWAIT (FREE_FOR_WAITING < 4 ? FREE_FOR_WAITING : 4)
#define WAIT_SLOT(w) (MT_SLOT_FIRST_FREE + NDEV + (mt_cptr_t)(w))
_Static_assert(NWAIT >= 1, "shared_irq_driver: cnode_free_slots must hold the DMA frames and a caller");
static struct {
    unsigned dev;                    /* device index + 1; 0: free */
    unsigned turn;
} waiting[NWAIT];
static unsigned turns;

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

/* The caller waiting longest for device dev, or -1: none. */
static int oldest(unsigned dev)
{
    int w = -1;
    for (int k = 0; k < NWAIT; k++)
        if (waiting[k].dev == dev + 1 &&
            (w < 0 || (int)(waiting[k].turn - waiting[w].turn) < 0))
            w = k;
    return w;
}

/* The buffer came back with n bytes: caller w gets them. */
static void answer(int w, struct dev *d, long n)
{
    struct rng_reply r = { .status = RNG_OK, .irq = d->irq, .irqs = d->irqs };
    const unsigned char *buf = vio_buffer(&d->vio);
    r.len = n < RNG_BYTES ? (unsigned)n : RNG_BYTES;
    for (unsigned k = 0; k < r.len; k++)
        r.b[k] = buf[k];
    waiting[w].dev = 0;
    /* MT_INVALID_CAPABILITY: the caller went away meanwhile; fine */
    (void)mt_rpc_reply_deferred(WAIT_SLOT(w), NULL, &r, sizeof r);
}

/* From MT_SHARED_IRQ_DISPATCH (which then acks the IRQ).  Any device we
 * touched is acked at the device too, ready or not, so its line drops;
 * only a ready one has buffers to give back, each to a waiting caller. */
static void on_irq(struct dev *d)
{
    if (!d->vio.regs)
        return;                      /* never touched: not raising it */
    d->irqs++;
    long n = vio_irq(&d->vio);
    unsigned i = (unsigned)(d - devs);
    int w = oldest(i);
    if (n < 0 || !d->ready || w < 0)
        return;
    answer(w, d, n);
    if (oldest(i) >= 0)
        vio_post(&d->vio, RNG_BYTES);
}

static void on_virtio0(void) { on_irq(&devs[0]); }
static void on_virtio1(void) { on_irq(&devs[1]); }

/* A signal of the bound IRQ notification: its badge bits say which. */
static void on_signal(mt_word_t bits)
{
    MT_SHARED_IRQ_DISPATCH(irq, bits, (virtio0_irq, on_virtio0), (virtio1_irq, on_virtio1));
}

/* Saves the caller to be answered by on_irq; the value returned then is
 * not sent.  A device idle until now gets a buffer. */
struct rng_reply rng_read(unsigned dev)
{
    struct rng_reply r = { .status = RNG_NO_DEVICE };
    if (dev >= NDEV)
        return r;
    struct dev *d = &devs[dev];
    r.irq = d->irq;
    r.irqs = d->irqs;
    r.status = RNG_NOT_READY;
    if (!d->ready)
        return r;
    r.status = RNG_BUSY;
    for (int w = 0; w < NWAIT; w++) {
        if (waiting[w].dev || mt_rpc_defer(WAIT_SLOT(w)) != MT_OK)
            continue;
        int idle = oldest(dev) < 0;
        waiting[w].dev = dev + 1;
        waiting[w].turn = ++turns;
        if (idle)
            vio_post(&d->vio, RNG_BYTES);
        break;
    }
    return r;
}

/* Test hook (the console's `crash rng`): the thread faults while its
 * caller waits; the supervisor restarts the driver (restart policy in the
 * assembly) and the caller's call fails with MT_REPLY_LOST, as do those
 * of the callers saved waiting for a device. */
int rng_crash(void)
{
    mt_printf("shared_irq_driver: crashing on request (writing to address 0)\n");
    *(volatile int *)0 = 1;
    return 0;
}

/* After a restart the TCB still has the notification bound (the
 * supervisor keeps every object as it was): unbind, then bind again.
 * Unbound, no interrupt would answer a request: the devices stay unready. */
int run(void)
{
    mt_cptr_t self = mt_component.threads[mt_thread_index()].tcb_slot;
    (void)mt_tcb_unbind_notification(self);
    if (mt_tcb_bind_notification(self, MT_SLOT_irq) != MT_OK) {
        mt_printf("shared_irq_driver: cannot bind the IRQ notification\n");
        for (unsigned i = 0; i < NDEV; i++)
            devs[i].ready = 0;
    }
    mt_rpc_serve_bound(&mt_component.ifaces[MT_IFACE_rng], on_signal);
}

MT_COMPONENT(MT_PROVIDES(rng));
