/* SPDX-License-Identifier: BSD-2-Clause */
/* The SDK runtime's parts: sdk_runtime.c (requests), decode.c (their
 * checks, shared with tests/fuzz), clock.c (timers, sleeps, the alarm),
 * kv_store.c (key-value storage behind one seam). */
#ifndef RT_H
#define RT_H

#include <stdint.h>
#include <libmote/rpc.h>
#include <mote/bundle.h>
#include <mote/sdk_abi.h>
#include "../interfaces/memory.h"
#include "../interfaces/proc.h"
#include "../interfaces/timer.h"

/* The timer connection must be rpc_signal: its notification, bound to the
 * control thread, is how a deadline ends the wait for requests. */
#ifndef MT_SLOT_SIGNAL_timer
#error "sdk_runtime: connect `timer` with rpc_signal (the timer service's alarm)"
#endif

#define DEPTH MT_WORD_BITS
#define MAX_APPS 9                   /* the process manager's run entries (MAX_RUNNING) */
/* Our slots: the endpoint, the window's page table, then per application
 * its saved reply and its shared page. */
#define SLOT_EP MT_SLOT_FIRST_FREE
#define SLOT_PT (SLOT_EP + 1)
#define SLOT_REPLY(i) (SLOT_EP + 2 + (mt_cptr_t)(i))
#define SLOT_SHARED(i) (SLOT_EP + 2 + MAX_APPS + (mt_cptr_t)(i))
/* Our window: application i's shared page. */
#define WINDOW 0x200000ul
#define WIN_SHARED(i) (WINDOW + (mt_word_t)(i) * MT_PAGE_SIZE)

enum { WAIT_NONE, WAIT_SLEEP, WAIT_TIMERS };

struct app {
    mt_word_t badge;                 /* 0: no application here */
    char name[MT_BUNDLE_NAME_MAX];
    mt_word_t shared;                /* its shared page's address (ours: WIN_SHARED) */
    int waiting;                     /* a saved reply in SLOT_REPLY */
    uint64_t sleep_due;
    uint32_t armed, fired;
    uint64_t due[MT_SDK_TIMERS], period[MT_SDK_TIMERS];
};

extern struct app apps[MAX_APPS];

/* clock.c */
uint64_t now(void);
mt_word_t do_timer(struct app *a, mt_word_t label);
mt_word_t do_wait(struct app *a, int index, mt_word_t label, int *deferred);
mt_word_t do_sleep(struct app *a, int index, int *deferred);
void on_tick(void);
void clock_kick(void);

/* kv_store.c: the storage seam.  Each returns 0 or an error label (enum
 * mt_error / mt_sdk_error); ns is the application's name (its
 * namespace in the store); keys have no NUL. */
int kv_read(const char *ns, const char *key, unsigned klen, void *buf, unsigned *vlen);
int kv_write(const char *ns, const char *key, unsigned klen, const void *val, unsigned vlen);
int kv_delete(const char *ns, const char *key, unsigned klen);
/* sdk_runtime.c: whether the application whose request is served still
 * exists, so its shared page is still mapped here (kv_store.c asks before
 * it touches the page after a storage call: a stop meanwhile takes the
 * page away, and touching it then would fault the runtime). */
int page_alive(void);

static inline mt_word_t ok(unsigned len) { return mt_msginfo(MT_OK, 0, 0, len); }
static inline mt_word_t err(mt_word_t code) { return mt_msginfo(code, 0, 0, 0); }

#endif
