/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-blk requests: a header (type, sector) the device reads, the data
 * segments, and a status byte the device writes, as one descriptor chain
 * (virtio 1.x spec 5.2.6).  The header and status are in the DMA page
 * after the queue. */
#include <libmote/dev/virtio_blk.h>

#define F_FLUSH (1u << 9)                    /* VIRTIO_BLK_F_FLUSH */
#define HDR_OFF VIO_QUEUE_BYTES              /* header: 16 bytes */
#define STATUS_OFF (VIO_QUEUE_BYTES + 16)    /* status: 1 byte */
#define STATUS_NONE 0xffu                    /* not written by the device yet */

struct blk_hdr { unsigned type, reserved; unsigned long sector; };
_Static_assert(sizeof(struct blk_hdr) == 16, "virtio_blk_req header layout");

int vblk_init(struct vblk *b, volatile void *regs, void *page, unsigned long paddr)
{
    b->sectors = 0;
    b->busy = 0;
    int err = vio_init(&b->vio, regs, page, paddr, VIO_DEVICE_BLOCK, F_FLUSH);
    if (err)
        return err;
    /* capacity: a little-endian 64-bit count of sectors at config 0 */
    b->sectors = vio_config32(&b->vio, 0) | (unsigned long)vio_config32(&b->vio, 4) << 32;
    b->can_flush = (b->vio.features & F_FLUSH) != 0;
    return VIO_OK;
}

static int valid(const struct vblk *b, unsigned type, unsigned long sector,
                 const struct vio_seg *data, unsigned n)
{
    if (b->busy || !b->vio.qsize || n > VBLK_MAX_SEGS || n + 2 > b->vio.qsize)
        return 0;
    if (type == VBLK_FLUSH)
        return b->can_flush && n == 0;
    if (type != VBLK_IN && type != VBLK_OUT)
        return 0;
    unsigned long bytes = 0;
    for (unsigned k = 0; k < n; k++)
        bytes += data[k].len;
    unsigned long count = bytes / VBLK_SECTOR;
    return bytes % VBLK_SECTOR == 0 && sector <= b->sectors && count <= b->sectors - sector;
}

int vblk_start(struct vblk *b, unsigned type, unsigned long sector,
               const struct vio_seg *data, unsigned n)
{
    if (!valid(b, type, sector, data, n))
        return VBLK_BAD;
    struct blk_hdr *h = (struct blk_hdr *)(b->vio.page + HDR_OFF);
    h->type = type;
    h->reserved = 0;
    h->sector = type == VBLK_FLUSH ? 0 : sector;
    b->vio.page[STATUS_OFF] = STATUS_NONE;
    struct vio_seg seg[VIO_QUEUE_MAX];
    seg[0] = (struct vio_seg){ b->vio.paddr + HDR_OFF, sizeof *h, 0 };
    for (unsigned k = 0; k < n; k++)
        seg[k + 1] = (struct vio_seg){ data[k].paddr, data[k].len, type == VBLK_IN };
    seg[n + 1] = (struct vio_seg){ b->vio.paddr + STATUS_OFF, 1, 1 };
    b->busy = 1;
    vio_submit(&b->vio, seg, n + 2);
    return VBLK_OK;
}

int vblk_done(struct vblk *b)
{
    if (!b->busy)
        return VBLK_BAD;
    if (vio_irq(&b->vio) < 0)
        return VBLK_PENDING;
    b->busy = 0;
    unsigned char st = *(volatile unsigned char *)(b->vio.page + STATUS_OFF);
    return st <= VBLK_UNSUPP ? st : VBLK_IOERR;
}

const char *vblk_strerror(int status)
{
    static const char *const why[] = {
        "ok", "I/O error", "request not supported by the device", "in flight",
        "request refused by the driver",
    };
    return status >= 0 && status <= VBLK_BAD ? why[status] : "?";
}
