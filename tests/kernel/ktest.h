/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel test suite: shared declarations.
 *
 * Every test runs in a thread of its own (TEST_PRIO, root CSpace and VSpace),
 * created by the runner from a fresh child untyped (ctx->ut).  It allocates
 * slots and virtual addresses from its context; when it is over the runner
 * revokes the untyped's parent and deletes every slot the test used, so
 * nothing leaks into the next test. */
#ifndef KTEST_H
#define KTEST_H

#include <libmote/syscall.h>
#include <libmote/invoke.h>
#include <libmote/print.h>
#include <libmote/string.h>

#define ROOT MT_INIT_CNODE
#define ROOT_DEPTH MT_WORD_BITS     /* a root cptr resolves at full word depth */
#define VS MT_INIT_VSPACE

#define RUNNER_PRIO 1
#define TEST_PRIO 200
#define TEST_MCP 254
#define HIGH_PRIO (TEST_PRIO + 10)
#define LOW_PRIO (TEST_PRIO - 10)

#define TEST_UT_BITS 22             /* each test's untyped: 4 MiB */
#define TEST_VBASE 0x1000000000ul   /* each test's virtual address window */
#define TEST_VSIZE 0x40000000ul
#define RTC_PADDR 0x101000ul
#define RTC_IRQ 11

struct ctx {
    const struct mt_bootinfo *bi;
    mt_cptr_t ut;               /* this test's untyped */
    mt_cptr_t self;             /* the test thread's TCB */
    mt_cptr_t slot_base, slot_next, slot_end;
    mt_word_t vaddr_next;
    mt_cptr_t dev_used[4];      /* device untyped to revoke afterwards */
    int ndev_used;
    mt_cptr_t threads[24];      /* every TCB thread_new made: suspended at the end */
    int nthreads;
    char reason[160];
};

/* A context for a test (or the benchmarks): the root's own empty slots,
 * TEST_VBASE onwards, the root TCB as authority; ut still unset. */
void ctx_init(struct ctx *c, const struct mt_bootinfo *bi);
/* The largest untyped that is neither device memory nor the root task's
 * (0 if none is larger than a test's untyped). */
mt_cptr_t find_big_untyped(const struct mt_bootinfo *bi);

