/* SPDX-License-Identifier: BSD-2-Clause */
/* The SDK runtime: every application's requests (include/mote/sdk_abi.h)
 * on one endpoint, the badge naming the application, so nothing it sends
 * can reach another's state.  The control thread answers at once or saves
 * the reply (sleep, timer wait): it never blocks on an application.
 * Objects an application needs (heap, shared page) come from the process
 * manager, charged to its quota; its end (exit, fault) goes there too. */
#include <libmote/print.h>
#include <libmote/string.h>
#include "rt.h"
#include "decode.h"
#include "../interfaces/uart.h"
#include "../interfaces/log.h"

MT_RPC_CLIENT(proc, PROC_METHODS)
MT_RPC_CLIENT(memory, MEMORY_METHODS)
#if MT_CONNECTED_uart
MT_RPC_CLIENT(uart, UART_METHODS)
UART_OUTPUT(uart)
#endif
#if MT_CONNECTED_log
LOG_CLIENT(log)
#endif
_Static_assert(MT_SDK_LOG_ERROR - 1 == LOG_ERROR && MT_SDK_LOG_TRACE - 1 == LOG_TRACE,
               "the SDK's levels are the logger's, one up");

/* Most of our data (three pages with the thread's stack and IPC buffer,
 * which take the first 3.5 KiB of the first): 9 x 584 bytes, of which
 * every application's 32 timers (MT_SDK_TIMERS: a deadline and a period
 * each, in ns) are 4,608.  The worst case is fixed (each of MAX_APPS
 * applications may arm all its timers), so it cannot shrink to two pages
 * without a smaller timer ABI or timers that can fail for want of room:
 * two pages leave 4,608 bytes for all of bss, and the timers alone need
 * that much, deadline and period being any 64-bit count of ns (a
 * narrower period or a deadline in coarser units would change when
 * timers fire; 32 ids, MT_SDK_TIMERS, are the SDK ABI's promise). */
struct app apps[MAX_APPS];

static const char *const level_names[] = { "", "error", "warn", "info", "debug", "trace" };

/* Our window's page table and the endpoint, before any thread serves. */
void pre_init(void)
{
#if MT_CONNECTED_uart
    mt_set_output(uart_output);
#endif
    struct mem_name n = { "sdk_runtime" };
    struct mem_req q = { .row = { { MT_OBJ_PAGE_TABLE, 0, 1 } } };
    mt_rpc_give_cap(MT_SLOT_CNODE);
    if (memory_attach(n) || memory_objs_alloc(0, q, SLOT_PT) < 0 ||
        mt_page_table_map(SLOT_PT, MT_SLOT_VSPACE, WINDOW))
        mt_printf("sdk_runtime: no window page table\n");
    mt_rpc_accept_cap(SLOT_EP);
    if (proc_runtime_ep() || !mt_rpc_caps_received())
        mt_printf("sdk_runtime: no endpoint from the process manager\n");
}

/* Entry i is taken by the application of badge: a new start resets it.
 * Asking the process manager about it uses our message registers, so the
 * request's (len words) are kept aside meanwhile.  Out of line: its big
 * frame's saving of registers would otherwise cost every request. */
static __attribute__((noinline)) struct app *app_new(mt_word_t i, mt_word_t badge,
                                                     mt_word_t len)
{
    struct app *a = &apps[i];
    mt_word_t keep[MT_MSG_MAX_LENGTH];
    len = len < MT_MSG_MAX_LENGTH ? len : MT_MSG_MAX_LENGTH;
    memcpy(keep, mt_ipcbuf()->mr, len * sizeof keep[0]);
    struct proc_info in = proc_app_info(badge);
    if (in.err)
        return 0;
    mt_cnode_delete(MT_SLOT_CNODE, SLOT_REPLY(i), DEPTH);
    mt_cnode_delete(MT_SLOT_CNODE, SLOT_SHARED(i), DEPTH);
    memset(a, 0, sizeof *a);
    a->badge = badge;
    memcpy(a->name, in.name.s, sizeof a->name);
    a->name[sizeof a->name - 1] = 0;
    memcpy(mt_ipcbuf()->mr, keep, len * sizeof keep[0]);
    return a;
}

