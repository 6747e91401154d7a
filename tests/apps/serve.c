/* SPDX-License-Identifier: BSD-2-Clause */
/* Answering an application's SDK requests (include/mote/sdk_abi.h), one
 * application at a time: time is the kernel's tick count, sleeping and
 * timer waits busy-wait, key-value pairs live in a small table here. */
#include "apprun.h"

#define NS_PER_TICK 1000000ull   /* the kernel ticks every millisecond */

static struct timers {
    uint32_t armed, fired;
    uint64_t due[MT_SDK_TIMERS], period[MT_SDK_TIMERS];
} tm;

static struct kv {
    unsigned klen, vlen;
    char key[MT_SDK_KEY_MAX];
    uint8_t value[MT_SDK_VALUE_MAX];
} kv[MAX_KEYS];

static uint64_t now(void)
{
    mt_word_t info[4];
    mt_debug_kernel_info(info);
    return info[MT_KINFO_TICKS] * NS_PER_TICK;
}

static mt_word_t ok(unsigned len) { return mt_msginfo(MT_OK, 0, 0, len); }
static mt_word_t err(mt_word_t code) { return mt_msginfo(code, 0, 0, 0); }
static mt_word_t words(mt_word_t bytes) { return (bytes + MT_WORD_BYTES - 1) / MT_WORD_BYTES; }

static mt_word_t range(mt_word_t lo, mt_word_t hi)
{
    mt_set_mr(0, lo);
    mt_set_mr(1, hi);
    return mt_msginfo(MT_RANGE_ERROR, 0, 0, 2);
}

static mt_word_t do_log(struct run *r, mt_word_t len)
{
    mt_word_t level = mt_get_mr(0), n = mt_get_mr(1);
    if (level < MT_SDK_LOG_ERROR || level > MT_SDK_LOG_TRACE)
        return range(MT_SDK_LOG_ERROR, MT_SDK_LOG_TRACE);
    if (n > MT_SDK_LOG_MAX)
        return range(0, MT_SDK_LOG_MAX);
    if (len < 2 + words(n))
        return err(MT_TRUNCATED_MESSAGE);
    if (r->nlines < MAX_LINES) {
        struct line *l = &r->lines[r->nlines++];
        l->level = (int)level;
        l->len = (unsigned)n;
        memcpy(l->text, &mt_ipcbuf()->mr[2], n);
        l->text[n] = 0;
        mt_printf("# [%s %lu] %s%s", r->plan.name, level, l->text,
                  n && l->text[n - 1] == '\n' ? "" : "\n");
    }
    return ok(0);
}

/* Fires every due timer (periodic ones re-arm at their next period). */
static void update_timers(void)
{
    uint64_t t = now();
    for (int i = 0; i < MT_SDK_TIMERS; i++) {
        if (!(tm.armed & 1u << i) || tm.due[i] > t)
            continue;
        tm.fired |= 1u << i;
        if (tm.period[i])
            while (tm.due[i] <= t)
                tm.due[i] += tm.period[i];
        else
            tm.armed &= ~(1u << i);
    }
}

static mt_word_t do_timer(mt_word_t label)
{
    mt_word_t id = mt_get_mr(0), ns = mt_get_mr(1);
    if (id >= MT_SDK_TIMERS)
        return range(0, MT_SDK_TIMERS - 1);
    uint32_t bit = 1u << id;
    tm.fired &= ~bit;
    tm.armed &= ~bit;
    if (label == MT_SDK_TIMER_CANCEL)
        return ok(0);
    if (label == MT_SDK_TIMER_PERIODIC && ns < MT_SDK_TIMER_MIN_PERIOD)
        return range(MT_SDK_TIMER_MIN_PERIOD, ~0ul);
    tm.armed |= bit;
    tm.due[id] = now() + ns;
    tm.period[id] = label == MT_SDK_TIMER_PERIODIC ? ns : 0;
    return ok(0);
}

