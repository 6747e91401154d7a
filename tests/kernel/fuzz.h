/* The invocation fuzzer (a root task of its own, tests/kernel/fuzz*.c).
 *
 * Each round builds, from a fresh untyped, a pool of real objects in a
 * range of root slots (the only root slots the fuzzer ever names) and a
 * few helper threads that do random IPC on the caps of their own CSpace.
 * Then random invocations hit the pool; at the end of a round one Revoke
 * destroys everything.
 *
 * What keeps the fuzzer itself alive, whatever it does to the pool: the
 * pool never holds a cap to the root task's own objects (CNode, VSpace,
 * TCB, image frames, IPC buffer, helper stacks), every root-slot index it
 * passes is filtered into the pool, and no thread ever runs code it was
 * not meant to run: every pc the fuzzer writes is the stackless park loop
 * or an address that faults. */
#ifndef FUZZ_H
#define FUZZ_H

#include "ktest.h"

#ifndef FUZZ_SEED
#define FUZZ_SEED 0x6d6f746566757a7aul   /* "motefuzz" */
#endif
#ifndef FUZZ_ITERS
#define FUZZ_ITERS 200000
#endif
#define FUZZ_ROUND_ITERS 2000

#define FUZZ_PRIO 100           /* the fuzzer (the root task) */
#define FUZZ_HELPER_MCP 120     /* helpers may raise each other up to this */
#define POOL_SLOTS 160          /* root slots the fuzzer may name */
#define ROUND_UT_BITS 23        /* each round's memory */

/* The helpers' CSpace: one CNode, radix 6, guard 58 (cptr = slot).
 * Fixed slots at its top; the rest gets copies of pool caps. */
#define HC_RADIX 6
#define HC_SLOTS (1 << HC_RADIX)
#define HC_SELF 63              /* a copy of HC: the receive CNode */
#define HC_FAULT_EP 62          /* badged copy of the fault endpoint */
#define HC_GATE0 56             /* read-only copies of the helpers' gates */
#define NHELPERS 5

/* A CNode of the pool with how to reach its slots by (index, depth). */
struct fz_cnode {
    mt_cptr_t cptr;             /* root slot (pool) */
    int radix, guard_bits;
    mt_word_t guard;
    mt_word_t prefix;           /* index bits leading to it (nested) */
    int prefix_depth;
    /* the slots are (prefix, guard, slot) at depth prefix_depth +
     * guard_bits + radix */
};

struct fz_helper {
    mt_cptr_t tcb;              /* original, outside the pool */
    mt_cptr_t gate;             /* notification the fuzzer signals */
    mt_word_t stack_top, ipcbuf;
    int prio;
};

struct fuzz {
    struct ctx c;
    mt_word_t rng;
    mt_cptr_t big_ut, dev_ut;   /* boot untypeds, revoked after each round */
    mt_cptr_t round_ut;         /* this round's memory (outside the pool) */
    mt_cptr_t pool_lo, pool_hi; /* root slots [lo, hi) */
    mt_cptr_t slot_mark;        /* first non-pool slot a round allocates */
    mt_cptr_t fault_ep;         /* original, outside the pool */
    mt_cptr_t hc;               /* helpers' CSpace, original */
    mt_cptr_t helper_vs;        /* helpers' VSpace, original */
    struct fz_helper helpers[NHELPERS];
    struct fz_cnode cnodes[8];
    mt_cptr_t uts[6];           /* pool untypeds */
    int nuts;
    int ncnodes;
    mt_cptr_t vspaces[4];       /* pool VSpaces (copies or originals) */
    int nvspaces;
    long invocations, bad_labels, faults_answered, rounds;
    long tried[MT_INVOCATION_COUNT], succeeded[MT_INVOCATION_COUNT];
};

extern struct fuzz fz;

/* The root CNode's slot count: cptrs below it resolve to root slots. */
#define BIT_ROOT_SLOTS (1ul << fz.c.bi->init_cnode_bits)

/* PRNG (xorshift64*), deterministic from the seed. */
mt_word_t rnd(void);
static inline mt_word_t rnd_below(mt_word_t n) { return n ? rnd() % n : 0; }
static inline int chance(int percent) { return (int)rnd_below(100) < percent; }
mt_word_t rnd_interesting(void);
mt_cptr_t rnd_pool_slot(void);
mt_cptr_t rnd_cap_cptr(void);   /* mostly a pool slot, sometimes garbage */

/* fuzz_pool.c */
int pool_build(void);
void pool_teardown(void);
void helpers_signal(void);
extern char fuzz_park[];        /* stackless: loops on Recv(a0) */

/* fuzz_ops.c */
void fuzz_one(void);
/* Checks a reply label; counts and reports bad ones. */
void check_label(mt_word_t label, mt_cptr_t cap, mt_word_t inv);
/* Answers one pending fault (or message) on the fault endpoint. */
void answer_faults(void);

#endif
