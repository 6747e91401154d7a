/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's loop: read bytes from the driver's ring, echo them, edit a
 * line, run it.  All output goes through the UART driver's `write`. */
#include <libmote/print.h>
#include "console.h"
#include "../interfaces/uart.h"

MT_RPC_CLIENT(uart, UART_METHODS)

/* Raw bytes to the UART, as they are (ZMODEM needs all 256 values). */
void con_write(const void *b, unsigned n)
{
    struct uart_chunk ch;
    for (unsigned done = 0; done < n; done += ch.len) {
        ch.len = n - done < sizeof ch.b ? n - done : sizeof ch.b;
        __builtin_memcpy(ch.b, (const char *)b + done, ch.len);
        uart_write(ch);
    }
}

int con_printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = mt_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    con_write(buf, (unsigned)n);
    return n;
}

static char line[128];
static unsigned len;

/* One input byte: returns 1 when a line is complete. */
static int edit(char c)
{
    if (c == '\r' || c == '\n') {
        con_printf("\n");
        line[len] = 0;
        return 1;
    }
    if ((c == 0x7f || c == '\b') && len) {
        len--;
        con_printf("\b \b");
    } else if (c >= ' ' && c < 0x7f && len < sizeof line - 1) {
        line[len++] = c;
        con_printf("%c", c);
    }
    return 0;
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

int run(void)
{
    con_printf("\nmote debug console: type 'help'\n%s", MT_ATTR_prompt);
    for (;;) {
        mt_event_wait(rx_ready);
        for (int c; (c = con_getbyte()) >= 0;) {
            if (edit((char)c)) {
                con_execute(line);
                len = 0;
                con_printf("%s", MT_ATTR_prompt);
            }
        }
    }
}

MT_COMPONENT();
