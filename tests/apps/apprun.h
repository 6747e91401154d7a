/* SPDX-License-Identifier: BSD-2-Clause */
/* The application test (suite apps): a root task that loads the bundles
 * `make apps` built, through lib/bundle's plan, exactly as docs/APPS.md
 * says the process manager will, and answers their SDK requests itself,
 * one application at a time, recording what each did.  It checks the
 * SDK, the protocol, the start state and the load plan on the real
 * kernel; it is not the process manager or the runtime (no storage, no
 * timer service, one application at a time, time by busy-waiting). */
#ifndef APPRUN_H
#define APPRUN_H

#include <libmote/invoke.h>
#include <libmote/print.h>
#include <libmote/string.h>
#include <libmote/syscall.h>
#include <mote/archive.h>
#include <mote/sdk_abi.h>

#include "bundle.h"
#include "appload.h"

#define ROOT MT_INIT_CNODE
#define DEPTH MT_WORD_BITS
#define APP_BADGE 1ul
#define FAULT_BADGE 2ul
#define RUN_UT_BITS 20          /* each run's memory: 1 MiB */
#define SCRATCH 0x1000000000ul  /* where the harness maps pages to fill them */

#define MAX_LINES 12
#define LINE_MAX (MT_SDK_LOG_MAX + 1)
#define MAX_KEYS 4

struct line {
    int level;
    unsigned len;
    char text[LINE_MAX];
};

/* One application run: its objects, then what it did. */
struct run {
    const struct mt_bootinfo *bi;
    struct mt_bundle_plan plan;
    mt_word_t bundle_page;          /* archive frame index of the bundle's first page */
    mt_cptr_t ut;                   /* this run's untyped: revoked at the end */
    mt_cptr_t slot_first, slot_next, slot_end;
    mt_cptr_t ep, tcb, vspace, cnode;
    struct mt_appload load;         /* lib/appload, with this run's callbacks */
    mt_word_t scratch_next;
    uint64_t bytes_made;            /* objects made for the start (all kinds) */
    uint64_t used;                  /* charged to the quota so far */
    uint64_t heap_next;
    mt_word_t shared_mine;          /* the shared page in the harness, or 0 */
    mt_word_t last_l0;              /* 2 MiB regions with a level-0 table */
    /* What happened. */
    struct line lines[MAX_LINES];
    int nlines;
    int exited, exit_code;
    int faulted;
    mt_word_t fault_label, fault_mr[4];
    unsigned heap_pages;
    int keys_left;
};

/* load.c */
/* Builds the app through lib/appload (the process manager's loader). */
int run_load(struct run *r, const uint8_t *bundle, mt_word_t size, mt_cptr_t ut);
int run_map_new(struct run *r, mt_word_t vaddr, mt_word_t perms, mt_word_t *mine);
void run_teardown(struct run *r);
mt_cptr_t run_slot(struct run *r);

/* serve.c: serve requests until the application exits, faults, or
 * (stop_after_lines > 0) has logged that many lines. */
void run_serve(struct run *r, int stop_after_lines);

#endif
