/* SPDX-License-Identifier: BSD-2-Clause */
/* The requests that are only registers: ping, time, timers, heap, exit. */
#include "sdk_int.h"

static uint64_t detail[2];

int sdk_call(mt_word_t label, unsigned len, unsigned reply_len)
{
    mt_word_t info = mt_call(MT_APP_SLOT_SDK, mt_msginfo(label, 0, 0, len));
    int e = (int)mt_msginfo_label(info);
    if (e == MT_OK && mt_msginfo_length(info) < reply_len)
        e = MT_TRUNCATED_MESSAGE;
    if (e != MT_OK) {
        /* Detail words only if the reply carried them. */
        detail[0] = mt_msginfo_length(info) > 0 ? *sdk_mr(0) : 0;
        detail[1] = mt_msginfo_length(info) > 1 ? *sdk_mr(1) : 0;
    }
    return e;
}

uint64_t sdk_error_detail(int i)
{
    return i == 0 || i == 1 ? detail[i] : 0;
}

int sdk_ping(void)
{
    return sdk_call(MT_SDK_PING, 0, 0);
}

/* A request whose reply is one word. */
static int get_word(mt_word_t label, uint64_t *out)
{
    int e = sdk_call(label, 0, 1);
    *out = e ? 0 : *sdk_mr(0);
    return e;
}

int sdk_now(uint64_t *ns)
{
    return get_word(MT_SDK_NOW, ns);
}

int sdk_sleep(uint64_t ns)
{
    *sdk_mr(0) = ns;
    return sdk_call(MT_SDK_SLEEP, 1, 0);
}

/* Timer ids are checked here too: the runtime's answer would be the same. */
static int timer(mt_word_t label, unsigned id, uint64_t ns, unsigned len)
{
    if (id >= MT_SDK_TIMERS) {
        detail[0] = 0;
        detail[1] = MT_SDK_TIMERS - 1;
        return MT_RANGE_ERROR;
    }
    *sdk_mr(0) = id;
    *sdk_mr(1) = ns;
    return sdk_call(label, len, 0);
}

int sdk_timer_oneshot(unsigned id, uint64_t ns) { return timer(MT_SDK_TIMER_ONESHOT, id, ns, 2); }
int sdk_timer_periodic(unsigned id, uint64_t ns) { return timer(MT_SDK_TIMER_PERIODIC, id, ns, 2); }
int sdk_timer_cancel(unsigned id) { return timer(MT_SDK_TIMER_CANCEL, id, 0, 1); }

int sdk_timer_wait(uint32_t *fired)
{
    uint64_t mask;
    int e = get_word(MT_SDK_TIMER_WAIT, &mask);
    *fired = (uint32_t)mask;
    return e;
}

int sdk_timer_poll(uint32_t *fired)
{
    uint64_t mask;
    int e = get_word(MT_SDK_TIMER_POLL, &mask);
    *fired = (uint32_t)mask;
    return e;
}

int sdk_heap_pages(unsigned pages, void **addr)
{
    if (pages == 0 || pages > MT_SDK_HEAP_GROW_MAX) {
        detail[0] = 1;
        detail[1] = MT_SDK_HEAP_GROW_MAX;
        return MT_RANGE_ERROR;
    }
    *sdk_mr(0) = pages;
    int e = sdk_call(MT_SDK_HEAP_GROW, 1, 1);
    *addr = e ? 0 : (void *)*sdk_mr(0);
    return e;
}

/* The runtime never replies to exit; if a reply came all the same, the
 * breakpoint hands the thread to its fault handler, the process manager. */
void sdk_exit(int code)
{
    *sdk_mr(0) = (mt_word_t)(long)code;
    sdk_call(MT_SDK_EXIT, 1, 0);
    for (;;)
        __asm__ volatile("ebreak");
}
