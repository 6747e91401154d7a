/* The shell's loop: read bytes from the driver's ring, echo them, edit a
 * line, run it.  All output goes through the UART driver's `write`. */
#include <libmote/print.h>
#include "console.h"
#include "../interfaces/uart.h"

MT_RPC_CLIENT(uart, UART_METHODS)

int con_printf(const char *fmt, ...)
{
    struct uart_chunk ch;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = mt_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    for (int done = 0; done < n; done += (int)ch.len) {
        ch.len = (unsigned)(n - done) < sizeof ch.b ? (unsigned)(n - done) : sizeof ch.b;
        __builtin_memcpy(ch.b, buf + done, ch.len);
        uart_write(ch);
    }
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

int run(void)
{
    struct uart_ring *r = MT_DATAPORT(rx, struct uart_ring);
    con_printf("\nmote debug console: type 'help'\n%s", MT_ATTR_prompt);
    for (;;) {
        mt_event_wait(rx_ready);
        while (r->tail != __atomic_load_n(&r->head, __ATOMIC_ACQUIRE)) {
            char c = r->buf[r->tail % UART_RING_SIZE];
            r->tail++;
            if (edit(c)) {
                con_execute(line);
                len = 0;
                con_printf("%s", MT_ATTR_prompt);
            }
        }
    }
}

MT_COMPONENT();
