/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's loop: read bytes from the driver's ring, hand them to the
 * line editor (edit.c), run each line.  All output goes through the UART
 * driver's `write`; the driver tells us (ring->redraw) when another
 * component's output erased our prompt, and we draw it again. */
#include <libmote/print.h>
#include "console.h"
#include "../interfaces/uart.h"

MT_RPC_CLIENT(uart, UART_METHODS)

/* Bytes to the UART as they are. */
void con_write(const void *b, unsigned n)
{
    static struct uart_chunk ch;   /* not on the stack: every output ends here */
    for (unsigned done = 0; done < n; done += ch.len) {
        ch.len = n - done < sizeof ch.b ? n - done : sizeof ch.b;
        __builtin_memcpy(ch.b, (const char *)b + done, ch.len);
        uart_write(ch);
    }
}

/* libmote's output hook (set by run): con_printf streams through it in
 * mt_vprintf's 160-byte chunks rather than formatting into a buffer on
 * the stack, which the deepest chains (nested scripts, then a command)
 * would all carry (scripts/stack-check.sh). */
static void con_output(const char *s, unsigned long n)
{
    con_write(s, (unsigned)n);
}

int con_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = mt_vprintf(fmt, ap);
    va_end(ap);
    return n;
}

/* The next received byte, or -1 if there is none yet.  An empty ring
 * lets a driver that stopped for want of room go on. */
int con_getbyte(void)
{
    struct uart_ring *r = MT_DATAPORT(rx, struct uart_ring);
    if (r->tail == __atomic_load_n(&r->head, __ATOMIC_ACQUIRE)) {
        if (__atomic_load_n(&r->paused, __ATOMIC_ACQUIRE))
            uart_rx_resume();
        return -1;
    }
    unsigned char c = (unsigned char)r->buf[r->tail % UART_RING_SIZE];
    __atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);
    return c;
}

/* Ctrl-C typed while a command runs: 1, and the input up to it is gone
 * (type-ahead is dropped, as a terminal's interrupt flushes it).  It
 * stays 1 until the line is done: the loops above the one that saw it
 * (a script around a `sleep`) must stop too. */
static int ctrl_c;

int con_interrupted(void)
{
    struct uart_ring *r = MT_DATAPORT(rx, struct uart_ring);
    unsigned head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
    for (unsigned t = r->tail; t != head && !ctrl_c; t++)
        if (r->buf[t % UART_RING_SIZE] == 3) {
            __atomic_store_n(&r->tail, t + 1, __ATOMIC_RELEASE);
            ctrl_c = 1;
        }
    return ctrl_c;
}

int run(void)
{
    struct uart_ring *r = MT_DATAPORT(rx, struct uart_ring);
    unsigned redraws = 0;
    mt_set_output(con_output);
    uart_interactive();
    con_started();
    con_printf("\nmote debug console: type 'help'\n");
    ed_prompt();
    for (;;) {
        mt_event_wait(rx_ready);
        if (redraws != r->redraw) {
            redraws = r->redraw;
            ed_redraw();
        }
        for (int c; (c = con_getbyte()) >= 0;) {
            if (ed_feed((char)c)) {
                ctrl_c = 0;
                con_execute(ed_line());
                ed_prompt();
            }
        }
    }
}

MT_COMPONENT();
