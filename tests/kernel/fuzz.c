/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel fuzzer's root task: rounds of random invocations on a pool of
 * real objects while helper threads do random IPC (fuzz.h tells how), then
 * a check that the kernel still works.  The kernel's promise is that
 * nothing here can panic or hang it and that every invocation replies with
 * an enum mt_error; a panic ends QEMU with 255, a hang meets the suite's
 * timeout (the last round reported shows where), a bad reply label or a
 * broken kernel invariant (the kernel's checker runs between operations)
 * fails test 1.
 * Build with FUZZ_SEED=... (make) for another seed. */
#include "fuzz.h"

struct fuzz fz;

/* A device untyped of at least 64 KiB (the pool gets a child of it). */
static mt_cptr_t find_device_untyped(const struct mt_bootinfo *bi)
{
    for (mt_word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const struct mt_untyped_desc *d = &bi->untyped_list[i];
        if ((d->flags & MT_UT_DEVICE) && d->size_bits >= 16)
            return bi->untyped.start + i;
    }
    return 0;
}

static int setup(const struct mt_bootinfo *bi)
{
    struct ctx *c = &fz.c;
    ctx_init(c, bi);
    fz.rng = FUZZ_SEED;
    fz.big_ut = find_big_untyped(bi);
    fz.dev_ut = find_device_untyped(bi);
    CHECK(fz.big_ut && fz.dev_ut);
    fz.pool_lo = slot_alloc_n(c, POOL_SLOTS);
    CHECK(fz.pool_lo);
    fz.pool_hi = fz.pool_lo + POOL_SLOTS;
    /* The fuzzer's fault endpoint: each round mints its warden's there. */
    fz.warden_fault = slot_alloc(c);
    CHECK(fz.warden_fault);
    fz.slot_mark = c->slot_next;
    CHECK_OK(mt_tcb_set_space(MT_INIT_TCB, fz.warden_fault, ROOT, 0, VS));
    CHECK_OK(mt_tcb_set_priority(MT_INIT_TCB, MT_INIT_TCB, FUZZ_PRIO));
    return 0;
}

/* The fuzzer drops below every thread for a moment, so that helpers of
 * lower priority run too; it gets the CPU back once they all block, which
 * they do: each waits for its gate after one operation. */
static void let_everyone_run(void)
{
    (void)mt_tcb_set_priority(MT_INIT_TCB, MT_INIT_TCB, 1);
    mt_yield();
    (void)mt_tcb_set_priority(MT_INIT_TCB, MT_INIT_TCB, FUZZ_PRIO);
}

static int more(long done)
{
    return done < FUZZ_ITERS || fz.invocations < FUZZ_MIN_INVOCATIONS;
}

/* The kernel's invariant checker, after operation done when it is due. */
static int check_kernel(long done)
{
    if (FUZZ_CHECK_FIRST >= 0 && done >= FUZZ_CHECK_FIRST && done % FUZZ_CHECK_EVERY)
        return 0;
    mt_word_t seen[2];
    fz.checks++;
    if (mt_debug_check(seen) != 0) {
        struct ctx *c = &fz.c;
        return ktest_fail(c, __LINE__, "kernel invariant broken after operation %ld (the kernel says which)",
                          done);
    }
    if ((long)seen[0] > fz.check_caps_max)
        fz.check_caps_max = (long)seen[0];
    return 0;
}

static int fuzz_round(long *done)
{
    mt_printf("# round %ld: from operation %ld\n", fz.rounds + 1, *done);
    TRY(pool_build());
    fz.rounds++;
    for (int k = 0; k < FUZZ_ROUND_ITERS && more(*done); k++, (*done)++) {
#ifdef FUZZ_TRACE
        mt_printf("@%ld r%ld\n", *done, fz.rounds);
#endif
        fuzz_one();
        answer_faults();
        TRY(check_kernel(*done));
        if ((k & 3) == 0)
            helpers_signal();
        if ((k & 31) == 31)
            let_everyone_run();
        if ((k & 127) == 127)       /* helpers parked by a fault go back to work */
            TRY(helper_revive((k >> 7) % NHELPERS));
    }
    pool_teardown();
    return check_kernel(*done);   /* after the round's teardown too */
}

static int fuzz_all(void)
{
    long done = 0;
    while (more(done)) {
        int failed = fuzz_round(&done);
        fz.ops = done;
        if (failed) {
            mt_printf("# round %ld: %s\n", fz.rounds, fz.c.reason);
            return 1;
        }
        mt_printf("# round %ld done: %ld operations, %ld invocations, %ld faults answered, "
                  "%ld invariant checks\n", fz.rounds, done, fz.invocations, fz.faults_answered, fz.checks);
    }
    return fz.bad_labels != 0 || fz.st.puts_bad != 0;
}

/* After the fuzzing: one object of every type from a fresh untyped. */
static int final_retype(struct ctx *c)
{
    c->slot_next = fz.slot_mark;
    c->reason[0] = 0;
    c->ut = slot_alloc(c);
    CHECK_OK(mt_untyped_retype(fz.big_ut, MT_OBJ_UNTYPED, 24, ROOT, 0, 0, c->ut, 1));
    for (int type = MT_OBJ_UNTYPED; type < MT_OBJ_COUNT; type++) {
        int bits = type == MT_OBJ_UNTYPED ? 12 : type == MT_OBJ_CNODE ? 4 : 0;
        if (mt_object_size_bits((unsigned long)type, (unsigned long)bits) < 0)
            continue;   /* a number no object type has */
        if (type == MT_OBJ_ASID_POOL) {   /* a pool comes only from ASID control */
            mt_cptr_t s = slot_alloc(c);
            CHECK(s);
            CHECK_ERR(mt_untyped_retype(c->ut, type, 0, ROOT, 0, 0, s, 1), MT_INVALID_ARGUMENT);
            continue;
        }
        CHECK(obj_new(c, type, bits));
    }
    return 0;
}

static void echo(mt_word_t ep)
{
    mt_word_t badge;
    (void)mt_recv(ep, &badge);
    for (;;) {
        mt_set_mr(0, mt_get_mr(0) + 1);
        (void)mt_reply_recv(ep, mt_msginfo(0, 0, 0, 1), &badge);
    }
}

/* ... and IPC with a fresh thread, through the fastpath and around it. */
static int final_ping_pong(struct ctx *c)
{
    struct thread t;
    mt_cptr_t ep = obj_new(c, MT_OBJ_ENDPOINT, 0), fault_ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep && fault_ep);
    TRY(thread_spawn(c, &t, fault_ep, FUZZ_PRIO + 20, echo, ep));
    for (mt_word_t i = 0; i < 100; i++) {
        mt_set_mr(0, i);
        mt_word_t len = i % 2 ? 1 : 6;   /* > 4 MRs: the slow path */
        mt_word_t info = mt_call(ep, mt_msginfo(1, 0, 0, len));
        CHECK_EQ(mt_msginfo_label(info), 0);
        CHECK_EQ(mt_get_mr(0), i + 1);
    }
    return 0;
}

