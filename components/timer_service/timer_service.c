/* The control thread serves Timer calls one at a time; sleep arms the RTC
 * alarm and waits for its IRQ right there, so neither the interface nor
 * the IRQ needs a thread (a stack, an IPC buffer and a TCB each). */
#include <libmote/rpc.h>
#include "../interfaces/timer.h"
#include <libmote/dev/goldfish_rtc.h>

MT_RPC_SERVER(timer, TIMER_METHODS)

#define RTC MT_DATAPORT(rtc, volatile void)

unsigned long timer_time(void)
{
    return rtc_now(RTC);
}

unsigned long timer_sleep(unsigned long ns)
{
    if (ns) {
        rtc_alarm_in(RTC, ns);
        mt_event_wait(alarm);
        rtc_write(RTC, RTC_CLEAR_INTERRUPT, 1);
        mt_irq_ack(alarm, alarm);
    }
    return rtc_now(RTC);
}

int run(void)
{
    mt_serve_iface(MT_IFACE_timer);
}

MT_COMPONENT(MT_PROVIDES(timer));
