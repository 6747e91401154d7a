/* SPDX-License-Identifier: BSD-2-Clause */
/* The in-memory device (memdev.h). */
#include <assert.h>
#include <string.h>
#include "memdev.h"

static int in_buf(struct memdev *m, const void *p, unsigned n)
{
    const unsigned char *b = p;
    return b >= m->buf && b + (size_t)n * STORE_SECTOR <= m->buf + sizeof m->buf;
}

static int rd(struct store_dev *d, unsigned long sector, unsigned n, void *buf)
{
    struct memdev *m = (struct memdev *)d;
    assert(in_buf(m, buf, n));   /* all I/O goes through the DMA buffer */
    if (m->fail_io || sector > d->sectors || n > d->sectors - sector)
        return -1;
    memcpy(buf, m->disk + sector * STORE_SECTOR, (size_t)n * STORE_SECTOR);
    m->reads += n;
    return 0;
}

static int wr(struct store_dev *d, unsigned long sector, unsigned n, const void *buf)
{
    struct memdev *m = (struct memdev *)d;
    assert(in_buf(m, buf, n));
    if (m->fail_io || sector > d->sectors || n > d->sectors - sector)
        return -1;
    unsigned k = n;
    if (m->budget >= 0) {
        k = m->budget < (long)n ? (unsigned)m->budget : n;
        m->budget -= k;
    }
    memcpy(m->disk + sector * STORE_SECTOR, buf, (size_t)k * STORE_SECTOR);
    m->writes += k;
    return 0;                    /* a cut power reports nothing */
}

static int fl(struct store_dev *d)
{
    return ((struct memdev *)d)->fail_io ? -1 : 0;
}

void memdev_init(struct memdev *m, unsigned char *disk, unsigned long sectors)
{
    memset(m, 0, sizeof *m);
    m->dev = (struct store_dev){ sectors, m->buf, m->scratch, m->index, rd, wr, fl };
    m->disk = disk;
    m->budget = -1;
}
