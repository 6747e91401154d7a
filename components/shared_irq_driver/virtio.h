/* A minimal virtio-mmio driver for entropy devices (virtio 1.x spec,
 * "Virtio Over MMIO", and its legacy interface, which QEMU's virt machine
 * offers by default): one virtqueue, one buffer in flight at a time.
 *
 * The driver owns one 4 KiB DMA page per device whose physical address it
 * knows: the virtqueue at its start, the buffer the device fills in its
 * second half.  The caller posts a buffer only while none is in flight.
 * vio_post and vio_irq share no field of struct vio_dev, so one thread may
 * post while another takes the interrupts. */
#ifndef VIRTIO_H
#define VIRTIO_H

enum { VIO_DEVICE_ENTROPY = 4 };

/* Why vio_init failed. */
enum { VIO_OK = 0, VIO_NO_DEVICE, VIO_WRONG_DEVICE, VIO_BAD_VERSION,
       VIO_NO_QUEUE, VIO_FEATURES };

struct vio_dev {
    volatile unsigned char *regs;    /* the device's register page */
    unsigned char *page;             /* the DMA page, mapped */
    unsigned long paddr;             /* ... and where the device sees it */
    unsigned version;                /* 1 legacy, 2 modern */
    unsigned qsize;                  /* descriptors in the queue */
    unsigned short avail_idx;        /* next free avail ring entry (free running) */
    unsigned short used_seen;        /* used ring entries consumed */
};

/* Reset the device and bring it to DRIVER_OK with queue 0 in the page.
 * Returns VIO_OK or why not (the device is then left reset or FAILED). */
int vio_init(struct vio_dev *d, volatile void *regs, void *page,
             unsigned long paddr, unsigned device_id);
/* Hand the device the page's buffer, len bytes (at most VIO_BUF_MAX), to
 * fill, and tell it so. */
void vio_post(struct vio_dev *d, unsigned len);
#define VIO_BUF_MAX 2048u
/* The buffer the device fills. */
static inline const unsigned char *vio_buffer(const struct vio_dev *d)
{
    return d->page + 4096 - VIO_BUF_MAX;
}
/* The device's interrupt: acknowledge it at the device (InterruptACK) and
 * return the bytes of the buffer it gave back, or -1 if it gave none back
 * (a configuration-change interrupt). */
long vio_irq(struct vio_dev *d);
const char *vio_strerror(int err);

#endif