static mt_word_t do_wait(mt_word_t label)
{
    update_timers();
    if (label == MT_SDK_TIMER_WAIT && !tm.fired && !tm.armed)
        return err(MT_SDK_NO_TIMERS);
    while (label == MT_SDK_TIMER_WAIT && !tm.fired)
        update_timers();
    mt_set_mr(0, tm.fired);
    tm.fired = 0;
    return ok(1);
}

static mt_word_t do_sleep(void)
{
    uint64_t until = now() + mt_get_mr(0);
    while (now() < until)
        ;
    return ok(0);
}

/* Pages at [va, va + pages) cost their frames and a level-0 table for each
 * 2 MiB region without one yet (the window has its level-1 table). */
static uint64_t cost(struct run *r, mt_word_t va, mt_word_t pages)
{
    uint64_t bytes = pages * MT_PAGE_SIZE;
    mt_word_t last = (va + pages * MT_PAGE_SIZE - 1) >> 21;
    for (mt_word_t reg = va >> 21; reg <= last; reg++)
        if (reg > r->last_l0)
            bytes += MT_PAGE_SIZE;
    return bytes;
}

static int charge(struct run *r, mt_word_t va, mt_word_t pages)
{
    uint64_t c = cost(r, va, pages);
    if (r->used + c > r->plan.quota_bytes)
        return -1;
    r->used += c;
    if (((va + pages * MT_PAGE_SIZE - 1) >> 21) > r->last_l0)
        r->last_l0 = (va + pages * MT_PAGE_SIZE - 1) >> 21;
    return 0;
}

static mt_word_t no_memory(struct run *r)
{
    mt_set_mr(0, r->plan.quota_bytes - r->used);
    return mt_msginfo(MT_NOT_ENOUGH_MEMORY, 0, 0, 1);
}

static mt_word_t do_heap(struct run *r)
{
    mt_word_t n = mt_get_mr(0), first = r->heap_next;
    if (n < 1 || n > MT_SDK_HEAP_GROW_MAX)
        return range(1, MT_SDK_HEAP_GROW_MAX);
    if (n > (r->plan.heap_limit - first) / MT_PAGE_SIZE || charge(r, first, n))
        return no_memory(r);
    for (mt_word_t i = 0; i < n; i++)
        if (run_map_new(r, first + i * MT_PAGE_SIZE, MT_VM_READ | MT_VM_WRITE, 0))
            return no_memory(r);
    r->heap_next += n * MT_PAGE_SIZE;
    r->heap_pages += (unsigned)n;
    mt_set_mr(0, first);
    return ok(1);
}

static mt_word_t do_shared(struct run *r)
{
    if (!r->shared_mine) {
        if (charge(r, r->plan.shared_page, 1))
            return no_memory(r);
        if (run_map_new(r, r->plan.shared_page, MT_VM_READ | MT_VM_WRITE, &r->shared_mine))
            return no_memory(r);
    }
    mt_set_mr(0, r->plan.shared_page);
    return ok(1);
}

static struct kv *find(const char *key, unsigned klen)
{
    for (int i = 0; i < MAX_KEYS; i++)
        if (kv[i].klen == klen && !memcmp(kv[i].key, key, klen))
            return &kv[i];
    return 0;
}

