/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-mmio, minimal: the register protocol of the virtio 1.x spec
 * (section "Virtio Over MMIO") for both register layouts QEMU offers —
 * version 1 (legacy: the queue given as a page frame number) and version
 * 2 (modern: the queue's three parts given by address) — and a split
 * virtqueue with one request (a descriptor chain) in flight. */
#include <libmote/dev/virtio_mmio.h>

enum {                                       /* register offsets */
    R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008,
    R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014,
    R_DRV_FEATURES = 0x020, R_DRV_FEATURES_SEL = 0x024,
    R_GUEST_PAGE_SIZE = 0x028,               /* legacy */
    R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034, R_QUEUE_NUM = 0x038,
    R_QUEUE_ALIGN = 0x03c, R_QUEUE_PFN = 0x040,    /* legacy */
    R_QUEUE_READY = 0x044,                   /* modern */
    R_QUEUE_NOTIFY = 0x050, R_INT_STATUS = 0x060, R_INT_ACK = 0x064,
    R_STATUS = 0x070,
    R_QUEUE_DESC = 0x080, R_QUEUE_DRIVER = 0x090, R_QUEUE_DEVICE = 0x0a0,
};

enum { ST_ACKNOWLEDGE = 1, ST_DRIVER = 2, ST_DRIVER_OK = 4,
       ST_FEATURES_OK = 8, ST_FAILED = 128 };

#define MAGIC 0x74726976u                    /* "virt", little endian */
#define INT_USED_BUFFER 1u                   /* InterruptStatus bit 0 */
#define DESC_F_NEXT 1u                       /* the chain goes on at .next */
#define DESC_F_WRITE 2u                      /* the device writes the buffer */
#define QUEUE_MAX VIO_QUEUE_MAX
/* Legacy only: where the used ring starts, counted from the queue's
 * start.  Small enough that the whole queue fits one page with the
 * buffer; any power of two is allowed. */
#define LEGACY_ALIGN 64u
#define PAGE 4096u

struct vq_desc { unsigned long addr; unsigned len; unsigned short flags, next; };
struct vq_avail { unsigned short flags, idx, ring[]; };
struct vq_used_elem { unsigned id, len; };
struct vq_used { unsigned short flags, idx; struct vq_used_elem ring[]; };

static unsigned rd(const struct vio_dev *d, unsigned reg)
{
    return *(volatile unsigned *)(d->regs + reg);
}

static void wr(const struct vio_dev *d, unsigned reg, unsigned v)
{
    *(volatile unsigned *)(d->regs + reg) = v;
}

/* A 64-bit address register pair: low word, then high word. */
static void wr64(const struct vio_dev *d, unsigned reg, unsigned long v)
{
    wr(d, reg, (unsigned)v);
    wr(d, reg + 4, (unsigned)(v >> 32));
}

/* Orders memory and device-register accesses both ways: the device must
 * see the ring before the doorbell, the driver the interrupt before the
 * ring. */
static void io_fence(void) { __asm__ volatile("fence iorw, iorw" ::: "memory"); }

/* The split virtqueue's layout in the page, the legacy interface's rule
 * (the modern one accepts it too): descriptors, the avail ring right
 * after them, the used ring at the next LEGACY_ALIGN boundary. */
static unsigned avail_off(const struct vio_dev *d) { return 16 * d->qsize; }
static unsigned used_off(const struct vio_dev *d)
{
    unsigned end = avail_off(d) + 2 * (3 + d->qsize);
    return (end + LEGACY_ALIGN - 1) & ~(LEGACY_ALIGN - 1);
}
static struct vq_desc *desc(const struct vio_dev *d) { return (struct vq_desc *)d->page; }
static volatile struct vq_avail *avail(const struct vio_dev *d)
{
    return (volatile struct vq_avail *)(d->page + avail_off(d));
}
static volatile struct vq_used *used(const struct vio_dev *d)
{
    return (volatile struct vq_used *)(d->page + used_off(d));
}

static void set_status(const struct vio_dev *d, unsigned bits)
{
    wr(d, R_STATUS, rd(d, R_STATUS) | bits);
}

/* Writing 0 resets; a modern device may take a moment to read back 0. */
static void reset(const struct vio_dev *d)
{
    wr(d, R_STATUS, 0);
    for (int i = 0; i < 1000 && rd(d, R_STATUS); i++)
        ;
}

/* The wanted device features the device offers; a modern device must
 * also be told we speak virtio 1 (VIRTIO_F_VERSION_1, feature bit 32). */
static int negotiate(struct vio_dev *d, unsigned want)
{
    wr(d, R_DEV_FEATURES_SEL, 0);
    d->features = rd(d, R_DEV_FEATURES) & want;
    wr(d, R_DRV_FEATURES_SEL, 0);
    wr(d, R_DRV_FEATURES, d->features);
    if (d->version == 1)
        return VIO_OK;                       /* legacy has no FEATURES_OK */
    wr(d, R_DEV_FEATURES_SEL, 1);
    if (!(rd(d, R_DEV_FEATURES) & 1))
        return VIO_FEATURES;
    wr(d, R_DRV_FEATURES_SEL, 1);
    wr(d, R_DRV_FEATURES, 1);
    set_status(d, ST_FEATURES_OK);
    return rd(d, R_STATUS) & ST_FEATURES_OK ? VIO_OK : VIO_FEATURES;
}

_Static_assert(16 * QUEUE_MAX + 2 * (3 + QUEUE_MAX) + LEGACY_ALIGN + 4 + 8 * QUEUE_MAX + 2
               <= VIO_QUEUE_BYTES, "the queue fits its share of the page");

static void zero_queue(unsigned char *p)
{
    for (unsigned i = 0; i < VIO_QUEUE_BYTES; i++)
        p[i] = 0;
}

/* Queue 0 in the page: by page frame number (legacy) or by the address
 * of each part (modern). */
static int setup_queue(struct vio_dev *d)
{
    wr(d, R_QUEUE_SEL, 0);
    unsigned max = rd(d, R_QUEUE_NUM_MAX);
    if (!max || (d->version == 2 && rd(d, R_QUEUE_READY)))
        return VIO_NO_QUEUE;
    d->qsize = max < QUEUE_MAX ? max : QUEUE_MAX;
    zero_queue(d->page);
    wr(d, R_QUEUE_NUM, d->qsize);
    if (d->version == 1) {
        wr(d, R_GUEST_PAGE_SIZE, PAGE);
        wr(d, R_QUEUE_ALIGN, LEGACY_ALIGN);
        wr(d, R_QUEUE_PFN, (unsigned)(d->paddr / PAGE));
    } else {
        wr64(d, R_QUEUE_DESC, d->paddr);
        wr64(d, R_QUEUE_DRIVER, d->paddr + avail_off(d));
        wr64(d, R_QUEUE_DEVICE, d->paddr + used_off(d));
        wr(d, R_QUEUE_READY, 1);
    }
    return VIO_OK;
}

static int probe(struct vio_dev *d, unsigned device_id)
{
    if (rd(d, R_MAGIC) != MAGIC)
        return VIO_NO_DEVICE;
    d->version = rd(d, R_VERSION);
    if (d->version != 1 && d->version != 2)
        return VIO_BAD_VERSION;
    unsigned id = rd(d, R_DEVICE_ID);
    if (!id)
        return VIO_NO_DEVICE;                /* an empty transport slot */
    return id == device_id ? VIO_OK : VIO_WRONG_DEVICE;
}

int vio_init(struct vio_dev *d, volatile void *regs, void *page,
             unsigned long paddr, unsigned device_id, unsigned want)
{
    d->regs = regs;
    d->page = page;
    d->paddr = paddr;
    d->qsize = 0;                            /* no queue: vio_irq only acks */
    d->features = 0;
    d->avail_idx = d->used_seen = 0;
    int err = probe(d, device_id);
    if (err)
        return err;
    reset(d);
    set_status(d, ST_ACKNOWLEDGE);
    set_status(d, ST_DRIVER);
    err = negotiate(d, want);
    if (!err)
        err = setup_queue(d);
    if (err) {
        set_status(d, ST_FAILED);
        return err;
    }
    set_status(d, ST_DRIVER_OK);
    return VIO_OK;
}

/* One request in flight, so descriptors 0.. are always free. */
void vio_submit(struct vio_dev *d, const struct vio_seg *seg, unsigned n)
{
    struct vq_desc *dd = desc(d);
    for (unsigned k = 0; k < n; k++) {
        dd[k].addr = seg[k].paddr;
        dd[k].len = seg[k].len;
        dd[k].flags = (unsigned short)((seg[k].device_writes ? DESC_F_WRITE : 0) |
                                       (k + 1 < n ? DESC_F_NEXT : 0));
        dd[k].next = (unsigned short)(k + 1);
    }
    volatile struct vq_avail *a = avail(d);
    a->ring[d->avail_idx % d->qsize] = 0;
    io_fence();                              /* descriptors and entry, then idx */
    a->idx = ++d->avail_idx;
    io_fence();                              /* idx, then the doorbell */
    wr(d, R_QUEUE_NOTIFY, 0);
}

void vio_post(struct vio_dev *d, unsigned len)
{
    struct vio_seg s = { d->paddr + PAGE - VIO_BUF_MAX,
                         len < VIO_BUF_MAX ? len : VIO_BUF_MAX, 1 };
    vio_submit(d, &s, 1);
}

long vio_irq(struct vio_dev *d)
{
    unsigned st = rd(d, R_INT_STATUS);
    wr(d, R_INT_ACK, st);
    io_fence();
    volatile struct vq_used *u = used(d);
    if (!(st & INT_USED_BUFFER) || !d->qsize || u->idx == d->used_seen)
        return -1;
    long len = u->ring[d->used_seen % d->qsize].len;
    d->used_seen++;
    return len;
}

unsigned vio_config32(const struct vio_dev *d, unsigned off)
{
    return rd(d, VIO_CONFIG + off);
}

const char *vio_strerror(int err)
{
    static const char *const why[] = {
        "ok", "no device", "another type of device", "unknown virtio-mmio version",
        "no queue 0", "features refused",
    };
    return err >= 0 && err <= VIO_FEATURES ? why[err] : "?";
}
