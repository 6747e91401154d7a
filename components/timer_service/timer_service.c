/* SPDX-License-Identifier: BSD-2-Clause */
/* The control thread serves Timer calls and the RTC alarm IRQ at once: the
 * alarm's notification is bound to it, so one wait takes either.  A sleep
 * does not block the service: the caller's reply is saved (a deferred RPC
 * reply) and sent when the alarm for its deadline fires, so sleeps of
 * several clients overlap and a short one is not held up by a long one.
 * Neither the interface nor the IRQ needs a thread of its own (a stack, an
 * IPC buffer and a TCB each). */
#include <libmote/rpc.h>
#include "../interfaces/timer.h"
#include <libmote/dev/goldfish_rtc.h>

MT_RPC_SERVER(timer, TIMER_METHODS)

#define RTC MT_DATAPORT(rtc, volatile void)

/* One sleeper per free CNode slot (cnode_free_slots in the .camkes, or
 * the assembly's setting; the CNode's rounding up may add some). */
#define MAX_SLEEPERS (MT_SLOT_COUNT - MT_SLOT_FIRST_FREE)
#define SLEEPER_SLOT(i) (MT_SLOT_FIRST_FREE + (mt_cptr_t)(i))

static struct {
    unsigned long deadline;
    int waiting;
} sleepers[MAX_SLEEPERS];
static int bound;   /* the alarm ends a wait for calls: sleeps may wait */

/* rpc_signal clients' alarms (timer_alarm): a deadline per client, 0: none. */
#ifdef MT_SLOT_SIGNAL_timer
#define ALARMS MT_CLIENT_COUNT_timer
#else
#define ALARMS 0
#endif
static unsigned long alarms[ALARMS + 1];

unsigned long timer_time(void)
{
    return rtc_now(RTC);
}

/* Answers every sleeper whose deadline has passed with the time now. */
static void wake_expired(void)
{
    unsigned long now = rtc_now(RTC);
    for (int i = 0; i < MAX_SLEEPERS; i++) {
        if (!sleepers[i].waiting || sleepers[i].deadline > now)
            continue;
        sleepers[i].waiting = 0;
        /* MT_INVALID_CAPABILITY: the client went away meanwhile; fine */
        (void)mt_rpc_reply_deferred(SLEEPER_SLOT(i), 0, &now, sizeof now);
    }
    for (int c = 0; c < ALARMS; c++) {
        if (!alarms[c] || alarms[c] > now)
            continue;
        alarms[c] = 0;
#ifdef MT_SLOT_SIGNAL_timer
        mt_signal(MT_SLOT_SIGNAL_timer + (mt_cptr_t)c);
#endif
    }
}

/* The alarm for the earliest deadline at or before limit (0: none). */
static void arm(unsigned long limit)
{
    unsigned long t = limit, now = rtc_now(RTC);
    for (int i = 0; i < MAX_SLEEPERS; i++)
        if (sleepers[i].waiting && (!t || sleepers[i].deadline < t))
            t = sleepers[i].deadline;
    for (int c = 0; c < ALARMS; c++)
        if (alarms[c] && (!t || alarms[c] < t))
            t = alarms[c];
    if (t)
        rtc_alarm_in(RTC, t > now ? t - now : 0);
}

/* The alarm fired (or a spurious signal: the deadlines decide). */
static void alarm_fired(mt_word_t bits)
{
    (void)bits;
    rtc_write(RTC, RTC_CLEAR_INTERRUPT, 1);
    mt_irq_ack(alarm, alarm);
    wake_expired();
    arm(0);
}

/* No slot free: sleep right here, answering the others on the way. */
static unsigned long sleep_here(unsigned long deadline)
{
    while (rtc_now(RTC) < deadline) {
        arm(deadline);
        mt_event_wait(alarm);
        alarm_fired(0);
    }
    return rtc_now(RTC);
}

unsigned long timer_sleep(unsigned long ns)
{
    unsigned long now = rtc_now(RTC);
    if (!ns)
        return now;
    for (int i = 0; bound && i < MAX_SLEEPERS; i++) {
        if (sleepers[i].waiting || mt_rpc_defer(SLEEPER_SLOT(i)) != MT_OK)
            continue;
        sleepers[i].deadline = now + ns;
        sleepers[i].waiting = 1;
        arm(0);
        return 0;   /* not sent: wake_expired answers */
    }
    return sleep_here(now + ns);
}

/* Nothing to wait for here: the alarm fires while we serve others. */
long timer_alarm(unsigned long ns)
{
#ifdef MT_SLOT_SIGNAL_timer
    mt_word_t c = mt_rpc_client();
    if (c < ALARMS && bound) {
        alarms[c] = ns ? rtc_now(RTC) + ns : 0;
        arm(0);
        return 0;
    }
#else
    (void)ns;
#endif
    return -1;
}

int run(void)
{
    const struct mt_component *c = &mt_component;
    bound = mt_tcb_bind_notification(c->threads[mt_thread_index()].tcb_slot,
                                     MT_SLOT_alarm) == MT_OK;
    mt_rpc_serve_bound(&c->ifaces[MT_IFACE_timer], alarm_fired);
}

MT_COMPONENT(MT_PROVIDES(timer));
