/* SPDX-License-Identifier: BSD-2-Clause */
/* One thread: the control thread serves the `uart` calls (output,
 * interactive, rx_resume) and takes the receive interrupt in the same
 * receive, the IRQ's notification being bound to its TCB (run()).  A
 * second thread would cost a stack page and a TCB and buy nothing: on one
 * core at one priority the two never ran at once, and a write only
 * delays the interrupt by the time it takes (the FIFO holds 16 bytes,
 * and a full FIFO holds the line back, not a byte is lost).  Serving both
 * in turn also means on_irq and rx_resume never race over `paused`. */
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
    struct uart_chunk ch = { 1, { (char)c } };
    uart_write(ch);
    return 0;
}

/* The shell's client index + 1 (0: none), whether its last byte left a
 * line open (its prompt), and whether another client's text erased it. */
static struct { mt_word_t client; int open, erased, other_open; } shell;

int uart_interactive(void)
{
    shell.client = mt_rpc_client() + 1;
    return 0;
}

/* Another client's text starts: clear the shell's open line first.  The
 * shell's text starts while another client's line is unfinished (its
 * line came in several writes): a newline keeps that part whole. */
static void before(mt_word_t client)
{
    if (client + 1 == shell.client && shell.other_open) {
        put('\n');
        shell.other_open = 0;
    }
    if (client + 1 == shell.client || !shell.open)
        return;
    /* CR and erase clear the prompt line; up and a newline come back to
     * it, so that in a log (no terminal) the text still starts a line. */
    static const char erase[] = "\r\x1b[K\x1b[A\n";
    for (unsigned i = 0; i < sizeof erase - 1; i++)
        put(erase[i]);
    shell.open = 0;
    shell.erased = 1;
}

/* A line ended after the shell's was erased: the shell redraws it. */
static void after(mt_word_t client, char last)
{
    if (client + 1 == shell.client) {
        shell.open = last != '\n';
        return;
    }
    shell.other_open = shell.client && last != '\n';
    if (shell.erased && last == '\n') {
        struct uart_ring *r = MT_DATAPORT(rx, struct uart_ring);
        shell.erased = 0;
        __atomic_store_n(&r->redraw, r->redraw + 1, __ATOMIC_RELEASE);
        mt_emit(rx_ready);
    }
}

int uart_write(struct uart_chunk chunk)
{
    unsigned n = chunk.len < sizeof chunk.b ? chunk.len : sizeof chunk.b;
    mt_word_t client = mt_rpc_client();
    if (n == 0)
        return 0;
    before(client);
    for (unsigned i = 0; i < n; i++)
        put(chunk.b[i]);
    after(client, chunk.b[n - 1]);
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

/* A signal of the bound IRQ notification: on_irq, then the acknowledge. */
static void on_signal(mt_word_t bits)
{
    mt_handle_event(MT_IFACE_irq, bits);
}

int run(void)
{
    mt_cptr_t self = mt_component.threads[mt_thread_index()].tcb_slot;
    if (mt_tcb_bind_notification(self, MT_SLOT_irq) != MT_OK) {
        static const char msg[] = "uart_driver: cannot bind the IRQ: no input\n";
        for (unsigned i = 0; i < sizeof msg - 1; i++)
            put(msg[i]);
    }
    mt_rpc_serve_bound(&mt_component.ifaces[MT_IFACE_uart], on_signal);
}

MT_COMPONENT(MT_PROVIDES(uart), MT_IRQ(irq, on_irq));
