/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Log (rpc_shared): a line of text per call, through the page
 * each client shares with the logger.  Each line has a level; the logger
 * prints those at or above its threshold (`level`: sets it when given a
 * level, LOG_QUERY only asks; returns the threshold in force).
 * LOG_CLIENT(iface) also gives the client <iface>_printf(fmt, ...) (info)
 * and <iface>_log(level, fmt, ...). */
#ifndef IFACE_LOG_H
#define IFACE_LOG_H

#include <stdarg.h>
#include <libmote/print.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG, LOG_TRACE, LOG_LEVELS };
#define LOG_QUERY (-1)
#define LOG_LEVEL_NAMES { "error", "warn", "info", "debug", "trace" }

struct log_line { int level; char text[196]; };

#define LOG_METHODS(M, i)                                    \
    M(i, write, 1, int, (struct log_line, line))             \
    M(i, level, 2, int, (int, level))

#define LOG_CLIENT(iface)                                                     \
    MT_RPC_CLIENT(iface, LOG_METHODS)                                         \
    static __attribute__((unused))                                            \
    int iface##_vlog(int level, const char *fmt, va_list ap)                  \
    {                                                                         \
        struct log_line l;                                                    \
        l.level = level;                                                      \
        mt_vsnprintf(l.text, sizeof l.text, fmt, ap);                         \
        return iface##_write(l);                                              \
    }                                                                         \
    static __attribute__((unused, format(printf, 2, 3)))                      \
    int iface##_log(int level, const char *fmt, ...)                          \
    {                                                                         \
        va_list ap;                                                           \
        va_start(ap, fmt);                                                    \
        int n = iface##_vlog(level, fmt, ap);                                 \
        va_end(ap);                                                           \
        return n;                                                             \
    }                                                                         \
    static __attribute__((unused, format(printf, 1, 2)))                      \
    int iface##_printf(const char *fmt, ...)                                  \
    {                                                                         \
        va_list ap;                                                           \
        va_start(ap, fmt);                                                    \
        int n = iface##_vlog(LOG_INFO, fmt, ap);                              \
        va_end(ap);                                                           \
        return n;                                                             \
    }

#endif
