/* SPDX-License-Identifier: BSD-2-Clause */
/* A minimal virtio-mmio transport (virtio 1.x spec, "Virtio Over MMIO",
 * and its legacy interface, which QEMU's virt machine offers by default):
 * queue 0 only, one request (a chain of descriptors) in flight at a time.
 * Shared by the entropy driver (components/shared_irq_driver) and the
 * block driver (virtio_blk.h).
 *
 * The driver owns one 4 KiB DMA page per device whose physical address it
 * knows: the virtqueue at its start (at most VIO_QUEUE_MAX descriptors,
 * within the first VIO_QUEUE_BYTES), the rest free for the driver's own
 * buffers.  vio_submit and vio_irq share no field of struct vio_dev, so
 * one thread may submit while another takes the interrupts. */
#ifndef LIBMOTE_DEV_VIRTIO_MMIO_H
#define LIBMOTE_DEV_VIRTIO_MMIO_H

enum { VIO_DEVICE_BLOCK = 2, VIO_DEVICE_ENTROPY = 4 };

/* Why vio_init failed. */
enum { VIO_OK = 0, VIO_NO_DEVICE, VIO_WRONG_DEVICE, VIO_BAD_VERSION,
       VIO_NO_QUEUE, VIO_FEATURES };

#define VIO_QUEUE_MAX 8u                 /* descriptors we ask for */
#define VIO_QUEUE_BYTES 512u             /* the queue's share of the page */
#define VIO_CONFIG 0x100u                /* device-specific configuration */

struct vio_dev {
    volatile unsigned char *regs;    /* the device's register page */
    unsigned char *page;             /* the DMA page, mapped */
    unsigned long paddr;             /* ... and where the device sees it */
    unsigned version;                /* 1 legacy, 2 modern */
    unsigned qsize;                  /* descriptors in the queue */
    unsigned features;               /* feature bits 0..31 both sides accepted */
    unsigned short avail_idx;        /* next free avail ring entry (free running) */
    unsigned short used_seen;        /* used ring entries consumed */
};

/* One buffer of a request: where the device sees it, its length, and
 * whether the device writes it (else it reads it). */
struct vio_seg { unsigned long paddr; unsigned len; int device_writes; };

/* Reset the device and bring it to DRIVER_OK with queue 0 in the page,
 * accepting those of the device-specific feature bits 0..31 in `want` the
 * device offers.  Returns VIO_OK or why not (the device is then left reset
 * or FAILED). */
int vio_init(struct vio_dev *d, volatile void *regs, void *page,
             unsigned long paddr, unsigned device_id, unsigned want);
/* Hand the device one request of n segments (n <= qsize) and ring. */
void vio_submit(struct vio_dev *d, const struct vio_seg *seg, unsigned n);
/* The device's interrupt: acknowledge it at the device (InterruptACK) and
 * return the bytes the device wrote into the request it gave back, or -1
 * if it gave none back (a configuration-change interrupt). */
long vio_irq(struct vio_dev *d);
/* A 32-bit word of the device-specific configuration space. */
unsigned vio_config32(const struct vio_dev *d, unsigned off);
const char *vio_strerror(int err);

/* The entropy driver's use: one device-writable buffer in the page's
 * second half, VIO_BUF_MAX bytes at most. */
#define VIO_BUF_MAX 2048u
void vio_post(struct vio_dev *d, unsigned len);
static inline const unsigned char *vio_buffer(const struct vio_dev *d)
{
    return d->page + 4096 - VIO_BUF_MAX;
}

#endif
