/* SPDX-License-Identifier: BSD-2-Clause */
/* An application's request checked against the SDK ABI
 * (include/mote/sdk_abi.h) before the runtime acts on it.  Pure functions
 * of the message (its label, its length in words, its message registers),
 * so the runtime and its fuzzer (tests/fuzz/fuzz_sdk.c) compile the same
 * code.  An application is untrusted: every length and id it sends is
 * checked here before anything is copied or indexed by it. */
#ifndef SDK_DECODE_H
#define SDK_DECODE_H

#include <mote/sdk_abi.h>

/* 0 if request `label` of `len` words may be served; else the message
 * info of the error reply, its words (the allowed range of a field, or
 * none) already in mr: MT_SDK_NO_METHOD, MT_TRUNCATED_MESSAGE (shorter
 * than the request or its text or key), MT_RANGE_ERROR (a log level, log
 * length, timer id, a time (sleep, delay, period), key length, value
 * length or page count out of range).  What depends on the application's state (its shared
 * page, its timers) is the runtime's to check. */
mt_word_t sdk_check(mt_word_t label, mt_word_t len, mt_word_t *mr);

/* The key of a kv request that sdk_check accepted, into key
 * (MT_SDK_KEY_MAX bytes): its length, or 0 with the reply
 * MT_INVALID_ARGUMENT in *reply (MR0 the word holding a NUL byte: the
 * store's keys are strings). */
unsigned sdk_key(mt_word_t label, mt_word_t *mr, char *key, mt_word_t *reply);

/* The text of a log request that sdk_check accepted, into text
 * (MT_SDK_LOG_MAX + 1 bytes), NUL-terminated and one line: a control
 * byte (a newline but a final one, a carriage return, an escape) is
 * printed as '?', so an application cannot forge another's log line or
 * drive the terminal.  Returns its length. */
unsigned sdk_log_text(const mt_word_t *mr, char *text);

#endif
