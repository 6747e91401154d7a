/* SPDX-License-Identifier: BSD-2-Clause */
/* The SDK runtime's request checks (decode.h): no system call, no state. */
#include "decode.h"

static mt_word_t words(mt_word_t bytes) { return (bytes + MT_WORD_BYTES - 1) / MT_WORD_BYTES; }
static mt_word_t error(mt_word_t code) { return mt_msginfo(code, 0, 0, 0); }

/* MT_RANGE_ERROR with the allowed minimum and maximum in MR0, MR1. */
static mt_word_t range(mt_word_t *mr, mt_word_t lo, mt_word_t hi)
{
    mr[0] = lo;
    mr[1] = hi;
    return mt_msginfo(MT_RANGE_ERROR, 0, 0, 2);
}

/* The words every request needs before its fields can be read. */
static const unsigned char min_len[MT_SDK_REQUEST_COUNT] = {
    [MT_SDK_LOG] = 2, [MT_SDK_SLEEP] = 1, [MT_SDK_TIMER_ONESHOT] = 2,
    [MT_SDK_TIMER_PERIODIC] = 2, [MT_SDK_TIMER_CANCEL] = 1, [MT_SDK_KV_READ] = 1,
    [MT_SDK_KV_WRITE] = 2, [MT_SDK_KV_DELETE] = 1, [MT_SDK_HEAP_GROW] = 1,
    [MT_SDK_EXIT] = 1 };

_Static_assert(2 + (MT_SDK_LOG_MAX + MT_WORD_BYTES - 1) / MT_WORD_BYTES <= MT_MSG_MAX_LENGTH,
               "a log line fits the message registers");
_Static_assert(2 + MT_SDK_KEY_WORDS <= MT_MSG_MAX_LENGTH, "a key fits the message registers");

static mt_word_t check_log(mt_word_t len, mt_word_t *mr)
{
    if (mr[0] < MT_SDK_LOG_ERROR || mr[0] > MT_SDK_LOG_TRACE)
        return range(mr, MT_SDK_LOG_ERROR, MT_SDK_LOG_TRACE);
    if (mr[1] > MT_SDK_LOG_MAX)
        return range(mr, 0, MT_SDK_LOG_MAX);
    return len < 2 + words(mr[1]) ? error(MT_TRUNCATED_MESSAGE) : 0;
}

/* A time past MT_SDK_TIME_MAX would wrap the deadline now + ns (a
 * period of ~0 would make the runtime add it ~now times before the
 * deadline passes now again). */
static mt_word_t check_timer(mt_word_t label, mt_word_t *mr)
{
    if (mr[0] >= MT_SDK_TIMERS)
        return range(mr, 0, MT_SDK_TIMERS - 1);
    if (label == MT_SDK_TIMER_PERIODIC &&
        (mr[1] < MT_SDK_TIMER_MIN_PERIOD || mr[1] > MT_SDK_TIME_MAX))
        return range(mr, MT_SDK_TIMER_MIN_PERIOD, MT_SDK_TIME_MAX);
    if (label == MT_SDK_TIMER_ONESHOT && mr[1] > MT_SDK_TIME_MAX)
        return range(mr, 0, MT_SDK_TIME_MAX);
    return 0;
}

/* MR0 key length, MR1 value length (write), the key from MR1 (MR2). */
static mt_word_t check_kv(mt_word_t label, mt_word_t len, mt_word_t *mr)
{
    mt_word_t at = label == MT_SDK_KV_WRITE ? 2 : 1;
    mt_word_t klen = mr[0], vlen = label == MT_SDK_KV_WRITE ? mr[1] : 0;
    if (klen < 1 || klen > MT_SDK_KEY_MAX)
        return range(mr, 1, MT_SDK_KEY_MAX);
    if (vlen > MT_SDK_VALUE_MAX)
        return range(mr, 0, MT_SDK_VALUE_MAX);
    return len < at + words(klen) ? error(MT_TRUNCATED_MESSAGE) : 0;
}

mt_word_t sdk_check(mt_word_t label, mt_word_t len, mt_word_t *mr)
{
    if (label < 1 || label >= MT_SDK_REQUEST_COUNT)
        return error(MT_SDK_NO_METHOD);
    if (len < min_len[label])
        return error(MT_TRUNCATED_MESSAGE);
    switch (label) {
    case MT_SDK_LOG: return check_log(len, mr);
    case MT_SDK_TIMER_ONESHOT: case MT_SDK_TIMER_PERIODIC: case MT_SDK_TIMER_CANCEL:
        return check_timer(label, mr);
    case MT_SDK_KV_READ: case MT_SDK_KV_WRITE: case MT_SDK_KV_DELETE:
        return check_kv(label, len, mr);
    case MT_SDK_SLEEP:
        return mr[0] > MT_SDK_TIME_MAX ? range(mr, 0, MT_SDK_TIME_MAX) : 0;
    case MT_SDK_HEAP_GROW:
        return mr[0] < 1 || mr[0] > MT_SDK_HEAP_GROW_MAX ? range(mr, 1, MT_SDK_HEAP_GROW_MAX) : 0;
    default: return 0;
    }
}

unsigned sdk_key(mt_word_t label, mt_word_t *mr, char *key, mt_word_t *reply)
{
    mt_word_t at = label == MT_SDK_KV_WRITE ? 2 : 1;
    unsigned klen = (unsigned)mr[0];
    __builtin_memcpy(key, &mr[at], klen);
    for (unsigned j = 0; j < klen; j++)
        if (!key[j]) {
            mr[0] = at + j / MT_WORD_BYTES;
            *reply = mt_msginfo(MT_INVALID_ARGUMENT, 0, 0, 1);
            return 0;
        }
    return klen;
}

unsigned sdk_log_text(const mt_word_t *mr, char *text)
{
    unsigned n = (unsigned)mr[1];
    __builtin_memcpy(text, &mr[2], n);
    for (unsigned i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c < ' ' && c != '\t' && !(c == '\n' && i == n - 1)) || c == 0x7f)
            text[i] = '?';
    }
    text[n] = 0;
    return n;
}
