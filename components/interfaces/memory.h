/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Memory (rpc_basic): kernel objects of every kind from the
 * memory manager's untyped, each charged to an owner within its quota.
 *
 * alloc replies with a 4 KiB frame cap (cap transfer: the client names its
 * receive slot with mt_rpc_accept_cap first) and a handle for free.
 * attach (with the caller's CNode cap given by mt_rpc_give_cap) names the
 * caller's owner and lets objs_alloc put objects straight into the
 * caller's CNode: one request, a whole set of objects (everything an
 * application needs), all or nothing, one handle (a group) for objs_free.
 * Owners: 0 names the caller itself (named after its instance in the
 * assembly, cut to MEM_NAME_MAX - 1, until attach renames it); owner_new makes one more (an
 * application) that only its creator may charge.  Results >= 0 are
 * handles or ids, < 0 a negated enum mem_error. */
#ifndef IFACE_MEMORY_H
#define IFACE_MEMORY_H

struct mem_stats { unsigned long untyped_count, frames_out, total_bytes, free_bytes; };

#define MEM_NAME_MAX 24   /* "shared_irq_driver" and its like whole */
#define MEM_REQ_MAX 6    /* object kinds (rows) in one objs_alloc request */

struct mem_name { char s[MEM_NAME_MAX]; };

/* count objects of kind type (enum mt_object_type) of size_bits (CNode:
 * radix; untyped: log2 bytes; other kinds 0).  count 0 ends the list. */
struct mem_req_row { unsigned char type, size_bits; unsigned short count; };
struct mem_req { struct mem_req_row row[MEM_REQ_MAX]; };

/* The figures mstats prints, exact: bytes of objects in use (each a
 * power-of-two untyped block), bytes free in the untyped, the bytes the
 * clients asked for, the manager's own bookkeeping (its CNode and
 * tables), objects in use, the most bytes ever in use at once. */
struct mem_figures {
    unsigned long allocated_bytes, free_bytes, requested_bytes, overhead_bytes;
    unsigned long allocated_objects, high_water_bytes;
};

/* One line of the per-kind or per-owner table: valid 1, or 2 for an
 * unused owner entry (skip it), 0 past the end. */
struct mem_row {
    struct mem_name name;
    unsigned long bytes, objects, quota;   /* quota 0: none */
    int valid;
};

enum mem_error {
    MEM_OK = 0,
    MEM_QUOTA = 1,        /* the owner's quota would be exceeded */
    MEM_NO_MEMORY = 2,    /* no untyped block that large is free */
    MEM_BAD_REQUEST = 3,  /* an unknown kind, a bad size, an empty request */
    MEM_NO_OWNER = 4,     /* no such owner, or not the caller's */
    MEM_NO_CNODE = 5,     /* objs_alloc before attach */
    MEM_NO_SLOT = 6,      /* a destination slot is taken or out of range */
    MEM_TABLE_FULL = 7,   /* the manager's own tables (slots, groups, owners) */
    MEM_BUSY = 8,         /* owner_free with objects still charged to it */
    MEM_ERROR_COUNT
};

static inline const char *mem_strerror(long e)
{
    static const char *const s[MEM_ERROR_COUNT] = {
        "ok", "quota exceeded", "out of memory", "bad request", "no such owner",
        "no cnode attached", "destination slot taken", "memory manager tables full",
        "owner still holds objects" };
    return e < 0 && -e < MEM_ERROR_COUNT ? s[-e] : e == 0 ? s[0] : "unknown error";
}

#define MEMORY_METHODS(M, i)                                                  \
    M(i, alloc, 1, long)                                                      \
    M(i, free, 2, int, (long, handle))                                        \
    M(i, stats, 3, struct mem_stats)                                          \
    M(i, attach, 4, long, (struct mem_name, name))                            \
    M(i, owner_new, 5, long, (struct mem_name, name), (unsigned long, quota)) \
    M(i, owner_free, 6, long, (long, owner))                                  \
    M(i, objs_alloc, 7, long, (long, owner), (struct mem_req, req),           \
      (unsigned long, dest))                                                  \
    M(i, objs_free, 8, long, (long, group))                                   \
    M(i, figures, 9, struct mem_figures)                                      \
    M(i, kind_row, 10, struct mem_row, (int, kind))                           \
    M(i, owner_row, 11, struct mem_row, (int, index))                         \
    M(i, owner_left, 12, long, (long, owner))

#endif
