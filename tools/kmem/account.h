/* SPDX-License-Identifier: BSD-2-Clause */
/* What the accounting's two files share: account.c finds the components
 * and walks their reach, charge.c charges every object to a row. */
#ifndef KMEM_ACCOUNT_H
#define KMEM_ACCOUNT_H

#include "kmem.h"

/* mote's names: <owner>__<kind>__<detail> */
enum {
    MK_CODE, MK_RODATA, MK_DATA, MK_STACK, MK_IPCBUF, MK_TCB, MK_CNODE,
    MK_VSPACE, MK_PT, MK_EP, MK_NTFN, MK_DATAPORT, MK_MMIO, MK_IRQ,
    MK_UNTYPED, MK_ASID_POOL, MK_FPU, MK_COUNT
};

struct acct {
    const struct kmem_spec *s;
    const struct kmem_options *o;
    struct kmem_report *r;
    struct kmem_diag *d;
    size_t n;
    /* per object: five bytes and a bit, so a large spec stays small */
    uint32_t *first;       /* first component that reaches an object */
    uint8_t *flags;        /* AF_* */
    uint8_t *seen;         /* bit set: reached by the component walked */
    struct kmem_vec queue; /* uint32_t: what that component reached */
    /* per root (TCBs and the CNodes and VSpaces bound to them) */
    uint32_t *roots;       /* their objects, in declaration order */
    uint32_t nroots;
    uint32_t *uf;          /* union-find over roots */
    uint32_t *rcomp;       /* component of a root */
    uint32_t *rnext;       /* next root of the same component, or NONE */
    struct kmem_vec comps; /* struct comp */
    struct kmem_vec pairs; /* struct pair: further reachers */
    struct kmem_vec rows;  /* struct kmem_row */
    struct kmem_strmap row_ix;
    struct kmem_strmap comp_names; /* components, then owners by name */
};

#define AF_ROOT 1u
#define AF_VROOT 2u
#define AF_SHARED 4u
#define AF_IPCBUF 8u

struct comp {
    uint32_t head;     /* first root, linked by rnext */
    uint32_t row;
    const char *name;
};

struct pair {
    uint32_t obj, comp;
};

int acct_mote_name(const char *s, size_t n, size_t *owner_len);
uint32_t acct_row_for(struct acct *a, const char *name, size_t n);
int acct_ends_with(const char *s, size_t n, const char *suf, size_t *rest);
uint32_t acct_comp_of(const struct acct *a, uint32_t obj);
void *acct_xcalloc(size_t n, size_t sz);
int acct_attribute(struct acct *a);
void acct_finish(struct acct *a);

#endif
