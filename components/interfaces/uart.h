/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Uart (rpc_basic): output through the UART driver.  Input goes
 * the other way: the driver puts received bytes into a ring in a dataport
 * shared with its consumer and emits an event. */
#ifndef IFACE_UART_H
#define IFACE_UART_H

struct uart_chunk { unsigned len; char b[116]; };

#define UART_METHODS(M, i)                                   \
    M(i, putchar, 1, int, (int, c))                          \
    M(i, write, 2, int, (struct uart_chunk, chunk))           \
    M(i, rx_resume, 3, int)

/* UART_OUTPUT(iface), after MT_RPC_CLIENT(iface, UART_METHODS):
 * iface_output, which mt_set_output takes, so that mt_printf prints
 * through the driver. */
#define UART_OUTPUT(iface)                                                    \
    static void iface##_output(const char *s, unsigned long n)                \
    {                                                                         \
        struct uart_chunk ch;                                                 \
        while (n) {                                                           \
            ch.len = n < sizeof ch.b ? (unsigned)n : (unsigned)sizeof ch.b;  \
            __builtin_memcpy(ch.b, s, ch.len);                                \
            iface##_write(ch);                                                \
            s += ch.len;                                                      \
            n -= ch.len;                                                      \
        }                                                                     \
    }

/* The receive ring (single producer: the driver; single consumer).  No
 * byte is dropped: when the ring is full the driver leaves the rest in
 * the UART's FIFO, which then holds the line back (QEMU stops reading
 * its chardev), turns the receive interrupt off and sets `paused`; the
 * consumer, having emptied the ring, calls rx_resume. */
struct uart_ring {
    volatile unsigned head, tail;   /* free-running; head written by the driver */
    volatile unsigned paused;       /* set by the driver, cleared by rx_resume */
    char buf[4096 - 12];
};
#define UART_RING_SIZE (sizeof(((struct uart_ring *)0)->buf))

#endif
