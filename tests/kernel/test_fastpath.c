/* SPDX-License-Identifier: BSD-2-Clause */
/* The fastpath makes the slow path's scheduling choice.  A client Calls a
 * server and gets its reply while a third thread (the "mid" thread) has
 * just become ready; each thread notes when it runs.  Every scene runs
 * four times: the Call and the reply each in the fastpath's form (one MR)
 * or in a form only the slow path takes (five MRs), and all four must
 * give the order the scheduler's rule gives: the partner of a Call or
 * ReplyRecv runs next unless a ready thread has a higher priority. */
#include "ktest.h"
#include <stdbool.h>
#include <stdint.h>

#define FAR_BELOW 2   /* the test thread while a scene runs */

struct scene {
    mt_cptr_t ep, go_caller, go_mid, done_caller, done_mid;
    bool slow_call, slow_reply;
    bool mid_by_server;   /* else the caller makes the mid thread ready */
    bool has_mid;
};

static volatile char order[8];
static volatile int norder;

static void note(char ch)
{
    if (norder < (int)sizeof order - 1)
        order[norder++] = ch;
}

static mt_word_t msginfo(mt_word_t label, bool slow)
{
    return mt_msginfo(label, 0, 0, slow ? 5 : 1);   /* 5 MRs: never the fastpath */
}

static void fp_server(mt_word_t arg)
{
    const struct scene *s = (const struct scene *)arg;
    struct mt_regs6 r = { s->ep, 0, 0, 0, 0, 0 };
    mt_trap(MT_SYS_RECV, &r);
    for (;;) {
        note('s');
        if (s->has_mid && s->mid_by_server)
            mt_signal(s->go_mid);
        struct mt_regs6 q = { s->ep, msginfo(3, s->slow_reply), 33, 0, 0, 0 };
        mt_trap(MT_SYS_REPLY_RECV, &q);
    }
}

static void fp_caller(mt_word_t arg)
{
    const struct scene *s = (const struct scene *)arg;
    mt_wait(s->go_caller);
    if (s->has_mid && !s->mid_by_server)
        mt_signal(s->go_mid);
    struct mt_regs6 r = { s->ep, msginfo(2, s->slow_call), 22, 0, 0, 0 };
    mt_trap(MT_SYS_CALL, &r);
    if (mt_msginfo_label(r.a1) == 3 && r.a2 == 33)
        note('c');
    else
        note('?');
    mt_signal(s->done_caller);
}

static void fp_mid(mt_word_t arg)
{
    const struct scene *s = (const struct scene *)arg;
    mt_wait(s->go_mid);
    note('m');
    mt_signal(s->done_mid);
}

/* Each thread starts above us, runs to its first wait and then gets its
 * scene priority. */
static int start_at(struct ctx *c, thread_fn fn, struct scene *s, int prio)
{
    struct thread t;
    TRY(thread_spawn(c, &t, 0, HIGH_PRIO + 5, fn, (mt_word_t)s));
    CHECK_OK(mt_tcb_set_priority(t.tcb, c->self, (mt_word_t)prio));
    return 0;
}

/* The priorities of a scene (mid 0: no mid thread) and the order the
 * scheduler's rule gives: s the server got the Call, c the caller got the
 * reply, m the mid thread ran. */
static const struct {
    uint8_t srv, cl, mid;
    const char *want;
} scenes[] = {
    /* a server replies to a lower-priority client */
    { HIGH_PRIO, LOW_PRIO, 0, "sc" },
    { HIGH_PRIO, LOW_PRIO, TEST_PRIO, "smc" },   /* mid outranks the client */
    { HIGH_PRIO, LOW_PRIO, LOW_PRIO, "scm" },    /* the client is woken at the head */
    { HIGH_PRIO, LOW_PRIO, LOW_PRIO - 5, "scm" },
    /* a client Calls a lower-priority server */
    { LOW_PRIO, HIGH_PRIO, 0, "sc" },
    { LOW_PRIO, HIGH_PRIO, TEST_PRIO, "msc" },   /* mid outranks the server */
    { LOW_PRIO, HIGH_PRIO, LOW_PRIO, "scm" },
    { LOW_PRIO, HIGH_PRIO, LOW_PRIO - 5, "scm" },
};

