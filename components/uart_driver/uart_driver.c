/* SPDX-License-Identifier: BSD-2-Clause */
/* Two threads: `uart` serves output calls (and rx_resume), `irq` moves
 * received bytes to the ring (the runtime acknowledges the IRQ after
 * on_irq returns). */
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

/* Drain the receiver into the ring while it has room (uart.h). */
static void on_irq(mt_word_t badge)
{
    struct uart_ring *r = MT_DATAPORT(rx, struct uart_ring);
    int got = 0;
    (void)badge;
    while (uart_in(REGS, UART_LSR) & UART_LSR_DR) {
        if (r->head - r->tail >= UART_RING_SIZE) {
            /* Interrupts off before `paused` is seen: a resume that
             * finds it set always finds them off. */
            uart_out(REGS, UART_IER, 0);
            __atomic_store_n(&r->paused, 1, __ATOMIC_RELEASE);
            break;
        }
        r->buf[r->head % UART_RING_SIZE] = (char)uart_in(REGS, UART_RBR);
        __atomic_store_n(&r->head, r->head + 1, __ATOMIC_RELEASE);
        got = 1;
    }
    if (got)
        mt_emit(rx_ready);
}

/* The consumer made room: take bytes again (the interrupt comes at once
 * if the FIFO holds some). */
int uart_rx_resume(void)
{
    struct uart_ring *r = MT_DATAPORT(rx, struct uart_ring);
    if (__atomic_load_n(&r->paused, __ATOMIC_ACQUIRE)) {
        r->paused = 0;
        uart_out(REGS, UART_IER, UART_IER_RX);
    }
    return 0;
}

/* With the FIFO, one interrupt takes up to 16 bytes, and QEMU hands the
 * port as many at a time: without it, a byte per interrupt and per turn
 * of QEMU's main loop held uploads (rz) to about 7 KiB/s. */
void uart__init(void)
{
    uart_out(REGS, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR | UART_FCR_TRIGGER_14);
    uart_out(REGS, UART_IER, UART_IER_RX);
}

MT_COMPONENT(MT_PROVIDES(uart), MT_IRQ(irq, on_irq));
