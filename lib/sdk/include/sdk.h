/* SPDX-License-Identifier: BSD-2-Clause */
/* The mote application SDK: everything an application may ask of the
 * system, each a Call to the SDK runtime over the application's one
 * endpoint (protocol: <mote/sdk_abi.h>; docs/APPS.md).
 *
 * An application is `int main(void)` in one C file; returning from main
 * is sdk_exit(the value).  Every call returns 0 or an error code: an
 * enum mt_error of <mote/errors.h> or an enum mt_sdk_error of
 * <mote/sdk_abi.h>; sdk_strerror names it and sdk_error_detail gives the
 * reply's detail words (e.g. the quota bytes left after
 * MT_NOT_ENOUGH_MEMORY).  Arguments the SDK can check itself (a key too
 * long, a value too big, a timer id out of range) are refused without a
 * call, with the code the runtime would have replied. */
#ifndef SDK_H
#define SDK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <mote/sdk_abi.h>

/* Levels for sdk_log. */
#define SDK_ERROR MT_SDK_LOG_ERROR
#define SDK_WARN MT_SDK_LOG_WARN
#define SDK_INFO MT_SDK_LOG_INFO
#define SDK_DEBUG MT_SDK_LOG_DEBUG
#define SDK_TRACE MT_SDK_LOG_TRACE

/* Is the runtime there? */
int sdk_ping(void);

/* A line at a level, formatted as libmote's mt_printf does (%d %i %u %x %c
 * %s %p %%, l, width, 0 flag) and cut at MT_SDK_LOG_MAX bytes. */
int sdk_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sdk_vlog(int level, const char *fmt, va_list ap);
/* sdk_log at SDK_INFO. */
int sdk_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Time in nanoseconds since boot; sleeping. */
int sdk_now(uint64_t *ns);
int sdk_sleep(uint64_t ns);

/* Timers 0..MT_SDK_TIMERS - 1: one-shot or periodic (period at least
 * MT_SDK_TIMER_MIN_PERIOD), cancel; wait blocks until at least one has
 * fired, poll does not; both return the mask of fired timers (bit i =
 * timer i) and clear it. */
int sdk_timer_oneshot(unsigned id, uint64_t ns);
int sdk_timer_periodic(unsigned id, uint64_t period_ns);
int sdk_timer_cancel(unsigned id);
int sdk_timer_wait(uint32_t *fired);
int sdk_timer_poll(uint32_t *fired);

/* Key-value storage in the application's own namespace.  Keys are 1 to
 * MT_SDK_KEY_MAX bytes (a C string), values 0 to MT_SDK_VALUE_MAX bytes.
 * sdk_kv_read copies at most size bytes into buf and sets *len to the
 * value's whole length.  The first call maps the shared page (charged to
 * the quota once). */
int sdk_kv_read(const char *key, void *buf, size_t size, size_t *len);
int sdk_kv_write(const char *key, const void *value, size_t len);
int sdk_kv_delete(const char *key);

/* pages fresh zeroed pages of heap, right after those given before;
 * *addr = the first.  Refused with MT_NOT_ENOUGH_MEMORY past the quota. */
int sdk_heap_pages(unsigned pages, void **addr);
/* A small first-fit allocator over sdk_heap_pages (16-byte aligned
 * blocks; freed neighbours merge).  NULL when the heap cannot grow. */
void *sdk_malloc(size_t bytes);
void sdk_free(void *p);

/* Ends the application; never returns. */
void sdk_exit(int code) __attribute__((noreturn));

/* The text of an error code, and word i (0 or 1) of the last error
 * reply's detail. */
const char *sdk_strerror(int code);
uint64_t sdk_error_detail(int i);

#endif