static long percent(long part, long whole) { return whole ? part * 100 / whole : 0; }

/* Per method: invocations, and how many of them succeeded; then what the
 * operations that are not one invocation did. */
static void print_coverage(void)
{
    const struct fz_stats *st = &fz.st;
    mt_printf("# label:tried/succeeded");
    for (int l = 0; l < MT_INVOCATION_COUNT; l++)
        mt_printf(" %d:%ld/%ld", l, fz.tried[l], fz.succeeded[l]);
    mt_printf("\n# succeeded: Retype %ld%%, Frame_Map %ld%%, PageTable_Map %ld%% "
              "(shaped: %ld/%ld, %ld/%ld, %ld/%ld)\n",
              percent(fz.succeeded[MT_UNTYPED_RETYPE], fz.tried[MT_UNTYPED_RETYPE]),
              percent(fz.succeeded[MT_FRAME_MAP], fz.tried[MT_FRAME_MAP]),
              percent(fz.succeeded[MT_PAGE_TABLE_MAP], fz.tried[MT_PAGE_TABLE_MAP]),
              st->shaped_retype[1], st->shaped_retype[0], st->shaped_map[1], st->shaped_map[0],
              st->shaped_ptmap[1], st->shaped_ptmap[0]);
    mt_printf("# fuzzer IPC: Call %ld Recv %ld NBRecv %ld ReplyRecv %ld Send %ld Reply %ld NBSend %ld; "
              "%ld returned, %ld timed out (warden), %ld cap faults skipped, %ld faults received, "
              "%ld caps received\n",
              st->blocking[MT_SYS_CALL], st->blocking[MT_SYS_RECV], st->blocking[MT_SYS_NBRECV],
              st->blocking[MT_SYS_REPLY_RECV], st->blocking[MT_SYS_SEND], st->blocking[MT_SYS_REPLY],
              st->blocking[MT_SYS_NBSEND], st->returned, st->timeouts, st->own_faults,
              st->faults_received, st->caps_received);
    mt_printf("# SaveCaller after a receive %ld (%ld saved a caller), replies through reply caps %ld\n",
              st->save_tries, st->saves, st->saved_replies);
    mt_printf("# PutS %ld (%ld bytes, %ld wrong counts); scratch maps %ld unmaps %ld; sleepers parked %ld, "
              "new %ld, made to destroy themselves %ld; kills %ld; helper faults skipped %ld, unknown syscalls %ld\n",
              st->puts, st->puts_bytes, st->puts_bad, st->scratch_maps, st->scratch_unmaps,
              st->sleeper_parks, st->sleepers_new, st->dooms, st->kills, st->skips, st->unknown_syscalls);
}

static void tap(int num, int failed, const char *what, struct ctx *c)
{
    mt_printf("%sok %d - fuzz: %s%s%s\n", failed ? "not " : "", num, what,
              failed && c->reason[0] ? ": " : "", failed ? c->reason : "");
}

int main(const struct mt_bootinfo *bi)
{
    char what[96];
    mt_printf("# mote kernel fuzzer: seed 0x%lx, %d operations and at least %ld invocations; "
              "invariant checks after the first %d operations each, then every %d\n1..3\n",
              (mt_word_t)FUZZ_SEED, FUZZ_ITERS, (long)FUZZ_MIN_INVOCATIONS, FUZZ_CHECK_FIRST,
              FUZZ_CHECK_EVERY);
    int failed = setup(bi);
    if (failed) {
        mt_printf("# setup: %s\n", fz.c.reason);
        return 1;
    }
    int f1 = fuzz_all();
    mt_printf("\n# %ld rounds, %ld invocations, %ld faults answered, %ld bad reply labels\n",
              fz.rounds, fz.invocations, fz.faults_answered, fz.bad_labels);
    mt_printf("# invariant checks: %ld (up to %ld caps each)\n", fz.checks, fz.check_caps_max);
    print_coverage();
    mt_snprintf(what, sizeof what, "%ld operations (%ld invocations), seed 0x%lx", fz.ops, fz.invocations,
                (mt_word_t)FUZZ_SEED);
    tap(1, f1, what, &fz.c);
    int f2 = final_retype(&fz.c);
    tap(2, f2, "Retype of every type from a fresh untyped", &fz.c);
    int f3 = f2 || final_ping_pong(&fz.c);
    tap(3, f3, "IPC ping-pong with a fresh thread", &fz.c);
    return f1 || f2 || f3;
}