/* The application behind a badge (its run entry's, the same start). */
static struct app *app_of(mt_word_t badge, mt_word_t len, int *index)
{
    mt_word_t i = (badge & ((1ul << PROC_RUN_BITS) - 1)) - 1;
    badge &= ~PROC_FAULT_BADGE;
    if (i >= MAX_APPS)
        return 0;
    *index = (int)i;
    return apps[i].badge == badge ? &apps[i] : app_new(i, badge, len);
}

/* Whether an application's line at this level is shown: the logger's
 * threshold (`loglevel`) filters it as it does the components' lines,
 * asked each time so a change applies at once.  No logger (or no answer
 * from it): every line, as before there was a threshold. */
static int shown(mt_word_t level)
{
#if MT_CONNECTED_log
    int threshold = log_level(LOG_QUERY);
    return mt_rpc_status() || (int)level - 1 <= threshold;
#else
    (void)level;
    return 1;
#endif
}

/* Checked by sdk_check; the text made one line by sdk_log_text.  The
 * text is taken out of the MRs before the logger is asked (that call
 * uses them). */
static mt_word_t do_log(struct app *a)
{
    mt_word_t level = mt_get_mr(0);
    char text[MT_SDK_LOG_MAX + 1];
    unsigned n = sdk_log_text(mt_ipcbuf()->mr, text);
    if (shown(level))
            mt_printf("[%s%s%s] %s%s", a->name, level == MT_SDK_LOG_INFO ? "" : " ",
                  level == MT_SDK_LOG_INFO ? "" : level_names[level], text,
                  n && text[n - 1] == '\n' ? "" : "\n");
    return ok(0);
}

static mt_word_t no_memory(unsigned long left)
{
    mt_set_mr(0, left);
    return mt_msginfo(MT_NOT_ENOUGH_MEMORY, 0, 0, 1);
}

static mt_word_t do_heap(struct app *a)
{
    mt_word_t n = mt_get_mr(0);   /* 1..MT_SDK_HEAP_GROW_MAX: sdk_check */
    struct proc_mem m = proc_heap(a->badge, n);
    if (m.err)
        return no_memory(m.left);
    mt_set_mr(0, m.addr);
    return ok(1);
}

/* The page is mapped in the application and, through the cap the reply
 * brings, in our window; a->shared is its address in the application. */
static mt_word_t do_shared(struct app *a, int i)
{
    if (!a->shared) {
        mt_rpc_accept_cap(SLOT_SHARED(i));
        struct proc_mem m = proc_shared(a->badge);
        if (m.err)
            return no_memory(m.left);
        if (!mt_rpc_caps_received() ||
            mt_frame_map(SLOT_SHARED(i), MT_SLOT_VSPACE, WIN_SHARED(i), MT_VM_READ | MT_VM_WRITE))
            return err(MT_SDK_UNAVAILABLE);
        a->shared = m.addr;
    }
    mt_set_mr(0, a->shared);
    return ok(1);
}

static struct app *serving;          /* the application of the kv request */

int page_alive(void) { return serving && !proc_app_info(serving->badge).err; }

/* The key (lengths checked by sdk_check, a NUL refused by sdk_key); the
 * value travels in the shared page. */
static mt_word_t do_kv(struct app *a, int i, mt_word_t label)
{
    mt_word_t vlen = label == MT_SDK_KV_WRITE ? mt_get_mr(1) : 0, reply;
    char key[MT_SDK_KEY_MAX];
    void *page = (void *)WIN_SHARED(i);
    unsigned got = 0, klen;
    if (!a->shared)
        return err(MT_SDK_NO_SHARED_PAGE);
    if (!(klen = sdk_key(label, mt_ipcbuf()->mr, key, &reply)))
        return reply;
    serving = a;
    int e = label == MT_SDK_KV_READ ? kv_read(a->name, key, klen, page, &got)
          : label == MT_SDK_KV_WRITE ? kv_write(a->name, key, klen, page, (unsigned)vlen)
          : kv_delete(a->name, key, klen);
    serving = 0;
    if (e)
        return err((mt_word_t)e);
    mt_set_mr(0, got);
    return ok(label == MT_SDK_KV_READ);
}