int ktest_fail(struct ctx *c, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks: a failing one ends the test with a reason. */
#define CHECK(cond) do { if (!(cond)) \
    return ktest_fail(c, __LINE__, "%s", #cond); } while (0)
#define CHECK_EQ(a, b) do { long _a = (long)(a), _b = (long)(b); if (_a != _b) \
    return ktest_fail(c, __LINE__, "%s == %ld, expected %ld", #a, _a, _b); } while (0)
#define CHECK_ERR(expr, want) CHECK_EQ(expr, want)
#define CHECK_OK(expr) CHECK_EQ(expr, MT_OK)
/* There is no "any error" check: every invocation error has its one code
 * (errors.h), and a test names it. */
/* Run a helper returning 0 / non-zero (its reason is already set). */
#define TRY(expr) do { int _r = (expr); if (_r) return _r; } while (0)

/* Slots and objects */
mt_cptr_t slot_alloc(struct ctx *c);
mt_cptr_t slot_alloc_n(struct ctx *c, int n);
/* Retype one object into a new slot; returns 0 (reason set) on failure. */
mt_cptr_t obj_new(struct ctx *c, int type, int size_bits);
mt_cptr_t obj_new_from(struct ctx *c, mt_cptr_t ut, int type, int size_bits);
int cap_type(mt_cptr_t cap);
mt_cptr_t cap_mint(struct ctx *c, mt_cptr_t src, mt_word_t rights, mt_word_t badge);
/* A new object (*orig) and a cap to it minted with rights and badge. */
mt_cptr_t obj_minted(struct ctx *c, int type, mt_word_t rights, mt_word_t badge,
                     mt_cptr_t *orig);
mt_cptr_t cap_copy(struct ctx *c, mt_cptr_t src, mt_word_t rights);
/* A device untyped covering paddr (0 if none) and its descriptor index. */
mt_cptr_t device_untyped_for(struct ctx *c, mt_word_t paddr, int *index);
/* A frame of that device untyped at exactly paddr. */
mt_cptr_t device_frame(struct ctx *c, mt_word_t paddr);

/* Virtual memory */
mt_word_t vaddr_alloc(struct ctx *c, int pages);   /* leaves a guard page after */
mt_word_t vaddr_alloc_2m(struct ctx *c);
int map_frame(struct ctx *c, mt_cptr_t vspace, mt_cptr_t frame, mt_word_t vaddr,
              mt_word_t perms);
/* New frame(s) mapped RW in the root VSpace; returns the vaddr (0 on failure). */
void *page_new(struct ctx *c, mt_cptr_t *frame_out);
/* A fresh VSpace with this image's pages mapped as in the root VSpace
 * (same frames: globals are shared) and nothing else. */
mt_cptr_t vspace_new(struct ctx *c);
/* vspace_new with the ASID from pool (vspace_new: the boot pool). */
mt_cptr_t vspace_new_in(struct ctx *c, mt_cptr_t pool);
/* A new empty VSpace with an ASID from pool (0, reason set, on failure). */
mt_cptr_t vspace_assigned(struct ctx *c, mt_cptr_t pool);

/* Threads */
struct thread {
    mt_cptr_t tcb;
    mt_cptr_t vspace;
    mt_word_t ipcbuf;
    mt_word_t stack_top;
};
typedef void (*thread_fn)(mt_word_t arg);
int thread_new(struct ctx *c, struct thread *t, mt_cptr_t vspace, mt_cptr_t fault_ep,
               int prio, int stack_pages);
/* Starts fn(arg) on a configured thread; when fn returns the thread
 * suspends itself. */
int thread_start(struct ctx *c, struct thread *t, thread_fn fn, mt_word_t arg);
/* The registers thread_start writes (MT_REG_A0 + 3 of them). */
#define THREAD_NREGS (MT_REG_A0 + 3)
void thread_regs(struct thread *t, thread_fn fn, mt_word_t arg, mt_word_t *regs);
/* thread_new + thread_start in the root VSpace, 2 stack pages. */
int thread_spawn(struct ctx *c, struct thread *t, mt_cptr_t fault_ep, int prio,
                 thread_fn fn, mt_word_t arg);

/* Children that count forever in *(mt_word_t *)counter: yielding after
 * every step, or never. */
void child_count_yield(mt_word_t counter);
void child_count_spin(mt_word_t counter);

/* Receive one message on ep, checking label and length. */
int expect_msg(struct ctx *c, mt_cptr_t ep, mt_word_t label, mt_word_t length,
               mt_word_t *badge);
/* Receive a fault message of this kind on ep; its MRs into mr[]. */
int expect_fault(struct ctx *c, mt_cptr_t ep, mt_word_t label, mt_word_t *mr,
                 mt_word_t *badge);
/* Runs fn(arg) in a new high-priority thread (in vspace, 0: the root's)
 * and expects it to fault with label; the fault's MRs into mr[]. */
int fault_of(struct ctx *c, mt_cptr_t vspace, thread_fn fn, mt_word_t arg,
             mt_word_t label, mt_word_t *mr);
#define ASM_FN(sym) ((thread_fn)(void *)(sym))
/* Yield n times (lets threads of our priority run). */
void yield_n(int n);
static inline mt_word_t rdinstret(void)
{
    mt_word_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

/* Spin helpers written in assembly (asm_helpers.S). */
extern char asm_spin_marked[], asm_spin_loop[], asm_spin_end[], asm_send_park[];
extern char asm_illegal[], asm_ebreak[], asm_bad_syscall[], asm_bad_syscall_ecall[];
extern char asm_load_addr[], asm_store_addr[], asm_jump_addr[];

/* The registry */
typedef int (*test_fn)(struct ctx *c, mt_word_t arg);
struct test {
    const char *name;
    test_fn fn;
    mt_word_t arg;
};
struct test_group {
    const struct test *tests;
    int count;
};
#define GROUP(name) const struct test_group name = { name##_tests, \
    (int)(sizeof(name##_tests) / sizeof(name##_tests[0])) }

extern const struct test_group boot_group, untyped_group, cnode_group, tcb_group, ipc_group, ipc_caps_group,
    ntfn_group, sched_group, vspace_group, fault_group, irq_group, negative_group,
    regress_group, fpu_group, reply_group, asid_group, preempt_group, teardown_group,
    fastpath_group, inspect_group;

#endif
