/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the SDK runtime's request checks
 * (components/sdk_runtime/decode.c, compiled as the runtime compiles it)
 * on any message an application can send: a label, a length (the 7-bit
 * field of the message info, so up to 127 words although the kernel
 * passes at most MT_MSG_MAX_LENGTH) and the message registers.
 *
 * Input: byte 0 the label, byte 1 the length, the rest the registers
 * (little-endian words, zero past the input).  The registers, the key and
 * the text are buffers of exactly their size, so a read or write past
 * them is AddressSanitizer's.  Beyond memory safety, every accepted
 * request must be one the ABI (include/mote/sdk_abi.h) allows, with
 * every word the runtime will read inside the message; every refusal
 * must be one of the ABI's errors with its detail words. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

#define FAIL(...) (fprintf(stderr, "fuzz-sdk: " __VA_ARGS__), fputc('\n', stderr), abort())

static mt_word_t words(mt_word_t bytes) { return (bytes + MT_WORD_BYTES - 1) / MT_WORD_BYTES; }

/* The words an accepted request's fields and text or key take. */
static mt_word_t needed(mt_word_t label, const mt_word_t *in)
{
    switch (label) {
    case MT_SDK_LOG: return 2 + words(in[1]);
    case MT_SDK_KV_READ: case MT_SDK_KV_DELETE: return 1 + words(in[0]);
    case MT_SDK_KV_WRITE: return 2 + words(in[0]);
    case MT_SDK_TIMER_ONESHOT: case MT_SDK_TIMER_PERIODIC: return 2;
    case MT_SDK_SLEEP: case MT_SDK_TIMER_CANCEL: case MT_SDK_HEAP_GROW: case MT_SDK_EXIT:
        return 1;
    default: return 0;
    }
}

/* The ABI's rules for an accepted request; in: the registers as sent. */
static void check_accepted(mt_word_t label, mt_word_t len, const mt_word_t *in)
{
    if (label < MT_SDK_PING || label >= MT_SDK_REQUEST_COUNT)
        FAIL("label %lu accepted", (unsigned long)label);
    if (len < needed(label, in) || needed(label, in) > MT_MSG_MAX_LENGTH)
        FAIL("label %lu: %lu words accepted, %lu needed", (unsigned long)label,
             (unsigned long)len, (unsigned long)needed(label, in));
    int bad = 0;
    switch (label) {
    case MT_SDK_LOG:
        bad = in[0] < MT_SDK_LOG_ERROR || in[0] > MT_SDK_LOG_TRACE || in[1] > MT_SDK_LOG_MAX;
        break;
    case MT_SDK_SLEEP: bad = in[0] > MT_SDK_TIME_MAX; break;
    case MT_SDK_TIMER_ONESHOT: case MT_SDK_TIMER_PERIODIC: case MT_SDK_TIMER_CANCEL:
        bad = in[0] >= MT_SDK_TIMERS || (label != MT_SDK_TIMER_CANCEL && in[1] > MT_SDK_TIME_MAX) ||
              (label == MT_SDK_TIMER_PERIODIC && in[1] < MT_SDK_TIMER_MIN_PERIOD);
        break;
    case MT_SDK_KV_READ: case MT_SDK_KV_WRITE: case MT_SDK_KV_DELETE:
        bad = in[0] < 1 || in[0] > MT_SDK_KEY_MAX ||
              (label == MT_SDK_KV_WRITE && in[1] > MT_SDK_VALUE_MAX);
        break;
    case MT_SDK_HEAP_GROW: bad = in[0] < 1 || in[0] > MT_SDK_HEAP_GROW_MAX; break;
    default: break;
    }
    if (bad)
        FAIL("label %lu accepted with MR0 %lu MR1 %lu", (unsigned long)label,
             (unsigned long)in[0], (unsigned long)in[1]);
}

static void check_refused(mt_word_t reply, const mt_word_t *mr)
{
    mt_word_t code = mt_msginfo_label(reply), n = mt_msginfo_length(reply);
    if (code == MT_RANGE_ERROR && n == 2 && mr[0] <= mr[1])
        return;
    if ((code == MT_SDK_NO_METHOD || code == MT_TRUNCATED_MESSAGE) && n == 0)
        return;
    FAIL("refused with label %lu, %lu words", (unsigned long)code, (unsigned long)n);
}

/* The key: its bytes as sent, or a NUL refused with the word holding it. */
static void check_key(mt_word_t label, mt_word_t *mr, const mt_word_t *in)
{
    char *key = malloc(MT_SDK_KEY_MAX);
    mt_word_t reply = 0, at = label == MT_SDK_KV_WRITE ? 2 : 1;
    unsigned klen = sdk_key(label, mr, key, &reply);
    const char *sent = (const char *)&in[at];
    const char *nul = memchr(sent, 0, in[0]);
    if (klen && (nul || klen != in[0] || memcmp(key, sent, klen)))
        FAIL("key of %u bytes accepted, %lu sent", klen, (unsigned long)in[0]);
    if (!klen && (!nul || mt_msginfo_label(reply) != MT_INVALID_ARGUMENT ||
                  mr[0] != at + (mt_word_t)(nul - sent) / MT_WORD_BYTES))
        FAIL("key refused: reply %lx MR0 %lu", (unsigned long)reply, (unsigned long)mr[0]);
    free(key);
}

/* The text: as sent but control bytes (a final newline and tabs aside). */
static void check_text(const mt_word_t *mr, const mt_word_t *in)
{
    char *text = malloc(MT_SDK_LOG_MAX + 1);
    unsigned n = sdk_log_text(mr, text);
    const unsigned char *sent = (const unsigned char *)&in[2];
    if (n != in[1] || text[n])
        FAIL("text of %u bytes, %lu sent", n, (unsigned long)in[1]);
    for (unsigned i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        int control = (c < ' ' && c != '\t' && !(c == '\n' && i == n - 1)) || c == 0x7f;
        if (control || (c != sent[i] && c != '?'))
            FAIL("text byte %u is 0x%02x, 0x%02x sent", i, c, sent[i]);
    }
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    mt_word_t label = data[0], len = data[1] & 0x7f;
    size_t bytes = MT_MSG_MAX_LENGTH * sizeof(mt_word_t);
    mt_word_t *mr = calloc(MT_MSG_MAX_LENGTH, sizeof *mr);
    mt_word_t in[MT_MSG_MAX_LENGTH] = { 0 };
    memcpy(in, data + 2, size - 2 < bytes ? size - 2 : bytes);
    memcpy(mr, in, bytes);
    mt_word_t reply = sdk_check(label, len, mr);
    if (reply) {
        check_refused(reply, mr);
    } else {
        check_accepted(label, len, in);
        if (memcmp(mr, in, bytes))
            FAIL("an accepted request's registers changed");
        if (label == MT_SDK_KV_READ || label == MT_SDK_KV_WRITE || label == MT_SDK_KV_DELETE)
            check_key(label, mr, in);
        if (label == MT_SDK_LOG)
            check_text(mr, in);
    }
    free(mr);
    return 0;
}