/* The application faulted: the process manager records how and takes it
 * down; nothing is replied (its thread is gone). */
static void on_fault(mt_word_t badge, mt_word_t kind)
{
    mt_word_t pc = mt_get_mr(0), addr = 0, cause = 0;
    if (kind == MT_FAULT_VM) {
        addr = mt_get_mr(1);
        cause = mt_get_mr(3);
    } else if (kind == MT_FAULT_USER_EXCEPTION) {
        addr = mt_get_mr(3);
        cause = mt_get_mr(2);
    }
    proc_faulted(badge, kind, pc, addr, cause);
}

/* One request, checked first (decode.c); *deferred when nothing is to be
 * sent now. */
static mt_word_t handle(struct app *a, int i, mt_word_t label, mt_word_t len, int *deferred)
{
    mt_word_t bad = sdk_check(label, len, mt_ipcbuf()->mr);
    if (bad)
        return bad;
    switch (label) {
    case MT_SDK_PING: return ok(0);
    case MT_SDK_LOG: return do_log(a);
    case MT_SDK_NOW: mt_set_mr(0, now()); return ok(1);
    case MT_SDK_SLEEP: return do_sleep(a, i, deferred);
    case MT_SDK_TIMER_ONESHOT: case MT_SDK_TIMER_PERIODIC: case MT_SDK_TIMER_CANCEL:
        return do_timer(a, label);
    case MT_SDK_TIMER_WAIT: case MT_SDK_TIMER_POLL: return do_wait(a, i, label, deferred);
    case MT_SDK_SHARED_PAGE: return do_shared(a, i);
    case MT_SDK_KV_READ: case MT_SDK_KV_WRITE: case MT_SDK_KV_DELETE:
        return do_kv(a, i, label);
    case MT_SDK_HEAP_GROW: return do_heap(a);
    case MT_SDK_EXIT:
        proc_exited(a->badge, (long)(int)mt_get_mr(0));
        a->badge = 0;
        *deferred = 1;
        return 0;
    default: return err(MT_SDK_NO_METHOD);
    }
}

/* A message: a tick (message info 0: the bound notification, the timer
 * service's alarm; no request has label 0), a fault, or a request.
 * Returns whether *reply is to be sent now. */
static int message(mt_word_t badge, mt_word_t info, mt_word_t *reply)
{
    int i, deferred = 0;
    if (info == 0) {
        on_tick();
        return 0;
    }
    struct app *a = app_of(badge, mt_msginfo_length(info), &i);
    if (!a)
        return 0;   /* not a running application's: no answer */
    if (badge & PROC_FAULT_BADGE) {
        on_fault(badge, mt_msginfo_label(info));
        a->badge = 0;
        return 0;
    }
    *reply = handle(a, i, mt_msginfo_label(info), mt_msginfo_length(info), &deferred);
    return !deferred;
}

/* The only thread: requests, faults and the alarm on one receive. */
int run(void)
{
    mt_word_t badge, reply = 0;
    if (mt_tcb_bind_notification(mt_component.threads[mt_thread_index()].tcb_slot,
                                 MT_SLOT_SIGNAL_timer) != MT_OK)
        mt_printf("sdk_runtime: no alarm: sleeps and timers will not end\n");
    mt_word_t info = mt_recv(SLOT_EP, &badge);
    for (;;)
        info = message(badge, info, &reply) ? mt_reply_recv(SLOT_EP, reply, &badge)
                                            : mt_recv(SLOT_EP, &badge);
}

MT_COMPONENT();
