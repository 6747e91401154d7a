/* SPDX-License-Identifier: BSD-2-Clause */
/* Capability derivation tree and slot operations. */
#ifndef KERNEL_CDT_H
#define KERNEL_CDT_H

#include "object.h"

struct cte *mdb_next(const struct cte *s);
struct cte *mdb_prev(const struct cte *s);
bool same_object_as(struct cap a, struct cap b);
bool is_mdb_parent_of(const struct cte *a, const struct cte *b);
bool cte_has_children(const struct cte *s);
bool cte_is_final(const struct cte *s);

void cte_insert(struct cap cap, struct cte *src, struct cte *dest);
void cte_insert_original(struct cap cap, struct cte *parent, struct cte *dest);
void cte_move(struct cap cap, struct cte *src, struct cte *dest);
void cte_adopt(struct cte *s, struct cte *parent);
int derive_cap(struct cte *slot, struct cap *out);
bool cte_detach(struct cte *s);

/* Deletion (delete.c): delete one slot, or every descendant of one,
 * without recursion, finishing the work they cause (objects destroyed,
 * their slots emptied) and any left by earlier preempted deletions; they
 * return INV_PREEMPTED when they stop at a preemption point, to be called
 * again (by the restarted invocation).  What is left then is consistent:
 * dead CNodes held by their zombies, emptied by the next Delete or Revoke.
 * cte_delete_leaf: see delete.c. */
int cte_delete(struct cte *s);
void cte_delete_leaf(struct cte *s);
int cte_revoke(struct cte *s);

#endif
