/* SPDX-License-Identifier: BSD-2-Clause */
/* The SDK protocol: what an application may ask of the SDK runtime, and
 * how each request is laid out in message registers.  One header for both
 * sides: lib/sdk (the application's end) and the sdk_runtime component.
 * docs/APPS.md has the same in prose.
 *
 * Every request is a Call on the application's one capability, the
 * badged endpoint in slot MT_APP_SLOT_SDK of its CSpace (<mote/bundle.h>).
 * The badge names the application to the runtime; no field of any request
 * names another application or any state outside its own.
 *
 * Request: label = enum mt_sdk_request, MRs as listed below, length = the
 * number of MRs the request uses (the runtime refuses a shorter message
 * with MT_TRUNCATED_MESSAGE: MRs past the length are stale).
 * Reply: label = an error code (0 = success: enum mt_error of
 * <mote/errors.h> where one fits, enum mt_sdk_error otherwise), MRs as
 * listed.  On MT_INVALID_ARGUMENT, MR0 = the index of the bad MR; on
 * MT_RANGE_ERROR, MR0 and MR1 = the allowed minimum and maximum; on
 * MT_NOT_ENOUGH_MEMORY, MR0 = quota bytes still free.
 *
 * Large data: a log line travels in the message registers (at most
 * MT_SDK_LOG_MAX bytes).  A key-value value (up to 4 KiB, a whole page)
 * travels through the application's shared page: a page the runtime maps
 * on the first MT_SDK_SHARED_PAGE request at the address the layout
 * reserves for it (<mote/bundle.h>), charged to the application's quota
 * once, and also keeps mapped in its own address space.  So a transfer is
 * one Call and is atomic (the storage sees the whole value or none), the
 * runtime keeps no staging state between calls, and an application that
 * never uses key-value storage never pays for the page. */
#ifndef MOTE_SDK_ABI_H
#define MOTE_SDK_ABI_H

#include <mote/msginfo.h>
#include <mote/errors.h>
#include <mote/objects.h>

enum mt_sdk_request {
    /* -> nothing.  Is the runtime there? */
    MT_SDK_PING = 1,
    /* MR0 level (enum mt_sdk_log_level), MR1 length in bytes (0..
     * MT_SDK_LOG_MAX), MR2.. the text (no NUL), packed in little-endian
     * words.  The runtime prints it with the application's name unless the
     * level is above the console's current log level. */
    MT_SDK_LOG = 2,
    /* -> MR0 nanoseconds since boot. */
    MT_SDK_NOW = 3,
    /* MR0 nanoseconds -> replies once they have passed. */
    MT_SDK_SLEEP = 4,
    /* MR0 timer id (0..MT_SDK_TIMERS - 1), MR1 nanoseconds: the timer fires
     * once after that long.  Re-arming an armed timer restarts it. */
    MT_SDK_TIMER_ONESHOT = 5,
    /* MR0 timer id, MR1 period in nanoseconds (>= MT_SDK_TIMER_MIN_PERIOD):
     * fires every period until cancelled. */
    MT_SDK_TIMER_PERIODIC = 6,
    /* MR0 timer id: disarms it and forgets whether it fired. */
    MT_SDK_TIMER_CANCEL = 7,
    /* -> MR0 the mask of timers that fired since the last wait or poll
     * (bit i = timer i), which are then cleared; blocks until it is not
     * empty.  MT_SDK_NO_TIMERS if no timer is armed and none has fired
     * (the wait could never end). */
    MT_SDK_TIMER_WAIT = 8,
    /* -> MR0 the same mask, possibly 0; never blocks. */
    MT_SDK_TIMER_POLL = 9,
    /* -> MR0 the address of the application's shared page, mapped (and
     * charged to its quota) by the first such request. */
    MT_SDK_SHARED_PAGE = 10,
    /* MR0 key length (1..MT_SDK_KEY_MAX), MR1.. the key (packed like a log
     * line) -> MR0 value length; the value is in the shared page. */
    MT_SDK_KV_READ = 11,
    /* MR0 key length, MR1 value length (0..MT_SDK_VALUE_MAX), MR2.. the
     * key; the value is in the shared page.  Replaces any old value. */
    MT_SDK_KV_WRITE = 12,
    /* MR0 key length, MR1.. the key. */
    MT_SDK_KV_DELETE = 13,
    /* MR0 pages (1..MT_SDK_HEAP_GROW_MAX) -> MR0 the address of the first:
     * that many fresh zeroed read-write pages, mapped right after the ones
     * given before (the heap is one run of pages from the layout's heap
     * base upward), charged with their page tables to the quota. */
    MT_SDK_HEAP_GROW = 14,
    /* MR0 exit code (a C int).  Never replied to: the process manager
     * stops the application and returns every byte. */
    MT_SDK_EXIT = 15,
    MT_SDK_REQUEST_COUNT
};

/* Log levels, as the console's loglevel command names them; 0 is "off"
 * there and not a level a line can have. */
enum mt_sdk_log_level {
    MT_SDK_LOG_ERROR = 1,
    MT_SDK_LOG_WARN = 2,
    MT_SDK_LOG_INFO = 3,
    MT_SDK_LOG_DEBUG = 4,
    MT_SDK_LOG_TRACE = 5,
};

/* SDK-specific reply labels, above the kernel's numbering. */
enum mt_sdk_error {
    MT_SDK_NO_SUCH_KEY = 64,   /* kv read or delete of an absent key */
    MT_SDK_NO_TIMERS = 65,     /* timer wait with no timer armed or fired */
    MT_SDK_STORAGE_FULL = 66,  /* the application's namespace is full */
    MT_SDK_UNAVAILABLE = 67,   /* a service the runtime needs is not there */
    MT_SDK_NO_METHOD = 68,     /* a label that is no request */
    MT_SDK_NO_SHARED_PAGE = 69, /* kv request before MT_SDK_SHARED_PAGE */
    MT_SDK_NO_STORAGE = 70,    /* kv: no disk, or no usable store on it */
};

/* Limits. */
#define MT_SDK_LOG_MAX ((MT_MSG_MAX_LENGTH - 2) * MT_WORD_BYTES) /* 432 on rv64 */
#define MT_SDK_KEY_MAX 64                            /* bytes */
#define MT_SDK_KEY_WORDS (MT_SDK_KEY_MAX / MT_WORD_BYTES)
#define MT_SDK_VALUE_MAX MT_PAGE_SIZE                /* 4096 bytes */
#define MT_SDK_TIMERS 32
#define MT_SDK_TIMER_MIN_PERIOD 1000000ul            /* 1 ms, the kernel tick */
/* The longest sleep, one-shot delay or period (2^62 ns, 146 years): a
 * deadline (now + ns) never wraps, and a periodic timer that fell behind
 * catches up in a bounded number of periods. */
#define MT_SDK_TIME_MAX (1ull << 62)
#define MT_SDK_HEAP_GROW_MAX 256                     /* pages per request */

/* The text and key words must fit in the message registers. */
_Static_assert(2 + MT_SDK_LOG_MAX / MT_WORD_BYTES <= MT_MSG_MAX_LENGTH, "log line fits the MRs");
_Static_assert(2 + MT_SDK_KEY_WORDS <= MT_MSG_MAX_LENGTH, "key fits the MRs");
_Static_assert(MT_SDK_TIMERS <= 64, "a timer mask is one word");

#endif
