/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Log (rpc_shared): a line of text per call, through the page
 * each client shares with the logger.  LOG_CLIENT(iface) also gives the
 * client <iface>_printf(fmt, ...). */
#ifndef IFACE_LOG_H
#define IFACE_LOG_H

#include <stdarg.h>
#include <libmote/print.h>

struct log_line { char text[200]; };

#define LOG_METHODS(M, i)                                    \
    M(i, write, 1, int, (struct log_line, line))

#define LOG_CLIENT(iface)                                                     \
    MT_RPC_CLIENT(iface, LOG_METHODS)                                         \
    static __attribute__((unused, format(printf, 1, 2)))                      \
    int iface##_printf(const char *fmt, ...)                                  \
    {                                                                         \
        struct log_line l;                                                    \
        va_list ap;                                                           \
        va_start(ap, fmt);                                                    \
        mt_vsnprintf(l.text, sizeof l.text, fmt, ap);                         \
        va_end(ap);                                                           \
        return iface##_write(l);                                              \
    }

#endif