/* The key from MR[at] on (length in MR0), checked against the message. */
static mt_word_t do_kv(struct run *r, mt_word_t label, mt_word_t len)
{
    int at = label == MT_SDK_KV_WRITE ? 2 : 1;
    mt_word_t klen = mt_get_mr(0), vlen = label == MT_SDK_KV_WRITE ? mt_get_mr(1) : 0;
    if (klen < 1 || klen > MT_SDK_KEY_MAX)
        return range(1, MT_SDK_KEY_MAX);
    if (vlen > MT_SDK_VALUE_MAX)
        return range(0, MT_SDK_VALUE_MAX);
    if (len < at + words(klen))
        return err(MT_TRUNCATED_MESSAGE);
    if (!r->shared_mine)
        return err(MT_SDK_NO_SHARED_PAGE);
    char key[MT_SDK_KEY_MAX];
    memcpy(key, &mt_ipcbuf()->mr[at], klen);
    struct kv *e = find(key, (unsigned)klen);
    if (label != MT_SDK_KV_WRITE && !e)
        return err(MT_SDK_NO_SUCH_KEY);
    if (label == MT_SDK_KV_DELETE) {
        e->klen = 0;
        return ok(0);
    }
    if (label == MT_SDK_KV_READ) {
        memcpy((void *)r->shared_mine, e->value, e->vlen);
        mt_set_mr(0, e->vlen);
        return ok(1);
    }
    if (!e && !(e = find("", 0)))
        return err(MT_SDK_STORAGE_FULL);
    memcpy(e->key, key, klen);
    e->klen = (unsigned)klen;
    e->vlen = (unsigned)vlen;
    memcpy(e->value, (void *)r->shared_mine, vlen);
    return ok(0);
}

static mt_word_t handle(struct run *r, mt_word_t label, mt_word_t len)
{
    static const unsigned min_len[MT_SDK_REQUEST_COUNT] = {
        [MT_SDK_LOG] = 2, [MT_SDK_SLEEP] = 1, [MT_SDK_TIMER_ONESHOT] = 2,
        [MT_SDK_TIMER_PERIODIC] = 2, [MT_SDK_TIMER_CANCEL] = 1, [MT_SDK_KV_READ] = 1,
        [MT_SDK_KV_WRITE] = 2, [MT_SDK_KV_DELETE] = 1, [MT_SDK_HEAP_GROW] = 1 };
    if (label < MT_SDK_REQUEST_COUNT && len < min_len[label])
        return err(MT_TRUNCATED_MESSAGE);
    switch (label) {
    case MT_SDK_PING: return ok(0);
    case MT_SDK_LOG: return do_log(r, len);
    case MT_SDK_NOW: mt_set_mr(0, now()); return ok(1);
    case MT_SDK_SLEEP: return do_sleep();
    case MT_SDK_TIMER_ONESHOT: case MT_SDK_TIMER_PERIODIC: case MT_SDK_TIMER_CANCEL:
        return do_timer(label);
    case MT_SDK_TIMER_WAIT: case MT_SDK_TIMER_POLL: return do_wait(label);
    case MT_SDK_SHARED_PAGE: return do_shared(r);
    case MT_SDK_KV_READ: case MT_SDK_KV_WRITE: case MT_SDK_KV_DELETE:
        return do_kv(r, label, len);
    case MT_SDK_HEAP_GROW: return do_heap(r);
    default: return err(MT_SDK_NO_METHOD);
    }
}

static void reset_state(void)
{
    memset(&tm, 0, sizeof tm);
    for (int i = 0; i < MAX_KEYS; i++)
        kv[i].klen = 0;
}

void run_serve(struct run *r, int stop_after_lines)
{
    mt_word_t badge;
    reset_state();
    r->last_l0 = r->plan.map[r->plan.mapping_count - 1].vaddr >> 21;
    mt_word_t info = mt_recv(r->ep, &badge);
    for (;;) {
        mt_word_t label = mt_msginfo_label(info);
        if (badge == FAULT_BADGE) {
            r->faulted = 1;
            r->fault_label = label;
            for (int i = 0; i < 4; i++)
                r->fault_mr[i] = mt_get_mr(i);
            return;
        }
        if (label == MT_SDK_EXIT) {
            r->exited = 1;
            r->exit_code = (int)mt_get_mr(0);
            break;
        }
        mt_word_t reply = handle(r, label, mt_msginfo_length(info));
        if (stop_after_lines && r->nlines >= stop_after_lines)
            break;
        info = mt_reply_recv(r->ep, reply, &badge);
    }
    for (int i = 0; i < MAX_KEYS; i++)
        r->keys_left += kv[i].klen != 0;
}
