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

/* Two short tables, the kernel's codes and the SDK's (64 up): a switch
 * over both would be a 71-pointer jump table in every application. */
const char *sdk_strerror(int code)
{
    static const char *const kernel[] = {
        [MT_OK] = "ok",
        [MT_INVALID_ARGUMENT] = "invalid argument",
        [MT_ILLEGAL_OPERATION] = "illegal operation",
        [MT_RANGE_ERROR] = "out of range",
        [MT_TRUNCATED_MESSAGE] = "truncated message",
        [MT_NOT_ENOUGH_MEMORY] = "not enough memory (quota)",
    };
    static const char *const sdk[] = {
        [MT_SDK_NO_SUCH_KEY - MT_SDK_NO_SUCH_KEY] = "no such key",
        [MT_SDK_NO_TIMERS - MT_SDK_NO_SUCH_KEY] = "no timer armed",
        [MT_SDK_STORAGE_FULL - MT_SDK_NO_SUCH_KEY] = "storage full",
        [MT_SDK_UNAVAILABLE - MT_SDK_NO_SUCH_KEY] = "service unavailable",
        [MT_SDK_NO_METHOD - MT_SDK_NO_SUCH_KEY] = "no such request",
        [MT_SDK_NO_SHARED_PAGE - MT_SDK_NO_SUCH_KEY] = "no shared page",
        [MT_SDK_NO_STORAGE - MT_SDK_NO_SUCH_KEY] = "no storage (no disk or no store on it)",
    };
    unsigned k = (unsigned)code, q = k - MT_SDK_NO_SUCH_KEY;
    const char *t = k < sizeof kernel / sizeof kernel[0] ? kernel[k]
                  : q < sizeof sdk / sizeof sdk[0] ? sdk[q] : 0;
    return t ? t : "unknown error";
}
