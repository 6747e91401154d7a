/* Prints each client's lines with a sequence number per client (the
 * caller's index comes from its badge). */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../interfaces/log.h"

MT_RPC_SERVER(log, LOG_METHODS)

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
