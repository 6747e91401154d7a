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
 * without recursion.  cte_delete finishes all the work it causes (objects
 * destroyed, their slots emptied) before returning; the other two return
 * INV_PREEMPTED when they stop at a preemption point, to be called again. */
void cte_delete(struct cte *s);
int cte_delete_preemptible(struct cte *s);
void cte_delete_leaf(struct cte *s);
int cte_revoke(struct cte *s);

#endif
