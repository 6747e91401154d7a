/* SPDX-License-Identifier: BSD-2-Clause */
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
 * or an address that faults, and helpers run their C code only after
 * helper_revive() reset all of their state.
 *
 * The fuzzer itself also receives and Calls on pool caps: a warden thread
 * (fuzz_threads.c) is its fault handler and, running only when the
 * fuzzer is blocked, its timeout.  Sleepers are parked in one system call
 * on chosen caps so that the objects they block on can be destroyed under
 * them; helpers load and store in a window of their VSpace whose tables
 * and frames are pool caps. */
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
/* Keep going (whole rounds) until this many invocations were made too. */
#ifndef FUZZ_MIN_INVOCATIONS
#define FUZZ_MIN_INVOCATIONS 0
#endif
/* The kernel's invariant checker (MT_SYS_DEBUG_CHECK) runs after each of
 * the first FUZZ_CHECK_FIRST operations (-1: all of them), then after
 * every FUZZ_CHECK_EVERY-th. */
#ifndef FUZZ_CHECK_FIRST
#define FUZZ_CHECK_FIRST 20000
#endif
#ifndef FUZZ_CHECK_EVERY
#define FUZZ_CHECK_EVERY 64
#endif

#define FUZZ_PRIO 100           /* the fuzzer (the root task) */
#define WARDEN_PRIO (FUZZ_PRIO - 1) /* runs exactly when the fuzzer cannot */
#define FUZZ_HELPER_MCP 120     /* helpers may raise each other up to this */
#define POOL_SLOTS 224          /* root slots the fuzzer may name */
#define ROUND_UT_BITS 24        /* each round's memory */

/* The map window of every pool VSpace: WIN_SLOTS 2 MiB slots from
 * WIN_BASE, under one level-1 table.  In the helpers' VSpace helpers load
 * and store there, so its tables and frames are in use when they go. */
#define WIN_BASE 0x2000000000ul
#define WIN_SLOTS 16
#define BIG_BYTES (1ul << MT_FRAME_2M_SIZE_BITS)

/* The fuzzer's own scratch window (root VSpace, tables it owns): copies of
 * pool frames, RAM and device, mapped at 4 KiB slots from SCRATCH_VBASE and
 * one 2 MiB slot at SCRATCH_BIG, for PutS.  Nothing else maps there. */
#define SCRATCH_VBASE 0x3000000000ul
#define SCRATCH_PAGES 16
#define SCRATCH_BIG (SCRATCH_VBASE + BIG_BYTES)

/* The helpers' CSpace: one CNode, radix 6, guard 58 (cptr = slot).
 * Fixed slots at its top; the rest gets copies of pool caps. */
#define HC_RADIX 6
#define HC_SLOTS (1 << HC_RADIX)
#define HC_SELF 63              /* a copy of HC: the receive CNode */
#define HC_FAULT_EP 62          /* badged copy of the fault endpoint */
#define HC_GATE0 56             /* read-only copies of the helpers' gates */
#define NHELPERS 5
#define NSLEEPERS 3             /* stackless threads parked on pool caps */
#define NWINS 3                 /* pool VSpaces with a map window */

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
    mt_cptr_t ipc_frame;        /* its IPC buffer's frame, outside the pool */
    mt_word_t stack_top, ipcbuf;
    int prio;
};

/* A sleeper: a thread in the helpers' VSpace and CSpace that the fuzzer
 * parks, by WriteRegisters, in a bounded loop of one system call on one
 * cap, so that it blocks where the fuzzer wants it to. */
struct fz_sleeper {
    mt_cptr_t tcb;              /* original, outside the pool (0: killed) */
    mt_cptr_t ipc_frame;
    mt_word_t ipcbuf;
    int hc_slot;                /* the cap it was last parked on */
};

/* A pool VSpace's window: which 2 MiB slots have a level-0 table (as far
 * as the fuzzer knows: a failed map corrects it). */
struct fz_win {
    mt_cptr_t vs;
    unsigned l0;
};

/* A slot of the scratch window. */
enum { SCR_EMPTY, SCR_RW, SCR_RO, SCR_DEVICE };
struct fz_scratch {
    mt_cptr_t copy;             /* outside the pool: only the fuzzer maps it */
    int state;
};

