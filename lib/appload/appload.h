/* SPDX-License-Identifier: BSD-2-Clause */
/* Building an application from its load plan (lib/bundle) once its
 * objects exist: mapping every page (read-only ones in place, copied ones
 * filled), the CSpace and the thread.  The process manager does this for
 * every start, the application test's root task (tests/apps) for every
 * run; each supplies the objects through the callbacks, from wherever it
 * gets them (the memory manager, an untyped of its own), and owns them:
 * this code only maps, fills and configures. */
#ifndef APPLOAD_H
#define APPLOAD_H

#include <stdint.h>
#include <libmote/invoke.h>
#include "../bundle/bundle.h"

struct mt_appload {
    const struct mt_bundle_plan *plan;
    const uint8_t *bundle;        /* the bundle's bytes: copied pages' source */
    mt_cptr_t root;               /* the builder's CNode: every cptr below is its */
    mt_cptr_t tcb, cnode, vspace; /* the application's, made by the builder */
    void *ctx;
    /* A page table for the application, 0 if there is none left. */
    mt_cptr_t (*page_table)(void *ctx);
    /* The next fresh frame for a copied page, 0 if none. */
    mt_cptr_t (*copied_frame)(void *ctx);
    /* A mappable read-only cap to page `page` of the bundle (in place). */
    mt_cptr_t (*in_place_frame)(void *ctx, uint64_t page);
    /* Zero the frame, then copy n bytes from src to offset at in it. */
    int (*fill)(void *ctx, mt_cptr_t frame, const uint8_t *src, uint64_t at, uint64_t n);
};

/* Maps frame at va in the application, adding page tables where the walk
 * stops; 0 or a kernel error. */
int mt_appload_map_page(struct mt_appload *l, mt_cptr_t frame, mt_word_t va, mt_word_t perms);
/* Every mapping of the plan; *ipc_frame = the copied frame holding the
 * IPC buffer.  0, or -1 if a callback gave nothing, or a kernel error. */
int mt_appload_map(struct mt_appload *l, mt_cptr_t *ipc_frame);
/* The CSpace (MT_APP_SLOT_SDK: ep minted with badge, MT_APP_SLOT_FAULT:
 * ep minted with fault_badge, both write + grant-reply) and the thread
 * (fault endpoint, VSpace, IPC buffer, the plan's priority under
 * authority, pc/sp/a0 of the start state), then resumed. */
int mt_appload_start(struct mt_appload *l, mt_cptr_t ipc_frame, mt_cptr_t ep, mt_word_t badge,
                     mt_word_t fault_badge, mt_cptr_t authority);

#endif
