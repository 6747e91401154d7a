/* SPDX-License-Identifier: BSD-2-Clause */
/* Prints each client's lines with a sequence number per client (the
 * caller's index comes from its badge). */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../interfaces/log.h"
#include "../interfaces/uart.h"

MT_RPC_SERVER(log, LOG_METHODS)

/* With the UART driver connected, lines go through it: the release
 * kernel has no debug PutS. */
#if MT_CONNECTED_uart
MT_RPC_CLIENT(uart, UART_METHODS)
UART_OUTPUT(uart)
void pre_init(void) { mt_set_output(uart_output); }
#endif

static int lines[MT_CLIENT_COUNT_log];

int log_write(struct log_line line)
{
    mt_word_t c = mt_rpc_client();
    line.text[sizeof line.text - 1] = 0;
    int n = c < MT_CLIENT_COUNT_log ? ++lines[c] : 0;
    mt_printf("[log %lu.%d] %s\n", c + 1, n, line.text);
    return n;
}

MT_COMPONENT(MT_PROVIDES(log));
