/* SPDX-License-Identifier: BSD-2-Clause */
/* Time for applications: timers and sleeps, kept per application and
 * answered from the control thread, which has no other thread to sleep
 * for it: the timer service's alarm (Timer.alarm over rpc_signal) signals
 * our notification at the earliest deadline, and that notification is
 * bound to the control thread (run()), so its wait for requests ends with
 * a tick; it then fires what is due, answers saved replies and sets the
 * alarm for the next deadline. */
#include "rt.h"

MT_RPC_CLIENT(timer, TIMER_METHODS)
MT_RPC_CLIENT(proc, PROC_METHODS)

static uint64_t alarm_due;   /* the deadline the alarm is set for; 0: none */

/* The longest alarm we ask for (146 years): the timer service adds it to
 * its clock, which must not wrap; a later deadline gets another alarm. */
#define ALARM_MAX (1ull << 62)

uint64_t now(void) { return timer_time(); }

/* t + ns, or "never" (the largest deadline) where that would wrap: an
 * application's ns is any word, and a wrapped deadline would fire at
 * once, or, as a period, keep fire() adding it for ever. */
static uint64_t later(uint64_t t, uint64_t ns)
{
    return ns > UINT64_MAX - t ? UINT64_MAX : t + ns;
}

/* The earliest deadline of all applications: the alarm is set for it
 * (only when it changed: an application's call costs no timer call then).
 * A deadline already passed gets an alarm at once, as a late tick. */
void clock_kick(void)
{
    uint64_t d = 0;
    for (int i = 0; i < MAX_APPS; i++) {
        struct app *a = &apps[i];
        if (!a->badge)
            continue;
        if (a->waiting == WAIT_SLEEP && (!d || a->sleep_due < d))
            d = a->sleep_due;
        for (int t = 0; t < MT_SDK_TIMERS; t++)
            if ((a->armed >> t & 1) && (!d || a->due[t] < d))
                d = a->due[t];
    }
    if (d == alarm_due)
        return;
    uint64_t t = d ? now() : 0, in = !d ? 0 : d > t ? d - t : 1;
    if (timer_alarm(in < ALARM_MAX ? in : ALARM_MAX) == 0)
        alarm_due = d;
}

mt_word_t do_timer(struct app *a, mt_word_t label)
{
    mt_word_t id = mt_get_mr(0), ns = mt_get_mr(1);   /* id, period: sdk_check */
    uint32_t bit = 1u << id;
    a->fired &= ~bit;
    a->armed &= ~bit;
    if (label != MT_SDK_TIMER_CANCEL) {
        a->armed |= bit;
        a->due[id] = later(now(), ns);
        a->period[id] = label == MT_SDK_TIMER_PERIODIC ? ns : 0;
        clock_kick();
    }
    return ok(0);
}

/* Marks every due timer of a fired.  A periodic one re-arms at its first
 * period boundary after t (periods missed meanwhile fire once), found by
 * division, not by adding the period until past t. */
static void fire(struct app *a, uint64_t t)
{
    for (int i = 0; i < MT_SDK_TIMERS; i++) {
        if (!(a->armed >> i & 1) || a->due[i] > t)
            continue;
        a->fired |= 1u << i;
        uint64_t p = a->period[i], late = t - a->due[i];
        if (p)
            a->due[i] = later(a->due[i] + (late - late % p), p);
        else
            a->armed &= ~(1u << i);
    }
}

mt_word_t do_wait(struct app *a, int index, mt_word_t label, int *deferred)
{
    fire(a, now());
    if (label == MT_SDK_TIMER_WAIT && !a->fired) {
        if (!a->armed)
            return err(MT_SDK_NO_TIMERS);
        if (mt_cnode_save_caller(MT_SLOT_CNODE, SLOT_REPLY(index), DEPTH) == MT_OK) {
            a->waiting = WAIT_TIMERS;
            *deferred = 1;
            return 0;
        }
        return err(MT_SDK_UNAVAILABLE);
    }
    mt_set_mr(0, a->fired);
    a->fired = 0;
    return ok(1);
}

mt_word_t do_sleep(struct app *a, int index, int *deferred)
{
    mt_word_t ns = mt_get_mr(0);
    if (!ns)
        return ok(0);
    if (mt_cnode_save_caller(MT_SLOT_CNODE, SLOT_REPLY(index), DEPTH) != MT_OK)
        return err(MT_SDK_UNAVAILABLE);
    a->sleep_due = later(now(), ns);
    a->waiting = WAIT_SLEEP;
    *deferred = 1;
    clock_kick();
    return 0;
}

/* An application that went away (stopped by the console) is forgotten:
 * its saved reply is gone with its thread, its timers with it. */
static void answer(struct app *a, int i, mt_word_t info)
{
    a->waiting = WAIT_NONE;
    if (mt_reply_to(SLOT_REPLY(i), info) != MT_OK)
        a->badge = 0;
}

/* The alarm went off (or an old one did: the deadlines decide): fire,
 * answer, set the next one. */
void on_tick(void)
{
    uint64_t t = now();
    alarm_due = 0;
    for (int i = 0; i < MAX_APPS; i++) {
        struct app *a = &apps[i];
        if (!a->badge)
            continue;
        uint32_t before = a->fired;
        fire(a, t);
        if (a->waiting == WAIT_SLEEP && a->sleep_due <= t) {
            answer(a, i, ok(0));
        } else if (a->waiting == WAIT_TIMERS && a->fired) {
            mt_set_mr(0, a->fired);
            a->fired = 0;
            answer(a, i, ok(1));
        } else if (a->fired != before && !a->waiting && proc_app_info(a->badge).err) {
            a->badge = 0;   /* timers of an application that is gone */
        }
    }
    clock_kick();
}
