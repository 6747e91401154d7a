/* SPDX-License-Identifier: BSD-2-Clause */
/* The process manager's parts: process_manager.c serves Proc and keeps
 * the tables, app.c builds and tears down an application, flash.c reads
 * the builtin bundles from the flash, stored.c the disk's. */
#ifndef PM_H
#define PM_H

#include <stdint.h>
#include <libmote/rpc.h>
#include "../../lib/bundle/bundle.h"
#include "../../lib/appload/appload.h"
#include "../interfaces/memory.h"
#include "../interfaces/proc.h"

#define DEPTH MT_WORD_BITS
#define MAX_INSTALLED 12
#define MAX_RUNNING 9
#define MAX_GROUPS_APP 16     /* memory-manager groups: the start, heap, shared page */
#define APP_SLOTS 22          /* our slots for one running application's objects */
#define INPLACE_MAX 4         /* pages of an installed bundle mapped in place */
#define WINDOW 0x3ff000ul     /* where we map a page to fill it */
#define LOAD_VADDR 0x300000ul /* a bundle read from the disk (stored.c) */
/* The largest bundle installed here, from the flash, an upload or the
 * disk, and the load buffer's size.  Not a buffer's whim: a run's
 * APP_SLOTS hold its TCB, CNode, VSpace and at least two page tables,
 * and each other slot one page of its segments, so no startable bundle
 * maps more than APP_SLOTS - 5 pages; one more page covers the ELF
 * headers and the trailer around them.  Raising it means more slots per
 * run: a bigger CNode, RAM at idle (docs/APPS.md). */
#define BUNDLE_MAX ((APP_SLOTS - 4) * MT_PAGE_SIZE)
#define BUNDLE_MAX_KIB (BUNDLE_MAX / 1024)

/* flash.c: the builtins.  builtin_get: bundle i (0 or an enum
 * mt_flash_error); builtin_find: 1 if NAME is one (*b filled);
 * builtins_why: why there are none. */
int builtin_get(unsigned i, struct mt_flash_bundle *b);
int builtin_find(const char *name, struct mt_flash_bundle *b);
const char *builtins_why(void);

/* An installed bundle; while it runs, run is its entry in runs[] + 1.
 * Its bytes: a builtin's in the flash (mapped read-only); one read from
 * the disk is in the load buffer only while a start builds it (data 0
 * otherwise, and its in-place pages are made again at each start).  Its
 * load plan is not kept: each start makes it again into `plan` (pm.c),
 * so an installed bundle costs its name, its pages' caps and its status. */
struct bundle {
    uint8_t used, run, from_disk, pages;  /* pages: in-place pages made */
    uint8_t state;                    /* enum proc_state of its last run */
    char name[PROC_NAME_MAX];
    const uint8_t *data;
    unsigned long size;
    long group;                       /* its in-place pages (our own owner) */
    uint16_t page[INPLACE_MAX];       /* their frame caps (slots of ours) */
    uint16_t page_no[INPLACE_MAX];    /* which page of the bundle each is */
    long code;
    unsigned long fault, pc, addr, cause;
    unsigned long started_at;         /* instret when start was asked */
};

/* A running application.  Its lib/appload context is made from these
 * fields when a heap page is mapped (loader()), not kept. */
struct run {
    int used, ngroups, shared;
    struct bundle *bd;
    mt_word_t badge;
    long owner;                       /* the memory manager's owner id */
    int groups[MAX_GROUPS_APP];       /* the manager's group ids (small) */
    mt_cptr_t slot0, next;            /* [slot0, slot0 + APP_SLOTS): ours for it */
    mt_cptr_t tcb, cnode, vspace, pts, pts_end, frames;
    uint64_t heap_next, l0_top;       /* next heap page; 2 MiB regions with a table below */
    uint64_t heap_limit, shared_page; /* from its plan */
};
_Static_assert(MT_SLOT_COUNT <= 65536 && MAX_RUNNING < 255, "bundle and run fields fit");

extern struct run runs[MAX_RUNNING];
/* The plan of the bundle being installed or started (one thread: one
 * at a time), made by mt_bundle_check / mt_bundle_replan. */
extern struct mt_bundle_plan plan;
extern mt_cptr_t runtime_ep;

/* app.c */
long app_install_pages(struct bundle *bd, const struct mt_bundle_plan *p);
long app_start(struct run *r, struct bundle *bd, const struct mt_bundle_plan *p);
void app_teardown(struct run *r);
struct proc_mem app_heap(struct run *r, unsigned long pages);
struct proc_mem app_shared(struct run *r, mt_cptr_t *copy);
long fill_frame(mt_cptr_t frame, const uint8_t *src, unsigned long at, unsigned long n);
mt_cptr_t slot_take(void);
mt_cptr_t slots_take(unsigned n);
void slot_give(mt_cptr_t s);

/* stored.c: bundles on the disk.  Store statuses (STORE_E*, -1: no
 * storage component), store_why's words for them. */
int stored_put(const char *name, const uint8_t *data, unsigned long size);
int stored_del(const char *name);
int stored_del_keys(const char *name);
void stored_list(void (*fn)(const char *name));
long stored_load(const char *name, unsigned long *size);
void stored_unload(void);
const char *store_why(int status);

#endif
