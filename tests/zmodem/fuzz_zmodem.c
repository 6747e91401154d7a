/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer over the ZMODEM receiver (make fuzz-zmodem).  The input is
 * the sender's byte stream; its first byte picks the room the file gets
 * and the advertised buffer, a 0x00 0xff pair stands for a timeout.  The
 * receiver must never write outside the room, and pos never passes it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "zmodem.h"

static unsigned long room;

static void on_send(void *ctx, const unsigned char *b, unsigned n)
{
    (void)ctx;
    volatile unsigned char sink = 0;
    for (unsigned i = 0; i < n; i++)
        sink ^= b[i];                 /* ASan checks every byte sent */
    (void)sink;
}

static unsigned char *on_open(void *ctx, const char *name, unsigned long size,
                              unsigned long *cap)
{
    unsigned char **buf = ctx;
    (void)size;
    if (strlen(name) >= ZM_NAME_MAX || *buf)
        abort();                      /* one open a session, name bounded */
    *buf = malloc(room ? room : 1);
    *cap = room;
    return room == 1 ? NULL : *buf;   /* room 1: refused as too large */
}

static const struct zm_ops ops = { on_send, on_open };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *buf = NULL;
    struct zm_rx z;
    if (size < 1)
        return 0;
    room = (unsigned long)(data[0] & 0x3f) * 97;
    zm_rx_init(&z, &ops, &buf, data[0] & 0x40 ? 1024 : 0);
    int st = ZM_RUN;
    for (size_t i = 1; i < size && st == ZM_RUN; i++) {
        if (data[i] == 0 && i + 1 < size && data[i + 1] == 0xff) {
            st = zm_rx_timeout(&z);
            i++;
        } else {
            st = zm_rx_byte(&z, data[i]);
        }
        if (z.pos > z.cap)
            abort();
    }
    free(buf);
    return 0;
}
