/* SPDX-License-Identifier: BSD-2-Clause */
/* `rz`: receive one file over the serial line with ZMODEM (zmodem.c), as
 * the host's `sz FILE` sends it; `uploaded` shows (or drops) it.  The
 * file stays "the uploaded file" until the next rz or `uploaded drop`;
 * `install NAME` takes it from upload_get() (cmd_install.c).
 *
 * Memory: nothing while no file is held.  rz takes just the frames the
 * announced size needs from the memory manager (at most UPLOAD_FRAMES:
 * RZ_MAX bytes) and maps them at UPLOAD_VADDR, above the image in the
 * 2 MiB region whose page table motec made (shared_irq_driver uses the
 * two pages below 0x200000 in its own VSpace; this is ours).  A failed
 * transfer gives them all back: no half-received file is ever kept.
 *
 * The line during a transfer: the console reads the receive ring raw (no
 * echo, no line editing, all 256 byte values) and writes raw headers.
 * The sender streams (ZRINIT advertises no buffer limit): the UART
 * driver holds the line back when the ring is full (uart.h). */
#include <libmote/string.h>
#include "console.h"
#include "zmodem.h"
#include "../interfaces/memory.h"
#include "../interfaces/timer.h"

MT_RPC_CLIENT(memory, MEMORY_METHODS)
MT_RPC_CLIENT(timer, TIMER_METHODS)

#define UPLOAD_FRAMES 16
#define RZ_MAX (UPLOAD_FRAMES * MT_PAGE_SIZE)           /* 64 KiB */
#define UPLOAD_VADDR (0x200000ul - RZ_MAX)
#define RZ_TIMEOUT_MS 3000      /* quiet this long: ask again (10 times) */
#define RZ_DRAIN_MS 300         /* after a transfer: the sender's leftovers */

_Static_assert(MT_SLOT_FIRST_FREE + UPLOAD_FRAMES <= MT_SLOT_COUNT,
               "debug_console needs cnode_free_slots for the upload frames");

extern char __image_end[];      /* lib/mote/component.ld */

static struct {
    char name[ZM_NAME_MAX];
    unsigned long size;
    long handle[UPLOAD_FRAMES]; /* memory manager handles of the frames */
    unsigned frames;
    int held;                   /* a complete file is there */
    int nomem;                  /* open failed for want of frames */
    unsigned long retries;      /* of the last transfer */
} up;

/* Frees the frames (the manager revokes our caps, and so the mappings). */
void upload_drop(void)
{
    while (up.frames)
        memory_free(up.handle[--up.frames]);
    up.held = 0;
    up.size = 0;
}

const unsigned char *upload_get(const char **name, unsigned long *size)
{
    if (!up.held)
        return 0;
    *name = up.name;
    *size = up.size;
    return (const unsigned char *)UPLOAD_VADDR;
}

static int map_frame(unsigned i)
{
    mt_cptr_t slot = MT_SLOT_FIRST_FREE + i;
    mt_rpc_accept_cap(slot);
    long h = memory_alloc();
    if (h < 0)
        return -1;
    if (mt_rpc_caps_received() != 1 ||
        mt_frame_map(slot, MT_SLOT_VSPACE, UPLOAD_VADDR + i * MT_PAGE_SIZE,
                     MT_VM_READ | MT_VM_WRITE)) {
        memory_free(h);
        return -1;
    }
    up.handle[up.frames++] = h;
    return 0;
}

/* zm_ops: the sender's file gets exactly its announced size. */
static unsigned char *rz_open(void *ctx, const char *name, unsigned long size,
                              unsigned long *cap)
{
    (void)ctx;
    if (size > RZ_MAX || (unsigned long)__image_end > UPLOAD_VADDR)
        return 0;
    while (up.frames * MT_PAGE_SIZE < size)
        if (map_frame(up.frames)) {
            up.nomem = 1;
            return 0;
        }
    unsigned k = 0;
    for (; name[k] && k < sizeof up.name - 1; k++)
        up.name[k] = name[k];
    up.name[k] = 0;
    *cap = size;
    return (unsigned char *)UPLOAD_VADDR;
}

static void rz_send(void *ctx, const unsigned char *b, unsigned n)
{
    (void)ctx;
    con_write(b, n);
}

static const struct zm_ops rz_ops = { rz_send, rz_open };

/* The next received byte, or -1 after timeout_ms of quiet.  Yields while
 * bytes are likely to follow, then sleeps a millisecond at a time. */
static int rz_getc(unsigned timeout_ms)
{
    unsigned spins = 0, slept = 0;
    for (;;) {
        int c = con_getbyte();
        if (c >= 0)
            return c;
        if (spins < 200) {
            spins++;
            mt_yield();
        } else if (slept++ < timeout_ms) {
            timer_sleep(1000000);
        } else {
            return -1;
        }
    }
}

static int receive(void)
{
    struct zm_rx z;
    int st = ZM_RUN;
    zm_rx_init(&z, &rz_ops, 0, 0);
    while (st == ZM_RUN) {
        int c = rz_getc(RZ_TIMEOUT_MS);
        st = c < 0 ? zm_rx_timeout(&z) : zm_rx_byte(&z, (unsigned char)c);
    }
    if (st == ZM_DONE)
        up.size = z.pos;
    up.retries = z.retries;
    while (rz_getc(RZ_DRAIN_MS) >= 0)
        ;                       /* "OO", or what a cancelled sender still sent */
    return st;
}

void cmd_rz(char *args)
{
    (void)args;
    upload_drop();
    up.nomem = 0;
    con_printf("rz: waiting for the sender (sz FILE), at most %lu bytes; "
               "Ctrl-X five times cancels\n", RZ_MAX);
    unsigned long t0 = timer_time();
    int st = receive();
    /* The newline ends the line our last header left the terminal on. */
    unsigned long ms = (timer_time() - t0) / 1000000;
    if (st != ZM_DONE) {
        upload_drop();
        con_printf("\nrz: %s\n", up.nomem ? "out of memory" : zm_strerror(st));
        return;
    }
    up.held = 1;
    con_printf("\nrz: received %s %lu bytes in %lu ms, %lu retries\n", up.name, up.size, ms,
               up.retries);
}

/* `uploaded`: name, size and CRC-32 (zlib's, as Python's zlib.crc32);
 * `uploaded drop` gives its memory back (none: nothing to drop). */
void cmd_uploaded(char *args)
{
    const char *name;
    unsigned long size;
    const unsigned char *b = upload_get(&name, &size);
    if (!b) {
        con_printf("uploaded: none\n");
    } else if (!strcmp(args, "drop")) {
        upload_drop();
        con_printf("uploaded: dropped\n");
    } else {
        con_printf("uploaded %s %lu bytes crc32 %08lx (%u frames)\n", name, size,
                   zm_crc32(0, b, size), up.frames);
    }
}
