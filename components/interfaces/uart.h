/* procedure Uart (rpc_basic): output through the UART driver.  Input goes
 * the other way: the driver puts received bytes into a ring in a dataport
 * shared with its consumer and emits an event. */
#ifndef IFACE_UART_H
#define IFACE_UART_H

struct uart_chunk { unsigned len; char b[116]; };

#define UART_METHODS(M, i)                                   \
    M(i, putchar, 1, int, (int, c))                          \
    M(i, write, 2, int, (struct uart_chunk, chunk))

/* The receive ring (single producer: the driver; single consumer). */
struct uart_ring {
    volatile unsigned head, tail;   /* free-running; head written by the driver */
    char buf[4096 - 8];
};
#define UART_RING_SIZE (sizeof(((struct uart_ring *)0)->buf))

#endif