static int run_scene(struct ctx *c, mt_word_t which, int variant)
{
    static struct scene s;
    int srv = scenes[which].srv, cl = scenes[which].cl, mid = scenes[which].mid;
    memset(&s, 0, sizeof s);
    s.ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t n = slot_alloc_n(c, 4);
    CHECK(s.ep && n);
    CHECK_OK(mt_untyped_retype(c->ut, MT_OBJ_NOTIFICATION, 0, ROOT, 0, 0, n, 4));
    s.go_caller = n, s.go_mid = n + 1, s.done_caller = n + 2, s.done_mid = n + 3;
    s.slow_call = variant & 1;
    s.slow_reply = variant & 2;
    s.has_mid = mid != 0;
    s.mid_by_server = srv > cl;   /* the thread running before the switch */
    norder = 0;
    TRY(start_at(c, fp_server, &s, srv));
    TRY(start_at(c, fp_caller, &s, cl));
    if (s.has_mid)
        TRY(start_at(c, fp_mid, &s, mid));
    CHECK_OK(mt_tcb_set_priority(c->self, c->self, FAR_BELOW));
    mt_signal(s.go_caller);   /* everything happens before we run again */
    mt_wait(s.done_caller);
    if (s.has_mid)
        mt_wait(s.done_mid);
    order[norder] = 0;
    const char *want = scenes[which].want;
    for (int i = 0; want[i] || order[i]; i++)
        if (want[i] != order[i])
            return ktest_fail(c, __LINE__, "variant %d (slow call %d, slow reply %d): order %s, want %s",
                              variant, s.slow_call, s.slow_reply, (const char *)order, want);
    return 0;
}

static int t_same_choice(struct ctx *c, mt_word_t arg)
{
    for (int variant = 0; variant < 4; variant++) {
        TRY(run_scene(c, arg, variant));
        /* back to the test's priority for the next scene's setup */
        CHECK_OK(mt_tcb_set_priority(c->self, c->self, TEST_PRIO));
    }
    return 0;
}

void fp_fill(mt_word_t seed);      /* fpu_helpers.S */
mt_word_t fp_check(mt_word_t seed);

static void owner_server(mt_word_t ep)
{
    mt_word_t badge;
    mt_recv(ep, &badge);
    fp_fill(0xf00d00);   /* the FPU is ours, FS on */
    mt_reply_recv(ep, mt_msginfo(0, 0, 0, 1), &badge);
}

static void call_then_fp(mt_word_t ep)
{
    mt_call(ep, mt_msginfo(0, 0, 0, 1));
    fp_check(0);   /* faults: this thread has no FPU */
}

/* The FPU owner's reply to a lower-priority caller, with nothing else
 * ready (the fastpath's new case), still takes the slow path, which turns
 * FS off: the caller may not use the owner's registers. */
static int t_owner_reply_to_lower(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct thread srv, cl;
    mt_word_t mr[4];
    mt_cptr_t fpu = obj_new(c, MT_OBJ_FPU, 0), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t fault_ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(fpu && ep && fault_ep);
    TRY(thread_new(c, &srv, 0, 0, HIGH_PRIO, 2));
    CHECK_OK(mt_tcb_bind_fpu(srv.tcb, fpu));
    TRY(thread_start(c, &srv, owner_server, ep));
    TRY(thread_new(c, &cl, 0, fault_ep, LOW_PRIO, 2));
    TRY(thread_start(c, &cl, call_then_fp, ep));
    /* we block here: the client runs, Calls, gets the reply and faults */
    TRY(expect_fault(c, fault_ep, MT_FAULT_USER_EXCEPTION, mr, 0));
    CHECK_EQ(mr[2], 2);   /* illegal instruction */
    return 0;
}

static const struct test fastpath_group_tests[] = {
    { "fastpath_reply_to_lower_nothing_ready", t_same_choice, 0 },
    { "fastpath_reply_to_lower_mid_runs_first", t_same_choice, 1 },
    { "fastpath_reply_to_lower_equal_waits", t_same_choice, 2 },
    { "fastpath_reply_to_lower_below_waits", t_same_choice, 3 },
    { "fastpath_call_to_lower_nothing_ready", t_same_choice, 4 },
    { "fastpath_call_to_lower_mid_runs_first", t_same_choice, 5 },
    { "fastpath_call_to_lower_equal_waits", t_same_choice, 6 },
    { "fastpath_call_to_lower_below_waits", t_same_choice, 7 },
    { "fastpath_fpu_owner_reply_to_lower_turns_fp_off", t_owner_reply_to_lower, 0 },
};

GROUP(fastpath_group);
