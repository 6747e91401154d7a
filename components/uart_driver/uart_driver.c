/* Two threads: `uart` serves output calls, `irq` moves received bytes to
 * the ring (the runtime acknowledges the IRQ after on_irq returns). */
#include <libmote/rpc.h>
#include "../interfaces/uart.h"
#include "../interfaces/ns16550a.h"

MT_RPC_SERVER(uart, UART_METHODS)

#define REGS MT_DATAPORT(regs, volatile void)

static void put(char c)
{
    while (!(uart_in(REGS, UART_LSR) & UART_LSR_THRE))
        ;
    uart_out(REGS, UART_THR, (unsigned char)c);
}

int uart_putchar(int c)
{
    put((char)c);
    return 0;
}

int uart_write(struct uart_chunk chunk)
{
    unsigned n = chunk.len < sizeof chunk.b ? chunk.len : sizeof chunk.b;
    for (unsigned i = 0; i < n; i++)
        put(chunk.b[i]);
    return (int)n;
}

/* Drain the receiver; bytes that do not fit in the ring are dropped. */
static void on_irq(mt_word_t badge)
{
    struct uart_ring *r = MT_DATAPORT(rx, struct uart_ring);
    int got = 0;
    (void)badge;
    while (uart_in(REGS, UART_LSR) & UART_LSR_DR) {
        char c = (char)uart_in(REGS, UART_RBR);
        if (r->head - r->tail < UART_RING_SIZE) {
            r->buf[r->head % UART_RING_SIZE] = c;
            __atomic_store_n(&r->head, r->head + 1, __ATOMIC_RELEASE);
        }
        got = 1;
    }
    if (got)
        mt_emit(rx_ready);
}

void uart__init(void)
{
    uart_out(REGS, UART_IER, UART_IER_RX);
}

MT_COMPONENT(MT_PROVIDES(uart), MT_IRQ(irq, on_irq));
