/* procedure Uart (rpc_basic): output through the UART driver.  Input goes
 * the other way: the driver puts received bytes into a ring in a dataport
 * shared with its consumer and emits an event. */
#ifndef IFACE_UART_H
#define IFACE_UART_H

struct uart_chunk { unsigned len; char b[116]; };

#define UART_METHODS(M, i)                                   \
    M(i, putchar, 1, int, (int, c))                          \
    M(i, write, 2, int, (struct uart_chunk, chunk))

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

/* The receive ring (single producer: the driver; single consumer). */
struct uart_ring {
    volatile unsigned head, tail;   /* free-running; head written by the driver */
    char buf[4096 - 8];
};
#define UART_RING_SIZE (sizeof(((struct uart_ring *)0)->buf))

#endif
