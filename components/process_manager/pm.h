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
#define LOAD_MAX (16ul * MT_PAGE_SIZE)   /* its size limit: rz's */

/* flash.c: the builtins.  builtin_get: bundle i (0 or an enum
 * mt_flash_error); builtin_find: 1 if NAME is one (*b filled);
 * builtins_why: why there are none. */
int builtin_get(unsigned i, struct mt_flash_bundle *b);
int builtin_find(const char *name, struct mt_flash_bundle *b);
const char *builtins_why(void);

/* An installed bundle; while it runs, run is its entry in runs[] + 1.
 * Its bytes: a builtin's in the flash (mapped read-only); one read from the disk is
 * in the load buffer only while a start builds it (data 0 otherwise, and
 * plan and in-place pages are made again at each start). */
struct bundle {
    int used, run;
    char name[PROC_NAME_MAX];
    const uint8_t *data;
    unsigned long size;
    int from_disk;
    struct mt_bundle_plan plan;
    long group;                       /* its in-place pages (our own owner) */
    mt_cptr_t page[INPLACE_MAX];      /* their frame caps */
    uint64_t page_no[INPLACE_MAX];    /* which page of the bundle each is */
    unsigned pages;
    int state;                        /* enum proc_state of its last run */
    long code;
    unsigned long fault, pc, addr, cause;
    unsigned long started_at;         /* instret when start was asked */
};

struct run {
    int used;
    struct bundle *bd;
    mt_word_t badge;
    long owner;                       /* the memory manager's owner id */
    long groups[MAX_GROUPS_APP];
    int ngroups;
    mt_cptr_t slot0, next;            /* [slot0, slot0 + APP_SLOTS): ours for it */
    mt_cptr_t tcb, cnode, vspace, pts, pts_end, frames;
    struct mt_appload load;           /* lib/appload with our callbacks */
    uint64_t heap_next, l0_top;       /* next heap page; 2 MiB regions with a table below */
    int shared;
};

extern struct run runs[MAX_RUNNING];
extern mt_cptr_t runtime_ep;

/* app.c */
long app_install_pages(struct bundle *bd);
long app_start(struct run *r, struct bundle *bd);
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