/* What the new operations did, for the end-of-run report. */
struct fz_stats {
    long puts, puts_bytes, puts_bad;
    long blocking[MT_SYS_COUNT], returned, timeouts, own_faults, faults_received;
    long caps_received;
    long scratch_maps, scratch_unmaps;
    long sleeper_parks, kills, revives, sleepers_new, dooms;
    long skips, unknown_syscalls;
    long save_tries, saves, saved_replies;   /* SaveCaller after a receive, and when it
                                               worked; replies through reply caps */
    long shaped_retype[2], shaped_map[2], shaped_ptmap[2];   /* tried, succeeded */
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
    struct fz_sleeper sleepers[NSLEEPERS];
    int sleepers_left;          /* new sleepers this round may still have */
    struct fz_win wins[NWINS];
    struct fz_scratch scratch[SCRATCH_PAGES + 1];   /* the last: 2 MiB */
    mt_cptr_t scratch_pts[2];   /* the scratch window's tables */
    mt_cptr_t warden_ep;        /* original, outside the pool */
    mt_cptr_t warden_arm;       /* notification bound to the warden */
    mt_cptr_t warden_fault;     /* root slot the fuzzer's fault ep cptr names */
    mt_word_t hc_src[HC_SLOTS]; /* pool slot each helper cap was copied from */
    unsigned char big_hint[POOL_SLOTS];   /* pool slot last seen holding a 2 MiB frame */
    unsigned char pt_where[POOL_SLOTS];   /* (window + 1) * WIN_SLOTS + slot the
                                             fuzzer mapped a pool table at, 0: none */
    int rebinds_left;           /* windows that may still move to another VSpace */
    struct fz_stats st;
    struct fz_cnode cnodes[8];
    mt_cptr_t uts[6];           /* pool untypeds */
    int nuts;
    int ncnodes;
    mt_cptr_t vspaces[4];       /* pool VSpaces (copies or originals) */
    int nvspaces;
    long invocations, bad_labels, faults_answered, rounds;
    long ops, checks, check_caps_max;    /* invariant checks run, most caps one saw */
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

static inline int in_pool(mt_word_t s) { return s >= fz.pool_lo && s < fz.pool_hi; }

/* fuzz_pool.c */
int pool_build(void);
void pool_teardown(void);
void helpers_signal(void);
int window_table(mt_cptr_t vs);

/* fuzz_threads.c */
int helper_new(int i, int prio);
int helper_revive(int i);
int sleeper_new(int i);
int warden_new(void);
void warden_main(mt_word_t ep);
/* One system call through fz_trap, MR0..3 through the IPC buffer. */
mt_word_t fz_syscall(mt_word_t sys, mt_cptr_t cap, mt_word_t info, mt_word_t *badge);
/* Stackless loops, so any thread may run them on any registers:
 * fuzz_park: Recv(a0) forever.  fuzz_park_op: system call t1 on cap t0
 * with message info s1, t2 times, then an illegal instruction (a fault). */
extern char fuzz_park[], fuzz_park_ecall[], fuzz_park_op[], fuzz_park_op_ecall[];
/* fz_trap(sys, regs): one system call with a0..a5 in and out.  Every
 * blocking call of the fuzzer and every call of the helpers goes through
 * its one ecall, so a fault or a stuck call there can be skipped: resumed
 * at fz_trap_ecall + 4, as if the call had returned. */
void fz_trap(mt_word_t sys, struct mt_regs6 *r);
extern char fz_trap_ecall[];
/* Helpers' load and store in their window, skippable the same way. */
extern char fz_touch_ld[], fz_touch_sd[];

/* fuzz_ops.c */
void fuzz_one(void);
/* Checks a reply label; counts and reports bad ones. */
void check_label(mt_word_t label, mt_cptr_t cap, mt_word_t inv);
mt_cptr_t pool_cap_of(int type);
/* A CNode slot address inside the pool's CNodes (root: pool slots only). */
void rnd_addr(const struct fz_cnode *n, mt_word_t *index, mt_word_t *depth);
void root_filter(mt_word_t *index, mt_word_t depth);
const struct fz_cnode *rnd_cnode(void);
mt_cptr_t pool_free_slot(void);     /* an empty pool slot, or 0 */
/* An invocation the fuzzer means (counted and checked like the others). */
mt_word_t fz_invoke(mt_cptr_t cap, mt_word_t label, int nmr, const mt_word_t *mr,
                    int ncaps, const mt_cptr_t *caps);

/* fuzz_ipc.c: the fuzzer's own IPC, PutS, sleepers, deaths */
void op_block(void);
void op_caller(void);
void op_puts(void);
void op_scratch(void);
void op_sleeper(void);
void op_kill(void);
/* Answers pending faults (or messages) on the fault endpoint. */
void answer_faults(void);
/* Answers the fault message just received (label) as a fault handler. */
void answer_fault_msg(mt_word_t label);

#endif
