/* SPDX-License-Identifier: BSD-2-Clause */
/* A virtio block device (virtio 1.x spec, "Block Device") on the
 * virtio-mmio transport (virtio_mmio.h): read, write and flush of 512-byte
 * sectors, one request in flight.  The caller supplies the data buffers
 * as physical segments and waits for the device's interrupt itself
 * (vblk_done after it), so the driver has no thread and no policy.
 *
 * The request header and status byte live in the DMA page after the
 * virtqueue (VIO_QUEUE_BYTES on). */
#ifndef LIBMOTE_DEV_VIRTIO_BLK_H
#define LIBMOTE_DEV_VIRTIO_BLK_H

#include <libmote/dev/virtio_mmio.h>

#define VBLK_SECTOR 512u
#define VBLK_MAX_SEGS (VIO_QUEUE_MAX - 2)    /* header and status take two */

enum { VBLK_IN = 0, VBLK_OUT = 1, VBLK_FLUSH = 4 };   /* request types */
/* Outcomes: the device's status byte (0 ok, 1 I/O error, 2 unsupported),
 * or ours: still in flight, or a request the driver refused. */
enum { VBLK_OK = 0, VBLK_IOERR = 1, VBLK_UNSUPP = 2, VBLK_PENDING = 3, VBLK_BAD = 4 };

struct vblk {
    struct vio_dev vio;
    unsigned long sectors;           /* capacity */
    int can_flush;                   /* VIRTIO_BLK_F_FLUSH negotiated */
    int busy;                        /* a request is in flight */
};

/* Bring the device up: vio_init's result. */
int vblk_init(struct vblk *b, volatile void *regs, void *page, unsigned long paddr);
/* Start a request: read (IN) or write (OUT) the segments' bytes (a
 * multiple of VBLK_SECTOR in all) at `sector`, or FLUSH (no segments).
 * VBLK_OK if started, VBLK_BAD if refused (out of range, busy, too many
 * segments, flush without the feature — writes are then durable). */
int vblk_start(struct vblk *b, unsigned type, unsigned long sector,
               const struct vio_seg *data, unsigned n);
/* After an interrupt: VBLK_PENDING while the request is in flight, else
 * its outcome (and the device may take the next). */
int vblk_done(struct vblk *b);
const char *vblk_strerror(int status);

#endif
