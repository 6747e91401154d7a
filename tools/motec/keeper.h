/* SPDX-License-Identifier: BSD-2-Clause */
/* The keeper CNode: the rootserver moves into it every cap the running
 * system needs that no component holds (frames and page tables mapped
 * only, the extra frame caps of shared and in-place mappings), and it
 * holds a cap to itself, so it outlives the rootserver's own CNode.
 *
 * motec decides its size (here, and only here) and emits it as an object
 * like any other, so the fit check and kmem see the bytes the running
 * system really uses; the rootserver checks that the size suffices. */
#ifndef MOTEC_KEEPER_H
#define MOTEC_KEEPER_H

#include "spec_model.h"

#define KEEPER_SUFFIX "__cnode__keeper"
#define KEEPER_SELF_SLOT MT_SPEC_KEEPER_SELF_SLOT  /* slot 0 stays null */

/* Slots the keeper needs for sm as it stands (objects, caps, mappings),
 * counting its own cap to itself and the null slot. */
uint32_t keeper_slots_needed(const struct spec_model *sm);

/* Adds the keeper CNode (named <owner>__cnode__keeper, owner "system"
 * unless a component or connection has that name) and its cap to itself.
 * Call after the last other object, cap and mapping, before
 * sm_finalize.  Returns the object's index. */
int keeper_add(struct spec_model *sm);

#endif
