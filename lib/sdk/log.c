/* SPDX-License-Identifier: BSD-2-Clause */
/* Logging: format with libmote's mt_vsnprintf, send the text in the
 * message registers (MR2 on), one Call per line. */
#include <libmote/print.h>
#include <libmote/string.h>

#include "sdk_int.h"

int sdk_vlog(int level, const char *fmt, va_list ap)
{
    char line[MT_SDK_LOG_MAX + 1];
    int n = mt_vsnprintf(line, sizeof line, fmt, ap);
    size_t len = n < 0 ? 0 : (size_t)n > MT_SDK_LOG_MAX ? MT_SDK_LOG_MAX : (size_t)n;
    *sdk_mr(0) = (mt_word_t)level;
    *sdk_mr(1) = len;
    memcpy(sdk_mr(2), line, len);
    return sdk_call(MT_SDK_LOG, 2 + (unsigned)((len + MT_WORD_BYTES - 1) / MT_WORD_BYTES), 0);
}

int sdk_log(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int e = sdk_vlog(level, fmt, ap);
    va_end(ap);
    return e;
}

int sdk_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int e = sdk_vlog(SDK_INFO, fmt, ap);
    va_end(ap);
    return e;
}

const char *sdk_strerror(int code)
{
    switch (code) {
    case MT_OK: return "ok";
    case MT_INVALID_ARGUMENT: return "invalid argument";
    case MT_ILLEGAL_OPERATION: return "illegal operation";
    case MT_RANGE_ERROR: return "out of range";
    case MT_TRUNCATED_MESSAGE: return "truncated message";
    case MT_NOT_ENOUGH_MEMORY: return "not enough memory (quota)";
    case MT_SDK_NO_SUCH_KEY: return "no such key";
    case MT_SDK_NO_TIMERS: return "no timer armed";
    case MT_SDK_STORAGE_FULL: return "storage full";
    case MT_SDK_UNAVAILABLE: return "service unavailable";
    case MT_SDK_NO_METHOD: return "no such request";
    case MT_SDK_NO_SHARED_PAGE: return "no shared page";
    case MT_SDK_NO_STORAGE: return "no storage (no disk or no store on it)";
    default: return "unknown error";
    }
}
